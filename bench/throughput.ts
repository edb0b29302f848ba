/**
 * Throughput of the execution backend: Catch Hook → filter → code → Custify action (simulator),
 * every step logged to RunStep, ONE worker process (apps/worker). Hooks arrive over HTTP at a
 * local server running the same handler as POST /hooks/<token>.
 *
 * Prints runs/s, p50/p99 hook-to-first-step latency, and the engine + logging overhead per step.
 * Targets: >= 500 runs/s, p50 <= 10 ms.
 *
 * Throughput comes from a burst of RUNS hooks after WARMUP others (a worker runs for days: the
 * figure is its steady state; a colder start, e.g. WARMUP=300 RUNS=3000, reads ~15 % lower while
 * V8 is still optimising); latency and per-step overhead from PACED hooks sent one at a time (a
 * backlog would measure queueing, not the platform).
 *
 * Where the time goes (Linux): CPU used during the burst per run by the worker process, this
 * process (hook endpoint, Custify simulator, HTTP driver), PostgreSQL (the backends serving clients,
 * and apart from them its own checkpointer, WAL writer…), Redis and everything else on
 * the machine (processes that end during the burst take their CPU with them: that line can read
 * negative); and PostgreSQL transactions (pg_stat_database) and Redis commands (INFO, server-wide,
 * commands inside Lua scripts included) per run. On a shared machine compare CPU per run, not runs/s.
 *
 * Run: pnpm --filter @konnect/bench throughput   (RUNS, CONCURRENCY, WORKER_CONCURRENCY, PACED, PACED_GAP_MS)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { activate, handleHookRequest } from '@konnect/platform';
import { fmt, percentile, startStack } from './bench-stack';

const RUNS = Number(process.env.RUNS ?? 5000);
const WARMUP = Number(process.env.WARMUP ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const WORKER_CONCURRENCY = process.env.WORKER_CONCURRENCY ?? '64';
const PACED = Number(process.env.PACED ?? 200);
const PACED_GAP_MS = Number(process.env.PACED_GAP_MS ?? 20);
const WAIT_POLL_MS = 200;

/**
 * A PostgreSQL process serving a client ("postgres: user db 127.0.0.1(port) …"), not one of the
 * server's own (checkpointer, WAL writer, background writer, autovacuum…), whose work depends on
 * what else the server is doing (a checkpoint started by an earlier bench's DROP DATABASE).
 */
function postgresBackend(pid: number): boolean {
  try {
    const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return /^postgres: .*\s(\[local\]|[\d.:a-f]+\(\d+\))(\s|$)/.test(title);
  } catch {
    return false;
  }
}

/** CPU seconds used so far (user + system) by every process on the machine, by role. Linux only. */
function cpuByRole(workerPid: number | undefined): Record<string, number> {
  const out: Record<string, number> = { worker: 0, 'bench (hooks, simulator, driver)': 0, postgres: 0, 'postgres background': 0, redis: 0, 'everything else': 0 };
  if (process.platform !== 'linux') return out;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ 100)
    const pid = Number(entry);
    let role =
      pid === workerPid ? 'worker' : pid === process.pid ? 'bench (hooks, simulator, driver)' : comm === 'postgres' ? 'postgres' : comm.startsWith('redis-server') ? 'redis' : 'everything else';
    if (role === 'postgres' && !postgresBackend(pid)) role = 'postgres background';
    out[role] = (out[role] ?? 0) + seconds;
  }
  return out;
}

