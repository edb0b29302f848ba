/**
 * Start-up warm-up (from instrumentation-node.ts): the work the first request would otherwise pay
 * for. The first "Run code" after a start used to wait for the sandbox threads to start and load
 * QuickJS (and for the database and Redis connections); here they start with the server. Each
 * part is bounded and a failure is only logged: the server still starts, and the first request
 * does the work instead.
 */
import { runCode, warmSandbox } from '@konnect/engine';
import { redisKey, takeTokenOrLocal } from '@konnect/platform';
import { checkSession, sessionStore } from './account/sessions';
import { actorOf, NO_CLIENT } from './audit/actor';
import { recordCodeRun } from './audit/activity';
import { CODE_RUN_RATE } from './builder/code-run';
import { sessionOf } from './session';
import { db, platform, queues, redis } from './services';
import { scoped } from './tenant';
import { resolveWorkspace, type WorkspaceScope } from './workspace-scope';

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

const NONE = '__warm-up__';

/**
 * What every API request does first, on ids that cannot exist: the database client's first model
 * queries load Prisma's query compiler and compile each query's shape (most of a first API request's
 * time, measured by bench/first-hour.ts), the session check (JWT decoder, session store and its
 * Redis cache), the user and membership lookups, the code-run rate limiter's Redis script and the
 * audit insert.
 */
async function requestPath(): Promise<void> {
  await db().$queryRaw`SELECT 1`;
  await sessionOf(new Request('http://localhost/warm-up', { headers: { cookie: 'next-auth.session-token=warm-up' } }));
  await checkSession(sessionStore(), NONE);
  await db().user.findUnique({ where: { id: NONE }, select: { id: true, email: true, name: true } });
  const principal = { via: 'session' as const, user: { id: NONE, email: '', name: '' }, sessionId: NONE };
  await resolveWorkspace(db(), principal, NONE, 'member').catch(() => undefined);
  await takeTokenOrLocal(redis(), platform().deps, redisKey(queues(), 'rate', 'code', NONE), CODE_RUN_RATE);
  // The audit row of a code run, through the tenant-scoped client: refused by the workspace's foreign key, so nothing is written.
  const ws: WorkspaceScope = { workspaceId: NONE, userId: NONE, role: 'member', db: db(), tenant: scoped(db(), NONE), actor: actorOf(principal, NO_CLIENT) };
  await recordCodeRun(ws, { ok: true, output: {}, logs: [], durationMs: 0 }).catch(() => undefined);
}

/**
 * Once the server answers: one request through Next.js's own request path and the API wrapper
 * (routing, the route module, body and origin checks, authentication), refused as unauthenticated.
 * Only to this server's own address (`next start` sets PORT); failures are ignored.
 */
export function selfRequestSoon(): void {
  const port = process.env.PORT;
  if (!port || !/^\d+$/.test(port)) return;
  const origin = `http://127.0.0.1:${port}`;
  const timer = setTimeout(() => {
    void fetch(`${origin}/api/v1/workspaces/${NONE}/code-runs`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{}' })
      .then((res) => res.body?.cancel())
      .catch(() => undefined);
  }, 50);
  timer.unref();
}

export async function warmUp(): Promise<void> {
  // platform() applies the SANDBOX_* variables before the pool starts.
  platform();
  await Promise.all([bounded('code sandbox', sandbox()), bounded('the request path (PostgreSQL, Redis, sessions)', requestPath())]);
}
