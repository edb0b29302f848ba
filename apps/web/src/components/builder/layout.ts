/**
 * The canvas layout: a draft's tree becomes positioned nodes and edges, top to bottom (dagre).
 *
 * Nodes: the trigger, one per step, a header per path branch / otherwise list / repeater body,
 * an "end" node closing every list (the "+" that appends to it) and an invisible "join" after each
 * path or repeater where its lists meet again. An action's error branch (red) opens beside it and
 * does not rejoin: the main path goes on from the action, the branch ends at its own "+". Edges between consecutive items of a list carry the
 * insertion point between them. The layout depends only on the tree's shape (ids and nesting), so
 * editing a step's fields never re-runs dagre; see `shapeKey`.
 */
import { graphlib, layout as dagreLayout } from '@dagrejs/dagre';
import type { Step } from '@konnect/schemas';
import type { KonnectorDraft } from '@/lib/konnector-bodies';
import { childLists, listKey, ROOT, type ListRef, type Position } from './model/tree';

export type LayoutKind = 'trigger' | 'step' | 'header' | 'end' | 'join';

export const NODE_SIZE: Record<LayoutKind, { width: number; height: number }> = {
  trigger: { width: 288, height: 84 },
  step: { width: 288, height: 84 },
  header: { width: 184, height: 34 },
  end: { width: 32, height: 32 },
  join: { width: 8, height: 8 },
};

export interface LayoutNode {
  id: string;
  kind: LayoutKind;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Step nodes and joins: the step; headers: the path or repeater. */
  stepId?: string;
  /** Headers and end nodes: the list they open or close. */
  list?: ListRef;
  /** End nodes: where "+" inserts. */
  at?: Position;
}

/** What an insertion point follows: the trigger, a step (or its join), or a list header. */
export type InsertAfter = { kind: 'trigger' } | { kind: 'step'; stepId: string } | { kind: 'header'; list: ListRef };

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  /** Set on edges that carry a "+" (insert between source and target). */
  insert?: { at: Position; after: InsertAfter };
  /** Edges into and inside an error branch are drawn red. */
  tone?: 'error';
}

export interface Layout {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

/** The tree reduced to what the layout depends on. */
export interface Shape {
  id: string;
  type: Step['type'];
  lists?: { ref: ListRef; steps: Shape[] }[];
}

export function shapeOf(steps: readonly Step[]): Shape[] {
  return steps.map((step) => {
    const lists = childLists(step);
    return lists.length || step.type === 'path' || step.type === 'repeater'
      ? { id: step.id, type: step.type, lists: lists.map((l) => ({ ref: l.ref, steps: shapeOf(l.steps) })) }
      : { id: step.id, type: step.type };
  });
}

/** A text key of the draft's shape: equal keys give equal layouts (memoize on it). */
export function shapeKey(draft: KonnectorDraft): string {
  return JSON.stringify(shapeOf(draft.steps));
}

export const stepNodeId = (id: string) => `step:${id}`;
export const headerNodeId = (ref: ListRef) => `head:${listKey(ref)}`;
export const endNodeId = (ref: ListRef) => `end:${listKey(ref)}`;
const joinNodeId = (id: string) => `join:${id}`;

/** Nodes and edges (unpositioned) in display order. */
export function graphOf(shape: readonly Shape[]): Layout {
  const nodes: LayoutNode[] = [];
  const edges: LayoutEdge[] = [];
  const node = (n: Omit<LayoutNode, 'x' | 'y' | 'width' | 'height'>) => nodes.push({ ...n, x: 0, y: 0, ...NODE_SIZE[n.kind] });
  const edge = (source: string, target: string, insert?: LayoutEdge['insert'], tone?: 'error') =>
    edges.push({ id: `${source}->${target}`, source, target, ...(insert ? { insert } : {}), ...(tone ? { tone } : {}) });

  const emitList = (steps: readonly Shape[], ref: ListRef, from: string, opener: InsertAfter, tone?: 'error'): string => {
    let prev = from;
    let after: InsertAfter = opener;
    // Error branches are emitted after the list they hang off, so the main path stays the straight line.
    const errorLists: { owner: string; ref: ListRef; steps: Shape[] }[] = [];
    steps.forEach((s, index) => {
      const id = stepNodeId(s.id);
      node({ id, kind: 'step', stepId: s.id });
      edge(prev, id, { at: { list: ref, index }, after }, tone);
      after = { kind: 'step', stepId: s.id };
      const errorList = s.lists?.find((l) => l.ref.kind === 'error');
      if (errorList) errorLists.push({ owner: id, ...errorList });
      if (!s.lists || errorList) {
        prev = id;
        return;
      }
      const join = joinNodeId(s.id);
      for (const child of s.lists) {
        const head = headerNodeId(child.ref);
        node({ id: head, kind: 'header', stepId: s.id, list: child.ref });
        edge(id, head);
        edge(emitList(child.steps, child.ref, head, { kind: 'header', list: child.ref }), join);
      }
      node({ id: join, kind: 'join', stepId: s.id });
      prev = join;
    });
    const end = endNodeId(ref);
    node({ id: end, kind: 'end', list: ref, at: { list: ref, index: steps.length } });
    edge(prev, end, undefined, tone);
    for (const e of errorLists) {
      const head = headerNodeId(e.ref);
      node({ id: head, kind: 'header', stepId: e.ref.kind === 'root' ? '' : e.ref.stepId, list: e.ref });
      edge(e.owner, head, undefined, 'error');
      emitList(e.steps, e.ref, head, { kind: 'header', list: e.ref }, 'error');
    }
    return end;
  };

  node({ id: 'trigger', kind: 'trigger' });
  emitList(shape, ROOT, 'trigger', { kind: 'trigger' });
  return { nodes, edges };
}

/** Positions every node (top-left corner, as React Flow wants) with dagre, top to bottom. */
export function layoutShape(shape: readonly Shape[]): Layout {
  const { nodes, edges } = graphOf(shape);
  const g = new graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 44, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  // Edges into a join are the only ones allowed to stretch: dagre keeps heavy edges short, so every
  // branch starts right below its path and a shorter branch's line runs down to the join (rather
  // than the branch sinking towards the join, away from its path).
  for (const e of edges) g.setEdge(e.source, e.target, { weight: e.target.startsWith('join:') ? 1 : 8 });
  dagreLayout(g, { disableOptimalOrderHeuristic: true });
  const positioned = nodes.map((n) => {
    const p = g.node(n.id) as { x: number; y: number };
    return { ...n, x: Math.round(p.x - n.width / 2), y: Math.round(p.y - n.height / 2) };
  });
  return { nodes: positioned, edges };
}
