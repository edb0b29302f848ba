/**
 * Retries on the run path: one owner per layer, one policy.
 *
 * 1. HTTP client (packages/sdk/src/http.ts): sends each request of a step once. The clients of
 *    runs are built with `retry: { retries: 0 }` (ConnectionUse 'steps', connections.ts); a failure
 *    is a ConnectorError carrying the app's Retry-After and whether the app acted on the request
 *    (`unprocessed`: a 429, no connection made, Konnect's own pacing). The client's own bounded
 *    retries serve only trigger polls and samples, idempotent reads with no retry layer above.
 * 2. Engine (packages/engine/src/executors/action.ts): owns step retries. A step's budget comes
 *    from its onError: stop / continue get 2 retries (and up to 5 s of waiting in-process), retry
 *    gets 5 (30 s). Waits are the app's Retry-After, else `backoffDelay` (the SDK's, the one
 *    backoff of every layer). The attempts spent are saved with the step's record, before each
 *    in-process retry and when the run is deferred, and a resumed run counts on from them.
 * 3. Platform deferral (this file): when the engine's next wait does not fit in-process (a long
 *    Retry-After, pacing), the run goes back to `queued` and its job waits that long (at least
 *    MIN_DEFERRAL_MS, at most limits.maxDeferralMs), at most limits.maxDeferrals times; then the
 *    run fails. A deferral grants no new attempts.
 * 4. BullMQ attempts (jobs.ts `run.attempts`, stall recovery in workers.ts): only for crashes and
 *    infrastructure failures (a lost database, a killed worker); the run resumes after its saved
 *    records, with the attempts they hold.
 *
 * So one non-idempotent request (an action's POST, per step and repeater iteration) is sent at
 * most 1 + the step's retries times in one run: 3 for onError stop / continue, 6 for retry,
 * whatever the deferrals. Attempts the app did not act on are not counted (they are bounded by
 * the retries per execution and maxDeferrals), and a worker killed mid-request can add the one
 * send whose outcome it never recorded.
 *
 * The run job: claim the run, execute the remaining steps of its version with the engine (every
 * step recorded through the checkpoint store), then store the final status (`succeeded |
 * filtered | failed | partial`), a one-line summary, the error, `tasks` and finishedAt. A `waiting`
 * outcome (a Delay) stores the run `waiting` with `resumeAt` and its job is delayed until then
 * (run-wait.ts has wake and cancel; the reconciler re-creates a lost job). A
 * `deferred` outcome (the app asked to wait) leaves the run `queued` and tells the caller to put
 * the job back after `retryAfterMs`, at most `maxDeferrals` times. A finished run is never executed
 * again, and a completed step never runs twice (the engine resumes after it).
 *
 * The hot path is two statements for a run whose last action is its last step: the claim (UPDATE
 * … RETURNING, with the rows of the connections the version names; opened connections are kept
 * per process while unchanged) and the finishing UPDATE carrying every step record. Step records
 * wait in the checkpoint store until the next action asks for its connection (`settle`: the
 * previous action's record is durable before another side effect can start), the run ends, or an
 * action's record has waited ACTION_HOLD_MS.
 */
import { execute, type ExecuteResult } from '@konnect/engine';
import type { KonnectorDefinition, StepRecord } from '@konnect/schemas';
import { ConnectorError } from '@konnect/sdk';
import { checkpointStore, type RunCheckpoints } from './checkpoints';
import type { ConnectionResolver } from './connections';
import { noteConnectionUse } from './connection-usage';
import { errorMessage } from './errors';
import { untilReachable } from './infrastructure';
import { allSteps, publishedDefinition } from './definition';
import { PARKED_RECHECK_MS, withWorkspaceSlot } from './fairness';
import type { RunJob } from './jobs';
import { konnectMailService } from './konnect-mail';
import { storeService } from './data-store';
import { callService, wakeCaller } from './subkonnector';
import { resolverFor, type Platform } from './platform';
import { claimRun, finishRun, requeueRun, waitRun, type ClaimedRun, type FinalRunStatus } from './run-claim';
import { runSecrets } from './run-secrets';
import type { Scrubber } from './secrets';
import { markConnectionNeedsAttention } from './trigger-health';
import { noteAlert } from './alert-enqueue';
import { hookResponder, publishHookOutcome } from './hook-respond';

