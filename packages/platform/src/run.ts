/**
 * The run job: claim the run, execute the remaining steps of its version with the engine (every
 * step recorded through the checkpoint store), then store the final status (`succeeded |
 * filtered | failed | partial`), a one-line summary, the error, `tasks` and finishedAt. A
 * `deferred` outcome (the app asked to wait) leaves the run `queued` and tells the caller to put
 * the job back after `retryAfterMs`, at most `maxDeferrals` times. A finished run is never executed
 * again, and a completed step never runs twice (the engine resumes after it).
 *
 * The hot path is a handful of statements: claim (UPDATE … RETURNING), the connection, one
 * upsert per action (with the pure steps before it), and the finishing UPDATE.
 */
import { execute } from '@konnect/engine';
import type { StepRecord } from '@konnect/schemas';
import { checkpointStore } from './checkpoints';
import { allSteps, publishedDefinition } from './definition';
import { throttleDelayMs, withWorkspaceSlot } from './fairness';
import type { RunJob } from './jobs';
import { resolverFor, type Platform } from './platform';
import { claimRun, finishRun, requeueRun, type ClaimedRun, type FinalRunStatus } from './run-claim';
import { markConnectionNeedsAttention } from './trigger-failure';

export type { FinalRunStatus } from './run-claim';
export const FINAL_STATUSES: readonly string[] = ['succeeded', 'filtered', 'failed', 'partial'];

export type RunOutcome =
  | { status: 'finished'; runStatus: FinalRunStatus }
  /** Put the job back after delayMs; `deferrals` is the new count to store on the job. */
  | { status: 'deferred'; delayMs: number; deferrals: number; reason: string }
  /** The workspace is at its concurrency limit: try again after delayMs (not counted). */
  | { status: 'throttled'; delayMs: number }
  | { status: 'skipped'; reason: string };

export interface ProcessRunOptions {
  /** The run may have been left `running` (a crash or an error before): a throttle puts it back to `queued`. Default true. */
  maybeRunning?: boolean;
}

/** Actions that ran to success: the run's "tasks". */
export function countTasks(steps: readonly StepRecord[]): number {
  return steps.filter((s) => s.type === 'action' && s.status === 'succeeded').length;
}

function deferralDelay(p: Platform, retryAfterMs: number | undefined): number {
  const base = Math.min(Math.max(retryAfterMs ?? 5000, 250), p.limits.maxDeferralMs);
  return base + Math.floor(Math.random() * Math.min(1000, base * 0.2));
}

export async function processRun(p: Platform, job: RunJob, opts: ProcessRunOptions = {}): Promise<RunOutcome> {
  const held = await withWorkspaceSlot(p, job.workspaceId, job.runId, () => claimAndExecute(p, job));
  if (held) return held.value;
  if (opts.maybeRunning ?? true) await requeueRun(p.db, { id: job.runId, workspaceId: job.workspaceId });
  return { status: 'throttled', delayMs: throttleDelayMs() };
}

async function claimAndExecute(p: Platform, job: RunJob): Promise<RunOutcome> {
  const run = await claimRun(p.db, job.workspaceId, job.runId);
  if (!run) {
    const row = await p.db.run.findFirst({ where: { id: job.runId, workspaceId: job.workspaceId }, select: { status: true } });
    return { status: 'skipped', reason: row ? `the run already ended ${row.status}` : 'the run no longer exists' };
  }
  return executeRun(p, run, job);
}

async function executeRun(p: Platform, run: ClaimedRun, job: RunJob): Promise<RunOutcome> {
  const definition = await publishedDefinition(p, run.versionId);
  const data = typeof run.trigger === 'object' && run.trigger !== null && !Array.isArray(run.trigger) ? (run.trigger as Record<string, unknown>) : { value: run.trigger };
  const limit = p.limits.fieldLimitBytes;
  const checkpoints = checkpointStore(p.db, run.id, { fieldLimitBytes: limit, fresh: run.prevStartedAt === null && run.replayOfId === null });
  const result = await execute({
    runId: run.id,
    definition,
    event: { key: run.eventKey, data },
    registry: p.registry,
    connections: resolverFor(p, run.workspaceId),
    checkpoints,
    mode: 'live',
    ...p.engine,
  });

  if (result.error && (result.error.kind === 'auth' || result.error.kind === 'forbidden')) {
    const step = allSteps(definition.steps).find((s) => s.id === result.error?.stepId);
    if (step?.type === 'action' && step.connectionId) {
      await markConnectionNeedsAttention(p, run.workspaceId, step.connectionId, result.error.message);
    }
  }

  if (result.status === 'deferred') {
    if (job.deferrals >= p.limits.maxDeferrals) {
      await finishRun(p.db, run, 'failed', {
        summary: `Failed: gave up after ${job.deferrals} waits — ${result.error?.message ?? result.summary}`,
        error: result.error,
        tasks: countTasks(result.steps),
        checkpoints,
        fieldLimitBytes: limit,
      });
      return { status: 'finished', runStatus: 'failed' };
    }
    await checkpoints.flush();
    const delayMs = deferralDelay(p, result.retryAfterMs);
    await requeueRun(p.db, run, `Waiting ${Math.ceil(delayMs / 1000)} s: ${result.error?.message ?? result.summary}`);
    return { status: 'deferred', delayMs, deferrals: job.deferrals + 1, reason: result.error?.message ?? result.summary };
  }

  await finishRun(p.db, run, result.status, { summary: result.summary, error: result.error, tasks: countTasks(result.steps), checkpoints, fieldLimitBytes: limit });
  return { status: 'finished', runStatus: result.status };
}
