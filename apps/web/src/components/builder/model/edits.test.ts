import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT } from '@/lib/konnector-bodies';
import {
  addBranch,
  addOtherwise,
  deleteStep,
  duplicateStep,
  insertStep,
  moveStep,
  removeBranch,
  removeOtherwise,
  renameBranch,
  updateStep,
  updateTrigger,
} from './edits';
import { sampleDraft } from './fixtures';
import { findStep, getList, ROOT, usedIds } from './tree';

const rootIds = (d: { steps: { id: string }[] }) => d.steps.map((s) => s.id);

describe('insertStep', () => {
  it('inserts each type with the empty values the API accepts and readable ids', () => {
    let draft = EMPTY_DRAFT;
    for (const type of ['filter', 'path', 'code', 'repeater', 'action'] as const) draft = insertStep(draft, { list: ROOT, index: draft.steps.length }, type).draft;
    expect(draft.steps).toEqual([
      { type: 'filter', id: 'filter_1', conditions: { all: [] } },
      {
        type: 'path',
        id: 'path_1',
        branches: [
          { id: 'branch_1', name: 'Branch 1', conditions: { all: [] }, steps: [] },
          { id: 'branch_2', name: 'Branch 2', conditions: { all: [] }, steps: [] },
        ],
      },
      { type: 'code', id: 'code_1', source: '' },
      { type: 'repeater', id: 'repeater_1', items: '', steps: [], maxIterations: 100 },
      { type: 'action', id: 'action_1', connector: '', action: '', input: {}, onError: 'stop' },
    ]);
  });

  it('inserts at the start, middle and end of root, branch, otherwise and repeater lists', () => {
    const base = sampleDraft();
    const first = insertStep(base, { list: ROOT, index: 0 }, 'action');
    expect(first.id).toBe('action_1');
    expect(rootIds(first.draft)).toEqual(['action_1', 'send', 'route', 'loop', 'done']);
    const mid = insertStep(base, { list: ROOT, index: 2 }, 'filter');
    expect(rootIds(mid.draft)).toEqual(['send', 'route', 'filter_1', 'loop', 'done']);
    const branch = { kind: 'branch', stepId: 'route', branchId: 'small' } as const;
    expect(getList(insertStep(base, { list: branch, index: 0 }, 'code').draft, branch)?.map((s) => s.id)).toEqual(['code_1']);
    const otherwise = { kind: 'otherwise', stepId: 'route' } as const;
    expect(getList(insertStep(base, { list: otherwise, index: 1 }, 'code').draft, otherwise)?.map((s) => s.id)).toEqual(['fallback', 'code_1']);
    const body = { kind: 'body', stepId: 'loop' } as const;
    expect(getList(insertStep(base, { list: body, index: 1 }, 'action').draft, body)?.map((s) => s.id)).toEqual(['each', 'action_1', 'check']);
  });

  it('numbers after the highest id in use and never collides with branch ids', () => {
    let draft = insertStep(EMPTY_DRAFT, { list: ROOT, index: 0 }, 'action').draft;
    draft = insertStep(draft, { list: ROOT, index: 1 }, 'action').draft;
    draft = deleteStep(draft, 'action_1');
    expect(insertStep(draft, { list: ROOT, index: 1 }, 'action').id).toBe('action_3');
    const withPath = insertStep(draft, { list: ROOT, index: 0 }, 'path').draft;
    const again = insertStep(withPath, { list: ROOT, index: 0 }, 'path').draft;
    const all = [...usedIds(again)];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(['branch_1', 'branch_2', 'branch_3', 'branch_4']));
  });

  it('refuses positions that do not exist', () => {
    const base = sampleDraft();
    expect(insertStep(base, { list: ROOT, index: 9 }, 'code')).toEqual({ draft: base, id: null });
    expect(insertStep(base, { list: ROOT, index: -1 }, 'code').id).toBeNull();
    expect(insertStep(base, { list: { kind: 'body', stepId: 'nope' }, index: 0 }, 'code').draft).toBe(base);
  });
});

describe('deleteStep and moveStep', () => {
  it('deletes a step with its whole subtree, anywhere', () => {
    const base = sampleDraft();
    const next = deleteStep(base, 'route');
    expect(rootIds(next)).toEqual(['send', 'loop', 'done']);
    expect(findStep(next.steps, 'inBig')).toBeNull();
    expect(getList(deleteStep(base, 'each'), { kind: 'body', stepId: 'loop' })?.map((s) => s.id)).toEqual(['check']);
    expect(deleteStep(base, 'nope')).toBe(base);
  });

  it('moves within its own list and stops at the ends', () => {
    const base = sampleDraft();
    expect(rootIds(moveStep(base, 'loop', -1))).toEqual(['send', 'loop', 'route', 'done']);
    expect(rootIds(moveStep(base, 'send', 1))).toEqual(['route', 'send', 'loop', 'done']);
    expect(moveStep(base, 'send', -1)).toBe(base);
    expect(moveStep(base, 'done', 1)).toBe(base);
    const body = getList(moveStep(base, 'check', -1), { kind: 'body', stepId: 'loop' });
    expect(body?.map((s) => s.id)).toEqual(['check', 'each']);
  });
});

