/**
 * Activation and the poll job against real Postgres, Redis and the Custify simulator over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { custify } from '@konnect/connector-custify';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import { seal } from '@konnect/db';
import { testKeyring } from '@konnect/db/testing';
import type { KonnectorDefinitionInput } from '@konnect/schemas';
import { createRegistry } from '@konnect/sdk';
import { activate, deactivate } from './activation';
import { AppError } from './errors';
import { flushConnectionUsage } from './connection-usage';
import { processPoll } from './poll';
import { resumeTriggersFor } from './trigger-health';
import { pollSchedulerId } from './triggers';
import { createConnection, createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

const registry = createRegistry([custify]);
let t: TestPlatform;
let sim: Simulator;
let workspaceId: string;
let connectionId: string;

function draft(event: string, extra: Partial<KonnectorDefinitionInput['trigger']> = {}, conn = connectionId): KonnectorDefinitionInput {
  return {
    trigger: { id: 'trigger', connector: 'custify', event, connectionId: conn, input: {}, ...extra },
    steps: [
      {
        type: 'action',
        id: 'note',
        connector: 'custify',
        action: 'create_note',
        connectionId: conn,
        input: { entity: '{{trigger.id}}', entityModel: 'People', subject: 'Welcome', text: 'Hello {{trigger.name}}' },
      },
    ],
  };
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'empty' });
  t = await testPlatform('poll', registry);
  workspaceId = await createWorkspace(t.db);
  connectionId = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'demo-custify-key', baseUrl: sim.url });
});

afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
  await sim.close();
});

const runsOf = (konnectorId: string) => t.db.run.findMany({ where: { konnectorId }, orderBy: { createdAt: 'asc' } });

describe('activation', () => {
  it('publishes version 1, seeds the cursor at now and registers a poll scheduler', async () => {
    sim.store.insert('people', { name: 'Before Activation', email: 'before@example.com' });
    const id = await createKonnector(t.db, workspaceId, draft('person_created', { pollSeconds: 15 }));
    const result = await activate(t.p, workspaceId, id);
    expect(result).toMatchObject({ version: 1, trigger: 'polling' });
    const row = await t.db.konnector.findUniqueOrThrow({ where: { id }, include: { cursor: true } });
    expect(row.status).toBe('active');
    expect(row.publishedVersionId).toBe(result.versionId);
    expect(row.cursor?.watermark).toBeTruthy();
    const scheduler = await t.p.queues.queue('poll').getJobScheduler(pollSchedulerId(id));
    expect(scheduler?.every).toBe(15_000);
    // The person created before activation never runs.
    expect((await processPoll(t.p, { workspaceId, konnectorId: id })).status).toBe('polled');
    expect(await runsOf(id)).toHaveLength(0);
  });

  it('enforces the 10 s minimum and the 60 s default interval', async () => {
    const a = await createKonnector(t.db, workspaceId, draft('person_created'));
    await activate(t.p, workspaceId, a);
    expect((await t.p.queues.queue('poll').getJobScheduler(pollSchedulerId(a)))?.every).toBe(60_000);
    await deactivate(t.p, workspaceId, a);
  });

  it('refuses an invalid draft with the problems, naming the field', async () => {
    const bad = draft('person_created');
    const step = bad.steps[0];
    if (step?.type === 'action') step.input = { entityModel: 'People', subject: 'x', text: 'y' };
    const id = await createKonnector(t.db, workspaceId, bad);
    const err: unknown = await activate(t.p, workspaceId, id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid');
    expect((err as AppError).message).toMatch(/note input\.entity/);
    expect((await t.db.konnector.findUniqueOrThrow({ where: { id } })).status).toBe('inactive');
  });

  it("refuses a connection from another workspace", async () => {
    const other = await createWorkspace(t.db);
    try {
      const foreign = await createConnection(t.db, other, 'custify', { apiKey: 'demo-custify-key', baseUrl: sim.url });
      const id = await createKonnector(t.db, workspaceId, draft('person_created', {}, foreign));
      await expect(activate(t.p, workspaceId, id)).rejects.toThrow(/do not exist in this workspace/);
    } finally {
      await t.db.workspace.delete({ where: { id: other } });
    }
  });

  it('still activates when the app asks to wait (429): the first poll seeds the cursor at now', async () => {
    sim.store.insert('people', { name: 'Before a 429' });
    const id = await createKonnector(t.db, workspaceId, draft('person_created'));
    sim.addFault({ status: 429, retryAfter: 120, pathPrefix: '/people', times: 1 });
    expect((await activate(t.p, workspaceId, id)).version).toBe(1);
    expect((await t.db.triggerCursor.findUnique({ where: { konnectorId: id } }))?.watermark ?? null).toBeNull();
    expect(await processPoll(t.p, { workspaceId, konnectorId: id })).toMatchObject({ status: 'polled', events: 0 });
    expect((await t.db.triggerCursor.findUniqueOrThrow({ where: { konnectorId: id } })).watermark).toBeTruthy();
    expect(await runsOf(id)).toHaveLength(0);
    await deactivate(t.p, workspaceId, id);
  });

  it('says not found for a konnector of another workspace', async () => {
    const id = await createKonnector(t.db, workspaceId, draft('person_created'));
    await expect(activate(t.p, 'no-such-workspace', id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('poll job', () => {
  it('creates exactly one run per new person, in one transaction with the cursor, and enqueues it', async () => {
    const id = await createKonnector(t.db, workspaceId, draft('person_created'));
    await activate(t.p, workspaceId, id);
    const person = sim.store.insert('people', { name: 'Ada Lovelace', email: 'ada@example.com' });
    const first = await processPoll(t.p, { workspaceId, konnectorId: id });
    expect(first).toMatchObject({ status: 'polled', events: 1 });
    const again = await processPoll(t.p, { workspaceId, konnectorId: id });
    expect(again).toMatchObject({ status: 'polled', events: 0 });
    const runs = await runsOf(id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ eventKey: person.id, status: 'queued', workspaceId });
    expect(runs[0]?.trigger).toMatchObject({ id: person.id, name: 'Ada Lovelace' });
    const job = await t.p.queues.queue('run').getJob(runs[0]?.id ?? '');
    expect(job?.data).toEqual({ workspaceId, runId: runs[0]?.id, deferrals: 0 });
    await deactivate(t.p, workspaceId, id);
  });

  it('fires an "updated" konnector once per update', async () => {
    const person = sim.store.insert('people', { name: 'Grace Hopper', email: 'grace@example.com' });
    const id = await createKonnector(t.db, workspaceId, draft('person_updated'));
    await activate(t.p, workspaceId, id);
    await processPoll(t.p, { workspaceId, konnectorId: id });
    expect(await runsOf(id)).toHaveLength(0);
    const updated = sim.store.update('people', person.id, { phone: '+1 555 0100' }, { at: new Date(Date.now() + 5) });
    await processPoll(t.p, { workspaceId, konnectorId: id });
    await processPoll(t.p, { workspaceId, konnectorId: id });
    const runs = await runsOf(id);
    expect(runs.map((r) => r.eventKey)).toEqual([`${person.id}@${updated?.updated_at}`]);
    await deactivate(t.p, workspaceId, id);
  });

  it('runs records missed while inactive once each on re-activation, unless skipping to now', async () => {
    const id = await createKonnector(t.db, workspaceId, draft('person_created'));
    await activate(t.p, workspaceId, id);
    const seen = sim.store.insert('people', { name: 'Seen Before' });
    await processPoll(t.p, { workspaceId, konnectorId: id });
    await deactivate(t.p, workspaceId, id);
    expect(await t.p.queues.queue('poll').getJobScheduler(pollSchedulerId(id))).toBeUndefined();
    expect((await processPoll(t.p, { workspaceId, konnectorId: id })).status).toBe('stale');

    const missed = [sim.store.insert('people', { name: 'Missed One' }), sim.store.insert('people', { name: 'Missed Two' })];
    const again = await activate(t.p, workspaceId, id);
    expect(again.version).toBe(2);
    await processPoll(t.p, { workspaceId, konnectorId: id });
    await processPoll(t.p, { workspaceId, konnectorId: id });
    expect((await runsOf(id)).map((r) => r.eventKey).sort()).toEqual([seen.id, ...missed.map((m) => m.id)].sort());

    await deactivate(t.p, workspaceId, id);
    sim.store.insert('people', { name: 'Skipped' });
    await activate(t.p, workspaceId, id, { skipToNow: true });
    await processPoll(t.p, { workspaceId, konnectorId: id });
    expect(await runsOf(id)).toHaveLength(3);
    await deactivate(t.p, workspaceId, id);
  });

  it('a 401 pauses the trigger with the reason, marks the connection and stops polling, without retries', async () => {
    const conn = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'demo-custify-key', baseUrl: sim.url });
    const id = await createKonnector(t.db, workspaceId, draft('person_created', {}, conn));
    await activate(t.p, workspaceId, id);
    const sealed = seal(testKeyring, JSON.stringify({ apiKey: 'revoked-key', baseUrl: sim.url }), workspaceId);
    await t.db.connection.update({ where: { id: conn }, data: { secret: sealed.envelope } });
    sim.clearRequests();

    const outcome = await processPoll(t.p, { workspaceId, konnectorId: id });
    expect(outcome.status).toBe('paused');
    expect(sim.requests.filter((r) => r.status === 401)).toHaveLength(1);
    const connection = await t.db.connection.findUniqueOrThrow({ where: { id: conn } });
    expect(connection.status).toBe('needs_attention');
    expect(connection.statusMessage).toMatch(/401/);
    expect(connection.lastFailureAt).not.toBeNull();
    const konnector = await t.db.konnector.findUniqueOrThrow({ where: { id } });
    expect(konnector).toMatchObject({ status: 'active', triggerState: 'paused', triggerConnectionId: conn });
    expect(konnector.triggerReason).toMatch(/Custify rejected the credentials.*401/);
    expect(konnector.triggerSince).not.toBeNull();
    expect(await t.p.queues.queue('poll').getJobScheduler(pollSchedulerId(id))).toBeUndefined();
    // A paused trigger is not polled, even by a job left in the queue.
    expect((await processPoll(t.p, { workspaceId, konnectorId: id })).status).toBe('stale');
    expect(sim.requests.filter((r) => r.status === 401)).toHaveLength(1);
    const events = await t.db.triggerEvent.findMany({ where: { konnectorId: id }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.state)).toEqual(['paused']);

    // Re-activating with a fixed connection clears the pause and polls again.
    const fixed = seal(testKeyring, JSON.stringify({ apiKey: 'demo-custify-key', baseUrl: sim.url }), workspaceId);
    await t.db.connection.update({ where: { id: conn }, data: { secret: fixed.envelope } });
    await activate(t.p, workspaceId, id);
    expect((await t.db.konnector.findUniqueOrThrow({ where: { id } })).triggerState).toBe('ok');
    expect(await t.p.queues.queue('poll').getJobScheduler(pollSchedulerId(id))).toBeDefined();
    await deactivate(t.p, workspaceId, id);
  });

  it('fixing the connection resumes a paused trigger by itself, and each record missed meanwhile runs once', async () => {
    const conn = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'demo-custify-key', baseUrl: sim.url });
    const id = await createKonnector(t.db, workspaceId, draft('person_created', {}, conn));
    await activate(t.p, workspaceId, id);
    const bad = seal(testKeyring, JSON.stringify({ apiKey: 'revoked-key', baseUrl: sim.url }), workspaceId);
    await t.db.connection.update({ where: { id: conn }, data: { secret: bad.envelope } });
    expect((await processPoll(t.p, { workspaceId, konnectorId: id })).status).toBe('paused');

    const missed = [sim.store.insert('people', { name: 'Missed A' }), sim.store.insert('people', { name: 'Missed B' }), sim.store.insert('people', { name: 'Missed C' })];
    const good = seal(testKeyring, JSON.stringify({ apiKey: 'demo-custify-key', baseUrl: sim.url }), workspaceId);
    await t.db.connection.update({ where: { id: conn }, data: { secret: good.envelope } });
    // What a passing "Test connection" calls: no toggle.
    expect(await resumeTriggersFor(t.p, workspaceId, conn)).toEqual([id]);
    const row = await t.db.konnector.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'active', triggerState: 'ok', triggerFailures: 0 });
    expect(await t.p.queues.queue('poll').getJobScheduler(pollSchedulerId(id))).toBeDefined();
    // An immediate poll was queued (no wait for the next tick).
    const waiting = await t.p.queues.queue('poll').getJobs(['waiting', 'prioritized', 'delayed']);
    expect(waiting.some((j) => (j.data as { konnectorId?: string }).konnectorId === id && j.id?.startsWith('resume-'))).toBe(true);

    await processPoll(t.p, { workspaceId, konnectorId: id });
    await processPoll(t.p, { workspaceId, konnectorId: id });
    const keys = (await runsOf(id)).map((r) => r.eventKey);
    expect(keys.sort()).toEqual(missed.map((m) => m.id).sort());
    const events = await t.db.triggerEvent.findMany({ where: { konnectorId: id }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.state)).toEqual(['paused', 'ok']);
    // Resuming twice is harmless.
    expect(await resumeTriggersFor(t.p, workspaceId, conn)).toEqual([]);
    await deactivate(t.p, workspaceId, id);
  });

  it('transient failures retry with the next attempt time, one trigger event per change, and clear on success', async () => {
    const conn = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'demo-custify-key', baseUrl: sim.url });
    const id = await createKonnector(t.db, workspaceId, draft('person_created', {}, conn));
    await activate(t.p, workspaceId, id);
    sim.addFault({ status: 503, times: 100 });
    try {
      for (let i = 0; i < 4; i++) expect((await processPoll(t.p, { workspaceId, konnectorId: id })).status).toBe('retrying');
    } finally {
      sim.clearFaults();
    }
    const retrying = await t.db.konnector.findUniqueOrThrow({ where: { id } });
    expect(retrying).toMatchObject({ triggerState: 'retrying', triggerFailures: 4 });
    expect(retrying.triggerReason).toMatch(/503/);
    expect(retrying.triggerNextAt?.getTime()).toBeGreaterThan(Date.now());
    expect(await t.p.queues.queue('poll').getJobScheduler(pollSchedulerId(id))).toBeDefined();

    expect((await processPoll(t.p, { workspaceId, konnectorId: id })).status).toBe('polled');
    expect(await t.db.konnector.findUniqueOrThrow({ where: { id } })).toMatchObject({ triggerState: 'ok', triggerFailures: 0, triggerNextAt: null });
    const events = await t.db.triggerEvent.findMany({ where: { konnectorId: id }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.state)).toEqual(['retrying', 'ok']);
    await flushConnectionUsage(t.p);
    const connection = await t.db.connection.findUniqueOrThrow({ where: { id: conn } });
    expect(connection.lastUsedAt).not.toBeNull();
    expect(connection.lastFailureMessage).toMatch(/503/);
    await deactivate(t.p, workspaceId, id);
  });

  it('activation with a refused connection fails clearly and marks the connection', async () => {
    const conn = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'wrong-key', baseUrl: sim.url });
    const id = await createKonnector(t.db, workspaceId, draft('person_created', {}, conn));
    await expect(activate(t.p, workspaceId, id)).rejects.toThrow(/could not read from custify/);
    expect((await t.db.connection.findUniqueOrThrow({ where: { id: conn } })).status).toBe('needs_attention');
    expect((await t.db.konnector.findUniqueOrThrow({ where: { id } })).status).toBe('inactive');
  });
});
