/**
 * The cap on runs waiting per workspace (`limits.maxQueuedRunsPerWorkspace`): one tenant's flood
 * cannot bury the queue. At the cap, the poll job creates only what fits and leaves its cursor
 * where it was (the next poll picks the rest up, nothing is lost), and the Catch Hook answers 429
 * (the caller keeps the event and sends it again). The count is checked before creating runs, so
 * concurrent producers may overshoot by one batch; the cap is a guard, not an exact quota.
 */
import { AppError } from './errors';
import type { Platform } from './platform';
import type { Tx } from './run-create';

/** How long a caller turned away should wait before sending again. */
export const QUEUE_FULL_RETRY_MS = 30_000;

/** How many more runs the workspace may have queued: 0 at the cap. Counts at most up to the cap. */
export async function queueRoom(p: Platform, db: Tx, workspaceId: string): Promise<number> {
  const cap = p.limits.maxQueuedRunsPerWorkspace;
  const [row] = await db.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS "n" FROM (
      SELECT 1 FROM "Run" WHERE "workspaceId" = ${workspaceId} AND "status" = 'queued'::"RunStatus" LIMIT ${cap}
    ) AS q`;
  return Math.max(0, cap - (row?.n ?? 0));
}

/** Event keys of this konnector that already have a run. */
export async function existingKeys(db: Tx, konnectorId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  // RunEventKey holds the uniqueness a partitioned Run cannot (run-create.ts): one probe per key.
  const rows = await db.$queryRaw<Array<{ eventKey: string }>>`
    SELECT "eventKey" FROM "RunEventKey" WHERE "konnectorId" = ${konnectorId} AND "eventKey" = ANY(${[...keys]}::text[])`;
  return new Set(rows.map((r) => r.eventKey));
}

export function queueFull(p: Platform): AppError {
  return new AppError(
    'rate_limited',
    `Too many queued runs: this workspace already has ${p.limits.maxQueuedRunsPerWorkspace} runs waiting; send this event again later`,
    { retryAfterMs: QUEUE_FULL_RETRY_MS },
  );
}
