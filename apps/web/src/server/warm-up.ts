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
import { listConnections } from './connections/connections';
import { catalogueEntries } from './connectors';
import { listKonnectors } from './konnectors/list';
import { listTemplates } from './konnectors/templates';
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
const NO_ONE = { via: 'session' as const, user: { id: NONE, email: '', name: '' }, sessionId: NONE };

/** A member's scope of a workspace that does not exist: every query finds nothing. */
function nowhere(): WorkspaceScope {
  return { workspaceId: NONE, userId: NONE, role: 'member', db: db(), tenant: scoped(db(), NONE), actor: actorOf(NO_ONE, NO_CLIENT) };
}

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
  await resolveWorkspace(db(), NO_ONE, NONE, 'member').catch(() => undefined);
  await takeTokenOrLocal(redis(), platform().deps, redisKey(queues(), 'rate', 'code', NONE), CODE_RUN_RATE);
  // The audit row of a code run, through the tenant-scoped client: refused by the workspace's foreign key, so nothing is written.
  await recordCodeRun(nowhere(), { ok: true, output: {}, logs: [], durationMs: 0 }).catch(() => undefined);
}

/**
 * The data of the page a user lands on after signing in (the Konnectors library asks for its
 * konnectors, the connections, the catalogue and the templates at once): measured on a fresh
 * server (bench/first-hour.ts with a CPU profile), those first requests held the server's one
 * thread for most of the first "Run code" sent while that page loads — compiling their Prisma
 * queries and building the catalogue's JSON — so they are done here instead, on ids that cannot exist.
 */
async function landingPage(): Promise<void> {
  catalogueEntries();
  listTemplates();
  const ws = nowhere();
  await listKonnectors(ws, {});
  await listConnections(ws);
}

/** Routes a new user's first minute reaches: the landing page's data, then "Run code". */
const FIRST_ROUTES: { path: string; method: 'GET' | 'POST' }[] = [
  { path: '/api/v1/catalogue', method: 'GET' },
  { path: '/api/v1/templates', method: 'GET' },
  { path: `/api/v1/workspaces/${NONE}/konnectors`, method: 'GET' },
  { path: `/api/v1/workspaces/${NONE}/connections`, method: 'GET' },
  { path: `/api/v1/workspaces/${NONE}/code-runs`, method: 'POST' },
];
const SELF_REQUEST_TRIES = 40;
const SELF_REQUEST_RETRY_MS = 50;

/**
 * Once the server answers: a request to each of FIRST_ROUTES through Next.js's own request path
 * and the API wrapper (routing, loading the route's module and manifests, body and origin checks,
 * authentication), each refused as unauthenticated. Only to this server's own address (`next
 * start` sets PORT); it retries while the server is not listening yet, and gives up quietly.
 */
export function selfRequestSoon(): void {
  const port = process.env.PORT;
  if (!port || !/^\d+$/.test(port)) return;
  const origin = `http://127.0.0.1:${port}`;
  const send = async (route: (typeof FIRST_ROUTES)[number]) => {
    const init: RequestInit = route.method === 'POST' ? { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{}' } : { headers: { origin } };
    const res = await fetch(`${origin}${route.path}`, init);
    await res.body?.cancel();
  };
  const run = async () => {
    // The first request also tells when the server listens.
    for (let i = 0; i < SELF_REQUEST_TRIES; i++) {
      try {
        await send(FIRST_ROUTES[0] as (typeof FIRST_ROUTES)[number]);
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, SELF_REQUEST_RETRY_MS).unref());
      }
    }
    for (const route of FIRST_ROUTES.slice(1)) await send(route).catch(() => undefined);
  };
  setTimeout(() => void run().catch(() => undefined), SELF_REQUEST_RETRY_MS).unref();
}

export async function warmUp(): Promise<void> {
  // platform() applies the SANDBOX_* variables before the pool starts.
  platform();
  await Promise.all([
    bounded('code sandbox', sandbox()),
    bounded('the request path (PostgreSQL, Redis, sessions)', requestPath().then(() => bounded('the landing page\'s data', landingPage()))),
  ]);
}
