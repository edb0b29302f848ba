import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT } from '@/lib/konnector-bodies';
import { sampleDraft } from './fixtures';
import { builderReducer, canRedo, canUndo, HISTORY_LIMIT, initialState, type BuilderAction, type BuilderState } from './history';
import { findStep, forEachStep, locate, ROOT, usedIds } from './tree';

const run = (state: BuilderState, ...actions: BuilderAction[]) => actions.reduce(builderReducer, state);

describe('builderReducer: edits, undo and redo', () => {
  it('undoes and redoes edits in order and drops the redo list on a new edit', () => {
    const s0 = initialState(sampleDraft());
    const s1 = run(s0, { type: 'insert', at: { list: ROOT, index: 0 }, stepType: 'filter' });
    const s2 = run(s1, { type: 'delete', stepId: 'send' });
    expect(s2.draft.steps.map((s) => s.id)).toEqual(['filter_1', 'route', 'loop', 'done']);
    const u1 = run(s2, { type: 'undo' });
    expect(u1.draft).toBe(s1.draft);
    const u2 = run(u1, { type: 'undo' });
    expect(u2.draft).toBe(s0.draft);
    expect(canUndo(u2)).toBe(false);
    expect(run(u2, { type: 'undo' })).toBe(u2);
    const r1 = run(u2, { type: 'redo' });
    expect(r1.draft).toBe(s1.draft);
    expect(canRedo(r1)).toBe(true);
    const branched = run(r1, { type: 'move', stepId: 'done', by: -1 });
    expect(canRedo(branched)).toBe(false);
    expect(run(branched, { type: 'redo' })).toBe(branched);
  });

  it('keeps at most HISTORY_LIMIT undo steps', () => {
    let state = initialState(EMPTY_DRAFT);
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) state = run(state, { type: 'insert', at: { list: ROOT, index: 0 }, stepType: 'code' });
    expect(state.past).toHaveLength(HISTORY_LIMIT);
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) state = run(state, { type: 'undo' });
    expect(state.draft.steps).toHaveLength(20);
  });

  it('does not record edits that change nothing', () => {
    const s0 = initialState(sampleDraft());
    expect(run(s0, { type: 'move', stepId: 'send', by: -1 })).toBe(s0);
    expect(run(s0, { type: 'delete', stepId: 'nope' }).past).toHaveLength(0);
  });

  it('merges quick edits of the same step into one undo step, but not edits of different steps or slow ones', () => {
    const s0 = initialState(sampleDraft());
    const code = (source: string) => ({ type: 'code' as const, id: 'code_1', source });
    let s = run(s0, { type: 'insert', at: { list: ROOT, index: 0 }, stepType: 'code' });
    s = run(s, { type: 'updateStep', step: code('a'), at: 1000 }, { type: 'updateStep', step: code('ab'), at: 1500 }, { type: 'updateStep', step: code('abc'), at: 2200 });
    expect(s.past).toHaveLength(2);
    s = run(s, { type: 'updateStep', step: code('abcd'), at: 5000 });
    expect(s.past).toHaveLength(3);
    s = run(s, { type: 'updateTrigger', trigger: { ...s.draft.trigger, connector: 'x' }, at: 5100 });
    expect(s.past).toHaveLength(4);
    expect(findStep(run(s, { type: 'undo' }, { type: 'undo' }).draft.steps, 'code_1')).toMatchObject({ source: 'abc' });
    expect(findStep(run(s, { type: 'undo' }, { type: 'undo' }, { type: 'undo' }).draft.steps, 'code_1')).toMatchObject({ source: '' });
  });
});

