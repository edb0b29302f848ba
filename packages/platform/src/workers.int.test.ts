/**
 * Real BullMQ Workers in-process on Redis, Postgres and the Custify simulator: the poll → run
 * flow, 429 storms (runs delayed, not failed), per-workspace concurrency (throttled runs stay
 * queued, other tenants go on), per-connection pacing, graceful shutdown.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import type { KonnectorDefinitionInput } from '@konnect/schemas';
import { createRegistry } from '@konnect/sdk';
import { activate } from './activation';
import { workspaceSlots } from './fairness';
import { ingestHook } from './hooks';
import { createPlatform, type Platform, type PlatformLimits } from './platform';
import { enqueue } from './queues';
import { createConnection, createKonnector, createWorkspace, eventually, testPlatform, type TestPlatform } from './test-fixtures';
import { startWorkers, type RunningWorkers } from './workers';

const registry = createRegistry([custify, catchHookConnector]);
let t: TestPlatform;
let sim: Simulator;
const workspaces: string[] = [];
let running: RunningWorkers | undefined;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'empty' });
  t = await testPlatform('workers', registry);
});
afterEach(async () => {
  await running?.close(5000);
  running = undefined;
  sim.clearFaults();
});
afterAll(async () => {
  for (const id of workspaces) await t.db.workspace.delete({ where: { id } }).catch(() => undefined);
  await t.close();
  await sim.close();
});

/** The test platform with other limits / engine tuning (same database, queues and Redis). */
function variant(limits: Partial<PlatformLimits>, engine: Platform['engine'] = {}): Platform {
  return createPlatform({ ...t.p, limits: { ...t.p.limits, ...limits }, engine });
}

interface Tenant {
  workspaceId: string;
  connectionId: string;
  hook(steps?: KonnectorDefinitionInput['steps']): Promise<(body: unknown) => Promise<string>>;
}

async function tenant(): Promise<Tenant> {
  const workspaceId = await createWorkspace(t.db);
  workspaces.push(workspaceId);
  const connectionId = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'demo-custify-key', baseUrl: sim.url });
  const person = sim.store.insert('people', { name: 'Tenant Person' });
  const note = {
    type: 'action' as const,
    id: 'note',
    connector: 'custify',
    action: 'create_note',
    connectionId,
    input: { entity: person.id, entityModel: 'People', subject: '{{trigger.subject}}', text: 'x' },
  };
  return {
    workspaceId,
    connectionId,
    async hook(steps = [note]) {
      const id = await createKonnector(t.db, workspaceId, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps });
      const { hookToken } = await activate(t.p, workspaceId, id);
      return async (body) => (await ingestHook(t.p, hookToken ?? '', { body, headers: {}, query: {} })).runId ?? '';
    },
  };
}

