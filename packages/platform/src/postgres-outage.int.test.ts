/**
 * PostgreSQL goes away (pg_ctl stop -m fast) for ~15 s and comes back, while Catch Hook calls keep
 * coming and runs are in flight. This file creates its own PostgreSQL cluster (initdb into a
 * temporary directory, as the `postgres` user when run as root) on a spare port, and uses the
 * normal test Redis under a prefix of its own.
 *
 * Two platforms, as the two processes of a deployment: the web side (hook calls; its own pool, and
 * a Redis client built as apps/web/src/server/services.ts builds it) and the worker side (BullMQ
 * workers and the background loop).
 *
 * Must hold: a call during the outage is answered 503 with Retry-After (never a 500, never a hang);
 * the caller sends it again later with the same Idempotency-Key and it is taken then; every call
 * answered 202 ends in a run that `succeeded`; runs in flight when Postgres stopped go back to
 * retry, none fails because of the outage; the simulator got exactly one note per call (a step
 * record is never lost, so no action is sent twice); the same platform objects keep working after
 * the restart; each process logs the outage in one line and its end in one line.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import { createDb, ensureDatabase, migrateDeploy, type Db } from '@konnect/db';
import { testKeyring, uniqueSuffix } from '@konnect/db/testing';
import { createRegistry, type HttpClientOptions } from '@konnect/sdk';
import { startBackground } from './heartbeat';
import { callHook, captureConsole, capturingLog, holdingProxy, keepCalling, noteHookKonnector, notesBySubject, sleep, spareLoopbackPort, type Answer, type HoldingProxy } from './outage-fixtures';
import { createPlatform, type Platform } from './platform';
import { createQueues, createRedis, type Queues } from './queues';
import { createConnection, createWorkspace, eventually, REDIS_URL } from './test-fixtures';
import { startWorkers } from './workers';

const run = promisify(execFile);

/** PostgreSQL's server binaries: $PG_BIN, else the newest Debian /usr/lib/postgresql/<version>/bin. */
function findPgBin(): string | null {
  const candidates = [process.env.PG_BIN ?? ''];
  try {
    candidates.push(
      ...readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`),
    );
  } catch {
    // not Debian's layout
  }
  return candidates.find((dir) => dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

const PG_BIN = findPgBin();
const AS_ROOT = process.getuid?.() === 0;
/** PostgreSQL refuses to run as root: then every server command runs as the `postgres` user. */
const postgresUser = AS_ROOT ? spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }) : null;
const missing = !PG_BIN
  ? 'the PostgreSQL server binaries (initdb, pg_ctl) are not installed (Debian: apt-get install postgresql, or set PG_BIN)'
  : AS_ROOT && postgresUser?.status !== 0
    ? 'running as root and there is no `postgres` user to run the server as'
    : null;
if (missing) console.log(`postgres-outage.int.test: SKIPPED — ${missing}`);

/** How long PostgreSQL stays away. */
const OUTAGE_MS = 15_000;

/** A PostgreSQL cluster of this test in a temporary directory, on its own port. */
class OwnPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'konnect-pg-outage-'));
  readonly data = join(this.dir, 'data');
  constructor(readonly port: number) {
    if (AS_ROOT) {
      const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      chownSync(this.dir, uid, gid);
    }
  }

  url(database: string): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private async bin(name: string, args: string[]): Promise<void> {
    const file = join(PG_BIN ?? '', name);
    const [cmd, argv] = AS_ROOT ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
    try {
      await run(cmd, argv, { timeout: 180_000 });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`${name} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  }

  async init(): Promise<void> {
    await this.bin('initdb', ['-D', this.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
    await this.bin('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'server.log'), '-o', options, '-w', '-t', '120', 'start']);
  }

  /** `-m fast`: open sessions are terminated, in-flight transactions rolled back. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.bin('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '120', 'stop']);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

interface Side {
  p: Platform;
  db: Db;
  redis: Redis;
  queues: Queues;
  log: ReturnType<typeof capturingLog>;
}

function side(db: Db, redis: Redis, prefix: string, httpOptions: Partial<HttpClientOptions> = {}): Side {
  const queues = createQueues(redis, prefix);
  const log = capturingLog();
  // Calls are not rate limited here: what is measured is the answer to an unreachable database.
  const p = createPlatform({ db, queues, registry, keyring: testKeyring, log, httpOptions, limits: { hookRate: { perSecond: 10_000, burst: 10_000 }, hookRateMax: { perSecond: 10_000, burst: 10_000 }, hookWorkspaceRate: { perSecond: 10_000, burst: 10_000 }, workspaceConcurrency: 50 } });
  return { p, db, redis, queues, log };
}

const registry = createRegistry([custify, catchHookConnector]);
let pg: OwnPostgres | undefined;
let sim: Simulator;
let proxy: HoldingProxy;
let web: Side;
let worker: Side;
let prefix: string;

describe.skipIf(missing !== null)('PostgreSQL outage (its own cluster, stopped and started again)', () => {
  beforeAll(async () => {
    pg = new OwnPostgres(await spareLoopbackPort());
    await pg.init();
    await pg.start();
    const url = pg.url('konnect_outage');
    await ensureDatabase(url);
    await migrateDeploy(url);
    sim = await startSimulator({ port: 0, seed: 'empty' });
    proxy = await holdingProxy(sim.url);
    prefix = `ktest-pg-outage-${uniqueSuffix()}`;
    // The web's pool is sharedDb's (createDb, default size) and its Redis client services.ts's.
    web = side(createDb(url), new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000 }), prefix);
    // No client timeout while the proxy holds an answer (a timeout would send the action again, by design).
    worker = side(createDb(url, { max: 4 }), createRedis(REDIS_URL), prefix, { timeoutMs: 600_000 });
  }, 300_000);

  afterAll(async () => {
    if (process.env.OUTAGE_DEBUG) for (const s of [web, worker]) console.log(s?.log.lines.map((l) => `${l.level} ${l.message}`).join('\n'));
    for (const s of [web, worker]) if (s) await s.queues.close().catch(() => undefined);
    if (worker) {
      let cursor = '0';
      do {
        const [next, keys] = await worker.redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length > 0) await worker.redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
    for (const s of [web, worker]) {
      if (!s) continue;
      await s.redis.quit().catch(() => undefined);
      await s.db.$disconnect().catch(() => undefined);
    }
    await proxy?.close();
    await sim?.close();
    if (pg) {
      await pg.stop('immediate').catch(() => undefined);
      pg.remove();
    }
  }, 300_000);

  it('answers 503 + Retry-After while it is down, and every accepted call still ends in one succeeded run and one note', { timeout: 600_000 }, async () => {
    const own = pg as OwnPostgres;
    const workspaceId = await createWorkspace(worker.db);
    // Actions go through the proxy, which can keep their answers back.
    const connectionId = await createConnection(worker.db, workspaceId, 'custify', { apiKey: 'demo-custify-key', baseUrl: proxy.url });
    const { konnectorId, token } = await noteHookKonnector(worker.p, worker.db, workspaceId, connectionId, sim);
    // Slow notes, so runs are in flight when Postgres stops.
    sim.addFault({ delayMs: 300, pathPrefix: '/note', times: 1_000_000 });
    const workers = startWorkers(worker.p, { concurrency: { run: 8, poll: 1, schedule: 1, maintenance: 1 }, lockDurationMs: 2000, stalledIntervalMs: 1000 });
    const background = startBackground(worker.p, {
      heartbeatMs: 500,
      reconcileEveryMs: 2000,
      reconcile: { workspaceIds: [workspaceId], queuedGraceMs: 2000, runningStaleMs: 4000 },
    });
    // Every call carries its own Idempotency-Key, as a webhook sender that retries does.
    const key = (n: number) => ({ 'idempotency-key': `outage-${n}` });
    const printed = captureConsole();
    const sender = keepCalling(web.p, token, { lanes: 2, pauseMs: 100, limitMs: 60_000, headers: key });
    let answers: Answer[] = [];
    let inFlight: string[] = [];
    let heldCalls: number[] = [];
    let stoppingAt = 0;
    let stoppedAt = 0;
    let startingAt = 0;
    let restartedAt = 0;
    try {
      try {
        await eventually(async () => ((await worker.db.run.count({ where: { konnectorId, status: 'running' } })) > 0 ? true : undefined), 120_000, 'runs in flight');
        await eventually(async () => (sender.answers.length >= 10 ? true : undefined), 120_000, 'calls answered before the outage');

        // Actions carried out by the app whose answers have not reached their runs when Postgres stops:
        // their runs can only record them while it is away (or after).
        proxy.hold();
        await eventually(async () => (proxy.held() >= 2 ? true : undefined), 120_000, 'actions carried out, answers held');
        inFlight = (await worker.db.run.findMany({ where: { konnectorId, status: 'running' }, select: { id: true } })).map((r) => r.id);
        stoppingAt = Date.now();
        await own.stop('fast');
        stoppedAt = Date.now();
        heldCalls = proxy.release().map((body) => Number(/^hook (\d+)$/.exec(String((JSON.parse(body) as { subject?: unknown }).subject))?.[1]));
        await sleep(OUTAGE_MS);
        startingAt = Date.now();
        await own.start();
        restartedAt = Date.now();

        // Calls keep coming after the restart, on the same platform objects.
        const sentBack = sender.sent();
        await eventually(async () => (sender.answers.filter((a) => a.n > sentBack && a.status === 202).length >= 10 ? true : undefined), 120_000, 'calls taken after the restart');
      } finally {
        answers = await sender.stop();
      }

      // While it was down: 503 with Retry-After; never a 500, never a hang; nothing else.
      const refused = answers.filter((a) => a.status === 503);
      expect(answers.filter((a) => a.status !== 202 && a.status !== 503), 'answers other than 202 / 503').toEqual([]);
      expect(refused.length, '503 answers').toBeGreaterThanOrEqual(5);
      expect(refused.filter((a) => !(Number(a.retryAfter) > 0)), '503 answers without Retry-After').toEqual([]);
      // (Postgres takes calls again before pg_ctl start returns: the window ends when it was started.)
      expect(answers.filter((a) => a.at >= stoppedAt && a.at + a.ms < startingAt && a.status !== 503), 'calls made and answered while Postgres was down').toEqual([]);

      // The caller sends every refused call again (same Idempotency-Key): taken now.
      const retried = [];
      for (const a of refused) retried.push(await callHook(web.p, token, a.n, 60_000, key(a.n)));
      expect(retried.filter((a) => a.status !== 202)).toEqual([]);
      const accepted = [...answers.filter((a) => a.status === 202), ...retried];
      const runIdOf = new Map(accepted.map((a) => [a.n, a.runId]));
      expect(runIdOf.size, 'every call has its run').toBe(answers.length);

      // Every run ends succeeded, those in flight when Postgres stopped too.
      await eventually(
        async () => ((await worker.db.run.count({ where: { konnectorId, status: { in: ['queued', 'running'] } } })) === 0 ? true : undefined),
        300_000,
        'every run to finish',
      );
      const runs = await worker.db.run.findMany({ where: { konnectorId }, select: { id: true, status: true, summary: true } });
      expect(new Set(runs.map((r) => r.id))).toEqual(new Set(runIdOf.values()));
      expect(runs.filter((r) => r.status !== 'succeeded').map((r) => `${r.status}: ${r.summary ?? ''}`)).toEqual([]);
      expect(inFlight.length).toBeGreaterThan(0);
      // The held actions were recorded after the restart, each sent once (checked with every note below).
      expect(heldCalls.length).toBeGreaterThanOrEqual(2);
      const held = await worker.db.run.findMany({ where: { id: { in: heldCalls.map((n) => runIdOf.get(n) ?? '') } }, select: { status: true, finishedAt: true } });
      expect(held).toHaveLength(heldCalls.length);
      for (const r of held) {
        expect(r.status).toBe('succeeded');
        expect(r.finishedAt?.getTime()).toBeGreaterThan(stoppedAt);
      }

      // One note per call: no action was sent again because its record was lost.
      const notes = notesBySubject(sim);
      const wrong = answers.map((a) => ({ n: a.n, notes: notes.get(`hook ${a.n}`) ?? 0 })).filter((x) => x.notes !== 1);
      expect(wrong).toEqual([]);
      expect([...notes.values()].reduce((a, b) => a + b, 0)).toBe(answers.length);

      // The outage in few lines: one when Postgres went away, one when it came back, per process.
      for (const [name, s] of [['web', web], ['worker', worker]] as const) {
        const all = s.log.lines.map((l) => `${l.level} ${l.message}`).join('\n');
        expect(s.log.matching(/PostgreSQL is unreachable/), `${name}: "unreachable" lines\n${all}`).toHaveLength(1);
        expect(s.log.matching(/PostgreSQL is reachable again/), `${name}: "reachable again" lines\n${all}`).toHaveLength(1);
        expect(s.log.lines.filter((l) => l.level === 'error'), `${name}: error lines`).toEqual([]);
        expect(s.log.lines.length, `${name}: log lines\n${all}`).toBeLessThanOrEqual(12);
      }
      // Nothing printed around the logger either (BullMQ prints errors nobody listens to).
      expect(printed.lines.slice(0, 5), `${printed.lines.length} lines printed to the console`).toEqual([]);
      const slowest = Math.max(...answers.map((a) => a.ms));
      console.log(
        `postgres-outage: ${answers.length} calls, ${refused.length} answered 503 while Postgres was down ${Math.round((restartedAt - stoppingAt) / 1000)} s ` +
          `(all taken when sent again), slowest answer ${slowest} ms; ${inFlight.length} runs in flight at the stop, ${heldCalls.length} of them with their action done and unrecorded; ` +
          `${runs.length} runs succeeded, one note each. ` +
          `web log: ${web.log.lines.length} lines, worker log: ${worker.log.lines.length} lines`,
      );
    } finally {
      printed.restore();
      sim.clearFaults();
      await background.stop();
      await workers.close(10_000);
    }
  });
});
