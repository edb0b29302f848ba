/**
 * The Catch Hook ingress process: POST /hooks/<token> and GET /healthz on INGRESS_PORT, with the
 * platform built as the web app builds it (same env shape, limits and Redis settings). SIGTERM or
 * SIGINT: stop accepting, answer the calls in flight (up to SHUTDOWN_TIMEOUT_MS), close the
 * connections, then exit. In production it runs from dist/main.js (build.mjs), not through tsx.
 */
import { Redis } from 'ioredis';
import { registry } from '@konnect/connectors';
import { warmSandbox } from '@konnect/engine';
import { closeHookListener, drainRunsHere, platformFromEnv } from '@konnect/platform';
import { loadIngressEnv, type IngressEnv } from './env';
import { transportSecurityFor } from './headers';
import { createIngress } from './server';

async function main(): Promise<void> {
  let env: IngressEnv;
  try {
    env = loadIngressEnv();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
  // Fails fast like the web app's connection (one retry, 2 s to connect): a call answers instead of waiting for Redis.
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  const platform = platformFromEnv(env, { registry, redis, runsHere: env.INGRESS_RUNS });
  const publicUrl = env.HOOK_PUBLIC_URL ?? env.NEXTAUTH_URL;
  const ingress = createIngress(platform, { transportSecurity: transportSecurityFor(publicUrl) });
  let port: number;
  try {
    port = await ingress.listen(env.INGRESS_PORT, env.INGRESS_HOST);
  } catch (err) {
    console.error(`ingress: cannot listen on ${env.INGRESS_HOST}:${env.INGRESS_PORT}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  // Calls are answered 503 while a dependency is down (and /healthz says which); start-up does not wait for them.
  const [pg, rd] = await Promise.allSettled([platform.db.$queryRaw`SELECT 1`, redis.ping()]);
  if (pg.status === 'rejected') console.warn(`ingress: PostgreSQL does not answer yet (${String(pg.reason)}); hook calls get 503 until it does`);
  if (rd.status === 'rejected') console.warn(`ingress: Redis does not answer yet (${String(rd.reason)}); limits are kept in this process until it does`);
  // Runs executed here may have code steps: the sandbox's threads start now, not on the first call.
  if (env.INGRESS_RUNS > 0) await warmSandbox();
  console.log(`ingress ready on ${env.INGRESS_HOST}:${port} (pid ${process.pid}, runs executed here at once: ${env.INGRESS_RUNS}); hook URLs ${new URL('/hooks/<token>', publicUrl).toString().replace('%3Ctoken%3E', '<token>')}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`ingress: ${signal} received, answering ${ingress.inFlight()} call(s) in flight (up to ${env.SHUTDOWN_TIMEOUT_MS} ms)`);
    const deadline = Date.now() + env.SHUTDOWN_TIMEOUT_MS;
    const { finished } = await ingress.close(env.SHUTDOWN_TIMEOUT_MS);
    if (!finished) console.log('ingress: deadline reached, the calls still in flight were cut off');
    // The runs executing here finish too (a run still going at the deadline resumes on a worker once the reconciler finds it stale).
    const runs = await drainRunsHere(platform, Math.max(0, deadline - Date.now()));
    if (!runs.finished) console.log(`ingress: deadline reached with ${runs.left} run(s) still executing here; a worker resumes them after their last recorded step`);
    await closeHookListener(platform);
    await Promise.allSettled([platform.queues.close(), platform.db.$disconnect()]);
    await redis.quit().catch(() => redis.disconnect());
    console.log('ingress: stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
