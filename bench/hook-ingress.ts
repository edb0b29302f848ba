/**
 * The Catch Hook answer path through the two servers that take it, back to back in one run: the web
 * app (`next start`, its /hooks/<token> route) and the hook ingress (apps/ingress/dist/main.js). One
 * konnector (Catch Hook → Filter, answering 202 at once) with a real worker process running its runs,
 * driven with wrk (`-t1 -cC -dDs --timeout 10s`, the n8n harness's body). Prints per cell: calls/s,
 * answer p50 / p99 (wrk), non-2xx answers, and the server process's CPU (ms per call and % of a core,
 * from /proc), then the ingress/next ratios. The machine's load average is printed with the figures.
 *
 * Also what option (b) — the ingress in front on PORT, proxying every other request to Next.js —
 * would cost the app's own traffic: GET /api/health direct vs through a minimal node:http proxy.
 *
 * Run (Postgres and Redis up, a production build of the web app; the ingress is built here):
 *   pnpm --filter @konnect/web build
 *   cd bench && npx tsx hook-ingress.ts            # DURATION=10 CONC="10 50"
 */
import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { activate } from '@konnect/platform';
import { startStack } from './bench-stack';
import { cpuMs } from './proc-cpu';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '../apps/web');
const ingressDir = path.resolve(here, '../apps/ingress');
const DURATION = Number(process.env.DURATION ?? 10);
const CONCS = (process.env.CONC ?? '10 50').split(/\s+/).filter(Boolean).map(Number);
const WARMUP_S = 3;

function freePort(): string {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout.trim();
}

async function waitFor(url: string, server: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`${what} exited with ${server.exitCode}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become healthy within 120 s`);
}

interface WrkResult {
  requests: number;
  duration_us: number;
  p50_us: number;
  p99_us: number;
  status: number;
  connect: number;
  read: number;
  write: number;
  timeout: number;
}

/** wrk, without blocking this process (the proxy of option (b) runs in it). */
async function wrk(url: string, conc: number, seconds: number, lua?: string): Promise<WrkResult> {
  const args = ['-t1', `-c${conc}`, `-d${seconds}s`, '--timeout', '10s', ...(lua ? ['-s', lua] : []), url];
  const { stdout: out } = await promisify(execFile)('/usr/bin/wrk', lua ? args : ['--latency', ...args], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.startsWith('WRKJSON '));
  if (line) return JSON.parse(line.slice(8)) as WrkResult;
  // Without the script (GET): read the text summary.
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
  const ms = (re: RegExp) => {
    const m = re.exec(out);
    if (!m) return NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v : m[2] === 'ms' ? v * 1000 : v * 1_000_000;
  };
  return { requests: num(/(\d+) requests in/), duration_us: seconds * 1_000_000, p50_us: ms(/50%\s+([\d.]+)(us|ms|s)/), p99_us: ms(/99%\s+([\d.]+)(us|ms|s)/), status: num(/Non-2xx or 3xx responses: (\d+)/) || 0, connect: 0, read: 0, write: 0, timeout: 0 };
}

interface Cell {
  label: string;
  conc: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  cpuPerCall: number;
  cpuPct: number;
}

async function measure(label: string, url: string, pid: number, conc: number, lua?: string): Promise<Cell> {
  const before = cpuMs(pid);
  const r = await wrk(url, conc, DURATION, lua);
  const cpu = cpuMs(pid) - before;
  const seconds = r.duration_us / 1e6;
  return {
    label,
    conc,
    rps: r.requests / seconds,
    p50: r.p50_us / 1000,
    p99: r.p99_us / 1000,
    non2xx: r.status,
    errors: r.connect + r.read + r.write + r.timeout,
    cpuPerCall: cpu / Math.max(1, r.requests),
    cpuPct: (cpu / 10) / seconds,
  };
}

const row = (c: Cell) =>
  `${c.label.padEnd(30)} c${String(c.conc).padEnd(3)} ${c.rps.toFixed(0).padStart(6)}/s  p50 ${c.p50.toFixed(2).padStart(7)} ms  p99 ${c.p99.toFixed(2).padStart(7)} ms  ` +
  `non-2xx ${String(c.non2xx).padStart(5)}  errors ${String(c.errors).padStart(3)}  server CPU ${c.cpuPerCall.toFixed(3)} ms/call (${c.cpuPct.toFixed(0)} % of a core)`;

