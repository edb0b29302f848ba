/**
 * The run job end to end on real Postgres, Redis and the Custify simulator over HTTP: every step
 * logged, final status and summary, no re-run of a finished run, truncated payloads, 401 on an
 * action, replay from the failed step and from the start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import type { KonnectorDefinitionInput } from '@konnect/schemas';
import { createRegistry } from '@konnect/sdk';
import { activate } from './activation';
import { ingestHook } from './hooks';
import { processPoll } from './poll';
import { replay } from './replay';
import { processRun } from './run';
import { createConnection, createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';
import { isTruncated } from './truncate';

const registry = createRegistry([custify, catchHookConnector]);
let t: TestPlatform;
let sim: Simulator;
let workspaceId: string;
let connectionId: string;

const noteStep = (entity = '{{trigger.id}}') => ({
  type: 'action' as const,
  id: 'note',
  connector: 'custify',
  action: 'create_note',
  connectionId,
  input: { entity, entityModel: 'People', subject: 'Welcome', text: 'Hello {{trigger.name}}' },
});

function hookDraft(steps: KonnectorDefinitionInput['steps']): KonnectorDefinitionInput {
  return { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps };
}

async function hookKonnector(steps: KonnectorDefinitionInput['steps']): Promise<{ id: string; fire: (body: unknown, key?: string) => Promise<string> }> {
  const id = await createKonnector(t.db, workspaceId, hookDraft(steps));
  const { hookToken } = await activate(t.p, workspaceId, id);
  if (!hookToken) throw new Error('no token');
  return {
    id,
    fire: async (body, key) => {
      const { runId } = await ingestHook(t.p, hookToken, { body, headers: key ? { 'idempotency-key': key } : {}, query: {} });
      if (!runId) throw new Error('no run');
      return runId;
    },
  };
}

const run = (runId: string) => processRun(t.p, { workspaceId, runId, deferrals: 0 });
const stepsOf = (runId: string) => t.db.runStep.findMany({ where: { runId }, orderBy: { seq: 'asc' } });

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'empty' });
  t = await testPlatform('run', registry);
  workspaceId = await createWorkspace(t.db);
  connectionId = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'demo-custify-key', baseUrl: sim.url });
});

afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
  await sim.close();
});

describe('run job', () => {
  it('person created → one run with every step logged, and a finished run never runs again', async () => {
    const id = await createKonnector(t.db, workspaceId, {
      trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId, input: {} },
      steps: [noteStep()],
    });
    await activate(t.p, workspaceId, id);
    const person = sim.store.insert('people', { name: 'Ada Lovelace', email: 'ada@example.com' });
    const polled = await processPoll(t.p, { workspaceId, konnectorId: id });
    if (polled.status !== 'polled') throw new Error(polled.status);
    expect(polled.created).toHaveLength(1);
    const runId = polled.created[0] ?? '';

    expect(await run(runId)).toEqual({ status: 'finished', runStatus: 'succeeded' });
    const row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(row).toMatchObject({ status: 'succeeded', tasks: 1 });
    expect(row.summary).not.toBe('');
    expect(row.summary).not.toMatch(/\n/);
    expect(row.startedAt).toBeInstanceOf(Date);
    expect(row.finishedAt?.getTime()).toBeGreaterThanOrEqual(row.startedAt?.getTime() ?? Infinity);

    const steps = await stepsOf(runId);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ stepId: 'note', type: 'action', status: 'succeeded', iteration: '', attempts: 1 });
    expect(steps[0]?.input).toMatchObject({ entity: person.id, entityModel: 'People', text: 'Hello Ada Lovelace' });
    const notes = sim.store.list('notes').filter((n) => n.entity === person.id);
    expect(notes).toHaveLength(1);
    expect(steps[0]?.output).toMatchObject({ id: notes[0]?.id });

    expect(await run(runId)).toEqual({ status: 'skipped', reason: 'the run already ended succeeded' });
    expect(sim.store.list('notes').filter((n) => n.entity === person.id)).toHaveLength(1);
  });

  it('catch hook → filter → code → action: filtered and succeeded runs, steps in order', async () => {
    const person = sim.store.insert('people', { name: 'Grace Hopper' });
    const hook = await hookKonnector([
      { type: 'filter', id: 'big', conditions: { all: [{ left: '{{trigger.amount}}', op: 'gt', right: '10' }] } },
      { type: 'code', id: 'shape', source: 'return { subject: "Order " + input.trigger.order };' },
      { ...noteStep('{{trigger.person}}'), input: { entity: '{{trigger.person}}', entityModel: 'People', subject: '{{steps.shape.subject}}', text: 'Amount {{trigger.amount}}' } },
    ]);
    const small = await hook.fire({ amount: 5, order: 'A-1', person: person.id });
    expect(await run(small)).toEqual({ status: 'finished', runStatus: 'filtered' });
    expect((await stepsOf(small)).map((s) => `${s.stepId}:${s.status}`)).toEqual(['big:filtered']);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: small } })).tasks).toBe(0);

    const big = await hook.fire({ amount: 50, order: 'A-2', person: person.id });
    expect(await run(big)).toEqual({ status: 'finished', runStatus: 'succeeded' });
    const steps = await stepsOf(big);
    expect(steps.map((s) => `${s.stepId}:${s.type}:${s.status}`)).toEqual(['big:filter:succeeded', 'shape:code:succeeded', 'note:action:succeeded']);
    expect(steps[2]?.input).toMatchObject({ subject: 'Order A-2', text: 'Amount 50' });
    expect(sim.store.find('notes', (n) => n.subject === 'Order A-2')).toBeDefined();
  });

  it('stores oversized step payloads as a truncation marker', async () => {
    const hook = await hookKonnector([{ type: 'code', id: 'huge', source: 'return { blob: "x".repeat(70000) };' }]);
    const runId = await hook.fire({});
    expect(await run(runId)).toEqual({ status: 'finished', runStatus: 'succeeded' });
    const [step] = await stepsOf(runId);
    expect(isTruncated(step?.output)).toBe(true);
    expect(step?.output).toMatchObject({ bytes: 70011 });
  });

  it('a 401 on an action fails the run (no retries) and marks the connection', async () => {
    const badConnection = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'revoked', baseUrl: sim.url });
    const person = sim.store.insert('people', { name: 'Revoked' });
    const hook = await hookKonnector([{ ...noteStep(person.id), connectionId: badConnection }]);
    sim.clearRequests();
    const runId = await hook.fire({ name: 'x' });
    expect(await run(runId)).toEqual({ status: 'finished', runStatus: 'failed' });
    expect(sim.requests.filter((r) => r.path === '/note')).toHaveLength(1);
    const row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(row.error).toMatchObject({ kind: 'auth', stepId: 'note', status: 401 });
    const connection = await t.db.connection.findUniqueOrThrow({ where: { id: badConnection } });
    expect(connection.status).toBe('needs_attention');
  });
});

describe('replay', () => {
  it('from the failed step reuses what succeeded before it; from the start runs everything again', async () => {
    const missing = 'a1b2c3d4e5f6a7b8c9d0e1f2';
    const hook = await hookKonnector([
      { type: 'code', id: 'prepare', source: 'return { at: Date.now() };' },
      noteStep('{{trigger.person}}'),
    ]);
    const original = await hook.fire({ person: missing, name: 'Late Person' });
    expect(await run(original)).toEqual({ status: 'finished', runStatus: 'failed' });
    const failedRow = await t.db.run.findUniqueOrThrow({ where: { id: original } });
    expect(failedRow.error).toMatchObject({ stepId: 'note', retryable: false });
    const [prepared] = await stepsOf(original);

    // Replayed while the person is still missing: the note step fails again.
    const again = await replay(t.p, workspaceId, original, 'from_failed');
    expect(again.eventKey).toBe(`replay:${original}:1`);
    expect(await run(again.runId)).toEqual({ status: 'finished', runStatus: 'failed' });

    sim.store.insert('people', { id: missing, name: 'Late Person' });
    const fixed = await replay(t.p, workspaceId, original, 'from_failed');
    expect(fixed.eventKey).toBe(`replay:${original}:2`);
    expect(await run(fixed.runId)).toEqual({ status: 'finished', runStatus: 'succeeded' });
    const steps = await stepsOf(fixed.runId);
    expect(steps.map((s) => `${s.stepId}:${s.status}`)).toEqual(['prepare:succeeded', 'note:succeeded']);
    // The code step was copied, not run again.
    expect(steps[0]?.output).toEqual(prepared?.output);
    expect(steps[0]?.startedAt.getTime()).toBe(prepared?.startedAt.getTime());
    const replayed = await t.db.run.findUniqueOrThrow({ where: { id: fixed.runId } });
    expect(replayed).toMatchObject({ replayOfId: original, status: 'succeeded', trigger: { person: missing } });

    const fresh = await replay(t.p, workspaceId, original, 'from_start');
    expect(fresh.eventKey).toBe(`replay:${original}:3`);
    expect(await run(fresh.runId)).toEqual({ status: 'finished', runStatus: 'succeeded' });
    const freshSteps = await stepsOf(fresh.runId);
    expect(freshSteps[0]?.startedAt.getTime()).toBeGreaterThan(prepared?.startedAt.getTime() ?? Infinity);
  });

  it('refuses unknown runs, unfinished runs and from_failed without a failed step', async () => {
    const hook = await hookKonnector([{ type: 'code', id: 'ok', source: 'return {};' }]);
    const runId = await hook.fire({});
    await expect(replay(t.p, workspaceId, runId, 'from_start')).rejects.toMatchObject({ code: 'conflict' });
    await run(runId);
    await expect(replay(t.p, workspaceId, runId, 'from_failed')).rejects.toMatchObject({ code: 'invalid' });
    await expect(replay(t.p, 'other-workspace', runId, 'from_start')).rejects.toMatchObject({ code: 'not_found' });
  });
});
