/**
 * How often one action request is sent, end to end: real BullMQ workers run the run job on
 * Postgres and Redis, the action POSTs to a local HTTP server over real HTTP, the app answers 503
 * (with a short Retry-After, so the engine's wait budget runs out and the run is deferred and
 * resumed). Whatever the layers, one non-idempotent request is sent at most 1 + the step's
 * configured retries times in the whole run.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@konnect/connectors';
import { STANDARD_RETRY_BUDGET } from '@konnect/engine';
import type { KonnectorDefinitionInput } from '@konnect/schemas';
import { sendJson, startServer, type TestServer } from '@konnect/sdk/test-server';
import { activate } from './activation';
import { ingestHook } from './hooks';
import { createPlatform, type EngineTuning, type Platform } from './platform';
import { createConnection, createKonnector, createWorkspace, eventually, testPlatform, type TestPlatform } from './test-fixtures';
import { startWorkers, type RunningWorkers } from './workers';

let t: TestPlatform;
let app: TestServer;
let workspaceId: string;
let running: RunningWorkers | undefined;

/** One quick retry fits the wait budget (Retry-After 1 s), the second wait does not: the run is deferred. */
const BUDGETS: EngineTuning = {
  retryBudgets: { standard: { retries: 2, maxWaitMs: 1500 }, retry: { retries: 3, maxWaitMs: 1500 } },
};

beforeAll(async () => {
  app = await startServer();
  // Few deferrals allowed, so that a regression (a fresh budget per deferral) ends quickly, and shows.
  t = await testPlatform('retries', registry, { maxDeferrals: 3 });
  workspaceId = await createWorkspace(t.db);
});
afterEach(async () => {
  await running?.close(5000);
  running = undefined;
});
afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
  await app.close();
});

function platform(engine: EngineTuning): Platform {
  return createPlatform({ ...t.p, engine });
}

/** Activates a Catch Hook konnector with these steps and fires it once; the run's id. */
async function fire(steps: KonnectorDefinitionInput['steps']): Promise<string> {
  const id = await createKonnector(t.db, workspaceId, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps });
  const { hookToken } = await activate(t.p, workspaceId, id);
  const { runId } = await ingestHook(t.p, hookToken ?? '', { body: { order: 'A-1' }, headers: {}, query: {} });
  if (!runId) throw new Error('no run');
  return runId;
}

const finished = (runId: string) => async () => {
  const row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
  return ['succeeded', 'failed', 'filtered', 'partial'].includes(row.status) ? row : undefined;
};

const deferralsOf = async (runId: string) => ((await t.p.queues.queue('run').getJob(runId))?.data as { deferrals?: number } | undefined)?.deferrals ?? 0;
const posts = () => app.received.filter((r) => r.method === 'POST');
const unavailable = (res: Parameters<Parameters<TestServer['handle']>[0]>[1]) => sendJson(res, 503, { error: 'down for maintenance' }, { 'Retry-After': '1' });

describe('sends of one non-idempotent request in one run', () => {
  it('HTTP Request, onError stop: a POST answered 503 every time is sent 1 + 2 times, across a deferral', async () => {
    app.handle((_req, res) => unavailable(res));
    const runId = await fire([
      { type: 'action', id: 'order', connector: 'http', action: 'request', input: { method: 'POST', url: `${app.url}/orders`, bodyType: 'json', body: { order: '{{trigger.order}}' } } },
    ]);
    running = startWorkers(platform(BUDGETS));
    const run = await eventually(finished(runId), 60_000, 'the run to end');
    expect(run.status).toBe('failed');
    expect(posts()).toHaveLength(3);
    expect(await deferralsOf(runId)).toBe(1);
    const step = await t.db.runStep.findFirstOrThrow({ where: { runId, stepId: 'order' } });
    expect(step).toMatchObject({ status: 'failed', attempts: 3 });
    expect(step.error).toMatchObject({ kind: 'server', status: 503, retryable: true });
  });

  it('Web API (a connection), onError retry: a POST answered 503 every time is sent 1 + 3 times, across a deferral', async () => {
    app.handle((_req, res) => unavailable(res));
    const connectionId = await createConnection(t.db, workspaceId, 'web_api', { baseUrl: app.url, scheme: 'bearer', token: 'secret-token' });
    const runId = await fire([
      { type: 'action', id: 'order', connector: 'web_api', action: 'request', connectionId, onError: 'retry', input: { method: 'POST', path: '/orders', bodyType: 'json', body: { order: '{{trigger.order}}' } } },
    ]);
    running = startWorkers(platform(BUDGETS));
    const run = await eventually(finished(runId), 60_000, 'the run to end');
    expect(run.status).toBe('failed');
    expect(posts()).toHaveLength(4);
    expect(await deferralsOf(runId)).toBe(1);
    expect(await t.db.runStep.findFirstOrThrow({ where: { runId, stepId: 'order' } })).toMatchObject({ status: 'failed', attempts: 4 });
  });

  it('default budgets, onError stop: a POST answered 503 (no Retry-After) every time is sent 3 times, then the run fails', async () => {
    app.handle((_req, res) => sendJson(res, 503, { error: 'down for maintenance' }));
    const runId = await fire([
      { type: 'action', id: 'order', connector: 'http', action: 'request', input: { method: 'POST', url: `${app.url}/orders`, bodyType: 'json', body: { order: '{{trigger.order}}' } } },
    ]);
    running = startWorkers(t.p);
    const run = await eventually(finished(runId), 60_000, 'the run to end');
    expect(run.status).toBe('failed');
    expect(run.summary).toBe(`Failed at "HTTP: HTTP Request": HTTP 503 from POST ${app.url}/orders: down for maintenance`);
    expect(posts()).toHaveLength(1 + STANDARD_RETRY_BUDGET.retries);
    expect(await deferralsOf(runId)).toBe(0);
  });

  it('a POST answered 503 twice, then 201: the resumed run sends it a third time and succeeds', async () => {
    let calls = 0;
    app.handle((req, res) => (req.method === 'POST' && ++calls <= 2 ? unavailable(res) : sendJson(res, 201, { id: 'order_1' })));
    const runId = await fire([
      { type: 'action', id: 'order', connector: 'http', action: 'request', input: { method: 'POST', url: `${app.url}/orders`, bodyType: 'json', body: { order: '{{trigger.order}}' } } },
    ]);
    running = startWorkers(platform(BUDGETS));
    const run = await eventually(finished(runId), 60_000, 'the run to end');
    expect(run).toMatchObject({ status: 'succeeded', tasks: 1 });
    expect(posts()).toHaveLength(3);
    expect(await deferralsOf(runId)).toBe(1);
    const step = await t.db.runStep.findFirstOrThrow({ where: { runId, stepId: 'order' } });
    expect(step).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(step.output).toMatchObject({ status: 201, body: { id: 'order_1' } });
  });
});
