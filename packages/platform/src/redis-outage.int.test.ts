/**
 * Redis goes away and comes back empty (no persistence: "Redis lost everything") while Catch Hook
 * calls keep coming and runs are in flight. This file starts its own redis-server on a spare
 * loopback port and kills it; the shared test database is used as usual.
 *
 * Two platforms share that Redis, as the two processes of a deployment do: the web side (hook
 * calls, on a client built as apps/web/src/server/services.ts builds it: one retry per command)
 * and the worker side (BullMQ workers and the background loop, on createRedis: BullMQ's blocking
 * commands need maxRetriesPerRequest null).
 *
 * Must hold: every call is answered 202 with a run id, during the outage too (the Run row in
 * Postgres is the record; the rate limit falls back to an in-process bucket); once Redis is back,
 * every run ends `succeeded` exactly once (the reconciler enqueues what Redis lost) and the
 * simulator got exactly one note per call; each process logs the outage in one line and its end in
 * one line.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import type { Db } from '@konnect/db';
import { testDb, testKeyring, uniqueSuffix } from '@konnect/db/testing';
import { createRegistry } from '@konnect/sdk';
import { runsInFlight, startBackground } from './heartbeat';
import { InfrastructureUnavailable } from './infrastructure';
import { captureConsole, capturingLog, keepCalling, noteHookKonnector, notesBySubject, sleep, spareLoopbackPort, type Answer } from './outage-fixtures';
import { createPlatform, type Platform } from './platform';
import { createQueues, createRedis, type Queues } from './queues';
import { reviveRuns } from './reconcile';
import { createConnection, createWorkspace, eventually } from './test-fixtures';
import { startWorkers } from './workers';

const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasRedisServer) console.log('redis-outage.int.test: SKIPPED — the redis-server binary is not installed (Debian: apt-get install redis-server)');

/** How long Redis stays away. */
const OUTAGE_MS = 20_000;

