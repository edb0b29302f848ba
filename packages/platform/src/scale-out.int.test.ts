/**
 * Scale-out test: three real worker processes (tsx on scale-worker.ts) share one Redis prefix and
 * one database, each with its heartbeat and a reconciler that competes for the leader lease.
 * 1,000 Catch Hook calls are ingested here (ingestHook) in waves, and 50 polling Custify
 * konnectors (person_created, every 10 s) see people inserted into the simulator during the test.
 * Midway, the reconciler's leader is killed with SIGKILL while it executes runs.
 *
 * Afterwards: nothing lost (every hook call's run and every person's run per konnector exists and
 * ended `succeeded`), nothing doubled (one run per event: the DB's unique key, checked by event key
 * per konnector; the simulator stored exactly one event per run; a second POST of the same action
 * exists only for runs that were executing on the killed worker, which is what a kill -9 in the
 * middle of an HTTP call means: the design promises at most the one in-flight action repeated, and
 * the app deduplicates it by the step's idempotency key). Throughout, `listWorkers` shows at most
 * one live leader, every live worker with its in-flight count, and another worker takes the lead
 * after the leader is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import { generateKeySpec, parseKeyring, seal } from '@konnect/db';
import { testDatabaseUrl } from '@konnect/db/testing';
import { createRegistry } from '@konnect/sdk';
import { activate } from './activation';
import { listWorkers, type BackgroundOptions, type WorkerInfo } from './heartbeat';
import { ingestHook } from './hooks';
import { createPlatform, type Platform } from './platform';
import { createKonnector, createWorkspace, eventually, REDIS_URL, testPlatform, type TestPlatform } from './test-fixtures';

const HOOK_CALLS = 1000;
const WAVES = 10;
const POLLERS = 50;
/** People inserted into the simulator after these waves (each makes one run per poller). */
const PEOPLE_AFTER_WAVE = new Map([
  [0, 2],
  [2, 2],
  [4, 2],
  [6, 2],
  [9, 2],
]);
const PEOPLE = [...PEOPLE_AFTER_WAVE.values()].reduce((a, b) => a + b, 0);
const KILL_AFTER_WAVE = 4;
const WORKERS = 3;
const RUN_CONCURRENCY = 8;
const HEARTBEAT_MS = 1000;
const RECONCILE_EVERY_MS = 2000;
/** The action's latency at the simulator, so that runs are in flight when the leader dies. */
const ACTION_DELAY_MS = 150;

const here = path.dirname(fileURLToPath(import.meta.url));
const keySpec = generateKeySpec('scale');
const keyring = parseKeyring(keySpec);
const registry = createRegistry([custify, catchHookConnector]);

let t: TestPlatform;
let p: Platform;
let sim: Simulator;
let workspaceId: string;

interface Spawned {
  child: ChildProcess;
  pid: number;
  workerId?: string;
  killed: boolean;
  exited: boolean;
}
const workers: Spawned[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spawnWorker(databaseUrl: string): Spawned {
  const background: BackgroundOptions = {
    heartbeatMs: HEARTBEAT_MS,
    reconcileEveryMs: RECONCILE_EVERY_MS,
    reconcile: { workspaceIds: [workspaceId], queuedGraceMs: 4000, runningStaleMs: 8000 },
  };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'scale-worker.ts')], {
    cwd: path.join(here, '..'),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: t.prefix,
      KONNECT_ENCRYPTION_KEY: keySpec,
      RUN_CONCURRENCY: String(RUN_CONCURRENCY),
      POLL_CONCURRENCY: '2',
      SCALE_BACKGROUND: JSON.stringify(background),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const spawned: Spawned = { child, pid: child.pid ?? -1, killed: false, exited: false };
  child.stdout?.on('data', (chunk: Buffer) => {
    const match = /ready (\d+) (\S+)/.exec(chunk.toString());
    if (match) spawned.workerId = match[2];
  });
  child.on('exit', () => {
    spawned.exited = true;
  });
  workers.push(spawned);
  return spawned;
}

const live = () => workers.filter((w) => !w.killed && !w.exited);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'empty' });
  t = await testPlatform('scale', registry);
  p = createPlatform({ ...t.p, keyring });
  workspaceId = await createWorkspace(t.db);
});

