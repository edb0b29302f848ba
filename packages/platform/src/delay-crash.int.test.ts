/**
 * A real 1-minute Delay survives a worker killed with SIGKILL while the run waits and the loss of
 * every Redis key of the test's prefix: a new worker process (real startWorkers and startBackground,
 * scale-worker.ts) whose reconciler pass gives the waiting run its job back resumes it within 60 s of
 * its time, and the action after the delay runs once. Takes a little over a minute by design.
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
import type { BackgroundOptions } from './heartbeat';
import { ingestHook } from './hooks';
import { createPlatform } from './platform';
import { createKonnector, createWorkspace, eventually, REDIS_URL, testPlatform, type TestPlatform } from './test-fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
const keySpec = generateKeySpec('delay-crash');
let t: TestPlatform;
let sim: Simulator;
let workspaceId: string;
const children = new Set<ChildProcess>();

function spawnWorker(databaseUrl: string): Promise<ChildProcess> {
  const background: BackgroundOptions = { reconcile: { workspaceIds: [workspaceId] } };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'scale-worker.ts')], {
    cwd: path.join(here, '..'),
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: t.prefix, KONNECT_ENCRYPTION_KEY: keySpec, RUN_CONCURRENCY: '2', SCALE_BACKGROUND: JSON.stringify(background) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${String(code)}) before it was ready`)));
  });
}

/** Deletes every key of the test's prefix, as a Redis restarted without persistence would have lost them. */
async function wipeRedis(): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await t.p.queues.redis.scan(cursor, 'MATCH', `${t.prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) deleted += await t.p.queues.redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'empty' });
  t = await testPlatform('delay-crash', createRegistry([custify, catchHookConnector]));
  workspaceId = await createWorkspace(t.db);
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
  await sim.close();
});

describe('a waiting run survives a killed worker and an empty Redis', () => {
  it('a 1-minute Delay resumes within 60 s of its time after SIGKILL + every Redis key deleted, via a new worker and its reconciler', async () => {
    const keyring = parseKeyring(keySpec);
    const sealed = seal(keyring, JSON.stringify({ apiKey: 'demo-custify-key', baseUrl: sim.url }), workspaceId);
    const connection = await t.db.connection.create({ data: { workspaceId, connectorKey: 'custify', name: 'delay-crash', secret: sealed.envelope, keyVersion: sealed.keyId } });
    const konnectorId = await createKonnector(t.db, workspaceId, {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [
        { type: 'delay', id: 'wait', mode: 'for', amount: 1, unit: 'minutes' },
        { type: 'action', id: 'event', connector: 'custify', action: 'insert_event', connectionId: connection.id, input: { name: 'after-delay', user_id: 'user-1' } },
      ],
    });
    const producer = createPlatform({ ...t.p, keyring });
    const { hookToken } = await activate(producer, workspaceId, konnectorId);
    const databaseUrl = await testDatabaseUrl();
    const first = await spawnWorker(databaseUrl);
    const { runId } = await ingestHook(producer, hookToken ?? '', { body: {}, headers: {}, query: {} });
    if (!runId) throw new Error('no run');

    const waiting = await eventually(async () => {
      const row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
      return row.status === 'waiting' && row.resumeAt ? row : undefined;
    }, 60_000, 'the run to wait');
    const resumeAt = waiting.resumeAt?.getTime() ?? 0;
    expect(resumeAt - (waiting.createdAt.getTime())).toBeGreaterThanOrEqual(59_000);
    await eventually(async () => ((await (await t.p.queues.queue('run').getJob(runId))?.getState()) === 'delayed' ? true : undefined), 30_000, 'its delayed job');

    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    expect(await wipeRedis()).toBeGreaterThan(0);
    expect(await t.p.queues.queue('run').getJob(runId)).toBeUndefined();
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe('waiting');

    await spawnWorker(databaseUrl);
    const done = await eventually(async () => {
      const row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
      return ['succeeded', 'failed', 'partial', 'filtered', 'cancelled'].includes(row.status) ? row : undefined;
    }, 150_000, 'the run to end');
    expect(done.status).toBe('succeeded');
    const finishedAt = done.finishedAt?.getTime() ?? 0;
    expect(finishedAt).toBeGreaterThanOrEqual(resumeAt - 1000);
    expect(finishedAt).toBeLessThanOrEqual(resumeAt + 60_000);
    const wait = await t.db.runStep.findFirstOrThrow({ where: { runId, stepId: 'wait' } });
    expect(wait.status).toBe('succeeded');
    expect((wait.output as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(59_000);
    expect(sim.store.count('events')).toBe(1);
  }, 240_000);
});