/** A minimal node:http reverse proxy (option (b)'s extra hop for the app's own requests). */
async function proxyTo(target: string): Promise<{ url: string; close(): void }> {
  const t = new URL(target);
  const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 256 });
  const server = createServer((req, res) => {
    const upstream = httpRequest({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers, agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(webDir, '.next/BUILD_ID'))) throw new Error('No production build: run `pnpm --filter @konnect/web build` first');
  execFileSync(process.execPath, ['build.mjs'], { cwd: ingressDir, stdio: 'inherit' });
  const stack = await startStack('hookingress', { limits: { workspaceConcurrency: 50 } });
  const webPort = freePort();
  const ingressPort = freePort();
  const web = `http://127.0.0.1:${webPort}`;
  const ingressUrl = `http://127.0.0.1:${ingressPort}`;
  // Same settings for both servers: limits out of the way (the bench measures the path, not the 429s).
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: stack.databaseUrl,
    REDIS_PREFIX: stack.queues.prefix,
    NEXTAUTH_URL: web,
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
    KONNECT_ENCRYPTION_KEY: `bench:${randomBytes(32).toString('base64')}`,
    HOOK_RATE_MAX_PER_SEC: '100000',
    HOOK_RATE_MAX_BURST: '200000',
    HOOK_RATE_PER_WORKSPACE_PER_SEC: '100000',
    HOOK_RATE_PER_WORKSPACE_BURST: '200000',
    KONNECT_MAX_QUEUED_RUNS_PER_WORKSPACE: '10000000',
  };
  const next = spawn(path.join(webDir, 'node_modules/.bin/next'), ['start', '-H', '127.0.0.1', '-p', webPort], { cwd: webDir, detached: true, stdio: ['ignore', 'ignore', 'inherit'], env: { ...env, PORT: webPort } });
  const ingress = spawn(process.execPath, ['dist/main.js'], { cwd: ingressDir, detached: true, stdio: ['ignore', 'ignore', 'inherit'], env: { ...env, INGRESS_PORT: ingressPort, INGRESS_HOST: '127.0.0.1' } });
  try {
    await stack.startWorker({ WORKER_CONCURRENCY: '10', WORKSPACE_CONCURRENCY: '50', ...env, DATABASE_URL: stack.databaseUrl });
    await waitFor(`${web}/api/health`, next, 'next start');
    await waitFor(`${ingressUrl}/healthz`, ingress, 'the ingress');
    const k = await stack.db.konnector.create({
      data: {
        workspaceId: stack.workspaceId,
        name: 'hook ingress bench',
        draft: { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {}, rateLimit: { perSecond: 10_000, burst: 20_000 } }, steps: [{ type: 'filter', id: 'scored', conditions: { all: [{ left: '{{trigger.score}}', op: 'gt', right: '5' }] } }] },
      },
    });
    const { hookToken } = await activate(stack.platform, stack.workspaceId, k.id);
    const lua = path.join(here, 'hook-ingress.lua');
    const servers = [
      { label: 'next start /hooks/<token>', url: `${web}/hooks/${hookToken}`, pid: next.pid ?? 0 },
      { label: 'ingress /hooks/<token>', url: `${ingressUrl}/hooks/${hookToken}`, pid: ingress.pid ?? 0 },
    ];
    for (const s of servers) await wrk(s.url, 10, WARMUP_S, lua);
    const loadBefore = readFileSync('/proc/loadavg', 'utf8').trim();
    const cells: Cell[] = [];
    for (const conc of CONCS) for (const s of servers) cells.push(await measure(s.label, s.url, s.pid, conc, lua));

    // Option (b)'s cost for the app's own requests: one more hop.
    const proxy = await proxyTo(web);
    const direct = await measure('GET /api/health direct', `${web}/api/health`, next.pid ?? 0, 10);
    const proxyCpu = process.cpuUsage();
    const proxied = await measure('GET /api/health via a proxy', `${proxy.url}/api/health`, next.pid ?? 0, 10);
    const used = process.cpuUsage(proxyCpu);
    const proxyMsPerCall = (used.user + used.system) / 1000 / Math.max(1, proxied.rps * DURATION);
    proxy.close();

    console.log(`Catch Hook answer path: ${DURATION} s per cell after a ${WARMUP_S} s warm-up, wrk -t1, one konnector (Catch Hook → Filter), 1 worker process`);
    console.log(`load average before: ${loadBefore} (2 cores; other work on the machine shows here)`);
    for (const c of cells) console.log(row(c));
    for (const conc of CONCS) {
      const [n, i] = [cells.find((c) => c.conc === conc && c.label.startsWith('next')), cells.find((c) => c.conc === conc && c.label.startsWith('ingress'))];
      if (n && i) console.log(`c${conc}: ingress/next calls/s ×${(i.rps / n.rps).toFixed(2)}, p50 ×${(i.p50 / n.p50).toFixed(2)}, p99 ×${(i.p99 / n.p99).toFixed(2)}, server CPU per call ×${(i.cpuPerCall / n.cpuPerCall).toFixed(2)}`);
    }
    console.log(row(direct));
    console.log(`${row(proxied)}  (+ the proxy's own CPU: ${proxyMsPerCall.toFixed(3)} ms/call)`);
    console.log(`option (b), a proxy hop in front of every app request: p50 ${proxied.p50 >= direct.p50 ? '+' : ''}${(proxied.p50 - direct.p50).toFixed(2)} ms, calls/s ×${(proxied.rps / direct.rps).toFixed(2)}, ${proxyMsPerCall.toFixed(3)} ms of the front process's CPU per request`);
    console.log(`load average after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
    const bad = cells.filter((c) => c.non2xx > 0 || c.errors > 0);
    if (bad.length > 0) {
      console.error(`non-2xx answers or socket errors in: ${bad.map((c) => `${c.label} c${c.conc}`).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    for (const child of [next, ingress]) {
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
    await stack.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
