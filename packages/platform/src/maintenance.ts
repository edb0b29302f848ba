/**
 * Maintenance jobs: event-log retention (finished runs older than N days are deleted in batches,
 * their steps with them) and the stuck-run sweep (a queued or running run whose job is gone —
 * e.g. the process died between committing the run and enqueueing it — is enqueued again).
 */
import type { Platform } from './platform';
import { upsertScheduler } from './queues';
import { enqueueRuns } from './run-create';

export const DEFAULT_RETENTION_DAYS = 30;
export const STUCK_AFTER_MS = 5 * 60_000;

export interface RetentionOptions {
  days?: number;
  batchSize?: number;
  now?: Date;
  /** Limit to one workspace (default: every workspace). */
  workspaceId?: string;
}

export async function deleteOldRuns(p: Platform, opts: RetentionOptions = {}): Promise<number> {
  const days = opts.days ?? DEFAULT_RETENTION_DAYS;
  const batch = opts.batchSize ?? 1000;
  const cutoff = new Date((opts.now ?? new Date()).getTime() - days * 86_400_000);
  let total = 0;
  for (;;) {
    const deleted = await p.db.$executeRaw`
      DELETE FROM "Run" WHERE "id" IN (
        SELECT "id" FROM "Run"
        WHERE "createdAt" < ${cutoff} AND "status" IN ('succeeded', 'filtered', 'failed', 'partial')
          AND (${opts.workspaceId ?? null}::text IS NULL OR "workspaceId" = ${opts.workspaceId ?? null})
        LIMIT ${batch})`;
    total += deleted;
    if (deleted < batch) return total;
  }
}

/** Re-enqueues runs stuck queued/running for longer than `olderThanMs` with no live job. */
export async function sweepStuckRuns(p: Platform, opts: { olderThanMs?: number; limit?: number; now?: Date } = {}): Promise<string[]> {
  const before = new Date((opts.now ?? new Date()).getTime() - (opts.olderThanMs ?? STUCK_AFTER_MS));
  // The status list is literal SQL so that the planner can use the partial index on unfinished
  // runs (it cannot prove that bound parameters match the index's predicate).
  const candidates = await p.db.$queryRaw<{ id: string; workspaceId: string }[]>`
    SELECT "id", "workspaceId" FROM "Run"
    WHERE "status" IN ('queued', 'running') AND "updatedAt" < (${before.toISOString()}::timestamptz AT TIME ZONE 'UTC')
    ORDER BY "updatedAt" ASC
    LIMIT ${opts.limit ?? 500}`;
  const queue = p.queues.queue('run');
  const revived: { id: string; workspaceId: string }[] = [];
  for (const run of candidates) {
    const job = await queue.getJob(run.id);
    const state = job ? await job.getState() : 'missing';
    if (state === 'waiting' || state === 'delayed' || state === 'active' || state === 'prioritized' || state === 'waiting-children') continue;
    if (job) await job.remove().catch(() => undefined);
    revived.push(run);
  }
  for (const run of revived) {
    await p.db.run.updateMany({ where: { id: run.id, workspaceId: run.workspaceId }, data: { updatedAt: new Date() } });
    await enqueueRuns(p.queues, run.workspaceId, [run.id]);
  }
  if (revived.length > 0) p.log.warn(`sweep: re-enqueued ${revived.length} stuck run(s)`);
  return revived.map((r) => r.id);
}

/** The maintenance job schedulers: the sweep every minute, retention every hour. */
export async function scheduleMaintenance(p: Platform, opts: { sweepEveryMs?: number; retentionEveryMs?: number } = {}): Promise<void> {
  await upsertScheduler(p.queues, 'maintenance', 'sweep', { every: opts.sweepEveryMs ?? 60_000 }, { task: 'sweep' });
  await upsertScheduler(p.queues, 'maintenance', 'retention', { every: opts.retentionEveryMs ?? 3_600_000 }, { task: 'retention' });
}
