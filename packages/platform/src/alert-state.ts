/**
 * A konnector's alert state in Postgres (KonnectorAlertState), changed under its row lock: every
 * alert job of one konnector, on any worker, reads and writes it one at a time, so concurrent
 * failures count exactly and only one of them sends the immediate alert.
 */
import type { Db } from '@konnect/db';
import type { AlertState } from './alert-policy';

interface StateRow {
  failingSince: Date | null;
  consecutiveFailures: number;
  alerted: boolean;
  lastImmediateAt: Date | null;
  lastDigestAt: Date | null;
  pendingCount: number;
  pendingErrors: unknown;
  pendingRunIds: string[] | null;
  digestDueAt: Date | null;
  autoPausedAt: Date | null;
}

function stateOf(row: StateRow): AlertState {
  const errors = typeof row.pendingErrors === 'object' && row.pendingErrors !== null && !Array.isArray(row.pendingErrors) ? (row.pendingErrors as Record<string, number>) : {};
  return { ...row, pendingErrors: errors, pendingRunIds: row.pendingRunIds ?? [] };
}

/**
 * Runs `change` on the konnector's state under its row lock and stores the state it returns.
 * Null when the konnector is gone (or not in this workspace).
 */
export async function withAlertState<R>(db: Db, workspaceId: string, konnectorId: string, change: (s: AlertState) => { next: AlertState; result: R }): Promise<R | null> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "KonnectorAlertState" ("konnectorId", "workspaceId", "updatedAt")
      SELECT k."id", k."workspaceId", now() FROM "Konnector" k WHERE k."id" = ${konnectorId} AND k."workspaceId" = ${workspaceId}
      ON CONFLICT ("konnectorId") DO NOTHING`;
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT "failingSince", "consecutiveFailures", "alerted", "lastImmediateAt", "lastDigestAt", "pendingCount", "pendingErrors",
        "pendingRunIds", "digestDueAt", "autoPausedAt"
      FROM "KonnectorAlertState" WHERE "konnectorId" = ${konnectorId} AND "workspaceId" = ${workspaceId} FOR UPDATE`;
    if (!row) return null;
    const { next, result } = change(stateOf(row));
    await tx.$executeRaw`
      UPDATE "KonnectorAlertState" SET "failingSince" = ${next.failingSince}, "consecutiveFailures" = ${next.consecutiveFailures},
        "alerted" = ${next.alerted}, "lastImmediateAt" = ${next.lastImmediateAt}, "lastDigestAt" = ${next.lastDigestAt},
        "pendingCount" = ${next.pendingCount}, "pendingErrors" = ${JSON.stringify(next.pendingErrors)}::jsonb,
        "pendingRunIds" = ${next.pendingRunIds}::text[], "digestDueAt" = ${next.digestDueAt}, "autoPausedAt" = ${next.autoPausedAt}, "updatedAt" = now()
      WHERE "konnectorId" = ${konnectorId}`;
    return result;
  });
}

export interface DueDigest {
  workspaceId: string;
  konnectorId: string;
  digestDueAt: Date;
}

/** Digests due before `before` (their delayed job should have run): the reconciler re-creates their jobs. */
export async function dueDigests(db: Db, before: Date, workspaceIds?: readonly string[], limit = 1000): Promise<DueDigest[]> {
  return db.$queryRaw<DueDigest[]>`
    SELECT "workspaceId", "konnectorId", "digestDueAt" FROM "KonnectorAlertState"
    WHERE "digestDueAt" IS NOT NULL AND "digestDueAt" < ${before}
      AND (${workspaceIds ? [...workspaceIds] : null}::text[] IS NULL OR "workspaceId" = ANY(${workspaceIds ? [...workspaceIds] : null}::text[]))
    ORDER BY "digestDueAt" LIMIT ${limit}`;
}
