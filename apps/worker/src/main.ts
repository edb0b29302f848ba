/**
 * The worker process: connects to Postgres and Redis, says it is ready, and shuts down cleanly on
 * SIGTERM/SIGINT. The job queues (poll, run, schedule, maintenance) are registered here.
 */
import { Redis } from 'ioredis';
import { createDb } from '@konnect/db';
import { loadWorkerEnv } from './env';

async function main(): Promise<void> {
  let env;
  try {
    env = loadWorkerEnv();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
  const db = createDb(env.DATABASE_URL, { max: 5 });
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
  try {
    await db.$queryRaw`SELECT 1`;
    await redis.connect();
    await redis.ping();
  } catch (err) {
    console.error(`worker: cannot reach ${redis.status === 'ready' ? 'PostgreSQL' : 'Redis or PostgreSQL'}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  console.log(`worker ready (pid ${process.pid}, concurrency ${env.WORKER_CONCURRENCY}, redis prefix "${env.REDIS_PREFIX}")`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`worker: ${signal} received, shutting down`);
    await Promise.allSettled([db.$disconnect(), redis.quit()]);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
