import type { ActionStep, StepError, StepRecord } from '@konnect/schemas';
import { checkActionInput, isConnectorError } from '@konnect/sdk';
import { explainInputIssues } from '../input-explain';
import { retryDelay } from '../retry';
import type { Executor, StepContext } from '../run-state';
import { connectorStepError, stepError } from '../step-error';
import { runErrorBranch } from './error-branch';
import { renderValue } from '../template';
import type { Flow, RetryBudget } from '../types';

type Attempt =
  | { ok: true; output: Record<string, unknown> }
  /** `unprocessed`: the app did not act on the request (ConnectorError.unprocessed), so it does not use up a retry. */
  | { ok: false; error: StepError; unprocessed: boolean };

/** One attempt: resolve the connection, run the action, check it returned an object. */
async function attempt(step: ActionStep, ctx: StepContext, input: Record<string, unknown>): Promise<Attempt> {
  const { run, iteration } = ctx;
  const action = run.registry.action(step.connector, step.action);
  if (!action) return { ok: false, error: stepError('config', `Unknown action "${step.connector}.${step.action}"`, step.id, iteration), unprocessed: false };
  try {
    const { auth, http, guard } = await run.connections(step.connectionId ?? '', step.connector);
    const output: unknown = await action.run({
      input,
      auth,
      http,
      idempotencyKey: `${run.runId}:${step.id}:${iteration}`,
      ...(guard ? { guard } : {}),
      ...(run.services ? { services: run.services } : {}),
    });
    if (typeof output !== 'object' || output === null || Array.isArray(output)) {
      return { ok: false, error: stepError('config', `Action "${step.connector}.${step.action}" returned ${output === null ? 'null' : typeof output} instead of an object`, step.id, iteration), unprocessed: false };
    }
    return { ok: true, output: output as Record<string, unknown> };
  } catch (err) {
    return { ok: false, error: connectorStepError(err, step.id, iteration), unprocessed: isConnectorError(err) && err.unprocessed === true };
  }
}

/** A saved failure stands (is not tried again) when its error is not retryable or the step has no attempts left. */
function isFinal(record: StepRecord, budget: RetryBudget): boolean {
  return record.error?.retryable !== true || record.attempts >= 1 + budget.retries;
}

/**
 * Where a failed step leaves the run: 'continue' goes on (the run ends partial), 'branch' runs the
 * error branch instead of the rest of the list, 'stop' and 'retry' end it failed.
 */
function afterFailure(step: ActionStep, ctx: StepContext, error: StepError): Promise<Flow> | Flow {
  const { run } = ctx;
  if (step.onError === 'branch') return runErrorBranch(step, ctx, error);
  if (step.onError === 'continue') {
    run.noteContinuedFailure(error);
    return { kind: 'next' };
  }
  return { kind: 'failed', error };
}

/**
 * The action step: renders the input and fits and validates it with the SDK's checkActionInput
 * (the check connector tests get through the SDK's runAction), then runs the action through the
 * registry with the step's connection. A retryable error is retried within the step's budget (larger
 * for onError 'retry'): the request is sent at most 1 + `retries` times in the whole run, because the attempts spent
 * are saved with the step (before each in-process retry, and when the run is deferred) and a
 * resumed run goes on counting from them; attempts the app did not act on (429, no connection,
 * Konnect's own pacing) are not counted. Waits honour Retry-After; when the next wait no longer
 * fits the budget's `maxWaitMs`, a live run is deferred (the platform puts it back) and a test
 * run fails. Once no attempt is left, or on a non-retryable error: 'stop' and 'retry' end the run
 * failed, 'continue' records the failure and goes on (the run ends partial), 'branch' runs the
 * error branch (error-branch.ts). A failure saved by
 * an earlier execution that stands is reused, never sent again.
 */
export const runActionStep: Executor<ActionStep> = async (step, ctx) => {
  const { run, scope, iteration } = ctx;
  const budget = step.onError === 'retry' ? run.budgets.retry : run.budgets.standard;
  const saved = run.savedFailure(step.id, iteration);
  if (saved && isFinal(saved, budget)) {
    run.reuse(saved);
    return afterFailure(step, ctx, saved.error ?? stepError('engine', `Step "${step.id}" failed in an earlier attempt of this run`, step.id, iteration));
  }
  const action = run.registry.action(step.connector, step.action);
  // A read-only action (a formatter, a lookup) changes nothing outside, so the records before it need
  // not be durable first, and its own record waits like a pure step's for the next writing action or
  // the run's end (a crash before then only makes it read again).
  const readOnly = action?.readOnly === true;
  if (!readOnly) await run.flush();
  const startedAt = run.now();
  const t0 = performance.now();
  const logs = new Set<string>();
  const rendered = renderValue(step.input, scope, logs);
  const checked = action ? checkActionInput(action.input, rendered) : null;
  const input = checked?.ok ? checked.input : rendered;
  const maxAttempts = 1 + budget.retries;
  let attempts = saved?.attempts ?? 0;
  let result: Attempt;
  if (checked && !checked.ok) {
    // In words: which field is empty and which mapped value was missing (the log keeps the details).
    const message = (action ? explainInputIssues(checked.issues, action.input, step.input, rendered, scope) : null) ?? checked.message;
    result = { ok: false, error: stepError('config', message, step.id, iteration), unprocessed: false };
  } else {
    let retries = 0;
    let waited = 0;
    for (;;) {
      result = await attempt(step, ctx, input as Record<string, unknown>);
      if (result.ok || !result.unprocessed) attempts++;
      if (result.ok || !result.error.retryable) break;
      const failure = result.unprocessed
        ? `not processed by the app (${result.error.message})`
        : `attempt ${attempts} of ${maxAttempts} failed (${result.error.message})`;
      if (attempts >= maxAttempts) {
        logs.add(`${failure}; no retries left`);
        break;
      }
      const delay = retryDelay(result.error.retryAfterMs, attempts, run.random);
      const failed = { step, iteration, status: 'failed' as const, input, output: null, logs, attempts, startedAt };
      if (retries < budget.retries && waited + delay <= budget.maxWaitMs) {
        retries++;
        waited += delay;
        logs.add(`${failure}; retrying in ${delay} ms`);
        // The attempts spent are durable before the next send: a crash from here on resumes counting from them.
        if (!result.unprocessed) await run.checkpoint({ ...failed, error: result.error, durationMs: performance.now() - t0 });
        await run.sleep(delay);
        continue;
      }
      if (run.mode === 'live') {
        const error: StepError = { ...result.error, retryAfterMs: delay };
        logs.add(`${failure}; run deferred for ${delay} ms`);
        await run.record({ ...failed, error, durationMs: performance.now() - t0 }, true);
        return { kind: 'deferred', error, retryAfterMs: delay };
      }
      break;
    }
  }
  const durationMs = performance.now() - t0;
  if (result.ok) {
    // Redacted before anything else sees it: later steps and the stored record get the same value.
    const output = run.redactOutput(step.id, input, result.output);
    scope.steps[step.id] = output;
    await run.record({ step, iteration, status: 'succeeded', input, output, logs, attempts, startedAt, durationMs }, !readOnly);
    return { kind: 'next' };
  }
  await run.record({ step, iteration, status: 'failed', input, output: null, error: result.error, logs, attempts, startedAt, durationMs }, true);
  return afterFailure(step, ctx, result.error);
};
