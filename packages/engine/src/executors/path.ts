import type { PathBranch, PathStep, Step, StepRecord } from '@konnect/schemas';
import { evaluate } from '../conditions';
import { ConditionError } from '../operators';
import type { Executor, StepContext } from '../run-state';
import { stepError } from '../step-error';
import type { Flow } from '../types';

export const OTHERWISE_BRANCH_ID = 'otherwise';

interface PathOutput {
  branchId: string | null;
  branchName: string | null;
  reason: string;
}

function continueIn(steps: Step[], ctx: StepContext): Promise<Flow> {
  return ctx.run.runSteps(steps, ctx);
}

/** A saved decision: follow the same branch again without re-evaluating. */
function resume(step: PathStep, ctx: StepContext, previous: StepRecord): Promise<Flow> | Flow {
  ctx.run.reuse(previous);
  const output = (previous.output ?? {}) as Partial<PathOutput>;
  ctx.scope.steps[step.id] = previous.output;
  if (previous.status === 'filtered') return { kind: 'filtered', stepId: step.id, reason: String(output.reason ?? 'no branch matched') };
  if (output.branchId === OTHERWISE_BRANCH_ID && step.otherwise) return continueIn(step.otherwise, ctx);
  const branch = step.branches.find((b) => b.id === output.branchId);
  if (!branch) {
    return { kind: 'failed', error: stepError('engine', `Saved branch "${String(output.branchId)}" no longer exists in path "${step.id}"`, step.id, ctx.iteration) };
  }
  return continueIn(branch.steps, ctx);
}

/** First matching branch wins; else the otherwise branch; else the run ends filtered. */
export const runPath: Executor<PathStep> = async (step, ctx) => {
  const { run, scope, iteration } = ctx;
  const previous = run.reusable(step.id, iteration);
  if (previous) return resume(step, ctx, previous);
  const startedAt = run.now();
  const t0 = performance.now();
  const logs = new Set<string>();
  const evaluated: { id: string; name: string; passed: boolean; reason: string }[] = [];
  let chosen: PathBranch | null = null;
  try {
    for (const branch of step.branches) {
      const result = evaluate(branch.conditions, scope, { now: startedAt, logs });
      evaluated.push({ id: branch.id, name: branch.name, ...result });
      if (result.passed) {
        chosen = branch;
        break;
      }
    }
  } catch (err) {
    if (!(err instanceof ConditionError)) throw err;
    const error = stepError('config', err.message, step.id, iteration);
    await run.record({ step, iteration, status: 'failed', input: { branches: evaluated }, output: null, error, logs, startedAt, durationMs: performance.now() - t0 }, false);
    return { kind: 'failed', error };
  }
  const all = `No branch matched: ${evaluated.map((b) => `${b.name}: ${b.reason}`).join('; ')}`;
  const missed = all.length > 1000 ? `${all.slice(0, 999)}…` : all;
  const output: PathOutput = chosen
    ? { branchId: chosen.id, branchName: chosen.name, reason: evaluated.at(-1)?.reason ?? '' }
    : step.otherwise
      ? { branchId: OTHERWISE_BRANCH_ID, branchName: 'Otherwise', reason: missed }
      : { branchId: null, branchName: null, reason: missed };
  const status = output.branchId === null ? 'filtered' : 'succeeded';
  scope.steps[step.id] = output;
  await run.record({ step, iteration, status, input: { branches: evaluated }, output, logs, startedAt, durationMs: performance.now() - t0 }, false);
  if (chosen) return continueIn(chosen.steps, ctx);
  if (step.otherwise) return continueIn(step.otherwise, ctx);
  return { kind: 'filtered', stepId: step.id, reason: missed };
};
