/**
 * The real webhook path, measured the way ../shared/bench/peer-n8n measures n8n (issue 19), so the
 * two tables compare. It starts the product as a user does — the production web build (`next
 * start`), N worker processes and, with `--via ingress`, the hook ingress (apps/ingress), each with
 * its own `start` script — on a scratch database (created, migrated, dropped at the end unless
 * BENCH_KEEP_DB=1), its own Redis server (or `--redis-url` with a prefix of its own) and ports in
 * 4600–4699. A user signs up, signs in, makes an API token and builds over `/api/v1`:
 *   A: Catch Hook → set id, name, score (3 Formatter steps; `--set code`: one code step)
 *   B: Catch Hook → filter score > 5 → code (n8n's Code node) → HTTP POST JSON to a local stub
 * Each shape: 5 s warm-up at c=10, then per concurrency `wrk -t1 -cC -dDs --timeout 10s --latency`
 * with the harness's body (webhook-path.lua), then it waits until every accepted hook's run has
 * finished and prints, per cell: req/s, answer p50/p99, 202/429/other answers, runs completed/s
 * (first hook → last run finished), hook → finished p50/p99 (Run.createdAt → finishedAt), drain,
 * CPU per process (from /proc), Redis commands and PostgreSQL transactions per run, and the
 * reconciliation: 202 answers vs runs created vs runs succeeded vs stub POSTs. A cell where a run is
 * lost or duplicated, a run fails, or an answer is an error (5xx, 404, socket errors) fails the
 * bench (exit 1) after printing what broke. 429s (hook rate limits) are counted, not failures: each
 * konnector asks for `--hook-rate` calls/s (default 10000, the most a konnector may set; 0 keeps the
 * product's defaults) and the instance's hook caps are raised to match unless the environment sets them.
 *
 * Run (Postgres up; `pnpm --filter @konnect/web build` first):
 * `--rate R` replaces wrk by an open-loop load of R calls a second (webhook-path-measure.ts runFixedRate):
 * below the rate the path completes, hook → finished p50/p99 is the latency of a load it sustains.
 *
 *   cd bench && npx tsx webhook-path.ts [--duration 30] [--conc "10 50"] [--shapes "a b"] [--workers 1] [--rate R]
 *     [--hooks 1] [--via web|ingress] [--hook-base URL] [--set formatter|code] [--warmup 5]
 *     [--drain-timeout 900] [--redis-url URL] [--hook-rate 10000]
 * Worker and web settings pass through the environment (e.g. WORKER_CONCURRENCY=10). Figures go to
 * stdout and to bench/results/webhook-path-<time>.{json,md} (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { DEFAULT_DATABASE_URL, createDb, dropDatabase, ensureDatabase, generateKeySpec, migrateDeploy } from '@konnect/db';
import { createShape, signUpWithToken } from './webhook-path-api';
import { cellLine, measureCell, type CellSetup } from './webhook-path-cell';
import { runWrk, waitForDrain } from './webhook-path-measure';
import { freePort, startCommand, startService, stopAll, type CpuGroups, type Service } from './webhook-path-procs';
import { markdownTable, type Cell } from './webhook-path-report';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const PORTS = { from: 4600, to: 4699 };

/** A space- or comma-separated list option, each item parsed by `item`. */
const list = <T>(what: string, item: z.ZodType<T>) =>
  z.string().transform((s, ctx): T[] => {
    const parsed = s.split(/[\s,]+/).filter(Boolean).map((i) => item.safeParse(i));
    const items = parsed.flatMap((p) => (p.success ? [p.data] : []));
    if (items.length === 0 || items.length < parsed.length) {
      ctx.addIssue({ code: 'custom', message: `${what}: got "${s}"` });
      return z.NEVER;
    }
    return items;
  });

const Options = z.object({
  duration: z.coerce.number({ error: '--duration: seconds' }).int('--duration: whole seconds').min(1, '--duration: at least 1 s').max(3600),
  conc: list('--conc: concurrencies such as "10 50"', z.coerce.number().int().min(1).max(1000)),
  shapes: list('--shapes: "a", "b" or "a b"', z.enum(['a', 'b'])),
  workers: z.coerce.number().int('--workers: a whole number').min(1, '--workers: 1 to 8').max(8, '--workers: 1 to 8'),
  hooks: z.coerce.number().int('--hooks: a whole number').min(1, '--hooks: 1 to 200').max(200, '--hooks: 1 to 200'),
  via: z.enum(['web', 'ingress'], { error: '--via: web or ingress' }),
  'hook-base': z.url({ error: '--hook-base: a URL such as http://127.0.0.1:4610' }).optional(),
  set: z.enum(['formatter', 'code'], { error: '--set: formatter or code' }),
  warmup: z.coerce.number().int().min(0, '--warmup: 0 or more seconds').max(600),
  'drain-timeout': z.coerce.number().int().min(10, '--drain-timeout: at least 10 s').max(86_400),
  'redis-url': z.url({ error: '--redis-url: a redis:// URL' }).optional(),
  'hook-rate': z.coerce.number().int('--hook-rate: whole calls per second').min(0, '--hook-rate: 0 (the product\'s defaults) to 10000').max(10_000, '--hook-rate: at most 10000'),
  rate: z.coerce.number().int('--rate: whole calls per second').min(1, '--rate: 1 to 5000').max(5000, '--rate: 1 to 5000').optional(),
});
type Options = z.infer<typeof Options>;

