/**
 * What the test worker processes (crash-worker.ts, scale-worker.ts) share: a platform from the
 * environment with the Custify and Catch Hook connectors, warmed up (database pool and queries,
 * Redis) so that "ready" means ready to work. Tests only; production workers are apps/worker.
 */
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { createDb, parseKeyring } from '@konnect/db';
import { createRegistry } from '@konnect/sdk';
import { createPlatform } from './platform';
import { createQueues, createRedis } from './queues';
import { processRun } from './run';

export function requiredEnv(entry: string, name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${entry}: ${name} is required`);
    process.exit(2);
  }
  return value;
}

export async function warmWorkerPlatform(entry: string) {
  const db = createDb(requiredEnv(entry, 'DATABASE_URL'), { max: 6 });
  const redis = createRedis(requiredEnv(entry, 'REDIS_URL'));
  const queues = createQueues(redis, requiredEnv(entry, 'REDIS_PREFIX'));
  const platform = createPlatform({
    db,
    queues,
    registry: createRegistry([custify, catchHookConnector]),
    keyring: parseKeyring(requiredEnv(entry, 'KONNECT_ENCRYPTION_KEY')),
    // The fairness test sets the workspace limit and a short slot lease (a killed worker's slots come back sooner).
    limits: {
      workspaceConcurrency: Number(process.env.WORKSPACE_CONCURRENCY ?? 50),
      ...(process.env.WORKSPACE_LEASE_MS ? { workspaceLeaseMs: Number(process.env.WORKSPACE_LEASE_MS) } : {}),
      connectionRate: { perSecond: 1000, burst: 1000 },
    },
    log: { info: () => undefined, warn: () => undefined, error: (m) => console.error(`[worker ${process.pid}] ${m}`) },
  });
  await Promise.all([db.$queryRaw`SELECT 1`, redis.ping()]);
  await processRun(platform, { workspaceId: 'warm-up', runId: 'warm-up', deferrals: 0 });
  const close = async () => {
    await queues.close();
    await redis.quit();
    await db.$disconnect();
  };
  return { platform, close };
}
