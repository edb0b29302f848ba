import type { CallStep, StepError, StepRecord } from '@konnect/schemas';
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

/** What a wait-mode call step's `waiting` record holds as its output. */
interface WaitingOutput {
  /** The timeout (ISO): past it, a called run still going fails the step. */
  resumeAt: string;
  runId: string;
  konnectorName: string;
}

/** A call step waiting for its called run, executed again: the called run woke it, or its timeout came, or a duplicate job. */
async function resume(step: CallStep, ctx: StepContext, saved: StepRecord): Promise<Flow> {
  const { run, iteration } = ctx;
  const startedAt = Date.parse(saved.startedAt) || run.now();
  const t0 = performance.now();
  const logs = new Set(saved.logs);
  const input = (saved.input ?? {}) as CallRecordInput;
  const waiting = (saved.output ?? {}) as Partial<WaitingOutput>;
  const runId = waiting.runId ?? input.runId ?? '';
  const name = waiting.konnectorName ?? input.konnectorName ?? step.konnectorId;
  const timeoutAt = Date.parse(String(waiting.resumeAt));
  const again = (at: number): Flow => {
    run.reuse(saved);
    return { kind: 'waiting', stepId: step.id, resumeAt: at, reason: `Waiting for "${name}" (run ${runId})` };
  };
  if (!run.calls || !runId) return fail(step, ctx, input, stepError('engine', 'The called run of this step is not known', step.id, iteration), startedAt, t0, logs);
  let outcome;
  try {
    outcome = await run.calls.outcome(runId);
  } catch {
    // The called run could not be read (the database is away): look again shortly, the timeout unchanged.
    return again(Math.min(Number.isNaN(timeoutAt) ? run.now() : timeoutAt, run.now() + 5000));
  }
  if (outcome.state === 'succeeded') {
    logs.add(`run ${runId} of "${name}" returned`);
    return succeed(step, ctx, input, outcome.output, startedAt, t0, logs);
  }
  if (outcome.state === 'failed') return fail(step, ctx, input, failureError(outcome.error, step, iteration), startedAt, t0, logs);
  if (Number.isNaN(timeoutAt) || run.now() >= timeoutAt) {
    const error = stepError('timeout', `Konnector "${name}" did not return within ${step.timeoutSeconds} s; its run ${runId} goes on by itself`, step.id, iteration);
    return fail(step, ctx, input, error, startedAt, t0, logs);
  }
  // Woken early, or a duplicate job: the called run is still going, so wait on.
  return again(timeoutAt);
}

/**
 * "Run konnector" (sub-konnectors): renders the mapped inputs and asks the platform to start a run
 * of the called konnector (checked there: same workspace, on, its declared inputs, the call
 * depth). The called run is created once per (run, step, iteration), so a resumed or retried
 * caller never starts a second one.
 *
 * - 'fire': goes on at once with `{ runId }`.
 * - 'wait', live: saves a `waiting` record (`{ resumeAt: <timeout>, runId }`) and the run waits,
 *   holding no worker, until the platform wakes it when the called run ends (or the timeout comes);
 *   executed again, the step takes the called run's Return output, or fails with its error (kind,
 *   which konnector, which step, which run), or past the timeout fails with kind 'timeout'.
 * - 'wait', test mode: the test-run service runs the called konnector at once; its Return output is this step's output.
 *
 * A refusal fails the step with its message (a missing input named); a retryable failure (the
 * database could not be reached) defers a live run.
 */
export const runCallStep: Executor<CallStep> = async (step, ctx) => {
  const { run, scope, iteration } = ctx;
  const saved = run.savedRecord(step.id, iteration);
  if (saved?.status === 'waiting') return resume(step, ctx, saved);
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
  if (run.mode === 'live' && started.created) {
    const resumeAt = startedAt + step.timeoutSeconds * 1000;
    const output: WaitingOutput = { resumeAt: new Date(resumeAt).toISOString(), runId: started.runId, konnectorName: started.konnectorName };
    logs.add(`waiting for its result until ${output.resumeAt} at the latest`);
    // Durable before the run waits: the called run's end finds this record and wakes the run.
    await run.record({ step, iteration, status: 'waiting', input, output, logs, startedAt, durationMs: performance.now() - t0 }, true);
    return { kind: 'waiting', stepId: step.id, resumeAt, reason: `Waiting for "${started.konnectorName}" (run ${started.runId})` };
  }
  // A test run (the called konnector already ran), or a run found from an earlier execution (it may have ended).
  const outcome = await run.calls.outcome(started.runId);
  if (outcome.state === 'succeeded') return succeed(step, ctx, input, outcome.output, startedAt, t0, logs);
  if (outcome.state === 'failed') return fail(step, ctx, input, failureError(outcome.error, step, iteration), startedAt, t0, logs);
  if (run.mode === 'test') return fail(step, ctx, input, stepError('engine', `Konnector "${started.konnectorName}" is still running`, step.id, iteration), startedAt, t0, logs);
  const resumeAt = startedAt + step.timeoutSeconds * 1000;
  const output: WaitingOutput = { resumeAt: new Date(resumeAt).toISOString(), runId: started.runId, konnectorName: started.konnectorName };
  await run.record({ step, iteration, status: 'waiting', input, output, logs, startedAt, durationMs: performance.now() - t0 }, true);
  return { kind: 'waiting', stepId: step.id, resumeAt, reason: `Waiting for "${started.konnectorName}" (run ${started.runId})` };
};
