/**
 * Creating runs: one Run per trigger event, so the same event can never create two runs.
 *
 * Run is partitioned by day on `createdAt`, and a partitioned table's unique keys must contain the
 * partition key: `(konnectorId, eventKey)` is unique in the unpartitioned `RunEventKey` table
 * instead. Every insert of runs is one statement, `runInsertSql`: it claims the event keys
 * (`INSERT … ON CONFLICT DO NOTHING`, which waits for a concurrent claim of the same key to commit
 * or roll back) and inserts a run for each key it got, with the same `createdAt` in both tables.
 * Then one `run` job per new run with `jobId = runId` (enqueueing twice is harmless), as far as its
 * workspace has a free slot; the others wait in the workspace's ready set for one (fairness.ts).
 */
import { Prisma, type Db } from '@konnect/db';
import type { TriggerEvent } from '@konnect/sdk';
import { groupCommitPer } from './group-commit';
import { RUN_ID_TIME_SQL, runId } from './run-id';
import { enqueueMany } from './queues';
import { admitRuns } from './fairness';
import type { Platform } from './platform';
import { limitedJson } from './truncate';

/** Prisma's client or the one inside `$transaction(async (tx) => …)`. */
export type Tx = Pick<Db, '$queryRaw' | '$executeRaw'>;

export interface RunOwner {
  workspaceId: string;
  konnectorId: string;
  versionId: string;
}

export interface CreatedRun {
  id: string;
  eventKey: string;
}

/** Trigger payloads are stored whole up to 1 MB; bigger ones keep a marker with a preview. */
export const TRIGGER_PAYLOAD_LIMIT_BYTES = 1024 * 1024;

/** A run's createdAt is the time its id carries (run-id.ts), so statements naming runs by id can find their partition. */
const RUN_AT = Prisma.raw(RUN_ID_TIME_SQL('src.id'));

/**
 * The one statement that inserts runs. `source` is a SELECT of the new runs with the columns
 * id, workspace_id, konnector_id, version_id, key, payload (JSON text), replay_of_id,
 * parent_run_id, parent_step_id, call_depth and n (the order to insert in). Returns the runs
 * created; an event key that already has a run (or gets one concurrently) makes none.
 */
