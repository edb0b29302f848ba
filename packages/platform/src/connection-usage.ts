/**
 * A connection's status follows real use, not only the last manual test: polls and runs note each
 * use here (`lastUsedAt`, or `lastFailureAt` with the app's message). Notes are kept in memory and
 * written together every few seconds in one statement, and a connection's successes are written at
 * most once a minute per process, so the run path pays nothing per run. A success newer than the
 * last failure turns a connection that needed attention (or was never tested) back to ok.
 */
import { Prisma, executeSql } from '@konnect/db';
import { errorMessage } from './errors';
import { perOwner } from './per-owner';
import { dependencyOf, isInfrastructureError } from './infrastructure';
import type { Platform } from './platform';

/** How often a connection's successes are written (per process). */
export const USE_WRITE_EVERY_MS = 60_000;
const FLUSH_AFTER_MS = 3_000;

interface Note {
  workspaceId: string;
  usedAt?: Date;
  failedAt?: Date;
  message?: string;
}

interface UsageState {
  pending: Map<string, Note>;
  written: Map<string, number>;
  timer?: NodeJS.Timeout;
  flushing?: Promise<void>;
}

const stateOf = perOwner<Platform, UsageState>(() => ({ pending: new Map(), written: new Map() }));

export type UseOutcome = { ok: true } | { ok: false; message: string };

/** Notes one use of a connection; written within a few seconds (successes at most once a minute). */
export function noteConnectionUse(p: Platform, workspaceId: string, connectionId: string | undefined, outcome: UseOutcome): void {
  if (!connectionId) return;
  const state = stateOf(p);
  const now = Date.now();
  if (outcome.ok) {
    if (now - (state.written.get(connectionId) ?? 0) < USE_WRITE_EVERY_MS) return;
    state.written.set(connectionId, now);
    if (state.written.size > 50_000) state.written.clear();
  }
  const note = state.pending.get(connectionId) ?? { workspaceId };
  if (outcome.ok) note.usedAt = new Date(now);
  else {
    note.failedAt = new Date(now);
    note.message = outcome.message.slice(0, 1000);
  }
  state.pending.set(connectionId, note);
  if (!state.timer) {
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void flushConnectionUsage(p);
    }, FLUSH_AFTER_MS);
    state.timer.unref();
  }
}

/** Writes every pending note now (also called at shutdown and by tests). Never throws. */
export async function flushConnectionUsage(p: Platform): Promise<void> {
  const state = stateOf(p);
  if (state.flushing) await state.flushing;
  if (state.pending.size === 0) return;
  const notes = [...state.pending.entries()];
  state.pending.clear();
  const started = Date.now();
  state.flushing = write(p, notes)
    .catch((err: unknown) => {
      // Kept for the next flush (Postgres may be restarting); newer notes win.
      for (const [id, note] of notes) if (!state.pending.has(id)) state.pending.set(id, note);
      // An unreachable store is logged once per outage (dependencies.ts), not at every flush.
      if (isInfrastructureError(err)) p.deps.down(dependencyOf(err), err, started);
      else p.log.warn(`connection usage not recorded yet: ${errorMessage(err)}`);
    })
    .finally(() => {
      state.flushing = undefined;
    });
  await state.flushing;
}

async function write(p: Platform, notes: [string, Note][]): Promise<void> {
  const iso = (d: Date | undefined) => (d ? d.toISOString() : null);
  await executeSql(p.db, Prisma.sql`
    UPDATE "Connection" c SET
      "lastUsedAt" = COALESCE(u.used AT TIME ZONE 'UTC', c."lastUsedAt"),
      "lastFailureAt" = COALESCE(u.failed AT TIME ZONE 'UTC', c."lastFailureAt"),
      "lastFailureMessage" = COALESCE(u.message, c."lastFailureMessage"),
      "status" = CASE
        WHEN u.used IS NOT NULL AND (c."lastFailureAt" IS NULL OR u.used AT TIME ZONE 'UTC' > c."lastFailureAt") AND u.failed IS NULL THEN 'ok'::"ConnectionStatus"
        ELSE c."status" END,
      "statusMessage" = CASE
        WHEN u.used IS NOT NULL AND c."status" <> 'ok' AND (c."lastFailureAt" IS NULL OR u.used AT TIME ZONE 'UTC' > c."lastFailureAt") AND u.failed IS NULL THEN NULL
        ELSE c."statusMessage" END
    FROM unnest(${notes.map(([id]) => id)}::text[], ${notes.map(([, n]) => n.workspaceId)}::text[],
      ${notes.map(([, n]) => iso(n.usedAt))}::timestamptz[], ${notes.map(([, n]) => iso(n.failedAt))}::timestamptz[],
      ${notes.map(([, n]) => n.message ?? null)}::text[]) AS u(id, workspace_id, used, failed, message)
    WHERE c."id" = u.id AND c."workspaceId" = u.workspace_id`);
}
