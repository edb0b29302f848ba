/**
 * Entry file of the worker processes the scale-out test spawns (and one of which it kills with
 * SIGKILL): a platform from the environment with the Custify and Catch Hook connectors, the real
 * `startWorkers` with the production lock/stall defaults, and `startBackground` (heartbeat and the
 * leader-elected reconciler) with the options in SCALE_BACKGROUND (JSON BackgroundOptions).
 * Prints `ready <pid> <workerId>` once it takes jobs. Not used in production (apps/worker is).
 */
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { createDb, parseKeyring } from '@konnect/db';
import { createRegistry } from '@konnect/sdk';
import { startBackground, type BackgroundOptions } from './heartbeat';
import { createPlatform } from './platform';
import { createQueues, createRedis } from './queues';
import { processRun } from './run';
import { startWorkers } from './workers';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`scale-worker: ${name} is required`);
    process.exit(2);
  }
  return value;
}

const backgroundOptions = JSON.parse(required('SCALE_BACKGROUND')) as BackgroundOptions;
const db = createDb(required('DATABASE_URL'), { max: 6 });
const redis = createRedis(required('REDIS_URL'));
const queues = createQueues(redis, required('REDIS_PREFIX'));
const platform = createPlatform({
  db,
  queues,
  registry: createRegistry([custify, catchHookConnector]),
  keyring: parseKeyring(required('KONNECT_ENCRYPTION_KEY')),
  limits: { workspaceConcurrency: 50, connectionRate: { perSecond: 1000, burst: 1000 } },
  log: { info: () => undefined, warn: () => undefined, error: (m) => console.error(`[worker ${process.pid}] ${m}`) },
});
// Warm up (database pool and queries, Redis) so "ready" means ready to work.
await Promise.all([db.$queryRaw`SELECT 1`, redis.ping()]);
await processRun(platform, { workspaceId: 'warm-up', runId: 'warm-up', deferrals: 0 });
const running = startWorkers(platform, {
  concurrency: { run: Number(process.env.RUN_CONCURRENCY ?? 6), poll: Number(process.env.POLL_CONCURRENCY ?? 2), schedule: 1, maintenance: 1 },
});
const background = startBackground(platform, backgroundOptions);
console.log(`ready ${process.pid} ${background.workerId}`);

process.on('SIGTERM', () => {
  void (async () => {
    await background.stop();
    await running.close(5000);
    await queues.close();
    await redis.quit();
    await db.$disconnect();
    process.exit(0);
  })();
});