/** One redis-server process of this test, restartable on the same port; nothing is persisted. */
class OwnRedis {
  private child: ChildProcess | undefined;
  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not get ready in 60 s: ${out}`)), 60_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/ready to accept connections/i.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code ?? 'signal'}): ${out}`));
      });
    });
  }

  /** SIGKILL: the process and everything it held are gone at once. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}

interface Side {
  p: Platform;
  db: Db;
  redis: Redis;
  queues: Queues;
  log: ReturnType<typeof capturingLog>;
}

async function side(redis: Redis, prefix: string): Promise<Side> {
  const db = await testDb();
  const queues = createQueues(redis, prefix);
  const log = capturingLog();
  // Calls are not rate limited here: every call must be answered 202 (the limit's fallback still runs).
  const p = createPlatform({ db, queues, registry, keyring: testKeyring, log, limits: { hookRate: { perSecond: 10_000, burst: 10_000 }, hookRateMax: { perSecond: 10_000, burst: 10_000 }, hookWorkspaceRate: { perSecond: 10_000, burst: 10_000 }, workspaceConcurrency: 50 } });
  return { p, db, redis, queues, log };
}

const registry = createRegistry([custify, catchHookConnector]);
let server: OwnRedis;
let dir: string;
let sim: Simulator;
let web: Side;
let worker: Side;
let workspaceId: string;

describe.skipIf(!hasRedisServer)('Redis outage (its own redis-server, stopped and started again empty)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'konnect-redis-outage-'));
    server = new OwnRedis(await spareLoopbackPort(), dir);
    await server.start();
    sim = await startSimulator({ port: 0, seed: 'empty' });
    const prefix = `ktest-redis-outage-${uniqueSuffix()}`;
    // The web's client (apps/web/src/server/services.ts): a command fails after one retry instead of waiting for Redis.
    web = await side(new Redis(server.url, { maxRetriesPerRequest: 1, connectTimeout: 2000 }), prefix);
    worker = await side(createRedis(server.url), prefix);
    workspaceId = await createWorkspace(worker.db);
  });

  afterAll(async () => {
    if (process.env.OUTAGE_DEBUG) for (const s of [web, worker]) console.log(s?.log.lines.map((l) => `${l.level} ${l.message}`).join('\n'));
    for (const s of [web, worker]) {
      if (!s) continue;
      await s.queues.close().catch(() => undefined);
      s.redis.disconnect();
    }
    if (worker) await worker.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
    await Promise.all([web?.db.$disconnect(), worker?.db.$disconnect()]);
    await sim?.close();
    await server?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers every hook call 202 through the outage; every run succeeds once after Redis returns empty', { timeout: 600_000 }, async () => {
    const connectionId = await createConnection(worker.db, workspaceId, 'custify', { apiKey: 'demo-custify-key', baseUrl: sim.url });
    const { konnectorId, token } = await noteHookKonnector(worker.p, worker.db, workspaceId, connectionId, sim);
    // Slow notes, so runs are in flight when Redis dies.
    sim.addFault({ delayMs: 300, pathPrefix: '/note', times: 1_000_000 });
    const workers = startWorkers(worker.p, { concurrency: { run: 8, poll: 1, schedule: 1, maintenance: 1 }, lockDurationMs: 2000, stalledIntervalMs: 1000 });
    const background = startBackground(worker.p, {
      heartbeatMs: 500,
      reconcileEveryMs: 2000,
      reconcile: { workspaceIds: [workspaceId], queuedGraceMs: 2000, runningStaleMs: 4000 },
    });
    const printed = captureConsole();
    const sender = keepCalling(web.p, token, { lanes: 2, pauseMs: 100, limitMs: 60_000 });
    let answers: Answer[] = [];
    let killedAt = 0;
    let restartedAt = 0;
    try {
      try {
        await eventually(async () => ((await worker.db.run.count({ where: { konnectorId, status: 'running' } })) > 0 ? true : undefined), 120_000, 'runs in flight');
        await eventually(async () => (sender.answers.length >= 10 ? true : undefined), 120_000, 'calls answered before the outage');

        killedAt = Date.now();
        await server.kill();
        await sleep(OUTAGE_MS);
        await server.start();
        restartedAt = Date.now();

        // Both processes see Redis again, and calls keep coming for a while after that.
        await eventually(async () => (web.p.deps.isUp('redis') && worker.p.deps.isUp('redis') ? true : undefined), 120_000, 'both sides to see Redis again');
        const sentBack = sender.sent();
        await eventually(async () => (sender.answers.filter((a) => a.n > sentBack).length >= 10 ? true : undefined), 120_000, 'calls answered after the outage');
      } finally {
        answers = await sender.stop();
      }

      // Every call answered 202 with its run, whatever the moment.
      const during = answers.filter((a) => a.at >= killedAt && a.at < restartedAt);
      expect(during.length, 'calls made while Redis was down').toBeGreaterThanOrEqual(10);
      expect(answers.filter((a) => a.status !== 202), 'answers other than 202').toEqual([]);
      const runIds = answers.map((a) => a.runId);
      expect(runIds.every((id) => typeof id === 'string')).toBe(true);
      expect(new Set(runIds).size).toBe(answers.length);

      // Every run ends, succeeded.
      await eventually(
        async () => ((await worker.db.run.count({ where: { konnectorId, status: { in: ['queued', 'running'] } } })) === 0 ? true : undefined),
        300_000,
        'every run to finish',
      );
      const runs = await worker.db.run.findMany({ where: { konnectorId }, select: { id: true, status: true, summary: true } });
      expect(runs).toHaveLength(answers.length);
      expect(new Set(runs.map((r) => r.id))).toEqual(new Set(runIds));
      expect(runs.filter((r) => r.status !== 'succeeded').map((r) => `${r.status}: ${r.summary ?? ''}`)).toEqual([]);

      // Exactly one note per call: nothing lost, nothing sent twice.
      const notes = notesBySubject(sim);
      const wrong = answers.map((a) => ({ n: a.n, notes: notes.get(`hook ${a.n}`) ?? 0 })).filter((x) => x.notes !== 1);
      expect(wrong).toEqual([]);
      expect([...notes.values()].reduce((a, b) => a + b, 0)).toBe(answers.length);

      // The runs accepted during the outage were enqueued by the reconciler once Redis was back.
      expect(worker.log.matching(/reconcile: re-enqueued/).length).toBeGreaterThan(0);

      // The outage in few lines: one when Redis went away, one when it came back, per process.
      for (const [name, s] of [['web', web], ['worker', worker]] as const) {
        expect(s.log.matching(/Redis is unreachable/), `${name}: "unreachable" lines`).toHaveLength(1);
        expect(s.log.matching(/Redis is reachable again/), `${name}: "reachable again" lines`).toHaveLength(1);
        expect(s.log.lines.filter((l) => l.level === 'error'), `${name}: error lines`).toEqual([]);
        expect(s.log.lines.length, `${name}: log lines\n${s.log.lines.map((l) => `${l.level} ${l.message}`).join('\n')}`).toBeLessThanOrEqual(12);
      }
      // Nothing printed around the logger either (BullMQ prints errors nobody listens to).
      expect(printed.lines.slice(0, 5), `${printed.lines.length} lines printed to the console`).toEqual([]);
      const slowest = Math.max(...answers.map((a) => a.ms));
      console.log(
        `redis-outage: ${answers.length} calls (${during.length} while Redis was down ${Math.round((restartedAt - killedAt) / 1000)} s), all 202, slowest answer ${slowest} ms; ` +
          `${runs.length} runs succeeded, one note each. web log: ${web.log.lines.length} lines, worker log: ${worker.log.lines.length} lines`,
      );
    } finally {
      printed.restore();
      sim.clearFaults();
      await background.stop();
      await workers.close(10_000);
    }
  });

  it('a queued run whose job a worker holds (taken, not yet claimed) is not enqueued again when Redis lost the job', { timeout: 120_000 }, async () => {
    // As after the outage above: the run is queued since long ago, Redis has no job for it, and a
    // worker still holds it (its job was taken before Redis died; the claim waits for a workspace slot).
    const held = await side(createRedis(server.url), `ktest-redis-held-${uniqueSuffix()}`);
    const background = startBackground(held.p, { heartbeatMs: 200, reconcileEveryMs: 600_000, reconcile: { workspaceIds: ['none'] } });
    try {
      const connectionId = await createConnection(held.db, workspaceId, 'custify', { apiKey: 'demo-custify-key', baseUrl: sim.url });
      const { konnectorId } = await noteHookKonnector(held.p, held.db, workspaceId, connectionId, sim);
      const { publishedVersionId } = await held.db.konnector.findUniqueOrThrow({ where: { id: konnectorId } });
      const longAgo = new Date(Date.now() - 3_600_000);
      const make = (eventKey: string) =>
        held.db.run.create({ data: { workspaceId, konnectorId, versionId: publishedVersionId ?? '', eventKey, status: 'queued', trigger: { n: 0 }, createdAt: longAgo, updatedAt: longAgo } });
      const [inHand, orphan] = [await make('held'), await make('orphan')];
      runsInFlight(held.p).add(inHand.id);
      await eventually(
        async () => ((await held.db.run.findUniqueOrThrow({ where: { id: inHand.id } })).updatedAt > longAgo ? true : undefined),
        60_000,
        'the heartbeat to touch the held run',
      );
      const scope = { workspaceIds: [workspaceId], queuedGraceMs: 60_000 };
      expect(await reviveRuns(held.p, scope)).toEqual([orphan.id]);
      // Once the worker lets go of it without a trace (a crash), it is enqueued after the grace.
      runsInFlight(held.p).delete(inHand.id);
      expect(await reviveRuns(held.p, { ...scope, now: new Date(Date.now() + 120_000) })).toEqual([inHand.id]);
    } finally {
      await background.stop();
      await held.queues.close();
      held.redis.disconnect();
      await held.db.$disconnect();
    }
  });

  it('a Redis reported down while its connection stayed up (a command too slow to answer) is seen up again without a reconnect', { timeout: 120_000 }, async () => {
    const probed = await side(new Redis(server.url, { maxRetriesPerRequest: 1, connectTimeout: 2000 }), `ktest-redis-probe-${uniqueSuffix()}`);
    try {
      await probed.redis.ping();
      // As enqueueOrLeave reports a Redis that did not take the jobs within its deadline.
      probed.p.deps.down('redis', new InfrastructureUnavailable('redis', new Error('no answer in 1000 ms')));
      expect(probed.p.deps.isUp('redis')).toBe(false);
      await eventually(async () => (probed.p.deps.isUp('redis') ? true : undefined), 60_000, 'Redis to be seen up again');
      expect(probed.redis.status).toBe('ready');
      expect(probed.log.matching(/Redis is reachable again/)).toHaveLength(1);
    } finally {
      await probed.queues.close();
      probed.redis.disconnect();
      await probed.db.$disconnect();
    }
  });
});
