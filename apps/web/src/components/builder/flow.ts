/**
 * The positioned layout plus the draft's contents → React Flow nodes and edges (what each node
 * shows: title, summary, status, test result; what each "+" inserts and its accessible name).
 */
import type { Edge, Node } from '@xyflow/react';
import type { Problem, StepType } from '@konnect/schemas';
import type { CatalogueEntry, TestRunDto } from '@/lib/api-types';
import type { KonnectorDraft } from '@/lib/konnector-bodies';
import type { InsertAfter, Layout } from './layout';
import { findStep, getList, type ListRef, type Position } from './model/tree';
import { stepInfo, triggerInfo, type NodeStatus } from './node-info';

export type TestStatus = 'succeeded' | 'failed' | 'filtered' | 'skipped';

export interface CardData extends Record<string, unknown> {
  kind: StepType | 'trigger';
  stepId: string;
  /** Position in reading order: the trigger is 1. */
  number: number;
  title: string;
  app: string;
  entry: CatalogueEntry | undefined;
  summary: string;
  status: NodeStatus;
  /** Problem messages, one per line ('' when none). */
  problemText: string;
  testStatus: TestStatus | null;
  /** How many records the last test run has for this step (a repeater's body runs once per item). */
  testCount: number;
  selected: boolean;
  canMoveUp: boolean;
  canMoveDown: boolean;
  /** Paths: number of branches and whether the otherwise list exists. */
  branches: number;
  hasOtherwise: boolean;
  /** Actions: whether onError is 'branch' (the red error branch is drawn). */
  hasErrorBranch: boolean;
}

export interface HeaderData extends Record<string, unknown> {
  label: string;
  list: ListRef;
  /** Path branches: more than one branch (so this one may be deleted). */
  removable: boolean;
}

export interface EndData extends Record<string, unknown> {
  at: Position;
  label: string;
}

export interface InsertEdgeData extends Record<string, unknown> {
  at: Position;
  label: string;
  tone?: 'error';
}

export interface PlainEdgeData extends Record<string, unknown> {
  tone?: 'error';
}

export type CardNode = Node<CardData, 'card'>;
export type HeaderNode = Node<HeaderData, 'header'>;
export type EndNode = Node<EndData, 'end'>;
export type JoinNode = Node<Record<string, never>, 'join'>;
export type FlowNode = CardNode | HeaderNode | EndNode | JoinNode;
export type FlowEdge = Edge<InsertEdgeData, 'insert'> | Edge<PlainEdgeData, 'plain'>;

export interface FlowInput {
  draft: KonnectorDraft;
  catalogue: readonly CatalogueEntry[];
  problems: readonly Problem[];
  testRun: TestRunDto | null;
  /** Records in the trigger's sample; null when there is none. */
  sampleCount: number | null;
  selected: string | null;
}

function headerLabel(draft: KonnectorDraft, ref: ListRef): string {
  if (ref.kind === 'otherwise') return 'Otherwise';
  if (ref.kind === 'body') return 'For each item';
  if (ref.kind === 'error') return 'On error';
  if (ref.kind === 'branch') {
    const step = findStep(draft.steps, ref.stepId);
    return (step?.type === 'path' ? step.branches.find((b) => b.id === ref.branchId)?.name : undefined) || 'Branch';
  }
  return 'Steps';
}

function testOf(testRun: TestRunDto | null, stepId: string): { status: TestStatus | null; count: number } {
  if (!testRun) return { status: null, count: 0 };
  if (stepId === 'trigger') return { status: 'succeeded', count: 1 };
  const views = testRun.steps.filter((s) => s.stepId === stepId);
  if (views.length === 0) return { status: null, count: 0 };
  const statuses = views.map((v) => v.status);
  const status = (['failed', 'filtered', 'succeeded', 'skipped'] as const).find((s) => statuses.includes(s)) ?? null;
  return { status, count: views.length };
}

