/**
 * What each worker process does besides taking jobs:
 * - keeps the runs it holds visibly alive: every HEARTBEAT_MS it touches their `updatedAt` in
 *   Postgres (one statement), so the reconciler can tell a run whose worker died (stale) from one
 *   in progress (or taken and about to be claimed), even when Redis lost the run's job;
 * - announces itself in Redis (id, host, pid, started, jobs in flight, last heartbeat; the key
 *   expires when the process stops beating), which `/api/health?detail=1` lists;
 * - runs the reconciler (reconcile.ts) when it holds the leader lease: at start, every
 *   RECONCILE_EVERY_MS, and at once when Redis comes back after an outage.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Prisma, executeSql } from '@konnect/db';
import { errorMessage } from './errors';
import { perOwner } from './per-owner';
import { dependencyOf, isInfrastructureError } from './infrastructure';
import type { Platform } from './platform';
import { redisKey } from './queues';
import { reconcile, RECONCILE_EVERY_MS, type ReconcileOptions } from './reconcile';
import { flushConnectionUsage } from './connection-usage';

export const HEARTBEAT_MS = 5_000;


/** The run ids this process is executing. */
export const runsInFlight: (p: Platform) => Set<string> = perOwner(() => new Set<string>());

/**
 * Touches the `updatedAt` of the runs this process is executing (one statement), so the reconciler
 * tells them from runs whose executor died. Returns their ids. Every process that executes runs
 * beats: workers (startBackground) and the ingress for the runs it executes itself (run-here.ts).
 */
export async function touchRunsInFlight(p: Platform): Promise<string[]> {
  const ids = [...runsInFlight(p)];
  if (ids.length === 0) return ids;
  const started = Date.now();
  try {
    // Queued ones too: a job taken but not yet claimed (its worker waiting for a workspace slot
    // while Redis is down) must not look orphaned when Redis comes back empty, or the reconciler
    // would enqueue it a second time and two workers would run its actions.
    await executeSql(p.db, Prisma.sql`
      UPDATE "Run" SET "updatedAt" = (now() AT TIME ZONE 'UTC') WHERE "id" = ANY(${ids}::text[]) AND "status" IN ('queued', 'running')`);
    p.deps.up('postgres', started);
  } catch (err) {
    if (isInfrastructureError(err)) p.deps.down('postgres', err, started);
    else p.log.warn(`heartbeat: ${errorMessage(err)}`);
  }
  return ids;
}

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  heartbeatAt: string;
  inFlight: number;
  /**
   * Holds the reconciler lease. Listed: read from the lease itself in the same step as the records,
   * so at most one worker is leader in a listing (a worker's own record says what it believed at its
   * last beat, which lags a lease lost meanwhile).
   */
  leader: boolean;
  /** The last reconciler pass failed with this message (null once a pass succeeds): shown in Settings → Workers. */
  reconcileError: string | null;
}

const workerKey = (p: Platform, id: string) => redisKey(p.queues, 'worker', id);
const leaderKeyOf = (p: Platform) => redisKey(p.queues, 'reconciler', 'leader');

/** Takes the lease when it is free or renews it when this worker holds it, in one atomic step. */
const TAKE_LEASE = `if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
/** Gives the lease up only if this worker still holds it. */
const DROP_LEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Live workers (those that beat within the last few heartbeats). */
export async function listWorkers(p: Platform): Promise<WorkerInfo[]> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, found] = await p.queues.redis.scan(cursor, 'MATCH', workerKey(p, '*'), 'COUNT', 500);
    for (const key of found) keys.add(key);
    cursor = next;
  } while (cursor !== '0');
  if (keys.size === 0) return [];
  // One MGET: the lease holder and the records as of one instant.
  const [holder, ...rows] = await p.queues.redis.mget(leaderKeyOf(p), ...keys);
  return rows
    .flatMap((raw) => {
      try {
        return raw ? [JSON.parse(raw) as WorkerInfo] : [];
      } catch {
        return [];
      }
    })
    .map((info) => ({ ...info, leader: holder !== null && info.id === holder }))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
}

export interface BackgroundOptions {
  /** This process's id (default: host-pid-random). */
  workerId?: string;
  heartbeatMs?: number;
  reconcileEveryMs?: number;
  /** Passed to every reconciler pass (tests scope it to their workspaces). */
  reconcile?: ReconcileOptions;
}

export interface Background {
  workerId: string;
  /** Runs a reconciler pass now if this process leads (tests, and Redis coming back). */
  reconcileNow(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the heartbeat and the reconciler loop of one worker process. */
export function startBackground(p: Platform, opts: BackgroundOptions = {}): Background {
  const workerId = opts.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
  const everyMs = opts.reconcileEveryMs ?? RECONCILE_EVERY_MS;
  const startedAt = new Date().toISOString();
  const leaderKey = leaderKeyOf(p);
  let leader = false;
  let stopped = false;
  let reconciling: Promise<void> | undefined;
  let lastReconcileError = '';

  const beat = async () => {
    const ids = await touchRunsInFlight(p);
    const info: WorkerInfo = { id: workerId, host: hostname(), pid: process.pid, startedAt, heartbeatAt: new Date().toISOString(), inFlight: ids.length, leader, reconcileError: lastReconcileError || null };
    await p.queues.redis.set(workerKey(p, workerId), JSON.stringify(info), 'PX', heartbeatMs * 3).catch((err: unknown) => p.deps.down('redis', err));
    await flushConnectionUsage(p);
  };

  const pass = async () => {
    if (stopped) return;
    const started = Date.now();
    try {
      const ttl = everyMs * 2;
      leader = (await p.queues.redis.eval(TAKE_LEASE, 1, leaderKey, workerId, ttl)) === 1;
      if (!leader) return;
      await reconcile(p, opts.reconcile);
      p.deps.up('postgres', started);
      if (lastReconcileError) p.log.info('reconcile: passes succeed again');
      lastReconcileError = '';
    } catch (err) {
      // An unreachable store: one line per outage (dependencies.ts); the next pass after it tries again.
      if (isInfrastructureError(err)) {
        p.deps.down(dependencyOf(err), err, started);
        return;
      }
      // One line per different failure (an outage fails every pass the same way).
      const message = errorMessage(err);
      if (message !== lastReconcileError) p.log.warn(`reconcile: pass failed, retried in ${Math.round(everyMs / 1000)} s: ${message}`);
      lastReconcileError = message;
    }
  };
  const reconcileNow = () => {
    reconciling ??= pass().finally(() => {
      reconciling = undefined;
    });
    return reconciling;
  };

  const beatTimer = setInterval(() => void beat(), heartbeatMs);
  const reconcileTimer = setInterval(() => void reconcileNow(), everyMs);
  // Redis back after an outage: rebuild what it lost now, not at the next tick.
  const unwatch = p.deps.onBack('redis', () => void reconcileNow());
  void beat();
  void reconcileNow();

  return {
    workerId,
    reconcileNow,
    async stop() {
      stopped = true;
      clearInterval(beatTimer);
      clearInterval(reconcileTimer);
      unwatch();
      await reconciling;
      await flushConnectionUsage(p);
      await p.queues.redis.del(workerKey(p, workerId)).catch(() => 0);
      // Hand over at once instead of after the lease: only if the lease is still ours.
      if (leader) await p.queues.redis.eval(DROP_LEASE, 1, leaderKey, workerId).catch(() => 0);
    },
  };
}
