/**
 * Maintenance jobs: event-log retention (finished runs older than N days: whole day partitions
 * dropped, the rest deleted in batches, their steps with them; run-partitions.ts), audit-log retention (each workspace's auditRetentionDays) and the
 * security logs' retention (AccountEvent, ACCOUNT_EVENT_RETENTION_DAYS), and expired data-store keys (data-store.ts purgeExpiredStoreEntries). Runs left without a job (a process died between committing a run and
 * enqueueing it, Redis lost its data) are the reconciler's work (reconcile.ts `reviveRuns`); the
 * reconciler also keeps the schedulers below in place.
 */
import { Prisma } from '@konnect/db';
import type { MaintenanceJob } from './jobs';
import type { Platform } from './platform';
import { dropOldRunPartitions, ensureRunPartitions, trimmedPartitions, type PartitionRetention } from './run-partitions';

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

export interface RunRetention extends PartitionRetention {
  /** Runs deleted row by row (default and legacy partitions, or one workspace's runs). */
  deleted: number;
  /** Day partitions created ahead. */
  created: string[];
}

/**
 * Event-log retention: finished runs older than `days`. Runs are partitioned by day
 * (run-partitions.ts): whole partitions past the horizon are dropped (their unfinished runs kept),
 * the default and legacy partitions are trimmed in batches of DELETEs (their steps, event keys and
 * hook answers go with them: the "Run_deleted" trigger), and the next days' partitions are
 * created. With `workspaceId` (a window for one workspace) only that workspace's rows are deleted,
 * from every partition. A run that has not finished — queued, running or waiting on a Delay — is
 * never deleted.
 */
export async function deleteOldRuns(p: Platform, opts: RetentionOptions = {}): Promise<RunRetention> {
  const days = opts.days ?? DEFAULT_RETENTION_DAYS;
  const batch = opts.batchSize ?? 1000;
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  if (opts.workspaceId) {
    return { deleted: await deleteFinished(p, '"Run"', cutoff, batch, opts.workspaceId), dropped: [], kept: 0, eventKeys: 0, created: [] };
  }
  const created = await ensureRunPartitions(p, { now });
  const partitions = await dropOldRunPartitions(p, cutoff);
  let deleted = 0;
  for (const name of await trimmedPartitions(p, cutoff)) deleted += await deleteFinished(p, `"${name}"`, cutoff, batch);
  return { deleted, created, ...partitions };
}

/** Finished runs older than `cutoff` in `table` (the parent or one partition), in batches. */
async function deleteFinished(p: Platform, table: string, cutoff: Date, batch: number, workspaceId?: string): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await p.db.$executeRaw`
      DELETE FROM ${Prisma.raw(table)} WHERE ("id", "createdAt") IN (
        SELECT "id", "createdAt" FROM ${Prisma.raw(table)}
        WHERE "createdAt" < ${cutoff} AND "status" IN ('succeeded', 'filtered', 'failed', 'partial', 'cancelled')
          AND (${workspaceId ?? null}::text IS NULL OR "workspaceId" = ${workspaceId ?? null})
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
