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

/**
 * How far behind a konnector or a workspace is, from Postgres (the truth): runs waiting to start
 * (`queued`; a Delay's `waiting` runs are not behind, they wait on purpose), runs `running`, the
 * completion rate over the last minute and the expected delay of the next queued run (queued ÷
 * rate). Every count walks a bounded part of an index: queued and running runs through
 * `(workspaceId, status, createdAt)` (at most the queue cap plus the runs in flight, per
 * workspace), recent completions through `(workspaceId, finishedAt)` newest first, at most
 * RATE_SAMPLE of them (a busier workspace's rate is measured over the shorter span they cover).
 */
export interface Backlog {
  queued: number;
  running: number;
  /** Runs finished within the last RATE_WINDOW_MS (or within the span of the last RATE_SAMPLE ones, when shorter). */
  finished: number;
  /** Completions per second over that window; 0 when none. */
  ratePerSecond: number;
  /** When the oldest queued run was created (null: none queued). */
  oldestQueuedAt: Date | null;
  /** queued ÷ rate, in ms: 0 with nothing queued, null ("unknown") when nothing finished lately. */
  expectedDelayMs: number | null;
  /** Worth telling a person: runs queued, the oldest for at least BEHIND_AFTER_MS. */
  behind: boolean;
}

/** The window the completion rate is measured over. */
export const RATE_WINDOW_MS = 60_000;
/** At most this many recent completions are read: the rate of a busier workspace is measured over the span they cover. */
export const RATE_SAMPLE = 2_000;
/** A run queued for less than this is the normal hand-off to a worker, not a backlog. */
export const BEHIND_AFTER_MS = 10_000;

interface BacklogRow {
  queued: number;
  running: number;
  oldestQueuedAt: Date | null;
  finished: number;
  sampled: number;
  sampleFrom: Date | null;
  now: Date;
}

/** Figures for the workspace, or for one of its konnectors (`konnectorId`). */
async function backlogOf(db: Tx, workspaceId: string, konnectorId: string | null): Promise<Backlog> {
  // MATERIALIZED: each set is taken through its workspace index, then filtered by konnector, so a
  // konnector with millions of old runs is never walked through its own (konnectorId, createdAt) index.
  const [row] = await db.$queryRaw<BacklogRow[]>`
    WITH clock AS (SELECT (now() AT TIME ZONE 'UTC') AS now),
    unfinished AS MATERIALIZED (
      SELECT "konnectorId", "status", "createdAt" FROM "Run"
      WHERE "workspaceId" = ${workspaceId} AND "status" IN ('queued'::"RunStatus", 'running'::"RunStatus")
    ),
    recent AS MATERIALIZED (
      SELECT "konnectorId", "finishedAt" FROM "Run"
      WHERE "workspaceId" = ${workspaceId} AND "finishedAt" IS NOT NULL
        AND "finishedAt" >= (SELECT now FROM clock) - make_interval(secs => ${RATE_WINDOW_MS / 1000})
      ORDER BY "finishedAt" DESC LIMIT ${RATE_SAMPLE}
    )
    SELECT
      (SELECT count(*)::int FROM unfinished WHERE "status" = 'queued' AND (${konnectorId}::text IS NULL OR "konnectorId" = ${konnectorId})) AS "queued",
      (SELECT count(*)::int FROM unfinished WHERE "status" = 'running' AND (${konnectorId}::text IS NULL OR "konnectorId" = ${konnectorId})) AS "running",
      (SELECT min("createdAt") FROM unfinished WHERE "status" = 'queued' AND (${konnectorId}::text IS NULL OR "konnectorId" = ${konnectorId})) AS "oldestQueuedAt",
      (SELECT count(*)::int FROM recent WHERE ${konnectorId}::text IS NULL OR "konnectorId" = ${konnectorId}) AS "finished",
      (SELECT count(*)::int FROM recent) AS "sampled",
      (SELECT min("finishedAt") FROM recent) AS "sampleFrom",
      (SELECT now FROM clock) AS "now"`;
  if (!row) throw new Error('The backlog query returned no row'); // a SELECT without FROM always returns one
  return figures(row);
}

function figures(row: BacklogRow): Backlog {
  const now = row.now.getTime();
  // A full sample covers less than the window: the rate is over the span it covers.
  const spanMs = row.sampled >= RATE_SAMPLE && row.sampleFrom ? Math.max(1_000, now - row.sampleFrom.getTime()) : RATE_WINDOW_MS;
  const ratePerSecond = row.finished / (spanMs / 1000);
  const expectedDelayMs = row.queued === 0 ? 0 : ratePerSecond > 0 ? Math.round((row.queued / ratePerSecond) * 1000) : null;
  const behind = row.queued > 0 && row.oldestQueuedAt !== null && now - row.oldestQueuedAt.getTime() >= BEHIND_AFTER_MS;
  return { queued: row.queued, running: row.running, finished: row.finished, ratePerSecond, oldestQueuedAt: row.oldestQueuedAt, expectedDelayMs, behind };
}

export function workspaceBacklog(db: Tx, workspaceId: string): Promise<Backlog> {
  return backlogOf(db, workspaceId, null);
}

/** A konnector's figures; the caller has checked that the konnector is in this workspace. */
export function konnectorBacklog(db: Tx, workspaceId: string, konnectorId: string): Promise<Backlog> {
  return backlogOf(db, workspaceId, konnectorId);
}