export function runInsertSql(source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH e AS MATERIALIZED (
      SELECT src.*, COALESCE(${RUN_AT}, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3)) AS at FROM (${source}) AS src
    ), claimed AS (
      INSERT INTO "RunEventKey" ("konnectorId", "eventKey", "runId", "createdAt")
      SELECT e.konnector_id, e.key, e.id, e.at FROM e ORDER BY e.n
      ON CONFLICT ("konnectorId", "eventKey") DO NOTHING
      RETURNING "runId"
    )
    INSERT INTO "Run" ("id", "workspaceId", "konnectorId", "versionId", "eventKey", "status", "trigger", "replayOfId", "parentRunId", "parentStepId",
      "callDepth", "createdAt", "updatedAt")
    SELECT e.id, e.workspace_id, e.konnector_id, e.version_id, e.key, 'queued'::"RunStatus", e.payload::jsonb, e.replay_of_id, e.parent_run_id,
      e.parent_step_id, e.call_depth, e.at, e.at
    FROM e JOIN claimed c ON c."runId" = e.id
    ORDER BY e.n
    RETURNING "id", "eventKey"`;
}

/** Inserts runs for events not seen before; returns the ones created (duplicates are skipped). */
export async function insertRuns(
  tx: Tx,
  owner: RunOwner,
  events: readonly Pick<TriggerEvent, 'key' | 'data'>[],
  opts: { replayOfId?: string } = {},
): Promise<CreatedRun[]> {
  if (events.length === 0) return [];
  // Time-ordered ids: runs sharing a millisecond still list in creation order (createdAt, id).
  const ids = events.map(() => runId());
  const keys = events.map((e) => e.key);
  const payloads = events.map((e) => limitedJson(e.data, TRIGGER_PAYLOAD_LIMIT_BYTES) ?? '{}');
  return tx.$queryRaw<CreatedRun[]>(runInsertSql(Prisma.sql`
    SELECT u.id, ${owner.workspaceId}::text AS workspace_id, ${owner.konnectorId}::text AS konnector_id, ${owner.versionId}::text AS version_id,
      u.key, u.payload, ${opts.replayOfId ?? null}::text AS replay_of_id, NULL::text AS parent_run_id, NULL::text AS parent_step_id, 0 AS call_depth, u.n
    FROM unnest(${ids}::text[], ${keys}::text[], ${payloads}::text[]) WITH ORDINALITY AS u(id, key, payload, n)`));
}

/** The runs that hold these event keys of a konnector (whatever created them), by event key. */
export async function runsByEventKey(db: Tx, konnectorId: string, keys: readonly string[]): Promise<Map<string, { id: string; status: string }>> {
  if (keys.length === 0) return new Map();
  // Through RunEventKey: one index probe per key, then the run in its own partition.
  const rows = await db.$queryRaw<Array<{ eventKey: string; id: string; status: string }>>`
    SELECT k."eventKey", r."id", r."status"::text AS "status"
    FROM "RunEventKey" k JOIN "Run" r ON r."id" = k."runId" AND r."createdAt" = k."createdAt"
    WHERE k."konnectorId" = ${konnectorId} AND k."eventKey" = ANY(${[...keys]}::text[])`;
  return new Map(rows.map((r) => [r.eventKey, { id: r.id, status: r.status }]));
}

/** One `run` job per admitted run, `jobId = runId`; the rest become ready (fairness.ts). */
export async function enqueueRuns(p: Platform, workspaceId: string, runIds: readonly string[]): Promise<void> {
  await enqueueMany(p.queues, 'run', await admitRuns(p, workspaceId, runIds));
}

/** Takes an admitted run to execute it in this process (run-here.ts); false: it gets its job as usual. */
export type TakeHere = (workspaceId: string, runId: string) => boolean;

interface TogetherCall {
  workspaceId: string;
  runIds: readonly string[];
  here?: TakeHere | undefined;
}

/**
 * Calls of enqueueRunsTogether in one turn of the event loop, per platform: one admission script
 * per workspace (sent together), then one addBulk (one round trip) for the admitted runs that a
 * call's `here` did not take.
 */
const enqueueTogether = groupCommitPer((p: Platform) => ({
  many: async (calls: readonly TogetherCall[]) => {
    const byWorkspace = new Map<string, string[]>();
    const hereOf = new Map<string, TakeHere>();
    for (const c of calls) {
      byWorkspace.set(c.workspaceId, [...(byWorkspace.get(c.workspaceId) ?? []), ...c.runIds]);
      if (c.here) for (const id of c.runIds) hereOf.set(id, c.here);
    }
    const admitted = await Promise.all([...byWorkspace].map(([workspaceId, runIds]) => admitRuns(p, workspaceId, runIds)));
    const here = new Set<string>();
    const jobs = admitted.flat().filter((job) => {
      const taken = hereOf.get(job.data.runId)?.(job.data.workspaceId, job.data.runId) === true;
      if (taken) here.add(job.data.runId);
      return !taken;
    });
    await enqueueMany(p.queues, 'run', jobs);
    return calls.map((c) => new Set(c.runIds.filter((id) => here.has(id))));
  },
}));

/**
 * enqueueRuns, shared with the other callers of the same turn of the event loop (group-commit.ts);
 * `here` may take admitted runs. Returns the runs `here` took.
 */
export function enqueueRunsTogether(p: Platform, workspaceId: string, runIds: readonly string[], here?: TakeHere): Promise<ReadonlySet<string>> {
  return enqueueTogether(p, { workspaceId, runIds, here });
}
