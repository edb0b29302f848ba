/**
 * The run row's transitions in single statements (the run job's hot path): claim (queued or
 * running → running, returning what execution needs, including the rows of the connections its
 * version names), put back (→ queued), and finish (→ final status, together with the step
 * records still pending).
 */
import { executeSql, Prisma, queryRows, type Db } from '@konnect/db';
import type { StepError } from '@konnect/schemas';
import { stepsUpsertSql, storedError, type RunCheckpoints } from './checkpoints';
import type { ConnectionRow } from './connections';
import type { Scrubber } from './secrets';

export interface ClaimedRun {
  id: string;
  workspaceId: string;
  versionId: string;
  eventKey: string;
  trigger: unknown;
  replayOfId: string | null;
  /** Null when this is the run's first execution. */
  prevStartedAt: Date | null;
  /** The workspace's connections named anywhere in the version's definition (trigger, actions). */
  connections: ConnectionRow[];
}

/**
 * Marks a queued/running run `running` (startedAt set once); null when it is missing or already
 * final. The same statement reads the connections the run's version names (every `connectionId`
 * in its definition, in this workspace), so opening them costs no further round trip.
 *
 * A prepared statement: PostgreSQL plans it once for any run (a generic plan), so every condition
 * on "Run" leaves it one sensible index, the primary key. The status test is on `status::text` so
 * the partial indexes on unfinished runs cannot be chosen: statistics that saw few queued runs
 * would otherwise make a plan that walks all of them when a burst arrives.
 */
export async function claimRun(db: Db, workspaceId: string, runId: string): Promise<ClaimedRun | null> {
  const rows = await queryRows<ClaimedRun>(db, Prisma.sql`
    WITH claimed AS (
      UPDATE "Run" AS r SET "status" = 'running', "startedAt" = COALESCE(r."startedAt", now() AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC')
      FROM (SELECT "startedAt" AS prev FROM "Run" WHERE "id" = ${runId} FOR UPDATE) AS p
      WHERE r."id" = ${runId} AND r."workspaceId" = ${workspaceId} AND r."status"::text IN ('queued', 'running')
      RETURNING r."id", r."workspaceId", r."versionId", r."eventKey", r."trigger", r."replayOfId", p.prev AT TIME ZONE 'UTC' AS "prevStartedAt"
    )
    SELECT c.*, COALESCE((
      SELECT jsonb_agg(jsonb_build_object('id', x."id", 'workspaceId', x."workspaceId", 'connectorKey', x."connectorKey", 'name', x."name",
        'secret', x."secret", 'settings', x."settings"))
      FROM "Connection" x
      WHERE x."workspaceId" = c."workspaceId" AND x."id" IN (
        SELECT jsonb_path_query(v."definition", 'lax $.**.connectionId') #>> '{}' FROM "KonnectorVersion" v WHERE v."id" = c."versionId")
    ), '[]'::jsonb) AS "connections"
    FROM claimed c`, { prepare: true });
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
  /** Secret redaction for the summary, the error and the pending step records. */
  scrub?: Scrubber;
}

/** Final status, summary, error and tasks; pending step records are written in the same statement. */
export async function finishRun(db: Db, run: { id: string; workspaceId: string }, status: FinalRunStatus, fields: FinishFields): Promise<void> {
  const pending = (await fields.checkpoints?.pending()) ?? [];
  const { scrub } = fields;
  const summary = (scrub ? scrub.text(fields.summary) : fields.summary).replace(/\s+/g, ' ').trim().slice(0, 500);
  const error = fields.error ? JSON.stringify(storedError(scrub ? scrub.value(fields.error) : fields.error, fields.fieldLimitBytes)) : null;
  const steps = pending.length > 0 ? Prisma.sql`WITH steps AS (${stepsUpsertSql(run.id, pending, fields.fieldLimitBytes, scrub)}) ` : Prisma.empty;
  await executeSql(db, Prisma.sql`${steps}
    UPDATE "Run" SET "status" = ${status}::"RunStatus", "summary" = ${summary}, "error" = ${error}::jsonb, "tasks" = ${fields.tasks},
      "finishedAt" = (now() AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC')
    WHERE "id" = ${run.id} AND "workspaceId" = ${run.workspaceId}`, { prepare: true });
}
