import type { ActionStep, StepError } from '@konnect/schemas';
import { checkActionInput } from '@konnect/sdk';
import { MIN_DEFER_MS, retryDelay } from '../retry';
import type { Executor, StepContext } from '../run-state';
import { connectorStepError, stepError } from '../step-error';
import { renderValue } from '../template';
import type { Flow } from '../types';

type Attempt = { ok: true; output: Record<string, unknown> } | { ok: false; error: StepError };

/** One attempt: resolve the connection, run the action, check it returned an object. */
async function attempt(step: ActionStep, ctx: StepContext, input: Record<string, unknown>): Promise<Attempt> {
  const { run, iteration } = ctx;
  const action = run.registry.action(step.connector, step.action);
  if (!action) return { ok: false, error: stepError('config', `Unknown action "${step.connector}.${step.action}"`, step.id, iteration) };
  try {
    const { auth, http } = await run.connections(step.connectionId ?? '', step.connector);
    const output: unknown = await action.run({ input, auth, http, idempotencyKey: `${run.runId}:${step.id}:${iteration}` });
    if (typeof output !== 'object' || output === null || Array.isArray(output)) {
      return { ok: false, error: stepError('config', `Action "${step.connector}.${step.action}" returned ${output === null ? 'null' : typeof output} instead of an object`, step.id, iteration) };
    }
    return { ok: true, output: output as Record<string, unknown> };
  } catch (err) {
    return { ok: false, error: connectorStepError(err, step.id, iteration) };
  }
}

/**
 * The action step: renders the input, fits and validates it with the SDK's checkActionInput
 * (the check connector tests get through the SDK's runAction), then runs the action through
 * the registry with the step's connection. Retryable errors are retried in-process within a budget (larger
 * for onError 'retry'), honouring Retry-After; past the budget a live run is deferred
 * (a test run fails instead). Other errors: 'stop' and 'retry' end the run failed,
 * 'continue' records the failure and goes on (the run ends partial).
 */
export const runActionStep: Executor<ActionStep> = async (step, ctx) => {
  const { run, scope, iteration } = ctx;
  await run.flush();
  const startedAt = run.now();
  const t0 = performance.now();
  const logs = new Set<string>();
  const rendered = renderValue(step.input, scope, logs);
  const action = run.registry.action(step.connector, step.action);
  const checked = action ? checkActionInput(action.input, rendered) : null;
  const input = checked?.ok ? checked.input : rendered;
  let attempts = run.previousAttempts(step.id, iteration);
  let result: Attempt;
  if (checked && !checked.ok) {
    result = { ok: false, error: stepError('config', checked.message, step.id, iteration) };
  } else {
    const budget = step.onError === 'retry' ? run.budgets.retry : run.budgets.standard;
    let retries = 0;
    let waited = 0;
    for (;;) {
      attempts++;
      result = await attempt(step, ctx, input as Record<string, unknown>);
      if (result.ok || !result.error.retryable) break;
      const delay = retryDelay(result.error.retryAfterMs, retries + 1, run.random);
      if (retries < budget.retries && waited + delay <= budget.maxWaitMs) {
        retries++;
        waited += delay;
        logs.add(`attempt ${attempts} failed (${result.error.message}); retrying in ${delay} ms`);
        await run.sleep(delay);
        continue;
      }
      if (run.mode === 'live') {
        const deferMs = Math.max(delay, MIN_DEFER_MS);
        const error: StepError = { ...result.error, retryAfterMs: deferMs };
        logs.add(`attempt ${attempts} failed (${error.message}); run deferred for ${deferMs} ms`);
        await run.record({ step, iteration, status: 'failed', input, output: null, error, logs, attempts, startedAt, durationMs: performance.now() - t0 }, true);
        return { kind: 'deferred', error, retryAfterMs: deferMs };
      }
      break;
    }
  }
  const durationMs = performance.now() - t0;
  if (result.ok) {
    scope.steps[step.id] = result.output;
    await run.record({ step, iteration, status: 'succeeded', input, output: result.output, logs, attempts, startedAt, durationMs }, true);
    return { kind: 'next' };
  }
  await run.record({ step, iteration, status: 'failed', input, output: null, error: result.error, logs, attempts, startedAt, durationMs }, true);
  if (step.onError === 'continue') {
    run.noteContinuedFailure(result.error);
    return { kind: 'next' } satisfies Flow;
  }
  return { kind: 'failed', error: result.error };
};
