/**
 * A konnector's trigger health as the API shows it (packages/platform trigger-health.ts keeps it):
 * `ok`, `retrying` (with the next attempt) or `paused` (with the reason), since when, and the
 * trigger events — one per change of state — that the event log lists beside the runs.
 */
import type { TriggerState } from '@konnect/db';
import type { WorkspaceScope } from '../workspace-scope';
import { notFound } from '../errors';

export interface TriggerHealthDto {
  state: TriggerState;
  /** What the app answered and what to do, in words (null when ok and never failed). */
  reason: string | null;
  /** Since when the trigger is in this state (null: since it was created). */
  since: string | null;
  /** Retrying: when the next attempt is due. */
  nextAttemptAt: string | null;
}

export const triggerHealthSelect = { triggerState: true, triggerReason: true, triggerSince: true, triggerNextAt: true } as const;

/**
 * A polling trigger over a list that cannot sort reads it as one full scan spread across polls
 * (within the connection's page budget): how long the last full scan took is how stale the
 * trigger can be. Null for sorted lists and other triggers, and before the first poll.
 */
export interface TriggerScanDto {
  /** The poll interval, seconds. */
  pollSeconds: number;
  /** The last completed full scan: milliseconds from its first page to its last, polls and pages; null before one completed. */
  lastFullScanMs: number | null;
  lastFullScanPolls: number | null;
  lastFullScanPages: number | null;
  lastFullScanAt: string | null;
  /** The scan under way: the next page to read, and since when (null: it starts with the next poll). */
  page: number;
  startedAt: string | null;
}

const DEFAULT_POLL_SECONDS = 60;
const MIN_POLL_SECONDS = 10;

const countOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
const isoOrNull = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : null);

/** From the stored cursor's `scan` (TriggerCursor.scan) and the published definition's interval. */
export function triggerScan(scan: unknown, definition: unknown): TriggerScanDto | null {
  if (scan === null || typeof scan !== 'object' || Array.isArray(scan)) return null;
  const s = scan as Record<string, unknown>;
  const trigger = definition !== null && typeof definition === 'object' ? (definition as { trigger?: { pollSeconds?: unknown } }).trigger : undefined;
  const declared = typeof trigger?.pollSeconds === 'number' ? trigger.pollSeconds : DEFAULT_POLL_SECONDS;
  return {
    pollSeconds: Math.max(MIN_POLL_SECONDS, declared),
    lastFullScanMs: countOrNull(s.lastFullScanMs),
    lastFullScanPolls: countOrNull(s.lastFullScanPolls),
    lastFullScanPages: countOrNull(s.lastFullScanPages),
    lastFullScanAt: isoOrNull(s.lastFullScanAt),
    page: countOrNull(s.page) ?? 1,
    startedAt: isoOrNull(s.startedAt),
  };
}

interface HealthRow {
  triggerState: TriggerState;
  triggerReason: string | null;
  triggerSince: Date | null;
  triggerNextAt: Date | null;
}

export function triggerHealth(row: HealthRow): TriggerHealthDto {
  return {
    state: row.triggerState,
    reason: row.triggerState === 'ok' ? null : row.triggerReason,
    since: row.triggerSince?.toISOString() ?? null,
    nextAttemptAt: row.triggerState === 'retrying' ? (row.triggerNextAt?.toISOString() ?? null) : null,
  };
}

export interface TriggerEventDto {
  id: string;
  state: TriggerState;
  reason: string;
  at: string;
}

/** The konnector's trigger events, newest first (at most `limit`). */
export async function listTriggerEvents(ws: WorkspaceScope, konnectorId: string, limit = 50): Promise<TriggerEventDto[]> {
  const konnector = await ws.tenant.konnector.findFirst({ where: { id: konnectorId }, select: { id: true } });
  if (!konnector) throw notFound('Konnector');
  const rows = await ws.tenant.triggerEvent.findMany({
    where: { konnectorId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.min(Math.max(limit, 1), 200),
  });
  return rows.map((r) => ({ id: r.id, state: r.state, reason: r.reason, at: r.createdAt.toISOString() }));
}
