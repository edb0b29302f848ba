import { describe, expect, it } from 'vitest';
import { sampleDraft } from './fixtures';
import { childLists, findStep, getList, listKey, locate, ROOT, updateList, usedIds } from './tree';

const ids = (steps: { id: string }[] | null) => steps?.map((s) => s.id) ?? null;

describe('getList', () => {
  const draft = sampleDraft();
  it('finds the root list, branch lists, the otherwise list and a repeater body', () => {
    expect(ids(getList(draft, ROOT))).toEqual(['send', 'route', 'loop', 'done']);
    expect(ids(getList(draft, { kind: 'branch', stepId: 'route', branchId: 'big' }))).toEqual(['inBig']);
    expect(ids(getList(draft, { kind: 'branch', stepId: 'route', branchId: 'small' }))).toEqual([]);
    expect(ids(getList(draft, { kind: 'otherwise', stepId: 'route' }))).toEqual(['fallback']);
    expect(ids(getList(draft, { kind: 'body', stepId: 'loop' }))).toEqual(['each', 'check']);
  });

  it('is null for lists that do not exist', () => {
    expect(getList(draft, { kind: 'branch', stepId: 'route', branchId: 'nope' })).toBeNull();
    expect(getList(draft, { kind: 'branch', stepId: 'loop', branchId: 'big' })).toBeNull();
    expect(getList(draft, { kind: 'body', stepId: 'route' })).toBeNull();
    expect(getList(draft, { kind: 'otherwise', stepId: 'missing' })).toBeNull();
  });
});

describe('locate and findStep', () => {
  const draft = sampleDraft();
  it('gives each step its list and index, at any depth', () => {
    expect(locate(draft, 'send')).toEqual({ list: ROOT, index: 0 });
    expect(locate(draft, 'done')).toEqual({ list: ROOT, index: 3 });
    expect(locate(draft, 'inBig')).toEqual({ list: { kind: 'branch', stepId: 'route', branchId: 'big' }, index: 0 });
    expect(locate(draft, 'fallback')).toEqual({ list: { kind: 'otherwise', stepId: 'route' }, index: 0 });
    expect(locate(draft, 'check')).toEqual({ list: { kind: 'body', stepId: 'loop' }, index: 1 });
    expect(locate(draft, 'nope')).toBeNull();
    expect(findStep(draft.steps, 'check')?.type).toBe('filter');
    expect(findStep(draft.steps, 'big')).toBeNull();
  });

  it('lists child lists in display order and collects every id in use', () => {
    const route = findStep(draft.steps, 'route');
    expect(route && childLists(route).map((l) => listKey(l.ref))).toEqual(['route:branch:big', 'route:branch:small', 'route:otherwise']);
    expect([...usedIds(draft)].sort()).toEqual(['big', 'check', 'done', 'each', 'fallback', 'inBig', 'loop', 'route', 'send', 'small', 'trigger']);
  });
});

describe('updateList', () => {
  it('changes only the objects on the way to the list', () => {
    const draft = sampleDraft();
    const next = updateList(draft, { kind: 'body', stepId: 'loop' }, (steps) => steps.slice(1));
    expect(ids(getList(next, { kind: 'body', stepId: 'loop' }))).toEqual(['check']);
    expect(next.steps[0]).toBe(draft.steps[0]);
    expect(next.steps[1]).toBe(draft.steps[1]);
    expect(next.steps[2]).not.toBe(draft.steps[2]);
    expect(next.trigger).toBe(draft.trigger);
    expect(ids(getList(draft, { kind: 'body', stepId: 'loop' }))).toEqual(['each', 'check']);
  });

  it('returns the same draft when the list is unknown or unchanged', () => {
    const draft = sampleDraft();
    expect(updateList(draft, { kind: 'branch', stepId: 'route', branchId: 'x' }, () => [])).toBe(draft);
    expect(updateList(draft, { kind: 'otherwise', stepId: 'route' }, (s) => s)).toBe(draft);
  });
});
