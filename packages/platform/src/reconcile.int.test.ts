/**
 * Redis can lose everything; Postgres is the truth. With polling, Scheduler and Catch Hook
 * konnectors active, runs queued and in flight, every Redis key under this test's prefix is
 * deleted. The reconciler must bring polls and scheduled fires back, every run must end in a final
 * status, and no action may be sent twice (the simulator's request log is the witness).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { schedulerConnector } from '@konnect/connector-scheduler';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import { createRegistry } from '@konnect/sdk';
import { activate } from './activation';
import { startBackground, type Background } from './heartbeat';
import { ingestHook } from './hooks';
import { reconcile } from './reconcile';
import { createConnection, createKonnector, createWorkspace, eventually, testPlatform, type TestPlatform } from './test-fixtures';
import { startWorkers, type RunningWorkers } from './workers';
import { pollSchedulerId, scheduleSchedulerId } from './triggers';

const registry = createRegistry([custify, schedulerConnector, catchHookConnector]);
let t: TestPlatform;
let sim: Simulator;
let workspaceId: string;
let connectionId: string;
let anchorId: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'empty' });
  t = await testPlatform('reconcile', registry, { workspaceConcurrency: 50 });
  workspaceId = await createWorkspace(t.db);
  connectionId = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'demo-custify-key', baseUrl: sim.url });
  anchorId = sim.store.insert('people', { name: 'Notes go here' }).id;
});

afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
  await sim.close();
});

const note = (subject: string) => ({
  type: 'action' as const,
  id: 'note',
  connector: 'custify',
  action: 'create_note',
  connectionId,
  input: { entity: anchorId, entityModel: 'People', subject, text: 'from the reconcile test' },
});

async function wipeRedis(): Promise<number> {
  const redis = t.p.queues.redis;
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) deleted += await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

/** Successful POST /note requests per subject (the simulator's request log). */
function notesBySubject(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of sim.requests) {
    if (r.method !== 'POST' || r.path !== '/note' || r.status >= 300) continue;
    const subject = String((r.body as { subject?: unknown } | undefined)?.subject ?? '');
    counts.set(subject, (counts.get(subject) ?? 0) + 1);
  }
  return counts;
}

