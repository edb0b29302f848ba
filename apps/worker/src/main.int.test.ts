/**
 * The worker process itself (tsx src/main.ts) on real Postgres, Redis and the Custify simulator:
 * a Catch Hook run goes through the full connector registry; SIGTERM shuts it down cleanly; a bad
 * environment stops it with a message naming the variable. The built worker (build.mjs →
 * dist/main.mjs, what production runs) executes a code step in its sandbox thread.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import { generateKeySpec, parseKeyring, seal, type Db } from '@konnect/db';
import { testDatabaseUrl, testDb, uniqueSuffix } from '@konnect/db/testing';
import { registry } from '@konnect/connectors';
import { activate, createPlatform, createQueues, createRedis, ingestHook, listWorkers, type Queues } from '@konnect/platform';

const here = path.dirname(fileURLToPath(import.meta.url));
const keySpec = generateKeySpec('wk');
const prefix = `${process.env.REDIS_PREFIX ?? 'ktest'}-worker-main-${uniqueSuffix()}`;
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

let db: Db;
let queues: Queues;
let sim: Simulator;
let workspaceId: string;

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** The worker through tsx (development), or the built JavaScript (`npm start`, the image: build.mjs). */
function startWorker(env: Record<string, string>, built = false): Started {
  const args = built ? [path.join(here, '..', 'dist', 'main.mjs')] : ['--import', 'tsx', path.join(here, 'main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: path.join(here, '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'empty' });
  db = await testDb();
  queues = createQueues(createRedis(REDIS_URL), prefix);
  const ws = await db.workspace.create({ data: { name: 'Worker main', slug: `worker-main-${uniqueSuffix()}` } });
  workspaceId = ws.id;
});

afterAll(async () => {
  await db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  const keys = await queues.redis.keys(`${prefix}:*`);
  if (keys.length > 0) await queues.redis.del(...keys);
  await queues.close();
  await queues.redis.quit();
  await db.$disconnect();
  await sim.close();
});

