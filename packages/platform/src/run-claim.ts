/**
 * The run row's transitions in single statements (the run job's hot path): claim (queued or
 * running → running, returning what execution needs, including the rows of the connections its
 * version names), put back (→ queued), and finish (→ final status, together with the step
 * records still pending).
 */
import { executeSql, Prisma, queryRows, type Db } from '@konnect/db';
import type { StepError } from '@konnect/schemas';
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

interface FinishRow {
  id: string;
  workspaceId: string;
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
      "finishedAt" = (now() AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC')
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.workspaceId)}::text[], ${rows.map((r) => r.status)}::text[],
      ${rows.map((r) => r.summary)}::text[], ${rows.map((r) => r.error)}::text[], ${rows.map((r) => r.tasks)}::int[])
      AS v(id, workspace_id, status, summary, error, tasks)
    WHERE r."id" = v.id AND r."workspaceId" = v.workspace_id`;
}

/** Most runs one finishing statement carries. */
const MAX_FINISH_BATCH = 64;

interface Waiting {
  row: FinishRow;
  settle(err?: unknown): void;
}

/**
 * Group commit for finishing runs: the runs of one process that end in the same turn of the event
 * loop are written by one statement (one round trip, one plan, one WAL flush) instead of one each.
 * Nothing waits on purpose: a run alone is written at once, as before. If the shared statement
 * fails, each run is written on its own, so one run's bad row cannot fail the others.
 */
class FinishBatcher {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  add(row: FinishRow): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ row, settle: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.waiting.length > 0) void this.write(this.waiting.splice(0, MAX_FINISH_BATCH));
  }

  private async write(batch: Waiting[]): Promise<void> {
    // One order for the rows a statement locks, whatever order the runs ended in.
    batch.sort((a, b) => (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
    try {
      await executeSql(this.db, finishSql(batch.map((w) => w.row)));
      for (const w of batch) w.settle();
    } catch (err) {
      if (batch.length === 1) return batch[0]?.settle(err);
      await Promise.all(batch.map((w) => executeSql(this.db, finishSql([w.row])).then(() => w.settle(), (e: unknown) => w.settle(e ?? err))));
    }
  }
}

const batchers = new WeakMap<Db, FinishBatcher>();

/** Final status, summary, error and tasks; pending step records are written in the same statement. */
export async function finishRun(db: Db, run: { id: string; workspaceId: string }, status: FinalRunStatus, fields: FinishFields): Promise<void> {
  const pending = (await fields.checkpoints?.pending()) ?? [];
  const { scrub } = fields;
  const summary = (scrub ? scrub.text(fields.summary) : fields.summary).replace(/\s+/g, ' ').trim().slice(0, 500);
  const error = fields.error ? JSON.stringify(storedError(scrub ? scrub.value(fields.error) : fields.error, fields.fieldLimitBytes)) : null;
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new FinishBatcher(db);
    batchers.set(db, batcher);
  }
  await batcher.add({ id: run.id, workspaceId: run.workspaceId, status, summary, error, tasks: fields.tasks, steps: stepColumns(run.id, pending, fields.fieldLimitBytes, scrub) });
}
