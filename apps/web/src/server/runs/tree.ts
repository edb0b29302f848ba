/**
 * A run's step records (flat, in the order they ran) grouped for the UI into the definition's
 * tree: a path step holds its branches (the taken one marked), a repeater holds one entry per
 * iteration, each with the records of its body steps, and an action with an error branch holds
 * it as one branch "On error" (taken when the action failed), drawn under the failed action. Records the definition does not explain
 * (an edited version) are kept at the end of the top level, so nothing is hidden.
 */
import { registry } from '@konnect/connectors';
import { KonnectorDefinition, type Step, type StepError, type StepStatus } from '@konnect/schemas';

export interface StepRecordLike {
  stepId: string;
  iteration: string;
  type: string;
  status: StepStatus;
  input: unknown;
  output: unknown;
  error?: StepError | null | undefined;
  logs: string[];
  attempts: number;
  durationMs: number;
  startedAt: string;
}

export interface StepView extends Omit<StepRecordLike, 'error'> {
  /** The step's name in the definition (or a label made from its app and action). */
  name: string;
  app: string | null;
  action: string | null;
  error: StepError | null;
  /** A "Run konnector" step's called run (live runs only; the event log links it). */
  calledRunId: string | null;
}

/** The run a call step's record names (its input holds it; test runs' are not real runs). */
function calledRunOf(record: StepRecordLike): string | null {
  if (record.type !== 'call') return null;
  const input = record.input as { runId?: unknown } | null;
  const id = typeof input?.runId === 'string' ? input.runId : null;
  return id && !id.startsWith('test-') ? id : null;
}

export interface StepBranchNode {
  id: string;
  name: string;
  taken: boolean;
  steps: StepNode[];
}

export interface StepIterationNode {
  index: number;
  iteration: string;
  steps: StepNode[];
}

export interface StepNode {
  stepId: string;
  type: string;
  name: string;
  /** Index in `steps` of this step's record (at this iteration); null when it has none. */
  step: number | null;
  branches?: StepBranchNode[];
  iterations?: StepIterationNode[];
}

export interface StepTree {
  steps: StepView[];
  tree: StepNode[];
}

const TYPE_LABEL: Record<Step['type'], string> = { filter: 'Filter', path: 'Paths', code: 'Code', repeater: 'Repeater', action: 'Action',
  fail: 'Fail run',
  respond: 'Respond to Hook',
  delay: 'Delay',
  call: 'Run konnector',
  return: 'Return',
};

/** The branch id an error branch has in the tree. */
export const ERROR_BRANCH_ID = 'error';

function labelOf(step: Step): string {
  if (step.name) return step.name;
  if (step.type !== 'action') return TYPE_LABEL[step.type];
  const app = registry.connector(step.connector)?.name ?? step.connector;
  const action = registry.action(step.connector, step.action)?.name ?? step.action;
  return `${app}: ${action}`;
}

function indexSteps(steps: readonly Step[], out = new Map<string, Step>()): Map<string, Step> {
  for (const step of steps) {
    out.set(step.id, step);
    if (step.type === 'path') {
      for (const b of step.branches) indexSteps(b.steps, out);
      if (step.otherwise) indexSteps(step.otherwise, out);
    } else if (step.type === 'repeater') {
      indexSteps(step.steps, out);
    }
    if (step.type === 'action' && step.errorSteps) indexSteps(step.errorSteps, out);
  }
  return out;
}

const key = (stepId: string, iteration: string) => `${stepId}\u0000${iteration}`;

function branchTaken(output: unknown): string | null {
  if (typeof output !== 'object' || output === null) return null;
  const id = (output as { branchId?: unknown }).branchId;
  return typeof id === 'string' ? id : null;
}

class Builder {
  readonly used = new Set<number>();
  private readonly at = new Map<string, number>();

  constructor(private readonly views: StepView[]) {
    views.forEach((v, i) => this.at.set(key(v.stepId, v.iteration), i));
  }

  /** Iteration indexes recorded directly under `prefix` for any of `body`'s steps. */
  private iterationsOf(body: readonly Step[], iteration: string): number[] {
    const ids = new Set([...indexSteps(body).keys()]);
    const prefix = iteration === '' ? '' : `${iteration}/`;
    const found = new Set<number>();
    for (const v of this.views) {
      if (!ids.has(v.stepId) || !v.iteration.startsWith(prefix)) continue;
      const head = v.iteration.slice(prefix.length).split('/')[0] ?? '';
      if (/^\d+$/.test(head)) found.add(Number(head));
    }
    return [...found].sort((a, b) => a - b);
  }

  nodes(steps: readonly Step[], iteration: string): StepNode[] {
    const out: StepNode[] = [];
    for (const step of steps) {
      const index = this.at.get(key(step.id, iteration));
      if (index !== undefined) this.used.add(index);
      const node: StepNode = { stepId: step.id, type: step.type, name: labelOf(step), step: index ?? null };
      if (step.type === 'path') {
        const taken = index !== undefined ? branchTaken(this.views[index]?.output) : null;
        const all = [...step.branches.map((b) => ({ id: b.id, name: b.name, steps: b.steps })), ...(step.otherwise ? [{ id: 'otherwise', name: 'Otherwise', steps: step.otherwise }] : [])];
        node.branches = all
          .map((b) => ({ id: b.id, name: b.name, taken: b.id === taken, steps: this.nodes(b.steps, iteration) }))
          .filter((b) => b.taken || b.steps.length > 0);
      } else if (step.type === 'repeater') {
        const prefix = iteration === '' ? '' : `${iteration}/`;
        node.iterations = this.iterationsOf(step.steps, iteration).map((n) => ({ index: n, iteration: `${prefix}${n}`, steps: this.nodes(step.steps, `${prefix}${n}`) }));
      } else if (step.type === 'action' && step.errorSteps) {
        const steps = this.nodes(step.errorSteps, iteration);
        const taken = index !== undefined && this.views[index]?.status === 'failed';
        if (taken || steps.length > 0) node.branches = [{ id: ERROR_BRANCH_ID, name: 'On error', taken, steps }];
      }
      const hasChildren = (node.branches?.length ?? 0) > 0 || (node.iterations?.length ?? 0) > 0;
      if (index !== undefined || hasChildren) out.push(node);
    }
    return out;
  }
}

/** Flat views (named from the definition) and the tree, from records in the order they ran. */
export function stepTree(definition: unknown, records: readonly StepRecordLike[]): StepTree {
  const parsed = KonnectorDefinition.safeParse(definition);
  const steps = parsed.success ? parsed.data.steps : [];
  const byId = indexSteps(steps);
  const views: StepView[] = records.map((r) => {
    const step = byId.get(r.stepId);
    return {
      ...r,
      name: step ? labelOf(step) : r.stepId,
      app: step?.type === 'action' ? step.connector : null,
      action: step?.type === 'action' ? step.action : null,
      error: r.error ?? null,
      calledRunId: calledRunOf(r),
    };
  });
  const builder = new Builder(views);
  const tree = builder.nodes(steps, '');
  views.forEach((v, i) => {
    if (!builder.used.has(i)) tree.push({ stepId: v.stepId, type: v.type, name: v.name, step: i });
  });
  return { steps: views, tree };
}