describe('duplicateStep', () => {
  it('copies deeply with fresh ids right after the original', () => {
    const base = sampleDraft();
    const { draft, id } = duplicateStep(base, 'route');
    expect(id).toBe('path_1');
    expect(rootIds(draft)).toEqual(['send', 'route', 'path_1', 'loop', 'done']);
    const copy = findStep(draft.steps, 'path_1');
    if (copy?.type !== 'path') throw new Error('expected a path');
    expect(copy.branches.map((b) => [b.id, b.name])).toEqual([
      ['branch_1', 'Big'],
      ['branch_2', 'Small'],
    ]);
    expect(copy.branches[0]?.steps.map((s) => s.id)).toEqual(['action_1']);
    expect(copy.otherwise?.map((s) => s.id)).toEqual(['action_2']);
    const all = [...usedIds(draft)];
    expect(new Set(all).size).toBe(all.length);
    // The original is untouched.
    expect(findStep(draft.steps, 'route')).toBe(base.steps[1]);
  });

  it('rewrites references that point into the copy and keeps those pointing outside', () => {
    const { draft, id } = duplicateStep(sampleDraft(), 'loop');
    const copy = id ? findStep(draft.steps, id) : null;
    if (copy?.type !== 'repeater') throw new Error('expected a repeater');
    expect(copy.items).toBe('{{trigger.lines}}');
    const [each, check] = copy.steps;
    expect(each).toMatchObject({ id: 'action_1', input: { value: '{{loop.item.sku}}' } });
    expect(check).toMatchObject({ id: 'filter_1', conditions: { all: [{ left: '{{steps.action_1.result}}', op: 'is_not_empty' }] } });
    const inBig = duplicateStep(sampleDraft(), 'inBig');
    expect(inBig.id && findStep(inBig.draft.steps, inBig.id)).toMatchObject({ input: { value: '{{steps.send.result}}' } });
  });

  it('marks a named copy and ignores unknown ids', () => {
    const base = sampleDraft();
    const named = updateStep(base, { type: 'code', id: 'c', source: '' });
    expect(named).toBe(base);
    const withName = insertStep(base, { list: ROOT, index: 0 }, 'code').draft;
    const code = findStep(withName.steps, 'code_1');
    if (!code) throw new Error('missing');
    const renamed = updateStep(withName, { ...code, name: 'Tidy up' });
    const dup = duplicateStep(renamed, 'code_1');
    expect(dup.id && findStep(dup.draft.steps, dup.id)?.name).toBe('Tidy up (copy)');
    expect(duplicateStep(base, 'nope')).toEqual({ draft: base, id: null });
  });
});

describe('updateStep and updateTrigger', () => {
  it('replaces a step in place and keeps the trigger id', () => {
    const base = sampleDraft();
    const next = updateStep(base, { type: 'filter', id: 'check', conditions: { any: [] } });
    expect(findStep(next.steps, 'check')).toEqual({ type: 'filter', id: 'check', conditions: { any: [] } });
    expect(next.steps[0]).toBe(base.steps[0]);
    const trig = updateTrigger(base, { ...base.trigger, connector: 'custify', event: 'person_created' });
    expect(trig.trigger).toMatchObject({ id: 'trigger', connector: 'custify', event: 'person_created' });
    expect(updateTrigger(base, base.trigger)).toBe(base);
  });
});

describe('path branches', () => {
  const route = (d: ReturnType<typeof sampleDraft>) => {
    const s = findStep(d.steps, 'route');
    if (s?.type !== 'path') throw new Error('expected a path');
    return s;
  };

  it('adds, renames and removes branches', () => {
    const base = sampleDraft();
    const added = addBranch(base, 'route');
    expect(route(added).branches.map((b) => [b.id, b.name])).toEqual([
      ['big', 'Big'],
      ['small', 'Small'],
      ['branch_1', 'Branch 3'],
    ]);
    const renamed = renameBranch(added, 'route', 'branch_1', 'Medium');
    expect(route(renamed).branches[2]?.name).toBe('Medium');
    expect(renameBranch(renamed, 'route', 'branch_1', 'Medium')).toBe(renamed);
    const removed = removeBranch(renamed, 'route', 'big');
    expect(route(removed).branches.map((b) => b.id)).toEqual(['small', 'branch_1']);
    expect(findStep(removed.steps, 'inBig')).toBeNull();
    expect(removeBranch(base, 'route', 'nope')).toBe(base);
    expect(addBranch(base, 'loop')).toBe(base);
  });

  it('adds and removes the otherwise list', () => {
    const base = sampleDraft();
    const without = removeOtherwise(base, 'route');
    expect('otherwise' in route(without)).toBe(false);
    expect(findStep(without.steps, 'fallback')).toBeNull();
    expect(removeOtherwise(without, 'route')).toBe(without);
    expect(route(addOtherwise(without, 'route')).otherwise).toEqual([]);
    expect(addOtherwise(base, 'route')).toBe(base);
  });
});
