/**
 * The run row's transitions in single statements (the run job's hot path): claim (queued, running
 * or waiting → running, returning what execution needs, including the rows of the connections its
 * version names), put back (→ queued), wait (→ waiting until resumeAt, with the step records still
 * pending) and finish (→ final status, together with the step records still pending).
 */
import { executeSql, Prisma, queryRows, type Db } from '@konnect/db';
import type { StepError } from '@konnect/schemas';
import { groupCommitPer } from './group-commit';
import { runIdTime } from './run-id';
import { joinStepColumns, stepColumns, stepColumnsUpsertSql, storedError, type RunCheckpoints, type StepColumns } from './checkpoints';
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
  konnectorId: string;
  /** The konnector is in a failing streak (KonnectorAlertState.failingSince): a success ends it (alerts.ts). */
  alertFailing: boolean;
  /** The run's partition key: the statements that follow the claim name its day partition with it. */
  createdAt: Date;
}

/** A run named by id; `createdAt` (exact, as claimed) lets a statement plan on its day partition only. */
export interface RunRef {
  id: string;
  workspaceId: string;
  createdAt?: Date | undefined;
}

/**
 * `AND <alias>."createdAt" = ANY(<times>)` when every time is known, else nothing. The event log is
 * partitioned by day on createdAt (run-partitions.ts): a statement on "Run" by id alone is planned on
 * every day kept (about 40 with 30 days of retention: ~1.8 ms per UPDATE against ~0.16 ms with the
 * day named), so the run path names the days. Only exact times may be given (a claimed run's, or the
 * time its id carries, with a fallback when that misses): a wrong time finds no row.
 */
export function partitionHint(alias: string, times: readonly (Date | null | undefined)[]): Prisma.Sql {
  if (times.length === 0 || times.some((t) => !t)) return Prisma.empty;
  const iso = [...new Set(times.map((t) => (t as Date).toISOString()))];
  return Prisma.sql` AND ${Prisma.raw(`${alias}."createdAt"`)} = ANY(${iso}::timestamp(3)[])`;
}

/**
 * Marks queued/running runs `running` (startedAt set once), returning each with what execution
 * needs, including the connections its version names (every `connectionId` in its definition, in
 * its workspace), so opening them costs no further round trip. Runs missing or already final are
 * not returned. It also says whether the run's konnector is in a failing streak (its alert state,
 * a primary-key probe), so the run path knows without another round trip whether a success must be
 * reported to the alert engine. The rows are locked in id order. The status test is on `status::text` so the
 * partial index of unfinished runs is never the way in: statistics that saw few of them (a new
 * table, a late ANALYZE) would otherwise plan a walk of all of them when a burst arrives.
 */
