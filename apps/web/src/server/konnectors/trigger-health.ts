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