afterAll(async () => {
  for (const w of workers) if (!w.exited) w.child.kill('SIGKILL');
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
  await sim.close();
});

/** Successful POST /event requests per event name, with their deduplication ids. */
function eventPosts(): Map<string, string[]> {
  const posts = new Map<string, string[]>();
  for (const r of sim.requests) {
    if (r.method !== 'POST' || r.path !== '/event' || r.status < 200 || r.status >= 300) continue;
    const body = (r.body ?? {}) as { name?: unknown; deduplication_id?: unknown };
    const name = String(body.name ?? '');
    posts.set(name, [...(posts.get(name) ?? []), String(body.deduplication_id ?? '')]);
  }
  return posts;
}

interface Sample {
  at: number;
  workers: WorkerInfo[];
  /** Pids of the worker processes alive when the sample was taken. */
  alive: Set<number>;
}

describe('scale-out', () => {
  it(`3 workers, ${HOOK_CALLS} hook runs and ${POLLERS} pollers, the leader killed midway: nothing lost or doubled, one leader at a time`, async () => {
    const started = Date.now();
    const sealed = seal(keyring, JSON.stringify({ apiKey: 'demo-custify-key', baseUrl: sim.url }), workspaceId);
    const connection = await t.db.connection.create({
      data: { workspaceId, connectorKey: 'custify', name: 'scale', secret: sealed.envelope, keyVersion: sealed.keyId },
    });
    const insertEvent = (name: string, userId: string) => ({
      type: 'action' as const,
      id: 'event',
      connector: 'custify',
      action: 'insert_event',
      connectionId: connection.id,
      input: { name, user_id: userId },
    });
    const hooked = await createKonnector(t.db, workspaceId, {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [insertEvent('hook {{trigger.n}}', 'user-{{trigger.n}}')],
    });
    const { hookToken } = await activate(p, workspaceId, hooked);
    if (!hookToken) throw new Error('no hook token');

    // Someone who exists before the pollers start: no poller may run for them.
    const existing = sim.store.insert('people', { name: 'Already here' }).id;
    const pollers: string[] = [];
    for (let k = 0; k < POLLERS; k++) {
      pollers.push(
        await createKonnector(t.db, workspaceId, {
          trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId: connection.id, input: {}, pollSeconds: 10 },
          steps: [insertEvent(`poll ${k} {{trigger.id}}`, 'user-{{trigger.id}}')],
        }),
      );
    }
    for (let i = 0; i < pollers.length; i += 10) await Promise.all(pollers.slice(i, i + 10).map((id) => activate(p, workspaceId, id)));
    const activatedMs = Date.now() - started;
    sim.addFault({ delayMs: ACTION_DELAY_MS, pathPrefix: '/event', times: 1_000_000 });

    const databaseUrl = await testDatabaseUrl();
    for (let i = 0; i < WORKERS; i++) spawnWorker(databaseUrl);
    await eventually(async () => (workers.every((w) => w.workerId) ? true : undefined), 60_000, 'the workers to be ready');
    const setupMs = Date.now() - started;

    // Monitor: listWorkers every 150 ms, with which worker processes were alive around it.
    const samples: Sample[] = [];
    let monitoring = true;
    const monitor = (async () => {
      while (monitoring) {
        const aliveBefore = new Set(live().map((w) => w.pid));
        const list = await listWorkers(t.p);
        const aliveAfter = new Set(live().map((w) => w.pid));
        // A worker counts as alive for this sample only if it was alive before and after the read.
        samples.push({ at: Date.now(), workers: list, alive: new Set([...aliveBefore].filter((pid) => aliveAfter.has(pid))) });
        await sleep(150);
      }
    })();
    const liveLeaders = (s: Sample) => s.workers.filter((w) => w.leader && s.alive.has(w.pid));
    try {
      // Every worker announces itself, and one of them leads.
      const first = await eventually(
        async () => {
          const list = await listWorkers(t.p);
          const all = workers.every((w) => list.some((info) => info.pid === w.pid && info.id === w.workerId));
          return all && list.filter((w) => w.leader).length === 1 ? list : undefined;
        },
        30_000,
        'all three workers listed, one of them leader',
      );
      expect(first).toHaveLength(WORKERS);

      const hookKeys: string[] = [];
      const people: string[] = [];
      let n = 0;
      const ingest = async (count: number) => {
        const calls: Promise<unknown>[] = [];
        const end = n + count;
        // Ten callers at a time (the fast path batches the calls of one turn of the event loop).
        const next = async (): Promise<void> => {
          while (n < end) {
            const i = n++;
            const key = `hook-${i}`;
            hookKeys.push(key);
            const result = await ingestHook(p, hookToken, { body: { n: i }, headers: { 'idempotency-key': key }, query: {} });
            if (!result.runId) throw new Error(`hook call ${i} made no run`);
          }
        };
        for (let c = 0; c < 10; c++) calls.push(next());
        await Promise.all(calls);
      };

      let victim: Spawned | undefined;
      let killedAt = 0;
      let takeover: Promise<{ lead: WorkerInfo; ms: number }> | undefined;
      let runningAtKill = new Set<string>();
      let victimInFlight = 0;
      for (let wave = 0; wave < WAVES; wave++) {
        await ingest(HOOK_CALLS / WAVES);
        for (let i = 0; i < (PEOPLE_AFTER_WAVE.get(wave) ?? 0); i++) people.push(sim.store.insert('people', { name: `Person ${wave}.${i}` }).id);
        if (wave === KILL_AFTER_WAVE) {
          // Kill the leader while it executes runs.
          const leader = await eventually(
            async () => {
              const list = await listWorkers(t.p);
              const lead = list.find((w) => w.leader && live().some((l) => l.pid === w.pid));
              return lead && lead.inFlight > 0 ? lead : undefined;
            },
            30_000,
            'the leader to have runs in flight',
          );
          victim = live().find((w) => w.pid === leader.pid);
          if (!victim) throw new Error('the leader is not one of our workers');
          victimInFlight = leader.inFlight;
          victim.killed = true;
          victim.child.kill('SIGKILL');
          killedAt = Date.now();
          const dead = victim.pid;
          // Another worker takes the lead (watched while the waves go on).
          takeover = eventually(
            async () => {
              const lead = (await listWorkers(t.p)).find((w) => w.leader && w.pid !== dead);
              return lead ? { lead, ms: Date.now() - killedAt } : undefined;
            },
            60_000,
            'another worker to take the lead',
          );
          takeover.catch(() => undefined);
          // The victim's runs stay `running` in the database until another worker takes them over.
          const running = await t.db.run.findMany({ where: { workspaceId, status: 'running' }, select: { id: true } });
          runningAtKill = new Set(running.map((r) => r.id));
        }
        await sleep(1000);
      }
      if (!victim || !takeover) throw new Error('no worker was killed');
      const killed = victim;
      const newLeader = await takeover;
      // The killed worker leaves the list once its heartbeat key expires.
      await eventually(async () => ((await listWorkers(t.p)).some((w) => w.pid === killed.pid) ? undefined : true), 15_000, 'the killed worker to leave the list');

      // Every run exists and ends.
      const expectedRuns = HOOK_CALLS + POLLERS * PEOPLE;
      const finalRuns = await eventually(
        async () => {
          const counts = await t.db.run.groupBy({ by: ['status'], where: { workspaceId }, _count: true });
          const total = counts.reduce((sum, c) => sum + c._count, 0);
          const unfinished = counts.filter((c) => c.status === 'queued' || c.status === 'running').reduce((sum, c) => sum + c._count, 0);
          return total >= expectedRuns && unfinished === 0 ? t.db.run.findMany({ where: { workspaceId }, select: { id: true, konnectorId: true, eventKey: true, status: true, summary: true } }) : undefined;
        },
        150_000,
        'every run to be created and to end',
      );
      const doneMs = Date.now() - started;
      monitoring = false;
      await monitor;

      // 0 lost: every hook call's run and every person's run per poller, all succeeded.
      expect(finalRuns.filter((r) => r.status !== 'succeeded').map((r) => `${r.eventKey}: ${r.status} ${r.summary}`)).toEqual([]);
      const hookRuns = finalRuns.filter((r) => r.konnectorId === hooked);
      expect(hookRuns.map((r) => r.eventKey).sort()).toEqual([...hookKeys].sort());
      for (const k of pollers.keys()) {
        const mine = finalRuns.filter((r) => r.konnectorId === pollers[k]);
        expect(mine.map((r) => r.eventKey).sort(), `poller ${k}`).toEqual([...people].sort());
      }
      expect(finalRuns.some((r) => r.eventKey === existing)).toBe(false);
      // 0 duplicated: one run per event (the DB's unique key) and nothing beyond the expected runs.
      expect(finalRuns).toHaveLength(expectedRuns);
      expect(new Set(finalRuns.map((r) => `${r.konnectorId}:${r.eventKey}`)).size).toBe(expectedRuns);

      // The app received each run's action: one POST per run, except repeats of actions that were
      // in flight on the killed worker (same step, same deduplication id); it stored each once.
      const subjectOf = new Map<string, string>();
      for (const r of hookRuns) subjectOf.set(`hook ${r.eventKey.slice('hook-'.length)}`, r.id);
      for (const r of finalRuns) {
        const k = pollers.indexOf(r.konnectorId);
        if (k >= 0) subjectOf.set(`poll ${k} ${r.eventKey}`, r.id);
      }
      const posts = eventPosts();
      expect([...posts.keys()].filter((name) => !subjectOf.has(name))).toEqual([]);
      expect([...subjectOf.keys()].filter((name) => !posts.has(name))).toEqual([]);
      const repeated = [...posts.entries()].filter(([, ids]) => ids.length > 1);
      for (const [name, ids] of repeated) {
        expect(runningAtKill.has(subjectOf.get(name) ?? ''), `${name} was posted ${ids.length} times but was not running at the kill`).toBe(true);
        expect(new Set(ids).size, `${name}: one step, one deduplication id`).toBe(1);
        expect(ids).toHaveLength(2);
      }
      expect(repeated.length).toBeLessThanOrEqual(RUN_CONCURRENCY);
      const stored = sim.store.list('events');
      expect(stored).toHaveLength(expectedRuns);
      expect(new Set(stored.map((e) => e.name)).size).toBe(expectedRuns);

      // One live leader at most, at every sample; a leader before and after the kill.
      const twoLeaders = samples.filter((s) => liveLeaders(s).length > 1);
      expect(twoLeaders.map((s) => `${new Date(s.at).toISOString()}: ${liveLeaders(s).map((w) => w.id).join(', ')}`)).toEqual([]);
      expect(newLeader.lead.pid).not.toBe(killed.pid);
      expect(newLeader.ms).toBeLessThan(30_000);
      // Every live worker was listed with its in-flight count, which went above 0 and stayed within its concurrency.
      for (const w of workers) {
        const seen = samples.flatMap((s) => s.workers.filter((info) => info.pid === w.pid));
        expect(seen.length, `worker ${w.pid} listed`).toBeGreaterThan(0);
        expect(seen.every((info) => info.id === w.workerId && Number.isInteger(info.inFlight) && info.inFlight >= 0 && info.inFlight <= RUN_CONCURRENCY)).toBe(true);
        expect(Math.max(...seen.map((info) => info.inFlight)), `worker ${w.pid} in flight`).toBeGreaterThan(0);
      }
      const missing = samples.reduce((sum, s) => sum + [...s.alive].filter((pid) => !s.workers.some((w) => w.pid === pid)).length, 0);
      // Idle now: the survivors' next beats report nothing in flight.
      const end = await eventually(async () => {
        const list = await listWorkers(t.p);
        return list.every((w) => w.inFlight === 0) ? list : undefined;
      }, 15_000, 'the workers to report nothing in flight');
      expect(end.map((w) => w.pid).sort()).toEqual(live().map((w) => w.pid).sort());
      expect(end.filter((w) => w.leader)).toHaveLength(1);

      console.log(
        `scale-out test: ${expectedRuns} runs (${HOOK_CALLS} hook, ${POLLERS * PEOPLE} poll) on ${WORKERS} workers; leader ${killed.workerId ?? ''} killed with ${victimInFlight} runs in flight, ` +
          `${repeated.length} in-flight action(s) sent again; new leader after ${newLeader.ms} ms; ${samples.length} listWorkers samples, ` +
          `${missing} live-worker misses; setup ${setupMs} ms (konnectors activated after ${activatedMs} ms), all runs done after ${doneMs} ms`,
      );
    } finally {
      monitoring = false;
      await monitor;
      sim.clearFaults();
    }
  }, 280_000);
});