export function toFlow(layout: Layout, input: FlowInput): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const { draft, catalogue, problems, testRun, selected } = input;
  const titles = new Map<string, string>();
  const entryOf = (key: string) => catalogue.find((c) => c.key === key);
  let number = 1;

  const nodes: FlowNode[] = layout.nodes.map((n): FlowNode => {
    const position = { x: n.x, y: n.y };
    const base = { id: n.id, position, width: n.width, height: n.height, draggable: false, selectable: false, focusable: false };
    if (n.kind === 'trigger' || n.kind === 'step') {
      const step = n.stepId ? findStep(draft.steps, n.stepId) : null;
      const info = step ? stepInfo(step, catalogue, problems) : triggerInfo(draft.trigger, catalogue, problems, input.sampleCount);
      const stepId = step?.id ?? 'trigger';
      titles.set(stepId, info.title);
      const at = step ? findPosition(draft, stepId) : null;
      const test = testOf(testRun, stepId);
      const data: CardData = {
        kind: step?.type ?? 'trigger',
        stepId,
        number: number++,
        title: info.title,
        app: info.app,
        entry: step ? (step.type === 'action' ? entryOf(step.connector) : undefined) : entryOf(draft.trigger.connector),
        summary: info.summary,
        status: info.status,
        problemText: info.problems.join('\n'),
        testStatus: test.status,
        testCount: test.count,
        selected: selected === stepId,
        canMoveUp: at ? at.index > 0 : false,
        canMoveDown: at ? at.index < at.size - 1 : false,
        branches: step?.type === 'path' ? step.branches.length : 0,
        hasOtherwise: step?.type === 'path' ? step.otherwise !== undefined : false,
        hasErrorBranch: step?.type === 'action' ? step.onError === 'branch' : false,
      };
      return { ...base, type: 'card', data };
    }
    if (n.kind === 'header' && n.list) {
      const owner = n.stepId ? findStep(draft.steps, n.stepId) : null;
      return { ...base, type: 'header', data: { label: headerLabel(draft, n.list), list: n.list, removable: n.list.kind === 'otherwise' || (owner?.type === 'path' && owner.branches.length > 1) } };
    }
    if (n.kind === 'end' && n.at) {
      const list = getList(draft, n.at.list) ?? [];
      const last = list[list.length - 1];
      const label = last ? `Add step after ${titles.get(last.id) ?? last.id}` : n.at.list.kind === 'error' ? `Add step to the error branch of ${titles.get(n.at.list.stepId) ?? n.at.list.stepId}` : n.at.list.kind === 'root' ? `Add step after ${titles.get('trigger') ?? 'Trigger'}` : `Add step to ${headerLabel(draft, n.at.list)}`;
      return { ...base, type: 'end', data: { at: n.at, label } };
    }
    return { ...base, type: 'join', data: {} };
  });

  const afterLabel = (after: InsertAfter) => {
    if (after.kind === 'trigger') return `Add step after ${titles.get('trigger') ?? 'Trigger'}`;
    if (after.kind === 'step') return `Add step after ${titles.get(after.stepId) ?? after.stepId}`;
    if (after.list.kind === 'error') return `Add step at the start of the error branch of ${titles.get(after.list.stepId) ?? after.list.stepId}`;
    return `Add step at the start of ${headerLabel(draft, after.list)}`;
  };
  const edges: FlowEdge[] = layout.edges.map((e): FlowEdge => {
    const base = { id: e.id, source: e.source, target: e.target, selectable: false, focusable: false };
    const tone = e.tone ? { tone: e.tone } : {};
    return e.insert ? { ...base, type: 'insert', data: { at: e.insert.at, label: afterLabel(e.insert.after), ...tone } } : { ...base, type: 'plain', data: tone };
  });
  return { nodes, edges };
}

function findPosition(draft: KonnectorDraft, id: string): { index: number; size: number } | null {
  const visit = (steps: KonnectorDraft['steps']): { index: number; size: number } | null => {
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      if (!s) continue;
      if (s.id === id) return { index: i, size: steps.length };
      const inner = s.type === 'path' ? [...s.branches.map((b) => b.steps), ...(s.otherwise ? [s.otherwise] : [])] : s.type === 'repeater' ? [s.steps] : s.type === 'action' && s.errorSteps ? [s.errorSteps] : [];
      for (const list of inner) {
        const found = visit(list);
        if (found) return found;
      }
    }
    return null;
  };
  return visit(draft.steps);
}
