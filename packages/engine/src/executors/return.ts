import type { ReturnStep } from '@konnect/schemas';
import type { Executor } from '../run-state';
import { renderValue } from '../template';

/**
 * Return (sub-konnectors): renders its output and ends the run succeeded (partial when an
 * earlier step failed under onError 'continue'); the output is what the caller's "Run konnector"
 * step receives. Validation keeps it out of repeaters and out of konnectors that are not called.
 */
export const runReturnStep: Executor<ReturnStep> = async (step, ctx) => {
  const { run, scope, iteration } = ctx;
  const startedAt = run.now();
  const t0 = performance.now();
  const logs = new Set<string>();
  const rendered = renderValue(step.output, scope, logs);
  const output = typeof rendered === 'object' && rendered !== null && !Array.isArray(rendered) ? (rendered as Record<string, unknown>) : {};
  scope.steps[step.id] = output;
  await run.record({ step, iteration, status: 'succeeded', input: null, output, logs, startedAt, durationMs: performance.now() - t0 }, false);
  return { kind: 'returned', stepId: step.id, output };
};