export type { FinalRunStatus } from './run-claim';
export const FINAL_STATUSES: readonly string[] = ['succeeded', 'filtered', 'failed', 'partial', 'cancelled'];

export type RunOutcome =
  | { status: 'finished'; runStatus: FinalRunStatus }
  /** Put the job back after delayMs; `deferrals` is the new count to store on the job. */
  | { status: 'deferred'; delayMs: number; deferrals: number; reason: string }
  /** The run waits (a Delay): its job goes back, delayed until resumeAt (epoch ms); no worker holds it meanwhile. */
  | { status: 'waiting'; resumeAt: number }
  /**
   * The workspace is at its concurrency limit: the run joined its ready set (fairness.ts) and its
   * turn promotes the job; park it (delayed recheckMs, a safety net). Not an attempt.
   */
  | { status: 'parked'; recheckMs: number }
  | { status: 'skipped'; reason: string };

export interface ProcessRunOptions {
  /** The run may have been left `running` (a crash or an error before): parking puts it back to `queued`. Default true. */
  maybeRunning?: boolean;
  /** The run was given its workspace slot a moment ago in this process (run-here.ts): not taken again. */
  slotHeld?: boolean;
}

/** Actions that ran to success: the run's "tasks". */
export function countTasks(steps: readonly StepRecord[]): number {
  return steps.filter((s) => s.type === 'action' && s.status === 'succeeded').length;
}

/**
 * Longest time an action's record waits to be written with the run's final status or the next
 * action's start (whichever comes first) before it is written on its own: a crash after the action
 * but before its record is durable makes it run again, so the wait stays far below a call's time.
 */
export const ACTION_HOLD_MS = 20;

/** Shortest deferral, so a `Retry-After: 0` cannot make the platform spin on a run. */
export const MIN_DEFERRAL_MS = 1000;

/**
 * How long a deferred run's job waits: the wait the engine asked for (the app's Retry-After or
 * the step's backoff) within [MIN_DEFERRAL_MS, maxDeferralMs], plus a spread of up to 20 % (at
 * most 1 s) so runs put back by the same 429 do not all come back in the same instant.
 */
function deferralDelay(p: Platform, retryAfterMs: number | undefined): number {
  const base = Math.min(Math.max(retryAfterMs ?? MIN_DEFERRAL_MS, MIN_DEFERRAL_MS), p.limits.maxDeferralMs);
  return base + Math.floor(Math.random() * Math.min(1000, base * 0.2));
}

export async function processRun(p: Platform, job: RunJob, opts: ProcessRunOptions = {}): Promise<RunOutcome> {
  const held = await withWorkspaceSlot(p, job.workspaceId, job.runId, () => claimAndExecute(p, job), { held: opts.slotHeld === true });
  if (held) return held.value;
  if (opts.maybeRunning ?? true) await requeueRun(p.db, { id: job.runId, workspaceId: job.workspaceId });
  return { status: 'parked', recheckMs: PARKED_RECHECK_MS };
}

async function claimAndExecute(p: Platform, job: RunJob): Promise<RunOutcome> {
  const run = await claimRun(p.db, job.workspaceId, job.runId);
  if (!run) {
    const row = await p.db.run.findFirst({ where: { id: job.runId, workspaceId: job.workspaceId }, select: { status: true } });
    return { status: 'skipped', reason: row ? `the run already ended ${row.status}` : 'the run no longer exists' };
  }
  return executeRun(p, run, job);
}

/**
 * The engine's connection resolver for this run, behind the checkpoint gate: every action attempt
 * asks for its connection before it can call anything, so the held records (the previous action's
 * among them, or this step's attempts so far) are written first. A failed write is a retryable,
 * unprocessed step error (nothing was sent): the engine tries again and, past its budget, defers
 * the run; the action never starts with the previous one unrecorded.
 */
function gated(p: Platform, runId: string, checkpoints: RunCheckpoints, connections: ConnectionResolver): ConnectionResolver {
  return async (connectionId, connectorKey) => {
    try {
      await untilReachable(p.deps, () => checkpoints.settle());
    } catch (err) {
      p.log.warn(`run ${runId}: step records could not be written: ${errorMessage(err)}`);
      throw new ConnectorError({ kind: 'server', message: "Konnect could not record the previous step's result yet; this step waits for it", retryable: true, retryAfterMs: 1000, unprocessed: true });
    }
    return connections(connectionId, connectorKey);
  };
}