describe('reconciler', () => {
  it('one pass with nothing to do changes nothing; a missing scheduler is re-created with the published interval', async () => {
    const id = await createKonnector(t.db, workspaceId, { trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId, input: {}, pollSeconds: 20 }, steps: [note('{{trigger.id}}')] });
    await activate(t.p, workspaceId, id);
    const scope = { workspaceIds: [workspaceId] };
    await reconcile(t.p, scope);
    const quiet = await reconcile(t.p, scope);
    expect(quiet.schedulers).toEqual({ created: 0, updated: 0, revived: 0, removed: 0 });
    expect(quiet.maintenance).toBe(0);

    await t.p.queues.queue('poll').removeJobScheduler(pollSchedulerId(id));
    const fixed = await reconcile(t.p, scope);
    expect(fixed.schedulers.created).toBe(1);
    expect((await t.p.queues.queue('poll').getJobScheduler(pollSchedulerId(id)))?.every).toBe(20_000);

    // Turned off behind the reconciler's back (row only): its scheduler goes.
    await t.db.konnector.update({ where: { id }, data: { status: 'inactive' } });
    expect((await reconcile(t.p, scope)).schedulers.removed).toBe(1);
    expect(await t.p.queues.queue('poll').getJobScheduler(pollSchedulerId(id))).toBeUndefined();
  });

  it('after every Redis key is deleted, polls and scheduled fires resume and every run ends once', { timeout: 240_000 }, async () => {
    // Slow notes so that runs are in flight when Redis is wiped.
    sim.addFault({ delayMs: 400, pathPrefix: '/note', times: 100_000 });
    const poller = await createKonnector(t.db, workspaceId, {
      trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId, input: {}, pollSeconds: 10 },
      steps: [note('poll {{trigger.id}}')],
    });
    const scheduled = await createKonnector(t.db, workspaceId, {
      trigger: { id: 'trigger', connector: 'scheduler', event: 'schedule', input: { mode: 'interval', everyMinutes: 1, timezone: 'UTC' } },
      steps: [note('tick {{trigger.scheduled_at}}')],
    });
    const hooked = await createKonnector(t.db, workspaceId, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [note('hook {{trigger.n}}')] });
    await activate(t.p, workspaceId, poller);
    await activate(t.p, workspaceId, scheduled);
    const { hookToken } = await activate(t.p, workspaceId, hooked);
    if (!hookToken) throw new Error('no hook token');

    const workers: RunningWorkers = startWorkers(t.p, { concurrency: { run: 4, poll: 2, schedule: 1, maintenance: 1 }, lockDurationMs: 2000, stalledIntervalMs: 1000 });
    const background: Background = startBackground(t.p, {
      heartbeatMs: 500,
      reconcileEveryMs: 2000,
      reconcile: { workspaceIds: [workspaceId], queuedGraceMs: 2000, runningStaleMs: 4000 },
    });
    try {
      let n = 0;
      const hook = async () => ingestHook(t.p, hookToken, { body: { n: ++n }, headers: {}, query: {} });
      // Before: hooks queued faster than 4 slots can drain them, a few people for the poller.
      for (let i = 0; i < 30; i++) await hook();
      for (let i = 0; i < 3; i++) sim.store.insert('people', { name: `Before ${i}` });
      await eventually(async () => ((await t.db.run.count({ where: { konnectorId: hooked, status: 'running' } })) > 0 ? true : undefined), 30_000, 'runs in flight');

      const wipedAt = new Date();
      expect(await wipeRedis()).toBeGreaterThan(0);
      // During and after: more hooks (accepted: Postgres has the run) and more people.
      for (let i = 0; i < 20; i++) await hook();
      const after = [sim.store.insert('people', { name: 'After A' }), sim.store.insert('people', { name: 'After B' })];

      // Polls resume: each person created after the wipe gets its run.
      await eventually(
        async () => ((await t.db.run.count({ where: { konnectorId: poller, eventKey: { in: after.map((a) => a.id) } } })) === 2 ? true : undefined),
        90_000,
        'polls to resume',
      );
      // Scheduled fires resume: a tick after the wipe (the schedule fires every minute).
      await eventually(
        async () => ((await t.db.run.count({ where: { konnectorId: scheduled, createdAt: { gt: wipedAt } } })) > 0 ? true : undefined),
        90_000,
        'a scheduled fire after the wipe',
      );
      expect(await t.p.queues.queue('poll').getJobScheduler(pollSchedulerId(poller))).toBeDefined();
      expect(await t.p.queues.queue('schedule').getJobScheduler(scheduleSchedulerId(scheduled))).toBeDefined();
      expect(await t.p.queues.queue('maintenance').getJobScheduler('retention')).toBeDefined();

      // Every run ends in a final status.
      await eventually(
        async () => ((await t.db.run.count({ where: { workspaceId, status: { in: ['queued', 'running'] } } })) === 0 ? true : undefined),
        120_000,
        'every run to finish',
      );
      const runs = await t.db.run.findMany({ where: { workspaceId }, select: { status: true, konnectorId: true, summary: true } });
      expect(runs.filter((r) => r.status !== 'succeeded').map((r) => r.summary)).toEqual([]);
      expect(runs.filter((r) => r.konnectorId === hooked)).toHaveLength(50);

      // No action was sent twice: one note per hook call, per person, per tick.
      const notes = notesBySubject();
      for (let i = 1; i <= 50; i++) expect(notes.get(`hook ${i}`), `hook ${i}`).toBe(1);
      const repeated = [...notes.entries()].filter(([, count]) => count > 1);
      expect(repeated).toEqual([]);
      expect(notes.size).toBe(runs.length);
    } finally {
      sim.clearFaults();
      await background.stop();
      await workers.close(5000);
    }
  });
});
