import type { ActionStep, Step } from '@konnect/schemas';
import { describe, expect, it } from 'vitest';
import type { KonnectorDraft } from '@/lib/konnector-bodies';
import { toFlow, type CardNode, type FlowEdge, type HeaderNode } from './flow';
import { layoutShape, shapeOf, type LayoutNode } from './layout';
import { deleteStep, duplicateStep, insertStep, withOnError } from './model/edits';
import { action } from './model/fixtures';
import { builderReducer, initialState } from './model/history';
import { findStep, getList, locate, usedIds } from './model/tree';
import { stepInfo } from './node-info';

const ERROR = { kind: 'error', stepId: 'create' } as const;

/** trigger → create (error branch: [notify, stop]) → after */
function draft(): KonnectorDraft {
  const create: ActionStep = {
    ...(action('create', { value: '{{trigger.name}}' }) as ActionStep),
    onError: 'branch',
    errorSteps: [action('notify', { value: '{{error.message}}' }), { type: 'fail', id: 'stop', message: 'Gave up: {{error.message}}' }],
  };
  return { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [create, action('after')] };
}

const errorStepsOf = (d: KonnectorDraft, id = 'create') => {
  const step = findStep(d.steps, id);
  return step?.type === 'action' ? step.errorSteps : undefined;
};

describe('error branch in the canvas model', () => {
  it('addresses the error branch as a list of its action', () => {
    const d = draft();
    expect(getList(d, ERROR)?.map((s) => s.id)).toEqual(['notify', 'stop']);
    expect(locate(d, 'stop')).toEqual({ list: ERROR, index: 1 });
    expect(usedIds(d).has('notify')).toBe(true);
    const inserted = insertStep(d, { list: ERROR, index: 1 }, 'fail');
    expect(inserted.id).toBe('fail_1');
    expect(errorStepsOf(inserted.draft)?.map((s) => s.id)).toEqual(['notify', 'fail_1', 'stop']);
    expect(errorStepsOf(deleteStep(d, 'notify'))?.map((s) => s.id)).toEqual(['stop']);
  });

  it('"Run error branch" opens an empty branch; another choice removes it, and Undo brings it back', () => {
    const plain = action('a') as ActionStep;
    expect(withOnError(plain, 'branch')).toEqual({ ...plain, onError: 'branch', errorSteps: [] });
    const d = draft();
    let state = initialState(d);
    state = builderReducer(state, { type: 'setOnError', stepId: 'create', onError: 'continue' });
    expect(findStep(state.draft.steps, 'create')).toMatchObject({ onError: 'continue' });
    expect(errorStepsOf(state.draft)).toBeUndefined();
    state = builderReducer(state, { type: 'undo' });
    expect(errorStepsOf(state.draft)?.map((s) => s.id)).toEqual(['notify', 'stop']);
  });

  it('duplicating an action copies its error branch with fresh ids', () => {
    const { draft: next, id } = duplicateStep(draft(), 'create');
    expect(id).toBe('action_1');
    const copy = errorStepsOf(next, 'action_1') ?? [];
    expect(copy.map((s) => s.type)).toEqual(['action', 'fail']);
    expect(copy.map((s) => s.id).some((x) => ['notify', 'stop'].includes(x))).toBe(false);
  });

  it('lays the error branch beside the main path, not rejoining the main path, with red edges', () => {
    const layout = layoutShape(shapeOf(draft().steps));
    const n = new Map(layout.nodes.map((x) => [x.id, x]));
    const cx = (node: LayoutNode | undefined) => (node ? node.x + node.width / 2 : NaN);
    const cy = (node: LayoutNode | undefined) => (node ? node.y + node.height / 2 : NaN);
    expect(n.has('join:create')).toBe(false);
    expect(layout.edges.find((e) => e.source === 'step:create' && e.target === 'step:after')?.insert?.after).toEqual({ kind: 'step', stepId: 'create' });
    expect(layout.edges.find((e) => e.source === 'step:create' && e.target === 'head:create:error')).toMatchObject({ tone: 'error' });
    const red = layout.edges.filter((e) => e.tone === 'error').map((e) => e.id);
    expect(red).toEqual(['step:create->head:create:error', 'head:create:error->step:notify', 'step:notify->step:stop', 'step:stop->end:create:error']);
    expect(layout.edges.filter((e) => e.target === 'step:after' || e.target === 'end:root').every((e) => e.tone === undefined)).toBe(true);
    // Below the action, the main path goes on to the left and the red branch opens to its right.
    expect(cx(n.get('head:create:error'))).toBeGreaterThan(cx(n.get('step:after')));
    expect(cy(n.get('head:create:error'))).toBeGreaterThan(cy(n.get('step:create')));
    expect(cy(n.get('step:after'))).toBeGreaterThan(cy(n.get('step:create')));
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a !== b) expect(a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height).toBe(false);
      }
    }
  });

  it('labels the branch "On error", its "+" buttons, and the cards', () => {
    const d = draft();
    const { nodes, edges } = toFlow(layoutShape(shapeOf(d.steps)), { draft: d, catalogue: [], problems: [], testRun: null, sampleCount: null, selected: null });
    const header = nodes.find((x): x is HeaderNode => x.type === 'header');
    expect(header?.data).toMatchObject({ label: 'On error', list: ERROR });
    const labels = (list: FlowEdge[]) => list.flatMap((e) => (e.type === 'insert' && e.data ? [[e.data.label, e.data.tone ?? null]] : []));
    expect(labels(edges)).toContainEqual(['Add step at the start of the error branch of Text', 'error']);
    const end = nodes.find((x) => x.type === 'end' && x.id === 'end:create:error');
    expect(end?.data).toMatchObject({ label: expect.stringMatching(/^Add step after /) });
    const create = nodes.find((x): x is CardNode => x.type === 'card' && x.data.stepId === 'create');
    expect(create?.data.hasErrorBranch).toBe(true);
    const stop = nodes.find((x): x is CardNode => x.type === 'card' && x.data.stepId === 'stop');
    expect(stop?.data).toMatchObject({ kind: 'fail', title: 'Fail run', summary: 'Fails: Gave up: Message' });
  });

  it('an empty Fail run reads "No message yet"', () => {
    const step: Step = { type: 'fail', id: 'f', message: '' };
    expect(stepInfo(step, [], [])).toMatchObject({ title: 'Fail run', summary: 'No message yet', status: 'ok' });
  });
});