async function executeRun(p: Platform, run: ClaimedRun, job: RunJob): Promise<RunOutcome> {
  const definition = await publishedDefinition(p, run.versionId);
  const data = typeof run.trigger === 'object' && run.trigger !== null && !Array.isArray(run.trigger) ? (run.trigger as Record<string, unknown>) : { value: run.trigger };
  const limit = p.limits.fieldLimitBytes;
  // Connection secrets never reach the event log: everything written for this run is scrubbed.
  // 'steps': the clients send each request once; the engine owns the retries (see the top of this file).
  const secrets = await runSecrets(p.registry, definition, resolverFor(p, 'steps', run.workspaceId, run.connections));
  const { scrub } = secrets;
  const fresh = run.prevStartedAt === null && run.replayOfId === null;
  const checkpoints = checkpointStore(p.db, run.id, { fieldLimitBytes: limit, fresh, scrub, holdActionsMs: ACTION_HOLD_MS });
  const answering = definition.trigger.respond !== undefined && run.replayOfId === null;
  const responder = answering ? hookResponder(p, run, fresh) : undefined;
  // Answered in this execution: the caller has its answer, so its end is not announced (hook-respond.ts).
  let answered = false;
  try {
    const result = await execute({
      runId: run.id,
      definition,
      event: { key: run.eventKey, data },
      registry: p.registry,
      connections: gated(p, run.id, checkpoints, secrets.connections),
      checkpoints: {
        load: checkpoints.load,
        save: (record) => {
          secrets.learn(record);
          return checkpoints.save(record);
        },
      },
      mode: 'live',
      // An action's output is scrubbed before later steps see it (and stored as they saw it).
      redactOutput: secrets.redactOutput,
      ...p.engine,
      // The workspace's share of the code sandbox: its code steps cannot stall other workspaces'.
      sandboxOwner: run.workspaceId,
      services: { mail: konnectMailService(p, run.workspaceId), store: storeService(p, run.workspaceId) },
      // Respond to Hook: a caller may be waiting for this run's answer (a replay has none).
      ...(responder
        ? {
            respond: async (answer) => {
              const outcome = await responder(answer);
              answered = true;
              return outcome;
            },
          }
        : {}),
      calls: callService(p, { workspaceId: run.workspaceId, runId: run.id }),
    });
    const outcome = await conclude(p, run, job, { definition, result, checkpoints, scrub });
    if (answering && !answered) noteHookOutcome(p, run.id, outcome, result);
    return outcome;
  } catch (err) {
    // Whatever failed, a held action record must not be lost (the action would run again on retry).
    await checkpoints.settle().catch(() => undefined);
    throw err;
  }
}

/**
 * A caller still waiting on the run hears how it ended (or that it waits) at once: the default answer
 * when no Respond step answered, else a cue to read the stored answer it may have missed (hook-respond.ts).
 */
function noteHookOutcome(p: Platform, runId: string, outcome: RunOutcome, result: ExecuteResult): void {
  // 'waiting' (a Delay) is compared as text: the outcome union gains it with the waiting-runs work.
  const status = outcome.status === 'finished' ? outcome.runStatus : (outcome.status as string) === 'waiting' ? 'waiting' : null;
  if (status) publishHookOutcome(p, runId, status, result.error);
}

/** Step error kinds that say the connection (credentials, the app's server, the network) failed. */
const CONNECTION_FAILURES = new Set(['auth', 'forbidden', 'server', 'network', 'timeout', 'refused']);

/** Each action's connection use, for the connection's status (connection-usage.ts). */
function noteActionUses(p: Platform, workspaceId: string, definition: KonnectorDefinition, result: ExecuteResult, scrub: Scrubber): void {
  let connectionOf: Map<string, string | undefined> | undefined;
  for (const record of result.steps) {
    if (record.type !== 'action' || (record.status !== 'succeeded' && record.status !== 'failed')) continue;
    connectionOf ??= new Map(allSteps(definition.steps).map((s) => [s.id, s.type === 'action' ? s.connectionId : undefined]));
    const connectionId = connectionOf.get(record.stepId);
    if (record.status === 'succeeded') noteConnectionUse(p, workspaceId, connectionId, { ok: true });
    else if (record.error && CONNECTION_FAILURES.has(record.error.kind)) noteConnectionUse(p, workspaceId, connectionId, { ok: false, message: scrub.text(record.error.message) });
  }
}