describe('builderReducer: dirty flag and selection', () => {
  it('is dirty only while the draft differs from the saved one (key order ignored)', () => {
    const s0 = initialState(sampleDraft());
    expect(s0.dirty).toBe(false);
    const s1 = run(s0, { type: 'insert', at: { list: ROOT, index: 0 }, stepType: 'code' });
    expect(s1.dirty).toBe(true);
    expect(run(s1, { type: 'undo' }).dirty).toBe(false);
    const saved = run(s1, { type: 'saved', draft: JSON.parse(JSON.stringify(s1.draft)) as typeof s1.draft });
    expect(saved.dirty).toBe(false);
    expect(run(saved, { type: 'undo' }).dirty).toBe(true);
    const reordered = { steps: s1.draft.steps, trigger: { input: {}, event: 'catch_hook', connector: 'catch_hook', id: 'trigger' as const } };
    expect(run(s1, { type: 'saved', draft: reordered }).dirty).toBe(false);
  });

  it('a new konnector starts clean and becomes dirty once edited', () => {
    const s0 = initialState(EMPTY_DRAFT);
    expect(s0.dirty).toBe(false);
    expect(run(s0, { type: 'insert', at: { list: ROOT, index: 0 }, stepType: 'action' }).dirty).toBe(true);
  });

  it('selects inserted and duplicated steps and forgets steps that are gone', () => {
    const s0 = initialState(sampleDraft());
    const s1 = run(s0, { type: 'insert', at: { list: { kind: 'body', stepId: 'loop' }, index: 0 }, stepType: 'action' });
    expect(s1.selected).toBe('action_1');
    expect(run(s1, { type: 'duplicate', stepId: 'loop' }).selected).toBe('repeater_1');
    expect(run(s1, { type: 'delete', stepId: 'loop' }).selected).toBeNull();
    expect(run(s1, { type: 'undo' }).selected).toBeNull();
    const picked = run(s0, { type: 'select', id: 'inBig' });
    expect(run(picked, { type: 'removeBranch', stepId: 'route', branchId: 'big' }).selected).toBeNull();
    expect(run(picked, { type: 'delete', stepId: 'done' }).selected).toBe('inBig');
    expect(run(run(s0, { type: 'select', id: 'trigger' }), { type: 'delete', stepId: 'send' }).selected).toBe('trigger');
  });

  it('load replaces the draft, clears history and counts as saved', () => {
    const s1 = run(initialState(sampleDraft()), { type: 'insert', at: { list: ROOT, index: 0 }, stepType: 'code' });
    const loaded = run(s1, { type: 'load', draft: EMPTY_DRAFT });
    expect(loaded).toMatchObject({ draft: EMPTY_DRAFT, past: [], future: [], dirty: false });
  });
});

const actionArb = (ids: string[]): fc.Arbitrary<BuilderAction> => {
  const id = fc.constantFrom(...ids, 'missing');
  return fc.oneof(
    fc.record({ type: fc.constant('insert' as const), stepType: fc.constantFrom('filter', 'path', 'code', 'repeater', 'action'), at: fc.record({ list: fc.constant(ROOT), index: fc.nat(6) }) }),
    fc.record({ type: fc.constant('delete' as const), stepId: id }),
    fc.record({ type: fc.constant('duplicate' as const), stepId: id }),
    fc.record({ type: fc.constant('move' as const), stepId: id, by: fc.constantFrom(-1 as const, 1 as const) }),
    fc.record({ type: fc.constant('addBranch' as const), stepId: id }),
  );
};

describe('builderReducer: properties', () => {
  it('any sequence of edits keeps ids unique, and undoing all of them restores the start', () => {
    const ids = ['send', 'route', 'loop', 'done', 'inBig', 'each', 'check', 'fallback', 'path_1', 'repeater_1', 'action_1'];
    fc.assert(
      fc.property(fc.array(actionArb(ids), { maxLength: 25 }), (actions) => {
        const start = initialState(sampleDraft());
        const end = run(start, ...actions);
        const all: string[] = [];
        forEachStep(end.draft.steps, (s) => {
          all.push(s.id);
          if (s.type === 'path') all.push(...s.branches.map((b) => b.id));
        });
        expect(new Set(all).size).toBe(all.length);
        expect(usedIds(end.draft).size).toBe(all.length + 1);
        for (const s of all) if (!s.startsWith('branch') && !['big', 'small'].includes(s)) expect(locate(end.draft, s)).not.toBeNull();
        const back = run(end, ...end.past.map(() => ({ type: 'undo' as const })));
        expect(back.draft).toEqual(start.draft);
        expect(back.dirty).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
