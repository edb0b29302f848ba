/**
 * Waiting runs (a Delay step; later, a parent waiting for a child run): the run row is `waiting`
 * with `resumeAt` in Postgres, its job (jobId = runId) is delayed in Redis until then, and no
 * worker holds it. Postgres is the truth: the reconciler re-creates the job of a waiting run due
 * soon whose job is gone (reconcile.ts `reviveWaitingRuns`), so a wait survives Redis loss.
 *
 * - `wakeRun`: "Resume now". resumeAt := now, each waiting step record gets `wokenAt` (the Delay
 *   ends when it sees it), and the job runs now (a delayed job is promoted; a missing or ended one
 *   is enqueued again).
 * - `cancelRun`: the run ends `cancelled` (final: the claim refuses it, so it never runs again),
 *   its waiting step records become `skipped`, and its job is removed.
 * Both refuse a run that is not waiting (AppError 'conflict', naming its status).
 */
import { Prisma, queryRows } from '@konnect/db';
import { AppError } from './errors';
import type { Platform } from './platform';
import { enqueueRuns } from './run-create';
import { runJobNow } from './run-job';

export interface RunRef {
  workspaceId: string;
  runId: string;
}

export interface WaitChange {
  runId: string;
  status: 'waiting' | 'cancelled';
  /** ISO; null once cancelled. */
  resumeAt: string | null;
}

async function refuse(p: Platform, ref: RunRef, action: string): Promise<never> {
  const row = await p.db.run.findFirst({ where: { id: ref.runId, workspaceId: ref.workspaceId }, select: { status: true } });
  if (!row) throw new AppError('not_found', `Run ${ref.runId} was not found`);
  throw new AppError('conflict', `Only a waiting run can be ${action}; this run is ${row.status}`);
}

/** Resume now: the run's wait ends at once (see the top of this file). */
export async function wakeRun(p: Platform, ref: RunRef): Promise<WaitChange> {
  const now = new Date();
  const rows = await queryRows<{ id: string }>(p.db, Prisma.sql`
    WITH r AS (
      UPDATE "Run" SET "resumeAt" = (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC')
      WHERE "id" = ${ref.runId} AND "workspaceId" = ${ref.workspaceId} AND "status" = 'waiting'::"RunStatus"
      RETURNING "id"
    ), s AS (
      UPDATE "RunStep" AS s SET "output" = COALESCE(s."output", '{}'::jsonb) || jsonb_build_object('wokenAt', ${now.toISOString()}::text)
      FROM r WHERE s."runId" = r."id" AND s."status" = 'waiting'::"StepStatus"
      RETURNING s."id"
    )
    SELECT "id" FROM r`);
  if (rows.length === 0) return refuse(p, ref, 'resumed');
  await runJobNow(p, ref.runId, () => enqueueRuns(p, ref.workspaceId, [ref.runId]));
  return { runId: ref.runId, status: 'waiting', resumeAt: now.toISOString() };
}

/** Cancels a waiting run for good (see the top of this file). `by` names who, for the summary. */
export async function cancelRun(p: Platform, ref: RunRef & { by?: string }): Promise<WaitChange> {
  const now = new Date().toISOString();
  const who = ref.by ? ` by ${ref.by}` : '';
  const summary = `Cancelled while waiting${who}`.slice(0, 500);
  const line = `cancelled${who} at ${now}`;
  const rows = await queryRows<{ id: string }>(p.db, Prisma.sql`
    WITH r AS (
      UPDATE "Run" SET "status" = 'cancelled'::"RunStatus", "resumeAt" = NULL, "summary" = ${summary},
        "finishedAt" = (now() AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC')
      WHERE "id" = ${ref.runId} AND "workspaceId" = ${ref.workspaceId} AND "status" = 'waiting'::"RunStatus"
      RETURNING "id"
    ), s AS (
      UPDATE "RunStep" AS s SET "status" = 'skipped'::"StepStatus", "logs" = s."logs" || jsonb_build_array(${line}::text)
      FROM r WHERE s."runId" = r."id" AND s."status" = 'waiting'::"StepStatus"
      RETURNING s."id"
    )
    SELECT "id" FROM r`);
  if (rows.length === 0) return refuse(p, { workspaceId: ref.workspaceId, runId: ref.runId }, 'cancelled');
  // A job still there would find the run final and skip it; removing it keeps Redis clean.
  await p.queues.queue('run').remove(ref.runId).catch(() => 0);
  return { runId: ref.runId, status: 'cancelled', resumeAt: null };
}