describe('worker process', () => {
  it('runs a Catch Hook konnector end to end, then stops cleanly on SIGTERM', async () => {
    const keyring = parseKeyring(keySpec);
    const sealed = seal(keyring, JSON.stringify({ apiKey: 'demo-custify-key', baseUrl: sim.url }), workspaceId);
    const connection = await db.connection.create({ data: { workspaceId, connectorKey: 'custify', name: 'sim', secret: sealed.envelope, keyVersion: sealed.keyId } });
    const person = sim.store.insert('people', { name: 'Worker Person' });
    const konnector = await db.konnector.create({
      data: {
        workspaceId,
        name: 'hook to note',
        draft: {
          trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
          steps: [
            { type: 'filter', id: 'only_orders', conditions: { all: [{ left: '{{trigger.kind}}', op: 'equals', right: 'order' }] } },
            { type: 'action', id: 'note', connector: 'custify', action: 'create_note', connectionId: connection.id, input: { entity: person.id, entityModel: 'People', subject: 'Order {{trigger.id}}', text: 'via worker' } },
          ],
        },
      },
    });
    const p = createPlatform({ db, queues, registry, keyring, log: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    const { hookToken } = await activate(p, workspaceId, konnector.id);
    const { runId } = await ingestHook(p, hookToken ?? '', { body: { kind: 'order', id: 'A-7' }, headers: {}, query: {} });

    const worker = startWorker({
      DATABASE_URL: await testDatabaseUrl(),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      KONNECT_ENCRYPTION_KEY: keySpec,
      CUSTIFY_SIM_URL: sim.url,
      WORKER_CONCURRENCY: '4',
      RECONCILE_WORKSPACE_IDS: workspaceId,
    });
    try {
      await waitFor(() => worker.output().includes('worker ready'), 30_000, 'worker ready');
      expect(worker.output()).toMatch(/lock 5000 ms, stall check 2000 ms/);
      await waitFor(async () => (await db.run.findUniqueOrThrow({ where: { id: runId ?? '' } })).status === 'succeeded', 20_000, 'the run');
      expect(sim.store.find('notes', (n) => n.subject === 'Order A-7')).toBeDefined();
      // The reconciler registered the maintenance scheduler, and the worker announces itself.
      await waitFor(async () => (await queues.queue('maintenance').getJobSchedulers()).length > 0, 20_000, 'the maintenance scheduler');
      const schedulers = await queues.queue('maintenance').getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual(['retention']);
      await waitFor(async () => (await listWorkers(p)).some((w) => w.leader), 20_000, 'the worker to report that it leads the reconciler');
      const workers = await listWorkers(p);
      expect(workers).toHaveLength(1);
      expect(workers[0]).toMatchObject({ leader: true, pid: worker.child.pid, reconcileError: null });

      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(worker.output()).toMatch(/SIGTERM received/);
      expect(worker.output()).toMatch(/worker: stopped/);
    } finally {
      worker.child.kill('SIGKILL');
    }
  });

  it('refuses a private address that is not allowed (outbound guard)', async () => {
    const keyring = parseKeyring(keySpec);
    const sealed = seal(keyring, JSON.stringify({ apiKey: 'demo-custify-key', baseUrl: sim.url }), workspaceId);
    const connection = await db.connection.create({ data: { workspaceId, connectorKey: 'custify', name: 'sim', secret: sealed.envelope, keyVersion: sealed.keyId } });
    const konnector = await db.konnector.create({
      data: {
        workspaceId,
        name: 'guarded',
        draft: {
          trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
          steps: [{ type: 'action', id: 'note', connector: 'custify', action: 'create_note', connectionId: connection.id, input: { entity: 'a1b2c3d4e5f6a7b8c9d0e1f2', entityModel: 'People', subject: 's', text: 't' } }],
        },
      },
    });
    const p = createPlatform({ db, queues, registry, keyring, log: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    const { hookToken } = await activate(p, workspaceId, konnector.id);
    const { runId } = await ingestHook(p, hookToken ?? '', { body: {}, headers: {}, query: {} });
    sim.clearRequests();
    // No CUSTIFY_SIM_URL / OUTBOUND_ALLOW_HOSTS: the simulator on 127.0.0.1 is a private address.
    const worker = startWorker({ DATABASE_URL: await testDatabaseUrl(), REDIS_URL, REDIS_PREFIX: prefix, KONNECT_ENCRYPTION_KEY: keySpec, RECONCILE_WORKSPACE_IDS: workspaceId });
    try {
      await waitFor(async () => (await db.run.findUniqueOrThrow({ where: { id: runId ?? '' } })).status === 'failed', 30_000, 'the run to fail');
      const run = await db.run.findUniqueOrThrow({ where: { id: runId ?? '' } });
      expect(run.error).toMatchObject({ kind: 'refused', stepId: 'note' });
      expect(sim.requests).toHaveLength(0);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
  });

  it('runs from the built JavaScript: a Catch Hook run with a code step (sandbox thread) and an action ends succeeded', { timeout: 120_000 }, async () => {
    const build = spawnSync(process.execPath, [path.join(here, '..', 'build.mjs')], { cwd: path.join(here, '..'), encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const keyring = parseKeyring(keySpec);
    const sealed = seal(keyring, JSON.stringify({ apiKey: 'demo-custify-key', baseUrl: sim.url }), workspaceId);
    const connection = await db.connection.create({ data: { workspaceId, connectorKey: 'custify', name: 'sim', secret: sealed.envelope, keyVersion: sealed.keyId } });
    const person = sim.store.insert('people', { name: 'Built Person' });
    const konnector = await db.konnector.create({
      data: {
        workspaceId,
        name: 'built',
        draft: {
          trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
          steps: [
            { type: 'filter', id: 'high', conditions: { all: [{ left: '{{trigger.score}}', op: 'gt', right: '5' }] } },
            { type: 'code', id: 'shape', source: 'return { subject: "Built " + (input.trigger.score * 2) };' },
            { type: 'action', id: 'note', connector: 'custify', action: 'create_note', connectionId: connection.id, input: { entity: person.id, entityModel: 'People', subject: '{{steps.shape.subject}}', text: 'built' } },
          ],
        },
      },
    });
    const p = createPlatform({ db, queues, registry, keyring, log: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    const { hookToken } = await activate(p, workspaceId, konnector.id);
    const { runId } = await ingestHook(p, hookToken ?? '', { body: { score: 21 }, headers: {}, query: {} });
    const worker = startWorker({ DATABASE_URL: await testDatabaseUrl(), REDIS_URL, REDIS_PREFIX: prefix, KONNECT_ENCRYPTION_KEY: keySpec, CUSTIFY_SIM_URL: sim.url, RECONCILE_WORKSPACE_IDS: workspaceId }, true);
    try {
      await waitFor(() => worker.output().includes('worker ready'), 30_000, 'the built worker to be ready');
      await waitFor(async () => (await db.run.findUniqueOrThrow({ where: { id: runId ?? '' } })).finishedAt !== null, 30_000, 'the run');
      const run = await db.run.findUniqueOrThrow({ where: { id: runId ?? '' } });
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
      expect(sim.store.find('notes', (n) => n.subject === 'Built 42')).toBeDefined();
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
    } finally {
      worker.child.kill('SIGKILL');
    }
  });

  it('stops at start-up with a message naming a bad variable', async () => {
    const worker = startWorker({ KONNECT_ENCRYPTION_KEY: keySpec, WORKER_CONCURRENCY: 'many', REDIS_PREFIX: prefix });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toMatch(/WORKER_CONCURRENCY/);
  });
});
