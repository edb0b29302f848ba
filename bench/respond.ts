/**
 * Respond to Hook through the real stack: `next start` (the production build) takes the calls, a real
 * worker process (apps/worker) runs the konnector "Catch Hook (respond) → Filter → Respond { n }", and
 * the answer travels back over Redis pub/sub (Postgres as the fallback). With `--via ingress` the hook
 * ingress takes the calls and executes their runs itself (INGRESS_RUNS, packages/platform/src/run-here.ts):
 * the answer goes to the waiting call in-process; the worker takes only what the ingress has no room for. Concurrency 10, a warm-up,
 * then REQUESTS calls; prints p50 / p99 / throughput, the same for a plain Catch Hook (202 at once)
 * as the floor, and where the time goes (from the run rows: queued → claimed (by the ingress or a worker) → answer stored).
 *
 * Target (issue 16): p50 ≤ 15 ms, p99 ≤ 50 ms at concurrency 10 on this machine.
 *
 * `--via ingress` sends the hook calls to the hook ingress (apps/ingress, built here and started beside
 * `next start`) instead of the web app's own /hooks/<token> route (`--via next`, the default).
 *
 * `--client wrk` drives the calls with `wrk` (respond.lua; WRK_SECONDS, 15 by default) instead of this
 * process's fetch: on a 2-core machine the load generator shares the cores with the server, and fetch
 * costs far more CPU per call than wrk (the n8n harness and bench/webhook-path.ts use wrk too). Every
 * answer is still checked (200 with the konnector's body; 202 for the plain hook), and every answered
 * call must have its run's stored answer.
 *
 * Run (Postgres and Redis up, a production build of the web app):
 *   pnpm --filter @konnect/web build
 *   cd bench && npx tsx respond.ts [--via ingress|next] [--client node|wrk]   # REQUESTS=2000 CONCURRENCY=10 by default
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { activate } from '@konnect/platform';
import { fmt, percentile, startStack } from './bench-stack';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '../apps/web');
const ingressDir = path.resolve(here, '../apps/ingress');
const viaFlag = process.argv.indexOf('--via');
const VIA = viaFlag >= 0 ? process.argv[viaFlag + 1] : 'next';
if (VIA !== 'next' && VIA !== 'ingress') throw new Error(`--via takes ingress or next (got "${VIA}")`);
const clientFlag = process.argv.indexOf('--client');
const CLIENT = clientFlag >= 0 ? process.argv[clientFlag + 1] : 'node';
if (CLIENT !== 'node' && CLIENT !== 'wrk') throw new Error(`--client takes node or wrk (got "${CLIENT}")`);
const WRK_SECONDS = Number(process.env.WRK_SECONDS ?? 15);
const REQUESTS = Number(process.env.REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 10);
const WARMUP = 300;

function freePort(): string {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout.trim();
}

async function waitForHealth(url: string, server: ChildProcess, what = 'next start'): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`${what} exited with ${server.exitCode}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become healthy within 120 s`);
}

interface Load {
  latencies: number[];
  seconds: number;
  statuses: Map<number, number>;
  /** Set when wrk made the calls: its own percentiles. */
  wrk?: Wrk;
}

/**
 * Konnectors per kind: the load is spread over this many konnectors, as many callers would be (each
 * hook takes 100 calls/s, burst 200, by default: the per-hook limit never answers 429 here).
 */
const HOOKS = 40;

/** `total` calls, `concurrency` at a time, round-robin over the urls; each checks its answer. */
async function load(urls: readonly string[], total: number, concurrency: number, check: (status: number, body: string, n: number) => boolean): Promise<Load> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  let bad = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const n = next++;
        const t0 = performance.now();
        const res = await fetch(urls[n % urls.length] ?? '', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n, name: 'bench' }) });
        const body = await res.text();
        latencies.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (!check(res.status, body, n)) bad++;
      }
    }),
  );
  if (bad > 0) throw new Error(`${bad} of ${total} calls got a wrong answer (statuses ${JSON.stringify([...statuses])})`);
  return { latencies, seconds: (performance.now() - started) / 1000, statuses };
}

