/**
 * Fairness without churn (fairness.ts), across two real worker processes (tsx on scale-worker.ts:
 * the real startWorkers, heartbeat and reconciler) sharing one Redis prefix and one database. A
 * burst of runs from one workspace with a limit of K: a counting proxy in front of the app (the
 * Custify simulator) holds every action's request a while and records how many of the workspace's
 * requests were in flight at once, which is how many of its runs were executing. Checked: never
 * more than K at once; every run ends `succeeded` and sent its one request exactly once; a run of
 * another workspace fired after the burst ends before the burst does; after a SIGKILL mid-burst the
 * slots come back and every run still ends; after every Redis key of the prefix is deleted
 * mid-burst, the reconciler rebuilds the queue and the ready sets and nothing is lost or doubled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import { generateKeySpec, parseKeyring, seal } from '@konnect/db';
import { testDatabaseUrl } from '@konnect/db/testing';
import { createRegistry } from '@konnect/sdk';
import { activate } from './activation';
import { workspaceSlots } from './fairness';
import type { BackgroundOptions } from './heartbeat';
import { ingestHook } from './hooks';
import { createPlatform, type Platform } from './platform';
import { createKonnector, createWorkspace, eventually, REDIS_URL, testPlatform, type TestPlatform } from './test-fixtures';

const LIMIT = 3;
const BURST = 60;
const RUN_CONCURRENCY = 6;
/** How long the proxy holds each action's request: runs overlap, so a broken cap would show. */
const HOLD_MS = 120;
const LEASE_MS = 3000;

const here = path.dirname(fileURLToPath(import.meta.url));
const keySpec = generateKeySpec('fairness');
const keyring = parseKeyring(keySpec);

let t: TestPlatform;
let p: Platform;
let sim: Simulator;
const children = new Set<ChildProcess>();
const workspaces: string[] = [];

/** A proxy in front of the simulator that counts the requests in flight and what each carried. */
interface Proxy {
  url: string;
  max: number;
  inFlight: number;
  names: string[];
  close(): Promise<void>;
}

async function startProxy(target: string): Promise<Proxy> {
  const state = { max: 0, inFlight: 0, names: [] as string[] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString();
        state.inFlight++;
        state.max = Math.max(state.max, state.inFlight);
        try {
          if (req.method === 'POST') state.names.push(String((JSON.parse(body) as { name?: unknown }).name));
          await new Promise((r) => setTimeout(r, HOLD_MS));
          const headers: Record<string, string> = {};
          for (const name of ['authorization', 'content-type', 'accept', 'idempotency-key']) {
            const value = req.headers[name];
            if (typeof value === 'string') headers[name] = value;
          }
          const answer = await fetch(`${target}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body && req.method !== 'GET' ? { body } : {}) });
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(Buffer.from(await answer.arrayBuffer()));
        } finally {
          state.inFlight--;
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get max() {
      return state.max;
    },
    get inFlight() {
      return state.inFlight;
    },
    get names() {
      return state.names;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function spawnWorker(databaseUrl: string, background: BackgroundOptions): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'scale-worker.ts')], {
    cwd: path.join(here, '..'),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: t.prefix,
      KONNECT_ENCRYPTION_KEY: keySpec,
      RUN_CONCURRENCY: String(RUN_CONCURRENCY),
      WORKSPACE_CONCURRENCY: String(LIMIT),
      WORKSPACE_LEASE_MS: String(LEASE_MS),
      SCALE_BACKGROUND: JSON.stringify(background),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code ?? 'signal'}) before it was ready`)));
  });
  return { child, ready };
}

/** Two workers with heartbeat and reconciler, scoped to this file's workspaces. */
async function twoWorkers(): Promise<ChildProcess[]> {
  const databaseUrl = await testDatabaseUrl();
  const background: BackgroundOptions = { heartbeatMs: 500, reconcileEveryMs: 1000, reconcile: { workspaceIds: workspaces, queuedGraceMs: 3000, runningStaleMs: 10_000 } };
  const started = [spawnWorker(databaseUrl, background), spawnWorker(databaseUrl, background)];
  await Promise.all(started.map((s) => s.ready));
  return started.map((s) => s.child);
}

/** A workspace with a Catch Hook konnector whose one action (Custify insert_event) goes through its own proxy. */
async function tenant() {
  const workspaceId = await createWorkspace(t.db);
  workspaces.push(workspaceId);
  const proxy = await startProxy(sim.url);
  const sealed = seal(keyring, JSON.stringify({ apiKey: 'demo-custify-key', baseUrl: proxy.url }), workspaceId);
  const connection = await t.db.connection.create({ data: { workspaceId, connectorKey: 'custify', name: 'fair', secret: sealed.envelope, keyVersion: sealed.keyId } });
  const konnectorId = await createKonnector(t.db, workspaceId, {
    trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
    steps: [{ type: 'action', id: 'event', connector: 'custify', action: 'insert_event', connectionId: connection.id, input: { name: 'n-{{trigger.n}}', user_id: 'u-{{trigger.n}}' } }],
  });
  const { hookToken } = await activate(p, workspaceId, konnectorId);
  const fire = async (n: number): Promise<string> => {
    const { runId } = await ingestHook(p, hookToken ?? '', { body: { n }, headers: {}, query: {} });
    if (!runId) throw new Error(`hook call ${n} made no run`);
    return runId;
  };
  return { workspaceId, proxy, fire };
}

