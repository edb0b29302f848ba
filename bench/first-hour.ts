/**
 * A new user's first hour, timed on a freshly started production server (issue 17):
 *
 *   - server ready: `next start` spawned → /api/health answers
 *   - first Run code: the first POST …/code-runs after the start, once the landing page has loaded
 *     (a user reaches the code step's "Run code" only from a loaded builder),
 *     wall time seen by the browser and the sandbox's own durationMs; then the median of the next runs
 *   - builder time to interactive: navigation start → the new konnector's canvas shows and its
 *     "Open Trigger" button can be clicked (performance.now() in the page), first load and warm median
 *
 * With the first Run code it prints the server's CPU time during it (all its threads, from Linux's
 * schedstat of each /proc/<pid>/task) and the time its threads waited for a CPU: on a busy machine the
 * wall time mostly measures the other processes, the CPU time what this server did.
 *
 * Target: first Run code ≤ 300 ms. It was 22.9 s when the sandbox threads (QuickJS) started only
 * with the first code step; the web app now starts and warms them when the server starts
 * (apps/web/src/server/warm-up.ts).
 *
 * Run (Postgres and Redis up, as for the tests):
 *   pnpm --filter @konnect/web build          # once: the bench runs `next start` on that build
 *   cd bench && npx tsx first-hour.ts         # or: pnpm --filter @konnect/bench first-hour
 * It starts the web app itself on a free port with a scratch database (created, migrated and
 * dropped at the end) and its own Redis prefix. CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { DEFAULT_DATABASE_URL, dropDatabase, ensureDatabase, generateKeySpec, migrateDeploy } from '@konnect/db';
import { Redis } from 'ioredis';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '../apps/web');
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const TARGET_MS = 300;
const LOADS = 4;
const RUNS = 5;

function freePort(): string {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout.trim();
}

/** CPU time and run-queue wait (ms) of every thread of a process so far; null where /proc has no schedstat. */
function schedstat(pid: number | undefined): { cpu: number; wait: number } | null {
  if (!pid) return null;
  try {
    let cpu = 0;
    let wait = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const [onCpu, queued] = readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
      cpu += (onCpu ?? 0) / 1e6;
      wait += (queued ?? 0) / 1e6;
    }
    return { cpu, wait };
  } catch {
    return null; // not Linux, or a thread ended while being read
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;
const ms = (n: number) => `${n.toFixed(0)} ms`;

async function waitForHealth(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the web app did not become healthy within 120 s');
}

/** One "Run code" as the code panel sends it: browser wall time and the sandbox's durationMs. */
async function runCode(page: Page, workspaceId: string, base: string, n: number): Promise<{ wall: number; sandbox: number }> {
  const source = 'const name = `${input.first_name} ${input.last_name}`;\nreturn { name, n: input.n * 2 };';
  const started = performance.now();
  const res = await page.request.post(`/api/v1/workspaces/${workspaceId}/code-runs`, { data: { source, input: { first_name: 'Ada', last_name: 'Lovelace', n } }, headers: { origin: base } });
  const wall = performance.now() - started;
  if (!res.ok()) throw new Error(`code run: ${res.status()} ${await res.text()}`);
  const body = (await res.json()) as { ok: boolean; output?: { name?: string; n?: number }; durationMs: number; error?: unknown };
  if (!body.ok || body.output?.name !== 'Ada Lovelace' || body.output.n !== n * 2) throw new Error(`code run gave ${JSON.stringify(body)}`);
  return { wall, sandbox: body.durationMs };
}

/** Navigation start → the new konnector's canvas with a clickable "Open Trigger". */
async function builderReady(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const trigger = page.getByRole('button', { name: 'Open Trigger' });
  await trigger.waitFor({ state: 'visible', timeout: 60_000 });
  await trigger.click({ trial: true, timeout: 60_000 });
  return page.evaluate(() => performance.now());
}

async function main(): Promise<void> {
  if (!existsSync(path.join(webDir, '.next/BUILD_ID'))) throw new Error('No production build: run `pnpm --filter @konnect/web build` first');
  const suffix = randomBytes(4).toString('hex');
  const db = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  db.pathname = `/konnect_bench_first_hour_${suffix}`;
  const databaseUrl = db.toString();
  const prefix = `kbench-first-hour-${suffix}`;
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  await ensureDatabase(databaseUrl);
  await migrateDeploy(databaseUrl);

  const spawned = performance.now();
  const server = spawn(path.join(webDir, 'node_modules/.bin/next'), ['start', '-H', '127.0.0.1', '-p', port], {
    cwd: webDir,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: port,
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
      KONNECT_ENCRYPTION_KEY: generateKeySpec('bench'),
      SIGNUPS_PER_IP: '1000',
    },
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
  try {
    await waitForHealth(base, server);
    const ready = performance.now() - spawned;
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const email = `first-hour-${suffix}@example.test`;
    const signup = await page.request.post('/api/v1/auth/signup', { data: { name: 'First Hour', email, password: 'correct horse battery' }, headers: { origin: base } });
    if (!signup.ok()) throw new Error(`sign up: ${signup.status()} ${await signup.text()}`);
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/app\/[^/]+\/konnectors/, { timeout: 60_000 });
    const workspaceId = /\/app\/([^/]+)\//.exec(page.url())?.[1] ?? '';

    // A user reaches "Run code" only from a loaded builder: the landing page's own requests end first.
    await page.waitForLoadState('networkidle', { timeout: 60_000 });
    // The first code run this server process serves, before anything else touched the route or the sandbox.
    const before = schedstat(server.pid);
    const first = await runCode(page, workspaceId, base, 1);
    const after = schedstat(server.pid);
    const later: { wall: number; sandbox: number }[] = [];
    for (let i = 2; i <= RUNS + 1; i++) later.push(await runCode(page, workspaceId, base, i));

    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++) loads.push(await builderReady(page, `/app/${workspaceId}/konnectors/new`));

    console.log('First-hour bench: a freshly started production server (next start), Chromium headless 1440×900');
    console.log(`server ready           ${ms(ready)} (spawn → /api/health, including the start-up warm-up)`);
    console.log(`first Run code         ${ms(first.wall)} in the browser · ${ms(first.sandbox)} in the sandbox   target ≤ ${TARGET_MS} ms: ${first.wall <= TARGET_MS ? 'met' : 'NOT met'}`);
    if (before && after) console.log(`  server during it      ${ms(after.cpu - before.cpu)} of CPU (all threads) · ${ms(after.wait - before.wait)} waiting for a CPU · load average ${loadavg()[0]?.toFixed(1)}`);
    console.log(`next Run code (median) ${ms(median(later.map((r) => r.wall)))} in the browser · ${ms(median(later.map((r) => r.sandbox)))} in the sandbox (${RUNS} runs)`);
    console.log(`builder interactive    first load ${ms(loads[0] ?? NaN)} · warm median ${ms(median(loads.slice(1)))} (all: ${loads.map((l) => l.toFixed(0)).join(', ')})`);
  } finally {
    await browser.close();
    if (server.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    await dropDatabase(databaseUrl).catch((err: unknown) => console.warn(`could not drop ${databaseUrl}: ${String(err)}`));
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