const stack = await startStack('throughput', {
  limits: { hookRate: { perSecond: 1_000_000, burst: 1_000_000 }, hookRateMax: { perSecond: 1_000_000, burst: 1_000_000 }, hookWorkspaceRate: { perSecond: 1_000_000, burst: 1_000_000 } },
});
try {
  const person = stack.sim.store.insert('people', { name: 'Bench Person', email: 'bench@example.com' });
  const konnector = await stack.db.konnector.create({
    data: {
      workspaceId: stack.workspaceId,
      name: 'Hook → filter → code → note',
      draft: {
        trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
        steps: [
          { type: 'filter', id: 'paid', conditions: { all: [{ left: '{{trigger.amount}}', op: 'gt', right: '10' }, { left: '{{trigger.email}}', op: 'contains', right: '@' }] } },
          { type: 'code', id: 'shape', source: 'return { subject: "Order " + input.trigger.order, cents: Math.round(input.trigger.amount * 100) };' },
          {
            type: 'action',
            id: 'note',
            connector: 'custify',
            action: 'create_note',
            connectionId: stack.connectionId,
            input: { entity: person.id, entityModel: 'People', subject: '{{steps.shape.subject}}', text: '{{trigger.email}} paid {{steps.shape.cents}} cents' },
          },
        ],
      },
    },
  });
  const { hookToken } = await activate(stack.platform, stack.workspaceId, konnector.id);

  // The hook endpoint: the same handler as apps/web's POST /hooks/<token>; records arrival times.
  const received = new Map<string, number>();
  const server = createServer((req, res) => {
    const arrivedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = new Request(`http://bench${req.url ?? '/'}`, {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        body: Buffer.concat(chunks),
      });
      void handleHookRequest(stack.platform, hookToken ?? '', request).then(async (response) => {
        const text = await response.text();
        const runId = (JSON.parse(text) as { runId?: string }).runId;
        if (runId) received.set(runId, arrivedAt);
        res.writeHead(response.status, { 'content-type': 'application/json' }).end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${hookToken}`;

  const worker = await stack.startWorker({
    WORKER_CONCURRENCY,
    WORKSPACE_CONCURRENCY: '1000',
    CONNECTION_RATE_PER_SEC: '10000',
    CONNECTION_RATE_BURST: '10000',
    DB_POOL_SIZE: '20',
  });

  // A light HTTP client (keep-alive node:http; fetch costs this process more than the handler does).
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const target = new URL(hookUrl);
  const post = (body: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  let sent = 0;
  /** Sends `total` hooks from CONCURRENCY callers (or one at a time every `gapMs`); returns the run ids. */
  async function fire(total: number, callers = CONCURRENCY, gapMs = 0): Promise<string[]> {
    const ids: string[] = [];
    const end = sent + total;
    await Promise.all(
      Array.from({ length: callers }, async () => {
        while (sent < end) {
          const n = sent++;
          const res = await post(JSON.stringify({ order: `B-${n}`, amount: 12.5 + (n % 50), email: `buyer${n}@example.com` }));
          if (res.status !== 202) throw new Error(`hook answered ${res.status}: ${res.body}`);
          ids.push((JSON.parse(res.body) as { runId: string }).runId);
          if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
        }
      }),
    );
    return ids;
  }
  /**
   * Waits until no run is open: one COUNT every WAIT_POLL_MS (not per run), so the loop costs the
   * 2 shared cores next to nothing. It does not set the figures: runs/s uses the runs' own finishedAt.
   */
  async function waitAll(): Promise<void> {
    for (;;) {
      const open = await stack.db.run.count({ where: { workspaceId: stack.workspaceId, status: { in: ['queued', 'running'] } } });
      if (open === 0) return;
      await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
    }
  }
  const load = () => (process.platform === 'linux' ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'n/a');

  // Warm-up, then a burst for throughput, then paced hooks for latency and per-step overhead.
  await fire(WARMUP);
  await waitAll();
  const loadBefore = load();
  const counters = async () => {
    const [pg] = await stack.db.$queryRaw<{ commits: bigint }[]>`SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()`;
    const info = await stack.queues.redis.info('stats');
    return { commits: Number(pg?.commits ?? 0), redis: Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0) };
  };
  await new Promise((r) => setTimeout(r, 1100)); // PostgreSQL publishes its counters about once a second
  const countersBefore = await counters();
  const cpuBefore = cpuByRole(worker.pid);
  const started = Date.now();
  const burst = await fire(RUNS);
  const sentIn = Date.now() - started;
  await waitAll();
  const cpuAfter = cpuByRole(worker.pid);
  await new Promise((r) => setTimeout(r, 1100));
  const countersAfter = await counters();
  const burstRuns = await stack.db.run.findMany({ where: { id: { in: burst } }, select: { status: true, finishedAt: true } });
  const lastFinished = Math.max(...burstRuns.map((r) => r.finishedAt?.getTime() ?? 0));
  const failed = burstRuns.filter((r) => r.status !== 'succeeded').length;

  const paced = await fire(PACED, 1, PACED_GAP_MS);
  await waitAll();
  const runs = await stack.db.run.findMany({ where: { id: { in: paced } }, include: { steps: { orderBy: { seq: 'asc' } } } });
  const firstStep: number[] = [];
  const overhead: number[] = [];
  const byType: Record<string, number[]> = { filter: [], code: [], action: [] };
  for (const run of runs) {
    const first = run.steps[0];
    const arrived = received.get(run.id);
    if (first && arrived !== undefined) firstStep.push(first.startedAt.getTime() - arrived);
    for (const step of run.steps) byType[step.type]?.push(step.durationMs);
    const action = run.steps.find((s) => s.type === 'action');
    if (run.startedAt && run.finishedAt && action) {
      overhead.push((run.finishedAt.getTime() - run.startedAt.getTime() - action.durationMs) / run.steps.length);
    }
  }
  const noteCount = stack.sim.store.list('notes').length;
  console.log(`throughput bench: 1 worker process (run concurrency ${WORKER_CONCURRENCY}); load average before the burst: ${loadBefore}`);
  console.log(`runs/s: ${(RUNS / ((lastFinished - started) / 1000)).toFixed(0)}   (burst of ${RUNS} runs from ${CONCURRENCY} concurrent hook callers; hooks accepted at ${(RUNS / (sentIn / 1000)).toFixed(0)}/s; ${failed} not succeeded)`);
  console.log(`hook-to-first-step latency: p50 ${fmt(percentile(firstStep, 50))}, p99 ${fmt(percentile(firstStep, 99))}   (${PACED} hooks, one every ${PACED_GAP_MS} ms)`);
  console.log(`engine + logging overhead per step (run wall time minus the action step, / steps): p50 ${fmt(percentile(overhead, 50))}, p99 ${fmt(percentile(overhead, 99))}`);
  console.log(`step durations p50: filter ${fmt(percentile(byType.filter ?? [], 50))}, code ${fmt(percentile(byType.code ?? [], 50))}, action (incl. HTTP to the simulator) ${fmt(percentile(byType.action ?? [], 50))}; ${noteCount} notes in the simulator`);
  const cpu = Object.entries(cpuAfter)
    .map(([role, after]) => `${role} ${(((after - (cpuBefore[role] ?? 0)) * 1000) / RUNS).toFixed(2)}`)
    .join(', ');
  console.log(`CPU per run during the burst, ms: ${cpu}`);
  console.log(
    `per run (burst, incl. the waiting loop's polls): ${((countersAfter.commits - countersBefore.commits) / RUNS).toFixed(1)} PostgreSQL transactions, ` +
      `${((countersAfter.redis - countersBefore.redis) / RUNS).toFixed(1)} Redis commands (server-wide)`,
  );
  console.log(`targets: >= 500 runs/s, p50 hook-to-first-step <= 10 ms`);
  agent.destroy();
  server.close();
} finally {
  await stack.close();
}
