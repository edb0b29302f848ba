/**
 * The worker's cost per run of the B shape (Catch Hook → filter score > 5 → code step → HTTP POST
 * to a local stub, what ../shared/bench/peer-n8n/workflows/bench-b.json does in n8n), all in one
 * workspace at its default concurrency limit (10), with 1 and 2 worker processes:
 *
 * - without a backlog: hooks arrive in waves of at most the workspace limit, each wave sent once
 *   the previous one ended, so no run ever waits for a slot;
 * - with a backlog: BURST hooks at once from 32 callers, far more than the limit: most runs wait
 *   for a slot (what a busy webhook sender causes).
 *
 * Prints, per cell: worker CPU ms per run (user + system of the worker processes, /proc, Linux),
 * Redis commands per run (INFO commandstats of a redis-server this bench starts for itself on
 * REDIS_PORT, so other users of the machine's Redis do not count; commands inside Lua scripts
 * included; the hook side's admission and enqueue included), runs/s, and lost/duplicated runs
 * (hook answers vs succeeded runs vs stub POSTs).
 *
 * Run: pnpm --filter @konnect/bench worker-path   (RUNS, BURST, WORKER_CONCURRENCY, REDIS_PORT; WORKER_BUILT=1 for dist/)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const RUNS = Number(process.env.RUNS ?? 600);
const BURST = Number(process.env.BURST ?? 1500);
const WORKER_CONCURRENCY = process.env.WORKER_CONCURRENCY ?? '20';
const WORKSPACE_LIMIT = 10;
const REDIS_PORT = Number(process.env.REDIS_PORT ?? 4471);

// A redis-server of our own: its counters are this bench's alone.
const dir = mkdtempSync(path.join(tmpdir(), 'konnect-worker-path-'));
const redisServer = spawn('redis-server', ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
process.env.REDIS_URL = `redis://127.0.0.1:${REDIS_PORT}`;
await new Promise((r) => setTimeout(r, 500));

const { activate, handleHookRequest } = await import('@konnect/platform');
const { startStack } = await import('./bench-stack');

/** CPU seconds (user + system) used so far by these processes. Linux only. */
function cpuOf(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += (Number(fields[11]) + Number(fields[12])) / 100;
  }
  return total;
}

const stack = await startStack('worker_path', { limits: { hookRate: { perSecond: 1_000_000, burst: 1_000_000 }, workspaceConcurrency: WORKSPACE_LIMIT } });
const redis = stack.queues.redis;
/** Calls per command, from INFO commandstats. */
async function commandCalls(): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1] ?? '', Number(match[2]));
  return calls;
}
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

