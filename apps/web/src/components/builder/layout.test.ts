import type { Step } from '@konnect/schemas';
import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, type KonnectorDraft } from '@/lib/konnector-bodies';
import { layoutShape, shapeKey, shapeOf, type Layout, type LayoutNode } from './layout';
import { sampleDraft, action } from './model/fixtures';

const byId = (layout: Layout) => new Map(layout.nodes.map((n) => [n.id, n]));
const center = (n: LayoutNode | undefined) => (n ? { x: n.x + n.width / 2, y: n.y + n.height / 2 } : { x: NaN, y: NaN });

function overlaps(a: LayoutNode, b: LayoutNode): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** A draft of about `n` steps: actions, filters, paths with three branches and repeaters, nested. */
function bigDraft(n: number): KonnectorDraft {
  let made = 0;
  const list = (depth: number, budget: number): Step[] => {
    const out: Step[] = [];
    while (made < n && out.length < budget) {
      const i = made++;
      if (depth < 2 && i % 15 === 7) {
        out.push({ type: 'path', id: `p${i}`, branches: [0, 1, 2].map((b) => ({ id: `p${i}b${b}`, name: `B${b}`, conditions: { all: [] }, steps: list(depth + 1, 4) })) });
      } else if (depth < 2 && i % 15 === 12) {
        out.push({ type: 'repeater', id: `r${i}`, items: '{{trigger.items}}', maxIterations: 10, steps: list(depth + 1, 3) });
      } else if (i % 5 === 3) {
        out.push({ type: 'filter', id: `f${i}`, conditions: { all: [] } });
      } else out.push(action(`a${i}`));
    }
    return out;
  };
  return { trigger: sampleDraft().trigger, steps: list(0, Infinity) };
}

describe('layoutShape', () => {
  it('a blank konnector is the trigger above its "+"', () => {
    const layout = layoutShape(shapeOf(EMPTY_DRAFT.steps));
    expect(layout.nodes.map((n) => [n.id, n.kind])).toEqual([
      ['trigger', 'trigger'],
      ['end:root', 'end'],
    ]);
    expect(layout.edges).toEqual([{ id: 'trigger->end:root', source: 'trigger', target: 'end:root' }]);
    const [t, end] = layout.nodes;
    expect(center(end).y).toBeGreaterThan(center(t).y);
  });

  it('draws the tree top to bottom with branches left to right in their order', () => {
    const layout = layoutShape(shapeOf(sampleDraft().steps));
    const n = byId(layout);
    const y = (id: string) => center(n.get(id)).y;
    const x = (id: string) => center(n.get(id)).x;
    expect(y('trigger')).toBeLessThan(y('step:send'));
    expect(y('step:send')).toBeLessThan(y('step:route'));
    expect(y('step:route')).toBeLessThan(y('head:route:branch:big'));
    expect(y('head:route:branch:big')).toBeLessThan(y('step:inBig'));
    expect(x('head:route:branch:big')).toBeLessThan(x('head:route:branch:small'));
    expect(x('head:route:branch:small')).toBeLessThan(x('head:route:otherwise'));
    expect(y('step:inBig')).toBeLessThan(y('join:route'));
    expect(y('join:route')).toBeLessThan(y('step:loop'));
    expect(y('step:check')).toBeLessThan(y('join:loop'));
    expect(y('join:loop')).toBeLessThan(y('step:done'));
    expect(y('step:done')).toBeLessThan(y('end:root'));
  });

  it('starts every branch of a path on the same row, however long each branch is', () => {
    const steps: Step[] = [
      {
        type: 'path',
        id: 'route',
        branches: [
          { id: 'long', name: 'Long', conditions: { all: [] }, steps: [action('l1'), action('l2'), action('l3'), action('l4')] },
          { id: 'short', name: 'Short', conditions: { all: [] }, steps: [action('s1')] },
        ],
        otherwise: [action('o1')],
      },
    ];
    const n = byId(layoutShape(shapeOf(steps)));
    const y = (id: string) => center(n.get(id)).y;
    expect(y('head:route:branch:short')).toBe(y('head:route:branch:long'));
    expect(y('head:route:otherwise')).toBe(y('head:route:branch:long'));
    expect(y('step:s1')).toBe(y('step:l1'));
    expect(y('step:o1')).toBe(y('step:l1'));
    expect(y('step:l4')).toBeLessThan(y('join:route'));
  });

  it('puts an insertion point between every two consecutive items and an end "+" on every list', () => {
    const layout = layoutShape(shapeOf(sampleDraft().steps));
    const inserts = layout.edges.filter((e) => e.insert).map((e) => [e.source, e.target, e.insert?.at.index]);
    expect(inserts).toEqual([
      ['trigger', 'step:send', 0],
      ['step:send', 'step:route', 1],
      ['head:route:branch:big', 'step:inBig', 0],
      ['head:route:otherwise', 'step:fallback', 0],
      ['join:route', 'step:loop', 2],
      ['head:loop:body', 'step:each', 0],
      ['step:each', 'step:check', 1],
      ['join:loop', 'step:done', 3],
    ]);
    const ends = layout.nodes.filter((n) => n.kind === 'end').map((n) => [n.id, n.at?.index]);
    expect(ends).toEqual([
      ['end:route:branch:big', 1],
      ['end:route:branch:small', 0],
      ['end:route:otherwise', 1],
      ['end:loop:body', 2],
      ['end:root', 4],
    ]);
  });

  it('lays out 150 steps without overlaps, quickly', () => {
    const draft = bigDraft(150);
    const started = performance.now();
    const layout = layoutShape(shapeOf(draft.steps));
    const ms = performance.now() - started;
    expect(layout.nodes.filter((n) => n.kind === 'step')).toHaveLength(150);
    const visible = layout.nodes.filter((n) => n.kind !== 'join');
    for (let i = 0; i < visible.length; i++) for (let j = i + 1; j < visible.length; j++) expect(overlaps(visible[i] as LayoutNode, visible[j] as LayoutNode)).toBe(false);
    // A generous safety limit (the canvas memoizes it on the shape anyway).
    expect(ms).toBeLessThan(3000);
  });
});

describe('shapeKey', () => {
  it('changes with structure, not with field values', () => {
    const draft = sampleDraft();
    const edited: KonnectorDraft = { ...draft, steps: draft.steps.map((s) => (s.type === 'action' ? { ...s, input: { value: 'changed' } } : s)) };
    expect(shapeKey(edited)).toBe(shapeKey(draft));
    expect(shapeKey({ ...draft, steps: draft.steps.slice(1) })).not.toBe(shapeKey(draft));
  });
});
