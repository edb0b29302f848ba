import type { FilterStep } from '@konnect/schemas';
import { evaluate, type RuleCheck } from '../conditions';
import { ConditionError } from '../operators';
import type { Executor } from '../run-state';
import { stepError } from '../step-error';

/** Evaluates the conditions; false stops the run (or the current repeater iteration). */
export const runFilter: Executor<FilterStep> = async (step, ctx) => {
  const { run, scope, iteration } = ctx;
  const startedAt = run.now();
  const t0 = performance.now();
  const logs = new Set<string>();
  const checks: RuleCheck[] = [];
  try {
    const result = evaluate(step.conditions, scope, { now: startedAt, logs, checks });
    const output = { passed: result.passed, reason: result.reason };
    scope.steps[step.id] = output;
    await run.record(
      { step, iteration, status: result.passed ? 'succeeded' : 'filtered', input: { checks }, output, logs, startedAt, durationMs: performance.now() - t0 },
      false,
    );
    return result.passed ? { kind: 'next' } : { kind: 'filtered', stepId: step.id, reason: result.reason };
  } catch (err) {
    if (!(err instanceof ConditionError)) throw err;
    const error = stepError('config', err.message, step.id, iteration);
    await run.record({ step, iteration, status: 'failed', input: { checks }, output: null, error, logs, startedAt, durationMs: performance.now() - t0 }, false);
    return { kind: 'failed', error };
  }
};
