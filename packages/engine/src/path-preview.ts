/**
 * Before a builder Test run: which branch each Path step takes for a trigger record, with the
 * same condition evaluation the engine runs (conditions.ts). A path whose conditions read
 * outputs of earlier steps (not known before the run) or a loop item is "decided during the run",
 * and every branch of it may run. Pure: the builder imports it (`@konnect/engine/preview`).
 */
import type { Step } from '@konnect/schemas';
import { evaluate } from './conditions';
import { ConditionError } from './operators';
import type { Scope } from './scope';

export interface PathPreview {
  stepId: string;
  /** The branch taken: a branch id, 'otherwise', or null (no branch matches: the run ends filtered). */
  branchId: string | null;
  branchName: string | null;
  /** Why, in the engine's words ("Plan" is "pro"), or why it cannot be told yet. */
  reason: string;
  /** False when the branch depends on what earlier steps return (or a loop item): decided during the run. */
  decided: boolean;
}

export interface RoutePreview {
  paths: PathPreview[];
  /** Ids of the steps this record can reach (every branch of an undecided path; none of a branch not taken). */
  reachable: Set<string>;
}

const UNKNOWN_ROOT = /^missing: (steps|loop)\b/;

function previewPath(step: Extract<Step, { type: 'path' }>, scope: Scope, now: number): PathPreview {
  const logs = new Set<string>();
  const misses: string[] = [];
  try {
    for (const branch of step.branches) {
      const result = evaluate(branch.conditions, scope, { now, logs });
      if ([...logs].some((l) => UNKNOWN_ROOT.test(l))) {
        return { stepId: step.id, branchId: null, branchName: null, reason: `"${branch.name}" depends on what earlier steps return: decided during the run`, decided: false };
      }
      if (result.passed) return { stepId: step.id, branchId: branch.id, branchName: branch.name, reason: result.reason, decided: true };
      misses.push(`${branch.name}: ${result.reason}`);
    }
  } catch (err) {
    if (!(err instanceof ConditionError)) throw err;
    return { stepId: step.id, branchId: null, branchName: null, reason: err.message, decided: false };
  }
  if (step.otherwise) return { stepId: step.id, branchId: 'otherwise', branchName: 'Otherwise', reason: `No branch matched (${misses.join('; ')})`, decided: true };
  return { stepId: step.id, branchId: null, branchName: null, reason: `No branch matched (${misses.join('; ')}): the run would end here, filtered`, decided: true };
}

/** The route a trigger record takes through `steps` (outputs of steps already known may be given in `scope.steps`). */
export function previewRoute(steps: readonly Step[], scope: Scope, now = Date.now()): RoutePreview {
  const out: RoutePreview = { paths: [], reachable: new Set() };
  /** Walks a step list; true when the run ends in it (a path with no matching branch ends it filtered). */
  const walk = (list: readonly Step[], inLoop: boolean): boolean => {
    for (const step of list) {
      out.reachable.add(step.id);
      if (step.type === 'repeater') walk(step.steps, true);
      if (step.type !== 'path') continue;
      const preview: PathPreview = inLoop
        ? { stepId: step.id, branchId: null, branchName: null, reason: 'Inside a repeater: decided for each item during the run', decided: false }
        : previewPath(step, scope, now);
      out.paths.push(preview);
      if (!preview.decided) {
        for (const b of step.branches) walk(b.steps, inLoop);
        if (step.otherwise) walk(step.otherwise, inLoop);
        continue;
      }
      const taken = preview.branchId === 'otherwise' ? step.otherwise : step.branches.find((b) => b.id === preview.branchId)?.steps;
      if (!taken || walk(taken, inLoop)) return true;
    }
    return false;
  };
  walk(steps, false);
  return out;
}
