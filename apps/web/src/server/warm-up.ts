/**
 * Start-up warm-up (from instrumentation-node.ts): the work the first request would otherwise pay
 * for. The first "Run code" after a start used to wait for the sandbox threads to start and load
 * QuickJS (and for the database and Redis connections); here they start with the server. Each
 * part is bounded and a failure is only logged: the server still starts, and the first request
 * does the work instead.
 */
import { runCode, warmSandbox } from '@konnect/engine';
import { sessionOf } from './session';
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

/** Threads started and QuickJS loaded, then one tiny execution (a thread's first run primes its runtime). */
async function sandbox(): Promise<void> {
  await warmSandbox();
  const result = await runCode({ source: 'return { ok: true };', input: {} });
  if (!result.ok) throw new Error(result.error.message);
}

/**
 * The database client's first model query loads Prisma's query compiler (most of a first API
 * request's time, measured by bench/first-hour.ts); these look up ids that cannot exist.
 */
async function database(): Promise<void> {
  const none = '__warm-up__';
  await db().$queryRaw`SELECT 1`;
  await db().user.findUnique({ where: { id: none }, select: { id: true, email: true, name: true } });
  await db().membership.findFirst({ where: { workspaceId: none, userId: none }, select: { role: true } });
}

/** Session checks: the JWT decoder and the session store, with a cookie that is no session. */
async function session(): Promise<void> {
  await sessionOf(new Request('http://localhost/warm-up', { headers: { cookie: 'next-auth.session-token=warm-up' } }));
}

export async function warmUp(): Promise<void> {
  // platform() applies the SANDBOX_* variables before the pool starts.
  platform();
  await Promise.all([bounded('code sandbox', sandbox()), bounded('PostgreSQL', database()), bounded('Redis', redis().ping()), bounded('sessions', session())]);
}
