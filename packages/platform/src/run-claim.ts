/**
 * The run row's transitions in single statements (the run job's hot path): claim (queued or
 * running → running, returning what execution needs), put back (→ queued), and finish (→ final
 * status, together with the step records still pending).
 */
import { Prisma, type Db } from '@konnect/db';
import type { StepError } from '@konnect/schemas';
import { stepsUpsertSql, storedError, type RunCheckpoints } from './checkpoints';

export interface ClaimedRun {
  id: string;
  workspaceId: string;
  versionId: string;
  eventKey: string;
  trigger: unknown;
  replayOfId: string | null;
  /** Null when this is the run's first execution. */
  prevStartedAt: Date | null;
}

/** Marks a queued/running run `running` (startedAt set once); null when it is missing or already final. */
export async function claimRun(db: Db, workspaceId: string, runId: string): Promise<ClaimedRun | null> {
  const rows = await db.$queryRaw<ClaimedRun[]>`
    UPDATE "Run" AS r SET "status" = 'running', "startedAt" = COALESCE(r."startedAt", now() AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC')
    FROM (SELECT "id", "startedAt" AS prev FROM "Run" WHERE "id" = ${runId} AND "workspaceId" = ${workspaceId} FOR UPDATE) AS p
    WHERE r."id" = p."id" AND r."status" IN ('queued', 'running')
    RETURNING r."id", r."workspaceId", r."versionId", r."eventKey", r."trigger", r."replayOfId", p.prev AS "prevStartedAt"`;
  return rows[0] ?? null;
}

/** Back to `queued` (throttled or waiting out a Retry-After), with an optional summary. */
export async function requeueRun(db: Db, run: { id: string; workspaceId: string }, summary?: string): Promise<void> {
  await db.run.updateMany({
    where: { id: run.id, workspaceId: run.workspaceId, status: { in: ['queued', 'running'] } },
    data: { status: 'queued', ...(summary !== undefined ? { summary: summary.slice(0, 500) } : {}) },
  });
}

export type FinalRunStatus = 'succeeded' | 'filtered' | 'failed' | 'partial';

export interface FinishFields {
  summary: string;
  error?: StepError | undefined;
  tasks: number;
  /** Step records not yet written; written in the same statement. */
  checkpoints?: RunCheckpoints;
  fieldLimitBytes: number;
}

/** Final status, summary, error and tasks; pending step records are written in the same statement. */
export async function finishRun(db: Db, run: { id: string; workspaceId: string }, status: FinalRunStatus, fields: FinishFields): Promise<void> {
  const pending = fields.checkpoints?.pending() ?? [];
  const summary = fields.summary.replace(/\s+/g, ' ').trim().slice(0, 500);
  const error = fields.error ? JSON.stringify(storedError(fields.error, fields.fieldLimitBytes)) : null;
  const steps = pending.length > 0 ? Prisma.sql`WITH steps AS (${stepsUpsertSql(run.id, pending, fields.fieldLimitBytes)}) ` : Prisma.empty;
  await db.$executeRaw`${steps}
    UPDATE "Run" SET "status" = ${status}::"RunStatus", "summary" = ${summary}, "error" = ${error}::jsonb, "tasks" = ${fields.tasks},
      "finishedAt" = (now() AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC')
    WHERE "id" = ${run.id} AND "workspaceId" = ${run.workspaceId}`;
}