function options(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '30' },
      conc: { type: 'string', default: '10 50' },
      shapes: { type: 'string', default: 'a b' },
      workers: { type: 'string', default: '1' },
      hooks: { type: 'string', default: '1' },
      via: { type: 'string', default: 'web' },
      'hook-base': { type: 'string' },
      set: { type: 'string', default: 'formatter' },
      warmup: { type: 'string', default: '5' },
      'drain-timeout': { type: 'string', default: '900' },
      'redis-url': { type: 'string' },
      'hook-rate': { type: 'string', default: '10000' },
      rate: { type: 'string' },
    },
  });
  const parsed = Options.safeParse(values);
  if (!parsed.success) throw new Error(`bad option: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

const httpOk = (url: string) => async () => (await fetch(url).catch(() => null))?.ok === true;

async function main(): Promise<number> {
  const opt = options();
  const hookRate = opt['hook-rate'] > 0 ? opt['hook-rate'] : null;
  const webDir = path.join(root, 'apps/web');
  const ingressDir = path.join(root, 'apps/ingress');
  if (!existsSync(path.join(webDir, '.next/BUILD_ID'))) throw new Error('No production build of the web app: run `pnpm --filter @konnect/web build` first');
  if (opt.via === 'ingress' && !existsSync(path.join(ingressDir, 'package.json'))) throw new Error('--via ingress: apps/ingress does not exist in this tree');
  const startLoad = loadavg();

  const taken = new Set<number>();
  const suffix = randomBytes(4).toString('hex');
  const dbUrl = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  dbUrl.pathname = `/konnect_bench_webhook_${suffix}`;
  const dbName = dbUrl.pathname.slice(1);
  const databaseUrl = dbUrl.toString();
  const prefix = `kbench-webhook-${suffix}`;
  const services: Service[] = [];
  let redisUrl = opt['redis-url'];
  let db: ReturnType<typeof createDb> | undefined;
  let redis: Redis | undefined;
  try {
    await ensureDatabase(databaseUrl);
    await migrateDeploy(databaseUrl);
    db = createDb(databaseUrl, { max: 2 });

    if (!redisUrl) {
      // A Redis of its own: INFO commandstats and its CPU are then the bench's alone on a shared machine.
      const port = await freePort(PORTS.from, PORTS.to, taken);
      const cmd = { cmd: 'redis-server', args: ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'] };
      services.push(await startService('redis', here, cmd, process.env, async (out) => out.includes('Ready to accept connections')));
      redisUrl = `redis://127.0.0.1:${port}`;
    }
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });

    const stubPort = await freePort(PORTS.from, PORTS.to, taken);
    const stubUrl = `http://127.0.0.1:${stubPort}`;
    const stub = await startService('stub', here, { cmd: process.execPath, args: [path.join(here, 'webhook-path-stub.mjs'), String(stubPort)] }, process.env, httpOk(`${stubUrl}/stats`));
    services.push(stub);
    const stubPosts = async () => z.object({ posts: z.number() }).parse(await (await fetch(`${stubUrl}/stats`)).json()).posts;

    const webPort = await freePort(PORTS.from, PORTS.to, taken);
    const webBase = `http://127.0.0.1:${webPort}`;
    const ingressPort = opt.via === 'ingress' ? await freePort(PORTS.from, PORTS.to, taken) : null;
    const ingressBase = ingressPort ? `http://127.0.0.1:${ingressPort}` : null;
    const env: Record<string, string | undefined> = {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      NEXTAUTH_URL: webBase,
      NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
      KONNECT_ENCRYPTION_KEY: generateKeySpec('bench'),
      // B's HTTP POST goes to the stub on loopback, which the outbound guard refuses unless allowed.
      OUTBOUND_ALLOW_HOSTS: [process.env.OUTBOUND_ALLOW_HOSTS, `127.0.0.1:${stubPort}`].filter(Boolean).join(','),
      // No mailer: the new account counts as verified (README "Accounts").
      SMTP_URL: undefined,
      // The instance's hook caps (per hook, per workspace) at least the per-konnector limit asked
      // for, unless set in the environment; --hook-rate 0 keeps every product default.
      ...(hookRate ? instanceHookCaps(hookRate) : {}),
      // With the ingress, the app shows hook URLs on it, as a deployment behind one would.
      ...(ingressBase ? { HOOK_PUBLIC_URL: ingressBase } : {}),
    };
    // Each app's build must be newer than its sources and the workspace packages it bundles.
    const sourcesOf = (appDir: string) => ({ sources: [path.join(appDir, 'src'), path.join(root, 'packages')] });
    const webCmd = startCommand(webDir, { ...env, PORT: String(webPort) }, sourcesOf(webDir));
    services.push(await startService('web', webDir, webCmd, { ...env, ...webCmd.env, PORT: String(webPort) }, httpOk(`${webBase}/api/health`)));
    const workerDir = path.join(root, 'apps/worker');
    const workerCmd = startCommand(workerDir, env, sourcesOf(workerDir));
    for (let i = 1; i <= opt.workers; i++) {
      services.push(await startService(`worker${i}`, workerDir, workerCmd, { ...env, ...workerCmd.env }, async (out) => out.includes('worker ready')));
    }
    if (ingressBase) {
      const ingressEnv = { ...env, INGRESS_PORT: String(ingressPort), INGRESS_HOST: '127.0.0.1' };
      const ingressCmd = startCommand(ingressDir, ingressEnv, sourcesOf(ingressDir));
      // INGRESS_NODE_ARGS: node options for the ingress only (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it).
      ingressCmd.args.unshift(...(process.env.INGRESS_NODE_ARGS ?? '').split(/\s+/).filter(Boolean));
      services.push(await startService('ingress', ingressDir, ingressCmd, { ...ingressEnv, ...ingressCmd.env }, httpOk(`${ingressBase}/healthz`)));
    }
    const hookBase = opt['hook-base'] ?? ingressBase ?? webBase;

    const stillRunning = () => {
      const gone = services.find((s) => s.child.exitCode !== null || s.child.signalCode !== null);
      if (gone) throw new Error(`${gone.name} exited (${gone.child.signalCode ?? gone.child.exitCode}) during the bench`);
    };
    const { api, workspaceId } = await signUpWithToken(webBase);
    const pid = (name: string) => services.filter((s) => s.name.startsWith(name)).map((s) => s.child.pid ?? 0);
    const groups: CpuGroups = {
      web: { roots: pid('web') },
      ...(opt.via === 'ingress' ? { ingress: { roots: pid('ingress') } } : {}),
      worker: { roots: pid('worker') },
      postgres: { postgresDatabase: dbName },
      ...(opt['redis-url'] ? {} : { redis: { roots: pid('redis') } }),
      stub: { roots: pid('stub') },
    };

    console.log(
      `webhook-path bench: ${opt.shapes.map((s) => s.toUpperCase()).join(', ')} at c=${opt.conc.join(', ')} for ${opt.duration} s each (warm-up ${opt.warmup} s at c=10), ` +
        `${opt.hooks} konnector${opt.hooks > 1 ? 's' : ''} per shape, hooks via ${opt.via} (${hookBase}), ${opt.workers} worker process${opt.workers > 1 ? 'es' : ''} (${path.basename(workerCmd.cmd)} ${workerCmd.args.join(' ')}), ` +
        `A as ${opt.set}; WORKER_CONCURRENCY=${process.env.WORKER_CONCURRENCY ?? 'default'}, WORKSPACE_CONCURRENCY=${process.env.WORKSPACE_CONCURRENCY ?? 'default'}; load average at start ${startLoad.map((l) => l.toFixed(2)).join(' ')}`,
    );

    const cellSetup: CellSetup = { db, redis, groups, stubPosts, stillRunning, durationS: opt.duration, drainTimeoutS: opt['drain-timeout'], style: opt.set, ...(opt.rate ? { rate: opt.rate } : {}) };
    if (opt.rate) console.log(`  open-loop load: ${opt.rate} calls/s from this process (--rate), instead of wrk's closed loop; the conc column is not used`);
    const cells: Cell[] = [];
    for (const shape of opt.shapes) {
      const made = await createShape(api, workspaceId, shape, opt.hooks, { style: opt.set, stubUrl, hookRate });
      console.log(
        `  ${shape.toUpperCase()}: hook rate limit ${hookRate === null ? "the product's default" : made.hookRateKept ? `${hookRate}/s per konnector (trigger.rateLimit)` : `NOT settable in this build (${hookRate}/s asked): the product's default applies`}`,
      );
      const urls = made.tokens.map((t) => `${hookBase}/hooks/${encodeURIComponent(t)}`);
      await firstRunWorks(urls[0] ?? '', db, made.ids);
      if (opt.warmup > 0) {
        await runWrk(urls, 10, opt.warmup);
        await waitForDrain(db, made.ids, opt['drain-timeout'], stillRunning);
      }
      for (const concurrency of opt.conc) {
        const cell = await measureCell(cellSetup, shape, { ids: made.ids, urls }, concurrency);
        cells.push(cell);
        console.log(cellLine(cell));
      }
    }

    const endLoad = loadavg();
    const table = markdownTable(cells);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const outDir = path.join(here, 'results');
    mkdirSync(outDir, { recursive: true });
    const meta = {
      at: new Date().toISOString(),
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
      node: process.version,
      options: opt,
      worker: `${path.basename(workerCmd.cmd)} ${workerCmd.args.join(' ')}`,
      env: { WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? null, WORKSPACE_CONCURRENCY: process.env.WORKSPACE_CONCURRENCY ?? null, ...(hookRate ? instanceHookCaps(hookRate) : {}) },
      loadavg: { start: startLoad, end: endLoad },
      body: '{"id":123,"name":"  Alice Example ","score":7,"tags":["x","y","z"]}',
    };
    writeFileSync(path.join(outDir, `webhook-path-${stamp}.json`), JSON.stringify({ meta, cells }, null, 1));
    writeFileSync(path.join(outDir, `webhook-path-${stamp}.md`), `${JSON.stringify(meta)}\n\n${table}\n`);
    console.log(`\n${table}\n`);
    console.log(`load average at end ${endLoad.map((l) => l.toFixed(2)).join(' ')}; results: bench/results/webhook-path-${stamp}.{json,md}`);
    const failed = cells.filter((c) => c.problems.length > 0);
    if (failed.length > 0) {
      console.error(`\nFAILED: ${failed.length} of ${cells.length} cells broke a rule; their figures do not count:`);
      for (const c of failed) console.error(`  ${c.shape.toUpperCase()} c=${c.concurrency}: ${c.problems.join('; ')}`);
      return 1;
    }
    return 0;
  } catch (err) {
    for (const s of services) if (s.child.exitCode !== null || s.child.signalCode !== null) console.error(`${s.name} had exited (${s.child.signalCode ?? s.child.exitCode}):\n${s.tail()}`);
    throw err;
  } finally {
    redis?.disconnect();
    await stopAll(services);
    if (opt['redis-url']) await deletePrefix(opt['redis-url'], prefix);
    await db?.$disconnect();
    if (process.env.BENCH_KEEP_DB === '1') console.log(`kept the database ${dbName}`);
    else await dropDatabase(databaseUrl).catch((err: unknown) => console.error(`could not drop ${dbName}: ${String(err)}`));
  }
}

