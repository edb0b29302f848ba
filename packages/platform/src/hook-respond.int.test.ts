/**
 * Respond to Hook on real Postgres and Redis. The hook request is taken here (handleHookRequest, as
 * the web process does) and the run is executed by a real worker process (scale-worker.ts, spawned),
 * so the answer crosses processes over Redis pub/sub; two "web processes" (two platforms, each with
 * its own subscriber connection) wait at once. Without workers (a second prefix): the timeout answers
 * 504 and the run still finishes afterwards; an answer whose message was never published is read
 * from Postgres; a waiter of one workspace never gets another workspace's answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { generateKeySpec, parseKeyring } from '@konnect/db';
import { testDatabaseUrl } from '@konnect/db/testing';
import type { KonnectorDefinitionInput } from '@konnect/schemas';
import { createRegistry } from '@konnect/sdk';
import { activate } from './activation';
import { handleHookRequest } from './hook-http';
import { closeHookListener, listenForAnswer } from './hook-respond-wait';
import { createPlatform, type Platform } from './platform';
import { processRun } from './run';
import { createKonnector, createWorkspace, eventually, REDIS_URL, testPlatform, type TestPlatform } from './test-fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
const keySpec = generateKeySpec('respond');
const keyring = parseKeyring(keySpec);
const registry = createRegistry([custify, catchHookConnector]);

let withWorker: TestPlatform;
let alone: TestPlatform;
let web1: Platform;
let web2: Platform;
let solo: Platform;
let workspaceId: string;
let otherWorkspaceId: string;
let worker: ChildProcess | undefined;

const hookTrigger = (timeoutSeconds?: number) => ({ id: 'trigger' as const, connector: 'catch_hook', event: 'catch_hook', input: {}, respond: timeoutSeconds === undefined ? {} : { timeoutSeconds } });
const respondCount = {
  type: 'respond' as const,
  id: 'answer',
  status: 201,
  headers: { 'X-Order': '{{trigger.order}}', 'Set-Cookie-Not': 'x' },
  body: { kind: 'json' as const, value: { order: '{{trigger.order}}', doubled: '{{steps.double.n}}' } },
};
const respondPlain = { type: 'respond' as const, id: 'answer', status: 201, body: { kind: 'json' as const, value: { order: '{{trigger.order}}' } } };
const double = { type: 'code' as const, id: 'double', source: 'return { n: input.trigger.order * 2 };' };

async function hookOf(p: Platform, ws: string, definition: KonnectorDefinitionInput): Promise<string> {
  const konnectorId = await createKonnector(p.db, ws, definition);
  const { hookToken } = await activate(p, ws, konnectorId);
  if (!hookToken) throw new Error('no hook token');
  return hookToken;
}

function call(p: Platform, token: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return handleHookRequest(p, token, new Request(`http://konnect.test/hooks/${token}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));
}

const runOf = (runId: string) => withWorker.db.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });

beforeAll(async () => {
  withWorker = await testPlatform('respond', registry);
  alone = await testPlatform('respond-alone', registry);
  web1 = createPlatform({ ...withWorker.p, keyring });
  // A second web process: its own platform, so its own subscriber connection.
  web2 = createPlatform({ ...withWorker.p, keyring });
  solo = createPlatform({ ...alone.p, keyring });
  workspaceId = await createWorkspace(withWorker.db);
  otherWorkspaceId = await createWorkspace(withWorker.db);
  worker = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'scale-worker.ts')], {
    cwd: path.join(here, '..'),
    env: {
      ...process.env,
      DATABASE_URL: await testDatabaseUrl(),
      REDIS_URL,
      REDIS_PREFIX: withWorker.prefix,
      KONNECT_ENCRYPTION_KEY: keySpec,
      RUN_CONCURRENCY: '10',
      SCALE_BACKGROUND: JSON.stringify({ heartbeatMs: 1000, reconcileEveryMs: 60_000, reconcile: { workspaceIds: [workspaceId] } }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const child = worker;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the worker process did not start in 90 s')), 90_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (/ready \d+/.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`the worker process exited (${code ?? 'signal'})`)));
  });
}, 120_000);

afterAll(async () => {
  worker?.kill('SIGKILL');
  for (const p of [web1, web2, solo]) if (p) await closeHookListener(p);
  for (const id of [workspaceId, otherWorkspaceId]) if (id) await withWorker.db.workspace.delete({ where: { id } }).catch(() => undefined);
  await withWorker?.close();
  await alone?.close();
});

describe('Respond to Hook across processes', () => {
  it('a worker process answers the request this process holds; the run goes on after answering', async () => {
    const token = await hookOf(web1, workspaceId, { trigger: hookTrigger(), steps: [double, respondCount, { type: 'code', id: 'after', source: 'return { after: true };' }] });
    const res = await call(web1, token, { order: 21 });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-order')).toBe('21');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.json()).toEqual({ order: 21, doubled: 42 });
    // The answer travels over Redis first; its row (the fallback for a lost message) may land just after.
    const answered = await eventually(
      () => withWorker.db.hookResponse.findFirst({ where: { workspaceId, stepId: 'answer' }, orderBy: { createdAt: 'desc' } }).then((r) => r ?? undefined),
      30_000,
      'the answer row',
    );
    const run = await eventually(async () => {
      const r = await runOf(answered.runId);
      return r.status === 'succeeded' ? r : undefined;
    }, 30_000, 'the run to succeed');
    expect(run.steps.find((s) => s.stepId === 'answer')).toMatchObject({ status: 'succeeded', type: 'respond' });
    expect(run.steps.find((s) => s.stepId === 'after')?.status).toBe('succeeded');
  }, 60_000);

  it('two web processes each get their own run’s answer, at concurrency 10', async () => {
    const token = await hookOf(web1, workspaceId, { trigger: hookTrigger(), steps: [double, respondCount] });
    const calls = Array.from({ length: 10 }, (_, i) => call(i % 2 ? web2 : web1, token, { order: i }));
    const bodies = await Promise.all(calls.map(async (r) => ({ status: (await r).status, body: (await (await r).json()) as { order: number; doubled: number } })));
    expect(bodies.map((b) => b.status)).toEqual(Array(10).fill(201));
    expect(bodies.map((b) => b.body.doubled)).toEqual(Array.from({ length: 10 }, (_, i) => i * 2));
  }, 60_000);

  it('no Respond reached: 202 with the run id and how it ended', async () => {
    const token = await hookOf(web1, workspaceId, {
      trigger: hookTrigger(),
      steps: [{ type: 'filter', id: 'only_big', conditions: { all: [{ left: '{{trigger.order}}', op: 'gt', right: '100' }] } }, respondPlain],
    });
    const res = await call(web1, token, { order: 1 });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { runId: string; status: string };
    expect(body.status).toBe('filtered');
    expect((await runOf(body.runId)).status).toBe('filtered');
  }, 60_000);

  it('the run failed before responding: 500 with a short error naming the step, no app message, and the run id', async () => {
    const token = await hookOf(web1, workspaceId, { trigger: hookTrigger(), steps: [{ type: 'code', id: 'boom', source: 'throw new Error("secret-ish detail")' }, respondPlain] });
    const res = await call(web1, token, { order: 1 });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { runId: string; error: string };
    expect(body.error).toBe('The konnector failed at step "boom" (code) before it responded');
    expect(JSON.stringify(body)).not.toContain('secret-ish');
    expect((await runOf(body.runId)).status).toBe('failed');
  }, 60_000);
});

describe('Respond to Hook without a worker (timeout, Postgres fallback, tenancy)', () => {
  it('times out with 504 naming the wait; the run still finishes afterwards', async () => {
    const ws = await createWorkspace(alone.db);
    try {
      const token = await hookOf(solo, ws, { trigger: hookTrigger(1), steps: [double, respondCount] });
      const res = await call(solo, token, { order: 5 });
      expect(res.status).toBe(504);
      const body = (await res.json()) as { runId: string; error: string };
      expect(body.error).toBe('The konnector did not respond within 1 s');
      expect(await processRun(solo, { workspaceId: ws, runId: body.runId, deferrals: 0 })).toEqual({ status: 'finished', runStatus: 'succeeded' });
      expect((await alone.db.hookResponse.findUniqueOrThrow({ where: { runId: body.runId } })).body).toBe('{"order":5,"doubled":10}');
    } finally {
      await alone.db.workspace.delete({ where: { id: ws } });
    }
  }, 60_000);

  it('an answer whose message never came (Redis lost it) is read from Postgres', async () => {
    const ws = await createWorkspace(alone.db);
    try {
      const token = await hookOf(solo, ws, { trigger: hookTrigger(20), steps: [double, respondCount] });
      const pending = call(solo, token, { order: 7 });
      const run = await eventually(async () => (await alone.db.run.findFirst({ where: { workspaceId: ws } })) ?? undefined, 10_000, 'the run row');
      // The "worker" sees Redis as down: it stores the answer but publishes nothing.
      const deaf = createPlatform({ ...alone.p, keyring });
      deaf.deps.down('redis', new Error('test: Redis unreachable'));
      expect(await processRun(deaf, { workspaceId: ws, runId: run.id, deferrals: 0 })).toMatchObject({ runStatus: 'succeeded' });
      const res = await pending;
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ order: 7, doubled: 14 });
    } finally {
      await alone.db.workspace.delete({ where: { id: ws } });
    }
  }, 60_000);

  it('a waiter never gets another workspace’s answer', async () => {
    const ws = await createWorkspace(alone.db);
    const stranger = await createWorkspace(alone.db);
    try {
      const token = await hookOf(solo, ws, { trigger: hookTrigger(10), steps: [respondPlain] });
      const pending = call(solo, token, { order: 3 });
      const run = await eventually(async () => (await alone.db.run.findFirst({ where: { workspaceId: ws } })) ?? undefined, 10_000, 'the run row');
      await processRun(solo, { workspaceId: ws, runId: run.id, deferrals: 0 });
      expect((await pending).status).toBe(201);
      // The same run id asked for from another workspace: nothing is found, the wait times out.
      const wait = await listenForAnswer(solo, { runId: run.id, workspaceId: stranger });
      const res = await wait.response(1, { checkNow: true });
      expect(res.status).toBe(504);
      expect(res.body).not.toContain('order');
    } finally {
      await alone.db.workspace.deleteMany({ where: { id: { in: [ws, stranger] } } });
    }
  }, 60_000);
});