function claimSql(runs: readonly { id: string; workspaceId: string }[], hint: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH wanted AS (
      SELECT * FROM unnest(${runs.map((r) => r.id)}::text[], ${runs.map((r) => r.workspaceId)}::text[]) AS w(id, workspace_id)
    ), locked AS (
      SELECT r."id", r."startedAt" AS prev FROM "Run" r JOIN wanted w ON r."id" = w.id AND r."workspaceId" = w.workspace_id${hint}
      ORDER BY r."id" FOR UPDATE OF r
    ), claimed AS (
      UPDATE "Run" AS r SET "status" = 'running', "startedAt" = COALESCE(r."startedAt", now() AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC')
      FROM locked p
      WHERE r."id" = p."id" AND r."status"::text IN ('queued', 'running', 'waiting')${hint}
      RETURNING r."id", r."workspaceId", r."konnectorId", r."versionId", r."eventKey", r."trigger", r."replayOfId", p.prev AT TIME ZONE 'UTC' AS "prevStartedAt",
        r."createdAt" AT TIME ZONE 'UTC' AS "createdAt"
    )
    SELECT c.*, EXISTS (SELECT 1 FROM "KonnectorAlertState" a WHERE a."konnectorId" = c."konnectorId" AND a."failingSince" IS NOT NULL) AS "alertFailing", COALESCE((
      SELECT jsonb_agg(jsonb_build_object('id', x."id", 'workspaceId', x."workspaceId", 'connectorKey', x."connectorKey", 'name', x."name",
        'secret', x."secret", 'settings', x."settings"))
      FROM "Connection" x
      WHERE x."workspaceId" = c."workspaceId" AND x."id" IN (
        SELECT jsonb_path_query(v."definition", 'lax $.**.connectionId') #>> '{}' FROM "KonnectorVersion" v WHERE v."id" = c."versionId")
    ), '[]'::jsonb) AS "connections"
    FROM claimed c`;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Claims of one process in the same turn of the event loop share one statement (group-commit.ts). */
const claimTogether = groupCommitPer((db: Db) => ({
  compare: byId,
  many: async (runs: readonly { id: string; workspaceId: string }[]) => {
    // First on the days the ids name (runIdTime); runs whose row is not there (ids without a time,
    // a createdAt set otherwise) or that are final are asked again on every day.
    const timed = runs.map((r) => runIdTime(r.id));
    const hint = partitionHint('r', timed);
    const rows = await queryRows<ClaimedRun>(db, claimSql(runs, hint));
    const claimed = new Map(rows.map((r) => [r.id, r]));
    const missed = hint === Prisma.empty ? [] : runs.filter((r) => !claimed.has(r.id));
    if (missed.length > 0) for (const row of await queryRows<ClaimedRun>(db, claimSql(missed, Prisma.empty))) claimed.set(row.id, row);
    return runs.map((r) => claimed.get(r.id) ?? null);
  },
}));

/**
 * Marks a queued/running/waiting run `running`; null when it is missing or already final (see
 * claimSql). A waiting run's job that comes early (or twice) claims it too: its waiting step finds
 * its time not come and the run waits again (run-wait.ts).
 */
export async function claimRun(db: Db, workspaceId: string, runId: string): Promise<ClaimedRun | null> {
  return claimTogether(db, { id: runId, workspaceId });
}

/** Back to `queued` (throttled or waiting out a Retry-After), with an optional summary. */
export async function requeueRun(db: Db, run: RunRef, summary?: string): Promise<void> {
  await db.run.updateMany({
    where: { id: run.id, workspaceId: run.workspaceId, status: { in: ['queued', 'running'] }, ...(run.createdAt ? { createdAt: run.createdAt } : {}) },
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

interface FinishRow {
  id: string;
  workspaceId: string;
  createdAt: Date | undefined;
  status: FinalRunStatus;
  summary: string;
  error: string | null;
  tasks: number;
  steps: StepColumns;
}

/** The final statuses of several runs with their pending step records, in one statement. */
function finishSql(rows: readonly FinishRow[]): Prisma.Sql {
  const steps = joinStepColumns(rows.map((r) => r.steps));
  return Prisma.sql`WITH steps AS (${stepColumnsUpsertSql(steps)})
    UPDATE "Run" AS r SET "status" = v.status::"RunStatus", "summary" = v.summary, "error" = v.error::jsonb, "tasks" = v.tasks,
      "finishedAt" = (now() AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC'), "resumeAt" = NULL
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.workspaceId)}::text[], ${rows.map((r) => r.status)}::text[],
      ${rows.map((r) => r.summary)}::text[], ${rows.map((r) => r.error)}::text[], ${rows.map((r) => r.tasks)}::int[])
      AS v(id, workspace_id, status, summary, error, tasks)
    WHERE r."id" = v.id AND r."workspaceId" = v.workspace_id${partitionHint('r', rows.map((row) => row.createdAt))}`;
}

/** Runs of one process finishing in the same turn of the event loop share one statement (group-commit.ts). */
const finishTogether = groupCommitPer((db: Db) => ({
  compare: byId,
  many: async (rows: readonly FinishRow[]) => {
    await executeSql(db, finishSql(rows));
    return rows.map(() => undefined);
  },
}));

/** Final status, summary, error and tasks; pending step records are written in the same statement. */
export async function finishRun(db: Db, run: RunRef, status: FinalRunStatus, fields: FinishFields): Promise<void> {
  const pending = (await fields.checkpoints?.pending()) ?? [];
  const { scrub } = fields;
  const summary = (scrub ? scrub.text(fields.summary) : fields.summary).replace(/\s+/g, ' ').trim().slice(0, 500);
  const error = fields.error ? JSON.stringify(storedError(scrub ? scrub.value(fields.error) : fields.error, fields.fieldLimitBytes)) : null;
  await finishTogether(db, { id: run.id, workspaceId: run.workspaceId, createdAt: run.createdAt, status, summary, error, tasks: fields.tasks, steps: stepColumns(run.id, pending, fields.fieldLimitBytes, scrub) });
}

export interface WaitFields {
  /** Epoch ms: when the run's job runs it again. */
  resumeAt: number;
  summary: string;
  tasks: number;
  /** Step records not yet written (the waiting step's among them); written in the same statement. */
  checkpoints?: RunCheckpoints;
  fieldLimitBytes: number;
  scrub?: Scrubber;
}

/**
 * running → waiting until resumeAt, with the pending step records, in one statement. Only a run
 * this execution still holds (`running`) changes: false when it was cancelled meanwhile.
 */
export async function waitRun(db: Db, run: RunRef, fields: WaitFields): Promise<boolean> {
  const pending = (await fields.checkpoints?.pending()) ?? [];
  const { scrub } = fields;
  const summary = (scrub ? scrub.text(fields.summary) : fields.summary).replace(/\s+/g, ' ').trim().slice(0, 500);
  const steps = joinStepColumns([stepColumns(run.id, pending, fields.fieldLimitBytes, scrub)]);
  const rows = await queryRows<{ id: string }>(db, Prisma.sql`WITH steps AS (${stepColumnsUpsertSql(steps)})
    UPDATE "Run" SET "status" = 'waiting'::"RunStatus", "summary" = ${summary}, "tasks" = ${fields.tasks}, "error" = NULL,
      "resumeAt" = (${new Date(fields.resumeAt).toISOString()}::timestamptz AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC')
    WHERE "id" = ${run.id} AND "workspaceId" = ${run.workspaceId} AND "status" = 'running'::"RunStatus"${partitionHint('"Run"', [run.createdAt])}
    RETURNING "id"`);
  return rows.length > 0;
}
