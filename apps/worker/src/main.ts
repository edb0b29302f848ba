/**
 * The worker process: one process, BullMQ Workers for the poll, run, schedule and maintenance
 * queues, plus a heartbeat and the reconciler (platform heartbeat.ts). Lock/stall settings come from the environment (a killed worker's jobs are taken over
 * within ~lock + stall interval). SIGTERM/SIGINT stop taking jobs, let in-flight ones finish up to
 * SHUTDOWN_TIMEOUT_MS, then release the rest to other workers and exit.
 */
import { registry } from '@konnect/connectors';
import { warmSandbox } from '@konnect/engine';
import { platformFromEnv, startBackground, startWorkers, workerSettingsFromEnv } from '@konnect/platform';
import { loadWorkerEnv, type WorkerEnv } from './env';

async function main(): Promise<void> {
  let env: WorkerEnv;
  try {
    env = loadWorkerEnv();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
  const platform = platformFromEnv(env, { registry, ...(env.KONNECT_TEST_DELAY_SCALE !== undefined ? { engine: { delayScale: env.KONNECT_TEST_DELAY_SCALE } } : {}) });
  const { db, queues } = platform;
  const { redis } = queues;
  try {
    await db.$queryRaw`SELECT 1`;
  } catch (err) {
    console.error(`worker: cannot reach PostgreSQL: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  try {
    await redis.ping();
  } catch (err) {
    console.error(`worker: cannot reach Redis: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }

  await warmSandbox();
  // Alert emails go through the mail queue (SMTP_URL); without a mailer every alert says so, in-app and in Settings → Alerts.
  const running = startWorkers(platform, workerSettingsFromEnv(env), { alerts: { appUrl: env.APP_URL ?? env.NEXTAUTH_URL } });
  // Heartbeat, and the reconciler (leader-elected): Redis is rebuilt from Postgres at start and every 30 s.
  const scope = env.RECONCILE_WORKSPACE_IDS;
  const background = startBackground(platform, scope.length > 0 ? { reconcile: { workspaceIds: scope } } : {});
  console.log(
    `worker ready (${background.workerId}, pid ${process.pid}, run concurrency ${env.WORKER_CONCURRENCY}, poll ${env.POLL_CONCURRENCY}, ` +
      `lock ${env.WORKER_LOCK_MS} ms, stall check ${env.WORKER_STALLED_INTERVAL_MS} ms, redis prefix "${env.REDIS_PREFIX}")`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`worker: ${signal} received, finishing in-flight jobs (up to ${env.SHUTDOWN_TIMEOUT_MS} ms)`);
    const { finished } = await running.close(env.SHUTDOWN_TIMEOUT_MS);
    await background.stop();
    if (!finished) console.log('worker: deadline reached, in-flight jobs released to other workers');
    await Promise.allSettled([queues.close(), db.$disconnect()]);
    await redis.quit().catch(() => undefined);
    console.log('worker: stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