const statusOf = async (runId: string) => (await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status;
const allFinal = (runIds: string[]) => async () => {
  const rows = await t.db.run.findMany({ where: { id: { in: runIds } } });
  return rows.every((r) => ['succeeded', 'failed', 'filtered', 'partial'].includes(r.status)) ? rows : undefined;
};

describe('workers', () => {
  it('poll job → run job → succeeded, through real workers', async () => {
    const a = await tenant();
    const id = await createKonnector(t.db, a.workspaceId, {
      trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId: a.connectionId, input: {} },
      steps: [{ type: 'action', id: 'note', connector: 'custify', action: 'create_note', connectionId: a.connectionId, input: { entity: '{{trigger.id}}', entityModel: 'People', subject: 'Hi', text: '{{trigger.name}}' } }],
    });
    await activate(t.p, a.workspaceId, id);
    running = startWorkers(t.p);
    const person = sim.store.insert('people', { name: 'Via Workers' });
    await enqueue(t.p.queues, 'poll', { workspaceId: a.workspaceId, konnectorId: id });
    const run = await eventually(async () => {
      const r = await t.db.run.findFirst({ where: { konnectorId: id, eventKey: person.id } });
      return r?.status === 'succeeded' ? r : undefined;
    }, 15_000, 'the run to succeed');
    expect(run.tasks).toBe(1);
    expect(sim.store.list('notes').filter((n) => n.entity === person.id)).toHaveLength(1);
  });

  it('429 storm: runs are put back (queued, "Waiting"), never failed, and all finish', async () => {
    const a = await tenant();
    const fire = await a.hook();
    // The clients of runs send each request once (no HTTP-layer retries to turn off); a 429 is a
    // refusal the app did not act on, so waiting it out never uses up the step's one retry.
    running = startWorkers(variant({}, { retryBudgets: { standard: { retries: 1, maxWaitMs: 1500 } } }));
    sim.addFault({ status: 429, retryAfter: 1, pathPrefix: '/note', times: 10 });
    const runIds = await Promise.all([1, 2, 3].map((n) => fire({ subject: `storm ${n}` })));
    const waiting = await eventually(async () => {
      const r = await t.db.run.findFirst({ where: { id: { in: runIds }, status: 'queued', summary: { startsWith: 'Waiting' } } });
      return r ?? undefined;
    }, 15_000, 'a run waiting out a 429');
    expect(waiting.summary).toMatch(/Waiting \d+ s/);
    const rows = await eventually(allFinal(runIds), 30_000, 'the storm runs to finish');
    expect(rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const deferrals = await Promise.all(runIds.map(async (id) => ((await t.p.queues.queue('run').getJob(id))?.data as { deferrals?: number }).deferrals ?? 0));
    expect(Math.max(...deferrals)).toBeGreaterThanOrEqual(1);
    expect(sim.requests.filter((r) => r.path === '/note' && r.status === 429)).toHaveLength(10);
  });

  it("over the workspace's concurrency limit runs stay queued while another tenant's run goes through", async () => {
    const a = await tenant();
    const b = await tenant();
    const fireA = await a.hook();
    const fireB = await b.hook();
    const p = variant({ workspaceConcurrency: 1 });
    const blocker = workspaceSlots(p, a.workspaceId);
    expect(await blocker.acquire('long-running-run')).toBe(true);
    running = startWorkers(p);
    const aRuns = await Promise.all([fireA({ subject: 'a1' }), fireA({ subject: 'a2' })]);
    const bRun = await fireB({ subject: 'b1' });
    await eventually(async () => ((await statusOf(bRun)) === 'succeeded' ? true : undefined), 10_000, "tenant B's run");
    await new Promise((r) => setTimeout(r, 600));
    expect(await Promise.all(aRuns.map(statusOf))).toEqual(['queued', 'queued']);
    await blocker.release('long-running-run');
    const rows = await eventually(allFinal(aRuns), 10_000, "tenant A's runs");
    expect(rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('paces calls per connection with the token bucket', async () => {
    const a = await tenant();
    const fire = await a.hook();
    running = startWorkers(variant({ connectionRate: { perSecond: 5, burst: 1 } }));
    sim.clearRequests();
    const runIds = await Promise.all([1, 2, 3, 4, 5].map((n) => fire({ subject: `paced ${n}` })));
    await eventually(allFinal(runIds), 15_000, 'paced runs');
    const times = sim.requests.filter((r) => r.path === '/note').map((r) => Date.parse(r.at)).sort((x, y) => x - y);
    expect(times).toHaveLength(5);
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(700);
  });

  it('graceful shutdown lets an in-flight run finish; past the deadline it is released and taken over', async () => {
    const a = await tenant();
    const fire = await a.hook();
    running = startWorkers(t.p);
    sim.addFault({ delayMs: 1200, pathPrefix: '/note', times: 1 });
    const slow = await fire({ subject: 'slow' });
    await eventually(async () => ((await statusOf(slow)) === 'running' ? true : undefined), 5000, 'the run to start');
    const closed = await running.close(10_000);
    running = undefined;
    expect(closed.finished).toBe(true);
    expect(await statusOf(slow)).toBe('succeeded');

    const first = startWorkers(t.p, { lockDurationMs: 1000, stalledIntervalMs: 500 });
    sim.addFault({ delayMs: 3000, pathPrefix: '/note', times: 1 });
    const released = await fire({ subject: 'released' });
    await eventually(async () => ((await statusOf(released)) === 'running' ? true : undefined), 5000, 'the second run to start');
    expect((await first.close(100)).finished).toBe(false);
    running = startWorkers(t.p, { lockDurationMs: 1000, stalledIntervalMs: 500 });
    await eventually(async () => ((await statusOf(released)) === 'succeeded' ? true : undefined), 15_000, 'the released run to be taken over');
  });
});
