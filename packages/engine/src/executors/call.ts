import type { CallStep, StepError } from '@konnect/schemas';
import type { CallFailure } from '../calls';
import type { Executor, StepContext } from '../run-state';
import { stepError } from '../step-error';
import { renderValue } from '../template';
import type { Flow } from '../types';

/** What a call step's record holds as its input: the event log links the called run from it. */
interface CallRecordInput {
  konnectorId: string;
  konnectorName: string | null;
  mode: CallStep['mode'];
  runId: string | null;
  input: Record<string, unknown>;
}

function failureError(failure: CallFailure, step: CallStep, iteration: string): StepError {
  return { ...stepError(failure.kind, failure.message, step.id, iteration), retryable: failure.retryable === true };
}

async function fail(step: CallStep, ctx: StepContext, input: CallRecordInput, error: StepError, startedAt: number, t0: number, logs: Set<string>): Promise<Flow> {
  await ctx.run.record({ step, iteration: ctx.iteration, status: 'failed', input, output: input.runId ? { runId: input.runId } : null, error, logs, startedAt, durationMs: performance.now() - t0 }, true);
  return { kind: 'failed', error };
}

async function succeed(step: CallStep, ctx: StepContext, input: CallRecordInput, output: Record<string, unknown>, startedAt: number, t0: number, logs: Set<string>): Promise<Flow> {
  ctx.scope.steps[step.id] = output;
  await ctx.run.record({ step, iteration: ctx.iteration, status: 'succeeded', input, output, logs, startedAt, durationMs: performance.now() - t0 }, true);
  return { kind: 'next' };
}

/**
 * "Run konnector" (sub-konnectors): renders the mapped inputs and asks the platform to start a run
 * of the called konnector (checked there: same workspace, on, its declared inputs, the call
 * depth). The called run is created once per (run, step, iteration), so a resumed or retried
 * caller never starts a second one.
 *
 * - 'fire': goes on at once with `{ runId }`.
 * - 'wait', test mode: the test-run service runs the called konnector at once; its Return output is this step's output.
 *
 * A refusal fails the step with its message (a missing input named); a retryable failure (the
 * database could not be reached) defers a live run.
 */
export const runCallStep: Executor<CallStep> = async (step, ctx) => {
  const { run, scope, iteration } = ctx;
  const startedAt = run.now();
  const t0 = performance.now();
  const logs = new Set<string>();
  const rendered = renderValue(step.input, scope, logs);
  const values = typeof rendered === 'object' && rendered !== null && !Array.isArray(rendered) ? (rendered as Record<string, unknown>) : {};
  const input: CallRecordInput = { konnectorId: step.konnectorId, konnectorName: null, mode: step.mode, runId: null, input: values };
  if (!run.calls) return fail(step, ctx, input, stepError('config', 'Konnector calls are not available here', step.id, iteration), startedAt, t0, logs);
  // The previous action's record is durable before the called run can start (the same rule as an action's side effect).
  await run.flush();
  let started;
  try {
    started = await run.calls.start({ konnectorId: step.konnectorId, input: values, stepId: step.id, iteration, mode: step.mode });
  } catch (err) {
    started = { ok: false as const, error: { kind: 'server' as const, message: `The konnector run could not be started yet: ${err instanceof Error ? err.message : String(err)}`, retryable: true } };
  }
  if (!started.ok) {
    const error = failureError(started.error, step, iteration);
    if (error.retryable && run.mode === 'live') {
      const deferred = { ...error, retryAfterMs: 5000 };
      logs.add(`${error.message}; run deferred for 5 s`);
      await run.record({ step, iteration, status: 'failed', input, output: null, error: deferred, logs, attempts: 0, startedAt, durationMs: performance.now() - t0 }, true);
      return { kind: 'deferred', error: deferred, retryAfterMs: 5000 };
    }
    return fail(step, ctx, input, error, startedAt, t0, logs);
  }
  input.runId = started.runId;
  input.konnectorName = started.konnectorName;
  logs.add(`${started.created ? 'started' : 'found the run started earlier:'} run ${started.runId} of "${started.konnectorName}"`);
  if (step.mode === 'fire') return succeed(step, ctx, input, { runId: started.runId }, startedAt, t0, logs);
  const outcome = await run.calls.outcome(started.runId);
  if (outcome.state === 'succeeded') return succeed(step, ctx, input, outcome.output, startedAt, t0, logs);
  if (outcome.state === 'failed') return fail(step, ctx, input, failureError(outcome.error, step, iteration), startedAt, t0, logs);
  return fail(step, ctx, input, stepError('engine', `Konnector "${started.konnectorName}" is still running`, step.id, iteration), startedAt, t0, logs);
};