const allFinal = (runIds: string[]) => async () => {
  const rows = await t.db.run.findMany({ where: { id: { in: runIds } }, select: { id: true, status: true, finishedAt: true } });
  return rows.length === runIds.length && rows.every((r) => r.finishedAt !== null) ? rows : undefined;
};

/** How many POSTs carried each of the burst's names (n-0 … n-(BURST-1)). */
function sends(proxy: Proxy): number[] {
  const count = new Map<string, number>();
  for (const name of proxy.names) count.set(name, (count.get(name) ?? 0) + 1);
  return Array.from({ length: BURST }, (_, n) => count.get(`n-${n}`) ?? 0);
}

async function deletePrefix(): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await t.p.queues.redis.scan(cursor, 'MATCH', `${t.prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await t.p.queues.redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'empty' });
  t = await testPlatform('fairness', createRegistry([custify, catchHookConnector]), { workspaceConcurrency: LIMIT, workspaceLeaseMs: LEASE_MS });
  // The hook side (this process) admits runs under the same limit as the workers.
  p = createPlatform({ ...t.p, keyring, limits: { ...t.p.limits, hookRate: { perSecond: 10_000, burst: 10_000 } } });
});

afterEach(async () => {
  const exited = [...children].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(exited);
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const id of workspaces) await t.db.workspace.delete({ where: { id } }).catch(() => undefined);
  await t.close();
  await sim.close();
});

describe('fairness across two worker processes', () => {
  it(`a burst of ${BURST} runs with a limit of ${LIMIT}: never more than ${LIMIT} at once, each sent once, and another workspace is not starved`, { timeout: 240_000 }, async () => {
    const a = await tenant();
    const b = await tenant();
    await twoWorkers();
    const burst: string[] = [];
    for (let n = 0; n < BURST; n++) burst.push(await a.fire(n));
    const other = await b.fire(0);

    const rows = await eventually(allFinal(burst), 180_000, 'the burst to end');
    const [otherRow] = await eventually(allFinal([other]), 60_000, "the other workspace's run");
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['succeeded']));
    expect(otherRow?.status).toBe('succeeded');
    expect(a.proxy.max).toBeLessThanOrEqual(LIMIT);
    // The runs did overlap: a cap that held because nothing ran in parallel would prove nothing.
    expect(a.proxy.max).toBeGreaterThanOrEqual(2);
    expect(sends(a.proxy)).toEqual(Array.from({ length: BURST }, () => 1));
    // Fired after the whole burst, it did not wait for it: its workspace had a free slot.
    const lastOfBurst = Math.max(...rows.map((r) => r.finishedAt?.getTime() ?? 0));
    expect(otherRow?.finishedAt?.getTime()).toBeLessThan(lastOfBurst);
    // Every slot was given back.
    expect(await workspaceSlots(t.p, a.workspaceId).count()).toBe(0);
    await Promise.all([a.proxy.close(), b.proxy.close()]);
  });

  it('a worker killed (SIGKILL) mid-burst: its slots come back and every run ends', { timeout: 240_000 }, async () => {
    const a = await tenant();
    const [victim] = await twoWorkers();
    const burst: string[] = [];
    for (let n = 0; n < BURST; n++) burst.push(await a.fire(n));
    await eventually(async () => ((await t.db.run.count({ where: { id: { in: burst }, status: 'succeeded' } })) >= 10 ? true : undefined), 120_000, 'ten runs to succeed');
    victim?.kill('SIGKILL');

    const rows = await eventually(allFinal(burst), 180_000, 'the burst to end after the kill');
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['succeeded']));
    expect(a.proxy.max).toBeLessThanOrEqual(LIMIT);
    // Every run sent its request; only one the killed worker was sending may have gone twice.
    const counts = sends(a.proxy);
    expect(counts.every((c) => c >= 1)).toBe(true);
    expect(counts.filter((c) => c > 1).length).toBeLessThanOrEqual(LIMIT);
    await eventually(async () => ((await workspaceSlots(t.p, a.workspaceId).count()) === 0 ? true : undefined), 30_000, 'the slots to come back');
    await a.proxy.close();
  });

  it('every Redis key lost mid-burst: the reconciler rebuilds the queue and the ready sets, nothing lost or doubled', { timeout: 240_000 }, async () => {
    const a = await tenant();
    await twoWorkers();
    const burst: string[] = [];
    for (let n = 0; n < BURST; n++) burst.push(await a.fire(n));
    await eventually(async () => ((await t.db.run.count({ where: { id: { in: burst }, status: 'succeeded' } })) >= 10 ? true : undefined), 120_000, 'ten runs to succeed');
    await deletePrefix();

    const rows = await eventually(allFinal(burst), 180_000, 'the burst to end after Redis lost everything');
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['succeeded']));
    expect(sends(a.proxy)).toEqual(Array.from({ length: BURST }, () => 1));
    await a.proxy.close();
  });
});
