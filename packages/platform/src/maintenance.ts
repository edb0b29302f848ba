/**
 * Maintenance jobs: event-log retention (finished runs older than N days are deleted in batches,
 * their steps with them), audit-log retention (each workspace's auditRetentionDays) and the
 * security logs' retention (AccountEvent, ACCOUNT_EVENT_RETENTION_DAYS), and expired data-store keys (data-store.ts purgeExpiredStoreEntries). Runs left without a job (a process died between committing a run and
 * enqueueing it, Redis lost its data) are the reconciler's work (reconcile.ts `reviveRuns`); the
 * reconciler also keeps the schedulers below in place.
 */
import type { MaintenanceJob } from './jobs';
import type { Platform } from './platform';

export const DEFAULT_RETENTION_DAYS = 30;

/** The maintenance job schedulers the reconciler keeps in Redis. */
export const MAINTENANCE_SCHEDULERS: Record<string, { task: MaintenanceJob['task']; everyMs: number }> = {
  retention: { task: 'retention', everyMs: 3_600_000 },
};

export interface RetentionOptions {
  days?: number;
  batchSize?: number;
  now?: Date;
  /** Limit to one workspace (default: every workspace). */
  workspaceId?: string;
}

export async function deleteOldRuns(p: Platform, opts: RetentionOptions = {}): Promise<number> {
  const days = opts.days ?? DEFAULT_RETENTION_DAYS;
  const batch = opts.batchSize ?? 1000;
  const cutoff = new Date((opts.now ?? new Date()).getTime() - days * 86_400_000);
  let total = 0;
  for (;;) {
    const deleted = await p.db.$executeRaw`
      DELETE FROM "Run" WHERE "id" IN (
        SELECT "id" FROM "Run"
        WHERE "createdAt" < ${cutoff} AND "status" IN ('succeeded', 'filtered', 'failed', 'partial', 'cancelled')
          AND (${opts.workspaceId ?? null}::text IS NULL OR "workspaceId" = ${opts.workspaceId ?? null})
        LIMIT ${batch})`;
    total += deleted;
    if (deleted < batch) return total;
  }
}

export const DEFAULT_ACCOUNT_EVENT_RETENTION_DAYS = 365;

/** Audit events older than their workspace's `auditRetentionDays`, in batches; returns how many went. */
export async function deleteOldAuditEvents(p: Platform, opts: Omit<RetentionOptions, 'days'> = {}): Promise<number> {
  const batch = opts.batchSize ?? 1000;
  const now = opts.now ?? new Date();
  let total = 0;
  for (;;) {
    const deleted = await p.db.$executeRaw`
      DELETE FROM "AuditEvent" WHERE "id" IN (
        SELECT a."id" FROM "AuditEvent" a JOIN "Workspace" w ON w."id" = a."workspaceId"
        WHERE a."createdAt" + make_interval(days => w."auditRetentionDays") < ${now}
          AND (${opts.workspaceId ?? null}::text IS NULL OR a."workspaceId" = ${opts.workspaceId ?? null})
        LIMIT ${batch})`;
    total += deleted;
    if (deleted < batch) return total;
  }
}

/** Account events (sign-ins, 2FA changes…) older than `days`, in batches. */
export async function deleteOldAccountEvents(p: Platform, opts: Omit<RetentionOptions, 'workspaceId'> = {}): Promise<number> {
  const days = opts.days ?? DEFAULT_ACCOUNT_EVENT_RETENTION_DAYS;
  const batch = opts.batchSize ?? 1000;
  const cutoff = new Date((opts.now ?? new Date()).getTime() - days * 86_400_000);
  let total = 0;
  for (;;) {
    const deleted = await p.db.$executeRaw`
      DELETE FROM "AccountEvent" WHERE "id" IN (SELECT "id" FROM "AccountEvent" WHERE "createdAt" < ${cutoff} LIMIT ${batch})`;
    total += deleted;
    if (deleted < batch) return total;
  }
}
