/**
 * Creating runs: one Run per trigger event, `INSERT … ON CONFLICT ("konnectorId","eventKey") DO
 * NOTHING`, so the same event can never create two runs, then one `run` job per new run with
 * `jobId = runId` (enqueueing twice is harmless).
 */
import type { Db } from '@konnect/db';
import type { TriggerEvent } from '@konnect/sdk';
import { groupCommitPer } from './group-commit';
import { runId } from './run-id';
import { enqueueMany, type Queues } from './queues';
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
  return tx.$queryRaw<CreatedRun[]>`
    INSERT INTO "Run" ("id", "workspaceId", "konnectorId", "versionId", "eventKey", "status", "trigger", "replayOfId", "createdAt", "updatedAt")
    SELECT e.id, ${owner.workspaceId}, ${owner.konnectorId}, ${owner.versionId}, e.key, 'queued'::"RunStatus", e.payload::jsonb,
      ${opts.replayOfId ?? null}, (clock_timestamp() AT TIME ZONE 'UTC'), (clock_timestamp() AT TIME ZONE 'UTC')
    FROM unnest(${ids}::text[], ${keys}::text[], ${payloads}::text[]) WITH ORDINALITY AS e(id, key, payload, n)
    ORDER BY e.n
    ON CONFLICT ("konnectorId", "eventKey") DO NOTHING
    RETURNING "id", "eventKey"`;
}

/** One `run` job per run, `jobId = runId`. */
export async function enqueueRuns(queues: Queues, workspaceId: string, runIds: readonly string[]): Promise<void> {
  await enqueueMany(queues, 'run', runJobs(workspaceId, runIds));
}

const runJobs = (workspaceId: string, runIds: readonly string[]) => runIds.map((runId) => ({ data: { workspaceId, runId }, opts: { jobId: runId } }));

/** Calls of enqueueRunsTogether in one turn of the event loop, per Queues: one addBulk (one round trip). */
const enqueueTogether = groupCommitPer((queues: Queues) => ({
  many: async (calls: readonly { workspaceId: string; runIds: readonly string[] }[]) => {
    await enqueueMany(queues, 'run', calls.flatMap((c) => runJobs(c.workspaceId, c.runIds)));
    return calls.map(() => undefined);
  },
}));

/** enqueueRuns, shared with the other callers of the same turn of the event loop (group-commit.ts). */
export function enqueueRunsTogether(queues: Queues, workspaceId: string, runIds: readonly string[]): Promise<undefined> {
  return enqueueTogether(queues, { workspaceId, runIds });
}