// The stub the HTTP step posts to (n8n's bench posts to a sink the same way).
let stubPosts = 0;
const stub = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    stubPosts++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/sink`;

try {
  const konnector = await stack.db.konnector.create({
    data: {
      workspaceId: stack.workspaceId,
      name: 'B: hook → filter → code → HTTP POST',
      draft: {
        trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
        steps: [
          { type: 'filter', id: 'score', conditions: { all: [{ left: '{{trigger.score}}', op: 'gt', right: '5' }] } },
          {
            type: 'code',
            id: 'shape',
            source:
              'const b = input.trigger; const tags = Array.isArray(b.tags) ? b.tags.map((t) => String(t).toUpperCase()) : [];\n' +
              "return { id: b.id, name: String(b.name || '').trim().toLowerCase(), score: b.score, grade: b.score >= 8 ? 'A' : 'B', tags, tagCount: tags.length, processedAt: new Date().toISOString() };",
          },
          { type: 'action', id: 'post', connector: 'http', action: 'request', input: { method: 'POST', url: stubUrl, bodyType: 'json', body: { id: '{{steps.shape.id}}', name: '{{steps.shape.name}}', score: '{{steps.shape.score}}', grade: '{{steps.shape.grade}}', tagCount: '{{steps.shape.tagCount}}', processedAt: '{{steps.shape.processedAt}}' } } },
        ],
      },
    },
  });
  const { hookToken } = await activate(stack.platform, stack.workspaceId, konnector.id);

  const hooks = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = new Request(`http://bench${req.url ?? '/'}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) });
      void handleHookRequest(stack.platform, hookToken ?? '', request).then(async (response) => {
        res.writeHead(response.status, { 'content-type': 'application/json' }).end(await response.text());
      });
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  const target = new URL(`http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hooks/${hookToken}`);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const post = (body: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });

  let sent = 0;
  async function fire(count: number, callers: number): Promise<string[]> {
    const ids: string[] = [];
    const end = sent + count;
    await Promise.all(
      Array.from({ length: Math.min(callers, count) }, async () => {
        while (sent < end) {
          const n = sent++;
          const res = await post(JSON.stringify({ id: n, name: ` Buyer ${n} `, score: 6 + (n % 4), tags: ['a', 'b'] }));
          if (res.status !== 202) throw new Error(`hook answered ${res.status}: ${res.body}`);
          ids.push((JSON.parse(res.body) as { runId: string }).runId);
        }
      }),
    );
    return ids;
  }
  async function waitAll(pollMs: number): Promise<void> {
    for (;;) {
      const open = await stack.db.run.count({ where: { workspaceId: stack.workspaceId, status: { in: ['queued', 'running', 'waiting'] } } });
      if (open === 0) return;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  interface Cell {
    workers: number;
    backlog: boolean;
    runs: number;
    cpuMs: number;
    redis: number;
    top: string;
    runsPerSec: number;
    lost: number;
    duplicated: number;
  }
  const cells: Cell[] = [];
  const workers: number[] = [];
  for (const count of [1, 2]) {
    while (workers.length < count) {
      const child = await stack.startWorker({ WORKER_CONCURRENCY, WORKSPACE_CONCURRENCY: String(WORKSPACE_LIMIT), OUTBOUND_ALLOW_PRIVATE: 'true', DB_POOL_SIZE: '20' });
      workers.push(child.pid ?? 0);
    }
    // Warm-up (V8, pools, the sandbox threads) before each pair of cells.
    await fire(300, 32);
    await waitAll(50);
    for (const backlog of [false, true]) {
      const runs = backlog ? BURST : RUNS;
      const postsBefore = stubPosts;
      const callsBefore = await commandCalls();
      const cpuBefore = cpuOf(workers);
      const started = Date.now();
      const ids: string[] = [];
      if (backlog) {
        ids.push(...(await fire(runs, 32)));
        await waitAll(200);
      } else {
        for (let done = 0; done < runs; done += WORKSPACE_LIMIT) {
          ids.push(...(await fire(Math.min(WORKSPACE_LIMIT, runs - done), WORKSPACE_LIMIT)));
          await waitAll(5);
        }
      }
      const elapsed = Date.now() - started;
      const cpu = cpuOf(workers) - cpuBefore;
      const callsAfter = await commandCalls();
      const delta = new Map([...callsAfter].map(([name, n]) => [name, n - (callsBefore.get(name) ?? 0)]));
      // The bench's own INFO calls and the waiting loop do not touch Redis beyond these two INFOs.
      const top = [...delta].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).slice(0, 14).map(([name, n]) => `${name} ${(n / runs).toFixed(1)}`).join(', ');
      const rows = await stack.db.run.groupBy({ by: ['status'], where: { id: { in: ids } }, _count: true });
      const succeeded = rows.find((r) => r.status === 'succeeded')?._count ?? 0;
      const posts = stubPosts - postsBefore;
      cells.push({
        workers: count,
        backlog,
        runs,
        cpuMs: (cpu * 1000) / runs,
        redis: total(delta) / runs,
        top,
        runsPerSec: runs / (elapsed / 1000),
        lost: ids.length - succeeded,
        duplicated: Math.max(0, posts - succeeded),
      });
    }
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`worker-path bench: B shape, one workspace (limit ${WORKSPACE_LIMIT}), run concurrency ${WORKER_CONCURRENCY} per worker${process.env.WORKER_BUILT === '1' ? ', built worker (dist/)' : ', worker through tsx'}; load average at the end: ${load}`);
  console.log('| workers | backlog | runs | worker CPU ms/run | Redis commands/run | runs/s | lost | duplicated | top Redis commands per run |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const c of cells) {
    console.log(`| ${c.workers} | ${c.backlog ? `yes (${BURST} at once)` : 'no (waves of 10)'} | ${c.runs} | ${c.cpuMs.toFixed(2)} | ${c.redis.toFixed(1)} | ${c.runsPerSec.toFixed(0)} | ${c.lost} | ${c.duplicated} | ${c.top} |`);
  }
  agent.destroy();
  hooks.close();
} finally {
  stub.close();
  await stack.close();
  redisServer.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
