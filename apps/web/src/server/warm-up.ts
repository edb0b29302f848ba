/**
 * Start-up warm-up (from instrumentation-node.ts): the work the first request would otherwise pay
 * for. The first "Run code" after a start used to wait for the sandbox threads to start and load
 * QuickJS (and for the database and Redis connections); here they start with the server. Each
 * part is bounded and a failure is only logged: the server still starts, and the first request
 * does the work instead.
 */
import { warmSandbox } from '@konnect/engine';
import { db, platform, redis } from './services';

const WARM_LIMIT_MS = 10_000;

function bounded(what: string, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.warn(`warm-up: ${what} took longer than ${WARM_LIMIT_MS / 1000} s; continuing without waiting`);
      resolve();
    }, WARM_LIMIT_MS);
    timer.unref();
  });
  const done = work.then(
    () => undefined,
    (err: unknown) => console.warn(`warm-up: ${what} failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  return Promise.race([done, limit]).finally(() => clearTimeout(timer));
}

export async function warmUp(): Promise<void> {
  // platform() applies the SANDBOX_* variables before the pool starts.
  platform();
  await Promise.all([bounded('code sandbox', warmSandbox()), bounded('PostgreSQL', db().$queryRaw`SELECT 1`), bounded('Redis', redis().ping())]);
}