interface Executed {
  definition: KonnectorDefinition;
  result: ExecuteResult;
  checkpoints: RunCheckpoints;
  scrub: Scrubber;
}

/**
 * The alert engine hears of every failed run, and of a success (or a filtered run: the konnector
 * works) only while its konnector is failing, which the claim told us. `partial` runs (an action
 * with onError: continue failed) are neither: that failure was declared acceptable.
 */
function noteRunOutcome(p: Platform, run: ClaimedRun, status: FinalRunStatus): void {
  // A called run (sub-konnectors) that ended wakes the run waiting for it.
  wakeCaller(p, run);
  if (status === 'failed') noteAlert(p, { type: 'run_failed', workspaceId: run.workspaceId, runId: run.id, konnectorId: run.konnectorId }, { jobId: `fail-${run.id}` });
  else if ((status === 'succeeded' || status === 'filtered') && run.alertFailing) {
    noteAlert(p, { type: 'run_succeeded', workspaceId: run.workspaceId, runId: run.id, konnectorId: run.konnectorId }, { jobId: `ok-${run.id}` });
  }
}

/** Stores the outcome: the final status with the pending step records, or a deferral. */
async function conclude(p: Platform, run: ClaimedRun, job: RunJob, { definition, result, checkpoints, scrub }: Executed): Promise<RunOutcome> {
  const limit = p.limits.fieldLimitBytes;
  noteActionUses(p, run.workspaceId, definition, result, scrub);
  if (result.error && (result.error.kind === 'auth' || result.error.kind === 'forbidden')) {
    const step = allSteps(definition.steps).find((s) => s.id === result.error?.stepId);
    if (step?.type === 'action' && step.connectionId) {
      await checkpoints.settle();
      await markConnectionNeedsAttention(p, run.workspaceId, step.connectionId, scrub.text(result.error.message));
    }
  }

  if (result.status === 'deferred') {
    if (job.deferrals >= p.limits.maxDeferrals) {
      await untilReachable(p.deps, () => finishRun(p.db, run, 'failed', {
        summary: `Failed: gave up after ${job.deferrals} waits — ${result.error?.message ?? result.summary}`,
        error: result.error,
        tasks: countTasks(result.steps),
        checkpoints,
        fieldLimitBytes: limit,
        scrub,
      }));
      noteRunOutcome(p, run, 'failed');
      return { status: 'finished', runStatus: 'failed' };
    }
    await untilReachable(p.deps, () => checkpoints.flush());
    const delayMs = deferralDelay(p, result.retryAfterMs);
    const reason = scrub.text(result.error?.message ?? result.summary);
    await requeueRun(p.db, run, `Waiting ${Math.ceil(delayMs / 1000)} s: ${reason}`);
    return { status: 'deferred', delayMs, deferrals: job.deferrals + 1, reason };
  }

  if (result.status === 'waiting') {
    // Durable: the run row says waiting until resumeAt (the reconciler re-creates a lost job from
    // it); the worker delays the job until then (workers.ts), holding no slot meanwhile.
    const resumeAt = result.resumeAt ?? Date.now();
    const stored = await untilReachable(p.deps, () =>
      waitRun(p.db, run, { resumeAt, summary: result.summary, tasks: countTasks(result.steps), checkpoints, fieldLimitBytes: limit, scrub }),
    );
    if (!stored) return { status: 'skipped', reason: 'the run was cancelled while it ran' };
    return { status: 'waiting', resumeAt };
  }

  const status = result.status;
  await untilReachable(p.deps, () => finishRun(p.db, run, status, { summary: result.summary, error: result.error, tasks: countTasks(result.steps), checkpoints, fieldLimitBytes: limit, scrub }));
  noteRunOutcome(p, run, status);
  return { status: 'finished', runStatus: status };
}
