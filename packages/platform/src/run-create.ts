/**
 * Creating runs: one Run per trigger event, `INSERT … ON CONFLICT ("konnectorId","eventKey") DO
 * NOTHING`, so the same event can never create two runs, then one `run` job per new run with
 * `jobId = runId` (enqueueing twice is harmless), as far as its workspace has a free slot; the
 * others wait in the workspace's ready set for one (fairness.ts).
 */
import type { Db } from '@konnect/db';
import type { TriggerEvent } from '@konnect/sdk';
import { groupCommitPer } from './group-commit';
import { runId } from './run-id';
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

/** One `run` job per admitted run, `jobId = runId`; the rest become ready (fairness.ts). */
export async function enqueueRuns(p: Platform, workspaceId: string, runIds: readonly string[]): Promise<void> {
  await enqueueMany(p.queues, 'run', await admitRuns(p, workspaceId, runIds));
}

/**
 * Calls of enqueueRunsTogether in one turn of the event loop, per platform: one admission script
 * per workspace (sent together), then one addBulk (one round trip) for the admitted runs.
 */
const enqueueTogether = groupCommitPer((p: Platform) => ({
  many: async (calls: readonly { workspaceId: string; runIds: readonly string[] }[]) => {
    const byWorkspace = new Map<string, string[]>();
    for (const c of calls) byWorkspace.set(c.workspaceId, [...(byWorkspace.get(c.workspaceId) ?? []), ...c.runIds]);
    const admitted = await Promise.all([...byWorkspace].map(([workspaceId, runIds]) => admitRuns(p, workspaceId, runIds)));
    await enqueueMany(p.queues, 'run', admitted.flat());
    return calls.map(() => undefined);
  },
}));

/** enqueueRuns, shared with the other callers of the same turn of the event loop (group-commit.ts). */
export function enqueueRunsTogether(p: Platform, workspaceId: string, runIds: readonly string[]): Promise<undefined> {
  return enqueueTogether(p, { workspaceId, runIds });
}
