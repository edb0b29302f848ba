import type { CodeStep, StepError } from '@konnect/schemas';
import type { Executor } from '../run-state';
import { runCode } from '../sandbox';
import { stepError } from '../step-error';

/** How long a live run waits before trying a code step again that found the sandbox busy. */
export const BUSY_RETRY_MS = 30_000;

/** Runs the step's source in the QuickJS sandbox with `{ trigger, steps, loop?, error? }` as input. */
export const runCodeStep: Executor<CodeStep> = async (step, ctx) => {
  const { run, scope, iteration } = ctx;
  const startedAt = run.now();
  const t0 = performance.now();
  const input = { trigger: scope.trigger, steps: scope.steps, ...(scope.loop ? { loop: scope.loop } : {}), ...(scope.error ? { error: scope.error } : {}) };
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
  if (result.error.kind === 'busy' && run.mode === 'live') {
    // The code never started: the workspace's share of the sandbox is taken (its queue is full, or
    // it waited past the queue limit). A live run goes back to the queue and tries again later (the
    // platform bounds how often); a test run fails with the message.
    const error: StepError = { ...stepError('code', result.error.message, step.id, iteration), retryable: true, retryAfterMs: BUSY_RETRY_MS };
    const logs = [...result.logs, `${result.error.message}; run deferred for ${BUSY_RETRY_MS} ms`];
    await run.record({ step, iteration, status: 'failed', input: recordedInput, output: null, error, logs, startedAt, durationMs }, true);
    return { kind: 'deferred', error, retryAfterMs: BUSY_RETRY_MS };
  }
  const error = stepError('code', result.error.message, step.id, iteration);
  await run.record({ step, iteration, status: 'failed', input: recordedInput, output: null, error, logs: result.logs, startedAt, durationMs }, false);
  return { kind: 'failed', error };
};
