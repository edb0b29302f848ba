import { describe, expect, it } from 'vitest';
import type { TestRunDto } from '@/lib/api-types';
import { toFlow, type CardNode, type EndNode, type FlowEdge, type FlowInput } from './flow';
import { layoutShape, shapeOf } from './layout';
import { sampleDraft } from './model/fixtures';

function flowOf(input: Partial<FlowInput> = {}) {
  const draft = input.draft ?? sampleDraft();
  return toFlow(layoutShape(shapeOf(draft.steps)), { draft, catalogue: [], problems: [], testRun: null, sampleCount: null, selected: null, ...input });
}

const card = (nodes: ReturnType<typeof flowOf>['nodes'], stepId: string) => nodes.find((n): n is CardNode => n.type === 'card' && n.data.stepId === stepId);
const insertLabels = (edges: FlowEdge[]) => edges.flatMap((e) => (e.type === 'insert' && e.data ? [e.data.label] : []));

describe('toFlow', () => {
  it('numbers cards in reading order and says where each may move', () => {
    const { nodes } = flowOf();
    expect(nodes.filter((n) => n.type === 'card').map((n) => [n.data.stepId, (n as CardNode).data.number])).toEqual([
      ['trigger', 1],
      ['send', 2],
      ['route', 3],
      ['inBig', 4],
      ['fallback', 5],
      ['loop', 6],
      ['each', 7],
      ['check', 8],
      ['done', 9],
    ]);
    expect(card(nodes, 'send')?.data).toMatchObject({ canMoveUp: false, canMoveDown: true });
    expect(card(nodes, 'done')?.data).toMatchObject({ canMoveUp: true, canMoveDown: false });
    expect(card(nodes, 'inBig')?.data).toMatchObject({ canMoveUp: false, canMoveDown: false });
    expect(card(nodes, 'route')?.data).toMatchObject({ branches: 2, hasOtherwise: true });
  });

  it('names every insertion point after what it follows', () => {
    const { nodes, edges } = flowOf();
    expect(insertLabels(edges)).toEqual([
      'Add step after Catch Hook',
      'Add step after Text',
      'Add step at the start of Big',
      'Add step at the start of Otherwise',
      'Add step after Path',
      'Add step at the start of For each item',
      'Add step after Text',
      'Add step after Repeater',
    ]);
    const ends = nodes.filter((n): n is EndNode => n.type === 'end').map((n) => n.data.label);
    expect(ends).toEqual(['Add step after Text', 'Add step to Small', 'Add step after Text', 'Add step after Filter', 'Add step after Text']);
  });

  it('marks the selected card, problems and test results', () => {
    const testRun = {
      status: 'failed',
      summary: '',
      error: null,
      sample: {},
      tree: [],
      steps: [
        { stepId: 'each', status: 'succeeded' },
        { stepId: 'each', status: 'failed' },
        { stepId: 'send', status: 'succeeded' },
      ],
    } as unknown as TestRunDto;
    const { nodes } = flowOf({ selected: 'loop', problems: [{ stepId: 'check', path: [], code: 'no_conditions', message: 'Add at least one condition' }], testRun });
    expect(card(nodes, 'loop')?.data.selected).toBe(true);
    expect(card(nodes, 'send')?.data.selected).toBe(false);
    expect(card(nodes, 'check')?.data).toMatchObject({ status: 'error', problemText: 'Add at least one condition' });
    expect(card(nodes, 'each')?.data).toMatchObject({ testStatus: 'failed', testCount: 2 });
    expect(card(nodes, 'send')?.data).toMatchObject({ testStatus: 'succeeded', testCount: 1 });
    expect(card(nodes, 'done')?.data.testStatus).toBeNull();
    expect(card(nodes, 'trigger')?.data.testStatus).toBe('succeeded');
  });
});