/** Waits until the runs of these konnectors have all ended (a load's leftovers must not share the next load's CPU). */
async function waitForRuns(stack: Awaited<ReturnType<typeof startStack>>, konnectorIds: readonly string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const left = await stack.db.run.count({ where: { konnectorId: { in: [...konnectorIds] }, status: { in: ['queued', 'running'] } } });
    if (left === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the runs of the previous load did not end within 120 s');
}

interface Wrk {
  requests: number;
  duration_us: number;
  p50_us: number;
  p90_us: number;
  p99_us: number;
  good: number;
  bad: number;
  errors: number;
}

/** `seconds` of calls by wrk, `concurrency` connections, round-robin over the urls (one origin); each answer checked. */
function wrkLoad(urls: readonly string[], seconds: number, concurrency: number, expect: 'respond' | 'plain'): Load {
  const origin = new URL(urls[0] ?? '').origin;
  const paths = urls.map((u) => new URL(u).pathname).join(',');
  const run = spawnSync('wrk', ['-t1', `-c${concurrency}`, `-d${seconds}s`, '--timeout', '10s', '-s', path.join(here, 'respond.lua'), origin], {
    encoding: 'utf8',
    env: { ...process.env, WRK_PATHS: paths, WRK_EXPECT: expect },
  });
  if (run.error) throw new Error(`wrk could not run (${run.error.message}): install it (apt-get install wrk)`);
  const json = /WRKJSON (\{.*\})/.exec(run.stdout)?.[1];
  if (!json) throw new Error(`wrk printed no result: ${run.stdout} ${run.stderr}`);
  const w = JSON.parse(json) as Wrk;
  if (w.bad > 0 || w.errors > 0) throw new Error(`${w.bad} of ${w.requests} calls got a wrong answer, ${w.errors} failed (wrk)`);
  // Percentiles come from wrk; the list holds them so `line` prints them alike.
  const latencies = [w.p50_us, w.p90_us, w.p99_us].map((us) => us / 1000);
  return { latencies, seconds: w.duration_us / 1e6, statuses: new Map([[expect === 'respond' ? 200 : 202, w.good]]), wrk: w };
}

const line = (label: string, l: Load) =>
  l.wrk
    ? `${label.padEnd(34)} p50 ${fmt(l.wrk.p50_us / 1000).padStart(9)}  p90 ${fmt(l.wrk.p90_us / 1000).padStart(9)}  p99 ${fmt(l.wrk.p99_us / 1000).padStart(9)}  ${(l.wrk.good / l.seconds).toFixed(0)} calls/s (wrk)`
    : lineOf(label, l);

const lineOf = (label: string, l: Load) =>
  `${label.padEnd(34)} p50 ${fmt(percentile(l.latencies, 50)).padStart(9)}  p90 ${fmt(percentile(l.latencies, 90)).padStart(9)}  p99 ${fmt(percentile(l.latencies, 99)).padStart(9)}  ${(l.latencies.length / l.seconds).toFixed(0)} calls/s`;

async function main(): Promise<void> {
  if (!existsSync(path.join(webDir, '.next/BUILD_ID'))) throw new Error('No production build: run `pnpm --filter @konnect/web build` first');
  const stack = await startStack('respond', { limits: { workspaceConcurrency: 50 } });
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: stack.databaseUrl,
    REDIS_PREFIX: stack.queues.prefix,
    NEXTAUTH_URL: base,
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
    KONNECT_ENCRYPTION_KEY: `bench:${randomBytes(32).toString('base64')}`,
    // The same limit as the worker's: runs are admitted under it where the hook call is taken.
    WORKSPACE_CONCURRENCY: '50',
    // The workspace's hook rate (500/s by default) is not what is measured: wrk's plain load goes past it.
    HOOK_RATE_PER_WORKSPACE_PER_SEC: '20000',
    HOOK_RATE_PER_WORKSPACE_BURST: '40000',
  };
  const server = spawn(path.join(webDir, 'node_modules/.bin/next'), ['start', '-H', '127.0.0.1', '-p', port], { cwd: webDir, detached: true, stdio: ['ignore', 'ignore', 'inherit'], env: { ...env, PORT: port } });
  let ingress: ChildProcess | null = null;
  let hookBase = base;
  if (VIA === 'ingress') {
    execFileSync(process.execPath, ['build.mjs'], { cwd: ingressDir, stdio: 'inherit' });
    const ingressPort = freePort();
    hookBase = `http://127.0.0.1:${ingressPort}`;
    ingress = spawn(process.execPath, ['dist/main.js'], { cwd: ingressDir, detached: true, stdio: ['ignore', 'ignore', 'inherit'], env: { ...env, INGRESS_PORT: ingressPort, INGRESS_HOST: '127.0.0.1' } });
  }
  try {
    await stack.startWorker({ WORKER_CONCURRENCY: '50', WORKSPACE_CONCURRENCY: '50' });
    await waitForHealth(`${base}/api/health`, server);
    if (ingress) await waitForHealth(`${hookBase}/healthz`, ingress, 'the ingress');
    const trigger = { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} };
    const filter = { type: 'filter' as const, id: 'only_named', conditions: { all: [{ left: '{{trigger.name}}', op: 'exists' }] } };
    const make = async (definition: object) => {
      const ids: string[] = [];
      const urls: string[] = [];
      for (let i = 0; i < HOOKS; i++) {
        const k = await stack.db.konnector.create({ data: { workspaceId: stack.workspaceId, name: `respond bench ${i}`, draft: definition } });
        const { hookToken } = await activate(stack.platform, stack.workspaceId, k.id);
        ids.push(k.id);
        urls.push(`${hookBase}/hooks/${hookToken ?? ''}`);
      }
      return { ids, urls };
    };
    const plain = await make({ trigger, steps: [filter] });
    const respond = await make({ trigger: { ...trigger, respond: { timeoutSeconds: 30 } }, steps: [filter, { type: 'respond', id: 'answer', body: { kind: 'json', value: { n: '{{trigger.n}}' } } }] });
    const answered = (status: number, body: string, n: number) => status === 200 && body === JSON.stringify({ n });

    await load(respond.urls, WARMUP, CONCURRENCY, answered);
    await load(plain.urls, WARMUP, CONCURRENCY, (s) => s === 202);
    // With wrk the plain load is open-ended (202 at once): a few seconds of it, then its backlog drains.
    const floor = CLIENT === 'wrk' ? wrkLoad(plain.urls, 3, CONCURRENCY, 'plain') : await load(plain.urls, REQUESTS, CONCURRENCY, (s) => s === 202);
    // The plain hook's runs end before the measured calls start.
    await waitForRuns(stack, plain.ids);
    await new Promise((r) => setTimeout(r, 2000));
    const measuredFrom = new Date();
    const measured = CLIENT === 'wrk' ? wrkLoad(respond.urls, WRK_SECONDS, CONCURRENCY, 'respond') : await load(respond.urls, REQUESTS, CONCURRENCY, answered);

    // Where the time goes, from the rows of the measured runs (ms clock of one machine).
    const rows = await stack.db.$queryRaw<{ pickup: number; answer: number }[]>`
      SELECT EXTRACT(EPOCH FROM (r."startedAt" - r."createdAt")) * 1000 AS pickup, EXTRACT(EPOCH FROM (h."createdAt" - r."startedAt")) * 1000 AS answer
      FROM "Run" r JOIN "HookResponse" h ON h."runId" = r."id"
      WHERE r."konnectorId" = ANY(${respond.ids}::text[]) AND r."createdAt" >= ${measuredFrom}`;
    const pickup = rows.map((r) => Number(r.pickup));
    const answer = rows.map((r) => Number(r.answer));

    const p50 = measured.wrk ? measured.wrk.p50_us / 1000 : percentile(measured.latencies, 50);
    const p99 = measured.wrk ? measured.wrk.p99_us / 1000 : percentile(measured.latencies, 99);
    if (measured.wrk && rows.length < measured.wrk.good) throw new Error(`${measured.wrk.good} calls were answered but only ${rows.length} runs stored an answer`);
    const calls = measured.wrk ? `${WRK_SECONDS} s of calls by wrk` : `${REQUESTS} calls by fetch`;
    console.log(`Respond to Hook bench: ${calls} at concurrency ${CONCURRENCY} (after ${WARMUP} warm-up), hooks via ${VIA === 'ingress' ? 'the hook ingress' : 'next start'} + 1 worker process, this machine`);
    console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.log(line('plain Catch Hook (202 at once)', floor));
    console.log(line('hook → filter → respond', measured));
    console.log(`target p50 ≤ 15 ms, p99 ≤ 50 ms: ${p50 <= 15 && p99 <= 50 ? 'met' : 'NOT met'}`);
    console.log(`where the time goes (run rows, ${rows.length} runs): queued → claimed p50 ${fmt(percentile(pickup, 50))} p99 ${fmt(percentile(pickup, 99))}; claimed → answer stored p50 ${fmt(percentile(answer, 50))} p99 ${fmt(percentile(answer, 99))}`);
    console.log(`statuses: ${JSON.stringify(Object.fromEntries(measured.statuses))}`);
  } finally {
    for (const child of [server, ingress]) {
      if (!child?.pid) continue;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    await stack.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
