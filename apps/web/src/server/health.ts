/**
 * `/api/health`: PostgreSQL and Redis, each checked with a short deadline, never throwing; 503
 * names what is down. `?detail=1` (owners and admins of a workspace) adds the live workers (their
 * heartbeats), the reconciler's leader and the queues' depth.
 */
import type { Db } from '@konnect/db';
import { listWorkers, type Platform, type WorkerInfo } from '@konnect/platform';
import type { Redis } from 'ioredis';

export type Check = 'ok' | 'error';

async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Health {
  db: Check;
  redis: Check;
  /** The dependencies that are down ("postgres", "redis"). */
  down: string[];
}

/** Checks both stores with a short deadline each; never throws. */
export async function checkHealth(db: () => Db, redis: () => Redis): Promise<Health> {
  const [d, r] = await Promise.allSettled([within(2000, db().$queryRaw`SELECT 1`), within(2000, redis().ping())]);
  const health: Health = { db: d.status === 'fulfilled' ? 'ok' : 'error', redis: r.status === 'fulfilled' && r.value === 'PONG' ? 'ok' : 'error', down: [] };
  if (health.db !== 'ok') health.down.push('postgres');
  if (health.redis !== 'ok') health.down.push('redis');
  return health;
}

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
}

export interface HealthDetail {
  workers: WorkerInfo[];
  leader: string | null;
  queues: Record<string, QueueDepth>;
}

/** Workers, the reconciler's leader and the queues' depth (Redis must be up). */
export async function healthDetail(p: Platform): Promise<HealthDetail> {
  const workers = await within(3000, listWorkers(p));
  const queues: Record<string, QueueDepth> = {};
  for (const name of ['run', 'poll', 'schedule', 'maintenance'] as const) {
    const counts = await within(3000, p.queues.queue(name).getJobCounts('waiting', 'prioritized', 'active', 'delayed'));
    queues[name] = { waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, delayed: counts.delayed ?? 0 };
  }
  return { workers, leader: workers.find((w) => w.leader)?.id ?? null, queues };
}
