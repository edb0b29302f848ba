/**
 * The error branch through a real run: real BullMQ workers on Postgres and Redis, actions calling a
 * local HTTP server over real HTTP. The app refuses an order (422): the order is sent once, the
 * error branch runs with `{{error.*}}` in scope and posts to the app's alert endpoint, the step after
 * the failed action is never sent, the run ends `partial` and raises no failure alert. With a
 * "Fail run" at the end of the branch the run ends `failed` with its message, and alerts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@konnect/connectors';
import type { KonnectorDefinitionInput } from '@konnect/schemas';
import { sendJson, startServer, type TestServer } from '@konnect/sdk/test-server';
import { activate } from './activation';
import { ingestHook } from './hooks';
import { createKonnector, createWorkspace, eventually, testPlatform, type TestPlatform } from './test-fixtures';
import { startWorkers, type RunningWorkers } from './workers';

let t: TestPlatform;
let app: TestServer;
let workspaceId: string;
let running: RunningWorkers | undefined;

beforeAll(async () => {
  app = await startServer();
  t = await testPlatform('error-branch', registry);
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

async function fire(steps: KonnectorDefinitionInput['steps'], order: string): Promise<string> {
  const id = await createKonnector(t.db, workspaceId, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps });
  const { hookToken } = await activate(t.p, workspaceId, id);
  const { runId } = await ingestHook(t.p, hookToken ?? '', { body: { order }, headers: {}, query: {} });
  if (!runId) throw new Error('no run');
  return runId;
}

const finished = (runId: string) => async () => {
  const row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
  return ['succeeded', 'failed', 'filtered', 'partial'].includes(row.status) ? row : undefined;
};

const post = (id: string, path: string, body: Record<string, unknown>) => ({
  type: 'action' as const,
  id,
  connector: 'http',
  action: 'request',
  input: { method: 'POST', url: `${app.url}${path}`, bodyType: 'json', body },
});

function steps(order: string, withFail: boolean): KonnectorDefinitionInput['steps'] {
  return [
    {
      ...post('order', '/orders', { order: '{{trigger.order}}' }),
      name: 'Create order',
      onError: 'branch',
      errorSteps: [
        post('alert', '/alerts', { order, message: '{{error.message}}', status: '{{error.status}}', step: '{{error.step}}', name: '{{error.stepName}}' }),
        ...(withFail ? [{ type: 'fail' as const, id: 'give_up', message: 'Order {{trigger.order}} refused: {{error.status}}' }] : []),
      ],
    },
    post('confirm', '/confirmations', { order: '{{trigger.order}}' }),
  ];
}

describe('error branch in a live run', () => {
  it('a refused action runs its branch with the error, skips the main path, ends partial; Fail run ends failed and alerts', async () => {
    app.handle((req, res) => (req.path === '/orders' ? sendJson(res, 422, { error: 'sku unknown' }) : sendJson(res, 200, { ok: true })));
    const handled = await fire(steps('A-1', false), 'A-1');
    const failing = await fire(steps('B-2', true), 'B-2');
    running = startWorkers(t.p);

    const partial = await eventually(finished(handled), 60_000, 'the handled run to end');
    expect(partial.status).toBe('partial');
    expect(partial.summary).toMatch(/^Partial: "Create order" failed and its error branch ran; /);
    expect(partial.error).toMatchObject({ stepId: 'order', status: 422, kind: 'validation' });
    const records = await t.db.runStep.findMany({ where: { runId: handled }, orderBy: { seq: 'asc' } });
    expect(records.map((r) => [r.stepId, r.status])).toEqual([['order', 'failed'], ['alert', 'succeeded']]);
    expect(records[0]?.attempts).toBe(1);

    const failed = await eventually(finished(failing), 60_000, 'the failing run to end');
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ kind: 'failed_by_step', stepId: 'give_up', message: 'Order B-2 refused: 422' });
    expect(failed.summary).toBe('Failed at "Fail run": Order B-2 refused: 422');

    const received = (path: string) => app.received.filter((r) => r.method === 'POST' && r.path === path);
    expect(received('/orders')).toHaveLength(2);
    expect(received('/confirmations')).toHaveLength(0);
    const alerts = received('/alerts').map((r) => JSON.parse(String(r.body)) as Record<string, unknown>);
    expect(alerts.find((a) => a.order === 'A-1')).toMatchObject({ status: 422, step: 'order', name: 'Create order', message: expect.stringContaining('sku unknown') });

    // Fail run raises the failure alert; the handled (partial) run raises none.
    await eventually(async () => (await t.p.queues.queue('alert').getJob(`fail-${failing}`)) ?? undefined, 30_000, 'the failure alert');
    expect(await t.p.queues.queue('alert').getJob(`fail-${handled}`)).toBeUndefined();
  });
});
