import type { CodeStep } from '@konnect/schemas';
import type { Executor } from '../run-state';
import { runCode } from '../sandbox';
import { stepError } from '../step-error';

/** Runs the step's source in the QuickJS sandbox with `{ trigger, steps, loop? }` as input. */
export const runCodeStep: Executor<CodeStep> = async (step, ctx) => {
  const { run, scope, iteration } = ctx;
  const startedAt = run.now();
  const t0 = performance.now();
  const input = { trigger: scope.trigger, steps: scope.steps, ...(scope.loop ? { loop: scope.loop } : {}) };
  const result = await runCode({
    source: step.source,
    input,
    ...(step.timeoutMs !== undefined ? { timeoutMs: step.timeoutMs } : {}),
    ...run.codeLimits,
    owner: run.sandboxOwner,
  });
  const recordedInput = run.mode === 'test' ? structuredClone(input) : null;
  const durationMs = performance.now() - t0;
  if (result.ok) {
    scope.steps[step.id] = result.output;
    await run.record({ step, iteration, status: 'succeeded', input: recordedInput, output: result.output, logs: result.logs, startedAt, durationMs }, false);
    return { kind: 'next' };
  }
  const error = stepError('code', result.error.message, step.id, iteration);
  await run.record({ step, iteration, status: 'failed', input: recordedInput, output: null, error, logs: result.logs, startedAt, durationMs }, false);
  return { kind: 'failed', error };
};