/** HOOK_RATE_MAX_* (any one hook) and HOOK_RATE_PER_WORKSPACE_* (all hooks of a workspace) where the environment leaves them unset. */
function instanceHookCaps(perSecond: number): Record<string, string> {
  const caps: Record<string, string> = {
    HOOK_RATE_MAX_PER_SEC: String(perSecond),
    HOOK_RATE_MAX_BURST: String(2 * perSecond),
    HOOK_RATE_PER_WORKSPACE_PER_SEC: String(perSecond),
    HOOK_RATE_PER_WORKSPACE_BURST: String(2 * perSecond),
  };
  return Object.fromEntries(Object.entries(caps).filter(([name]) => process.env[name] === undefined));
}

/** One hook before the load: its run must succeed, or the bench stops with the run's error (a broken shape never gets a table). */
async function firstRunWorks(url: string, db: ReturnType<typeof createDb>, konnectorIds: readonly string[]): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":123,"name":"  Alice Example ","score":7,"tags":["x","y","z"]}' });
  const text = await res.text();
  if (res.status !== 202) throw new Error(`the first hook call answered ${res.status}: ${text.slice(0, 500)}`);
  const runId = z.object({ runId: z.string() }).parse(JSON.parse(text)).runId;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [run] = await db.$queryRawUnsafe<{ status: string; error: unknown }[]>('SELECT status::text, error FROM "Run" WHERE id = $1', runId);
    if (run?.status === 'succeeded') break;
    if (run && !['queued', 'running'].includes(run.status)) throw new Error(`the first run of ${konnectorIds[0]} ended ${run.status}: ${JSON.stringify(run.error)}`);
    if (Date.now() > deadline) throw new Error(`the first run of ${konnectorIds[0]} did not finish within 60 s (${run?.status ?? 'no run'}): is the worker running?`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function deletePrefix(url: string, prefix: string): Promise<void> {
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await r.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  r.disconnect();
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`webhook-path bench FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
