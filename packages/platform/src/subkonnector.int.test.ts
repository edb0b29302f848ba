/**
 * Sub-konnectors on the real database and Redis: a "Run konnector" step creates the called run
 * linked both ways, once per (run, step, iteration); the called konnector's declared inputs are
 * checked; depth is limited; publishing refuses calls to konnectors elsewhere or not callable,
 * and call cycles, naming the chain. A caller whose wake was lost is woken by the reconciler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { subkonnectorConnector } from '@konnect/connector-subkonnector';
import { MAX_CALL_DEPTH, type KonnectorDefinitionInput } from '@konnect/schemas';
import { createRegistry } from '@konnect/sdk';
import { activate } from './activation';
import { isAppError } from './errors';
import { ingestHook } from './hooks';
import { CALLER_WAKE_GRACE_MS, reconcile } from './reconcile';
import { processRun } from './run';
import { createKonnector, createWorkspace, eventually, testPlatform, type TestPlatform } from './test-fixtures';

const registry = createRegistry([catchHookConnector, subkonnectorConnector]);
let t: TestPlatform;
let workspaceId: string;
let otherWorkspaceId: string;

beforeAll(async () => {
  t = await testPlatform('subkonnector', registry);
  workspaceId = await createWorkspace(t.db);
  otherWorkspaceId = await createWorkspace(t.db);
});
afterAll(async () => {
  await t.db.workspace.deleteMany({ where: { id: { in: [workspaceId, otherWorkspaceId] } } });
  await t.close();
});

const HOOK = { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} } as const;
const called = (inputs: unknown[] = [{ name: 'email', type: 'text', required: true }, { name: 'count', type: 'number' }]) =>
  ({ id: 'trigger', connector: 'subkonnector', event: 'called', input: { inputs } }) as const;
const callStep = (konnectorId: string, extra: Record<string, unknown> = {}) => ({
  type: 'call',
  id: 'call_1',
  konnectorId,
  mode: 'fire',
  input: { email: '{{trigger.email}}', count: '{{trigger.count}}' },
  ...extra,
});

async function konnector(ws: string, definition: unknown, on = true): Promise<string> {
  const id = await createKonnector(t.db, ws, definition as KonnectorDefinitionInput);
  if (on) await activate(t.p, ws, id);
  return id;
}

/** A child that returns what it was given, doubled. */
async function echoChild(ws = workspaceId): Promise<string> {
  return konnector(ws, { trigger: called(), steps: [{ type: 'return', id: 'ret', output: { email: '{{trigger.email}}', count: '{{trigger.count}}' } }] });
}

async function hookParent(steps: unknown[]): Promise<{ konnectorId: string; hookToken: string }> {
  const konnectorId = await createKonnector(t.db, workspaceId, { trigger: HOOK, steps } as KonnectorDefinitionInput);
  const { hookToken } = await activate(t.p, workspaceId, konnectorId);
  return { konnectorId, hookToken: hookToken ?? '' };
}

async function fire(hookToken: string, body: Record<string, unknown>): Promise<string> {
  const { runId } = await ingestHook(t.p, hookToken, { body, headers: {}, query: {} });
  if (!runId) throw new Error('no run');
  return runId;
}

const run = (runId: string) => processRun(t.p, { workspaceId, runId, deferrals: 0 });

async function publishError(fn: () => Promise<unknown>): Promise<{ message: string; problems: unknown[] }> {
  try {
    await fn();
  } catch (err) {
    if (isAppError(err) && err.code === 'invalid') return { message: err.message, problems: err.details?.problems ?? [] };
    throw err;
  }
  throw new Error('expected the publish to be refused');
}

describe('Run konnector, fire and forget', () => {
  it('creates the called run linked to its caller, with the inputs as trigger data, and goes on with its id', async () => {
    const childId = await echoChild();
    const { hookToken } = await hookParent([callStep(childId)]);
    const parentRunId = await fire(hookToken, { email: 'ada@example.com', count: '7' });
    expect(await run(parentRunId)).toEqual({ status: 'finished', runStatus: 'succeeded' });

    const child = await t.db.run.findFirstOrThrow({ where: { parentRunId } });
    expect(child).toMatchObject({ workspaceId, konnectorId: childId, parentStepId: 'call_1', callDepth: 1, status: 'queued', eventKey: `call:${parentRunId}:call_1:`, trigger: { email: 'ada@example.com', count: 7 } });
    const step = await t.db.runStep.findFirstOrThrow({ where: { runId: parentRunId, stepId: 'call_1' } });
    expect(step).toMatchObject({ type: 'call', status: 'succeeded', output: { runId: child.id }, input: { runId: child.id, konnectorId: childId, mode: 'fire' } });
    // Its job is in the run queue under its id; it runs on its own.
    expect(await t.p.queues.queue('run').getJob(child.id)).toBeTruthy();
    expect(await run(child.id)).toEqual({ status: 'finished', runStatus: 'succeeded' });
    expect(await t.db.runStep.findFirstOrThrow({ where: { runId: child.id, stepId: 'ret' } })).toMatchObject({ type: 'return', output: { email: 'ada@example.com', count: 7 } });
  });

  it('idempotent: executing the caller again (a crash after the call) finds the same called run', async () => {
    const childId = await echoChild();
    const { hookToken } = await hookParent([callStep(childId)]);
    const parentRunId = await fire(hookToken, { email: 'ada@example.com' });
    await run(parentRunId);
    // The worker died before the finish was durable: the run is back to running and its step record gone.
    await t.db.runStep.deleteMany({ where: { runId: parentRunId } });
    await t.db.run.update({ where: { id: parentRunId }, data: { status: 'running' } });
    expect(await run(parentRunId)).toEqual({ status: 'finished', runStatus: 'succeeded' });
    const children = await t.db.run.findMany({ where: { parentRunId } });
    expect(children).toHaveLength(1);
    const step = await t.db.runStep.findFirstOrThrow({ where: { runId: parentRunId, stepId: 'call_1' } });
    expect(step.output).toEqual({ runId: children[0]?.id });
    expect(step.logs).toEqual(expect.arrayContaining([expect.stringContaining('found the run started earlier')]));
  });

  it('a missing required input or a wrong type fails the step naming the input; no run is created', async () => {
    const childId = await echoChild();
    const { hookToken } = await hookParent([callStep(childId)]);
    const missing = await fire(hookToken, { count: 3 });
    expect(await run(missing)).toEqual({ status: 'finished', runStatus: 'failed' });
    const a = await t.db.run.findUniqueOrThrow({ where: { id: missing } });
    expect(a.error).toMatchObject({ kind: 'config', stepId: 'call_1', message: expect.stringMatching(/^Input "email" of "Konnector .+" is required but has no value$/) });
    const wrong = await fire(hookToken, { email: 'x@y.z', count: 'many' });
    await run(wrong);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: wrong } })).error).toMatchObject({ message: expect.stringMatching(/^Input "count" of ".+" must be a number, got the text "many"$/) });
    expect(await t.db.run.count({ where: { parentRunId: { in: [missing, wrong] } } })).toBe(0);
  });

  it('a called konnector that is off refuses the call, saying so', async () => {
    const childId = await konnector(workspaceId, { trigger: called(), steps: [{ type: 'return', id: 'ret', output: {} }] }, false);
    await activate(t.p, workspaceId, childId);
    const { hookToken } = await hookParent([callStep(childId)]);
    await t.db.konnector.update({ where: { id: childId }, data: { status: 'inactive' } });
    const runId = await fire(hookToken, { email: 'a@b.c' });
    await run(runId);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).error).toMatchObject({ message: expect.stringMatching(/is off: turn it on so that other konnectors can run it$/) });
  });

  it(`depth: a run ${MAX_CALL_DEPTH - 1} calls deep may call one more; a run ${MAX_CALL_DEPTH} deep cannot`, async () => {
    const bottom = await konnector(workspaceId, { trigger: called([]), steps: [{ type: 'return', id: 'ret', output: { bottom: true } }] });
    const middle = await konnector(workspaceId, { trigger: called([]), steps: [callStep(bottom, { input: {} })] });
    const versionId = (await t.db.konnector.findUniqueOrThrow({ where: { id: middle } })).publishedVersionId ?? '';
    // Runs of the middle konnector as deep in a chain of calls as they can be (their callers are not needed for the check).
    const at = async (callDepth: number) => (await t.db.run.create({ data: { workspaceId, konnectorId: middle, versionId, eventKey: `depth-${callDepth}-${Date.now()}`, trigger: {}, callDepth } })).id;
    const allowed = await at(MAX_CALL_DEPTH - 1);
    expect(await run(allowed)).toEqual({ status: 'finished', runStatus: 'succeeded' });
    expect(await t.db.run.findFirstOrThrow({ where: { parentRunId: allowed } })).toMatchObject({ callDepth: MAX_CALL_DEPTH, konnectorId: bottom });

    const tooDeep = await at(MAX_CALL_DEPTH);
    expect(await run(tooDeep)).toEqual({ status: 'finished', runStatus: 'failed' });
    const failed = await t.db.run.findUniqueOrThrow({ where: { id: tooDeep } });
    expect(failed.error).toMatchObject({ stepId: 'call_1', kind: 'config', message: expect.stringContaining(`Konnectors can call each other at most ${MAX_CALL_DEPTH} levels deep`) });
    expect(await t.db.run.count({ where: { parentRunId: tooDeep } })).toBe(0);
  });
});

describe('Run konnector, waiting for the result', () => {
  const waitStep = (konnectorId: string, extra: Record<string, unknown> = {}) => callStep(konnectorId, { mode: 'wait', timeoutSeconds: 300, ...extra });
  const wokenUp = (runId: string) =>
    eventually(async () => {
      const row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
      return row.resumeAt && row.resumeAt.getTime() <= Date.now() ? row : undefined;
    }, 30_000, 'the caller to be woken');

  it('the caller waits holding no worker; the called run ends, wakes it, and its Return output is the step output', async () => {
    const childId = await echoChild();
    const { hookToken } = await hookParent([waitStep(childId)]);
    const parentRunId = await fire(hookToken, { email: 'ada@example.com', count: 2 });
    const waiting = await run(parentRunId);
    expect(waiting).toMatchObject({ status: 'waiting' });
    const parent = await t.db.run.findUniqueOrThrow({ where: { id: parentRunId } });
    expect(parent.status).toBe('waiting');
    expect(parent.resumeAt?.getTime()).toBeGreaterThan(Date.now() + 200_000);
    expect(await t.db.runStep.findFirstOrThrow({ where: { runId: parentRunId, stepId: 'call_1' } })).toMatchObject({ status: 'waiting' });

    // An early or duplicate job of the caller: it waits on, and no second run is created.
    expect(await run(parentRunId)).toMatchObject({ status: 'waiting' });
    const [child] = await t.db.run.findMany({ where: { parentRunId } });
    expect(await t.db.run.count({ where: { parentRunId } })).toBe(1);

    expect(await run(child?.id ?? '')).toEqual({ status: 'finished', runStatus: 'succeeded' });
    await wokenUp(parentRunId);
    expect(await run(parentRunId)).toEqual({ status: 'finished', runStatus: 'succeeded' });
    const step = await t.db.runStep.findFirstOrThrow({ where: { runId: parentRunId, stepId: 'call_1' } });
    expect(step).toMatchObject({ status: 'succeeded', output: { email: 'ada@example.com', count: 2 }, input: { runId: child?.id } });
  });

  it("a failing called run fails the caller's step with its error, and both runs are linked", async () => {
    const childId = await konnector(workspaceId, {
      trigger: called([]),
      steps: [{ type: 'code', id: 'task', name: 'Create Task', source: "throw new Error('title is required')" }, { type: 'return', id: 'ret', output: { never: true } }],
    });
    await t.db.konnector.update({ where: { id: childId }, data: { name: 'Tasks' } });
    const { hookToken } = await hookParent([waitStep(childId, { input: {} })]);
    const parentRunId = await fire(hookToken, {});
    await run(parentRunId);
    const child = await t.db.run.findFirstOrThrow({ where: { parentRunId } });
    expect(await run(child.id)).toEqual({ status: 'finished', runStatus: 'failed' });
    await wokenUp(parentRunId);
    expect(await run(parentRunId)).toEqual({ status: 'finished', runStatus: 'failed' });
    const parent = await t.db.run.findUniqueOrThrow({ where: { id: parentRunId } });
    expect(parent.error).toMatchObject({ kind: 'code', stepId: 'call_1', message: expect.stringContaining(`Konnector "Tasks" failed at "Create Task" (run ${child.id}): `) });
    expect(JSON.stringify(parent.error)).toContain('title is required');
    // Linked both ways: the called run names its caller and step; the caller's step names the called run.
    expect(child).toMatchObject({ parentRunId, parentStepId: 'call_1' });
    expect(await t.db.runStep.findFirstOrThrow({ where: { runId: parentRunId, stepId: 'call_1' } })).toMatchObject({ status: 'failed', input: { runId: child.id }, output: { runId: child.id } });
  });

  it('timeout: the step fails with kind timeout and the called run keeps its own state', async () => {
    const childId = await echoChild();
    const { hookToken } = await hookParent([waitStep(childId, { timeoutSeconds: 1 })]);
    const parentRunId = await fire(hookToken, { email: 'late@example.com' });
    expect(await run(parentRunId)).toMatchObject({ status: 'waiting' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await run(parentRunId)).toEqual({ status: 'finished', runStatus: 'failed' });
    const parent = await t.db.run.findUniqueOrThrow({ where: { id: parentRunId } });
    expect(parent.error).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/did not return within 1 s; its run .+ goes on by itself$/) });
    const child = await t.db.run.findFirstOrThrow({ where: { parentRunId } });
    expect(child.status).toBe('queued');
    // It still runs on its own, and its end wakes nobody (the caller is no longer waiting).
    expect(await run(child.id)).toEqual({ status: 'finished', runStatus: 'succeeded' });
    expect((await t.db.run.findUniqueOrThrow({ where: { id: parentRunId } })).status).toBe('failed');
  });

  it('a called run that ends while its caller is still storing its wait wakes the caller once it waits', async () => {
    const childId = await echoChild();
    const { hookToken } = await hookParent([waitStep(childId)]);
    const parentRunId = await fire(hookToken, { email: 'race@example.com' });
    await run(parentRunId);
    const child = await t.db.run.findFirstOrThrow({ where: { parentRunId } });
    // The caller's row is still `running` (its waiting record is written, its wait not yet stored).
    const stored = await t.db.run.findUniqueOrThrow({ where: { id: parentRunId } });
    await t.db.run.update({ where: { id: parentRunId }, data: { status: 'running' } });
    expect(await run(child.id)).toEqual({ status: 'finished', runStatus: 'succeeded' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await t.db.run.update({ where: { id: parentRunId }, data: { status: 'waiting', resumeAt: stored.resumeAt } });
    await wokenUp(parentRunId);
    expect(await run(parentRunId)).toEqual({ status: 'finished', runStatus: 'succeeded' });
  });

  it('a lost wake: one reconciler pass wakes the caller of a called run that ended, once, and it ends with the result', async () => {
    const childId = await echoChild();
    const { hookToken } = await hookParent([waitStep(childId)]);
    const parentRunId = await fire(hookToken, { email: 'lost@example.com', count: 5 });
    expect(await run(parentRunId)).toMatchObject({ status: 'waiting' });
    const child = await t.db.run.findFirstOrThrow({ where: { parentRunId } });
    const waitingUntil = (await t.db.run.findUniqueOrThrow({ where: { id: parentRunId } })).resumeAt;

    // The called run's end is committed (its Return output and final status), then its worker dies
    // before waking the caller, and Redis loses the caller's delayed job too.
    await t.db.runStep.create({ data: { runId: child.id, runCreatedAt: child.createdAt, stepId: 'ret', type: 'return', status: 'succeeded', output: { email: 'lost@example.com', count: 5 } } });
    await t.db.run.update({ where: { id: child.id }, data: { status: 'succeeded', startedAt: new Date(), finishedAt: new Date() } });
    await t.p.queues.queue('run').remove(parentRunId);
    expect(await t.p.queues.queue('run').getJob(parentRunId)).toBeUndefined();

    // Within the grace the finishing worker's own wake may still come: the reconciler leaves it.
    const early = await reconcile(t.p, { workspaceIds: [workspaceId] });
    expect(early.runs.callers).toBe(0);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: parentRunId } })).resumeAt).toEqual(waitingUntil);

    const later = new Date(Date.now() + CALLER_WAKE_GRACE_MS + 1000);
    const pass = await reconcile(t.p, { workspaceIds: [workspaceId], now: later });
    expect(pass.runs.callers).toBe(1);
    const woken = await t.db.run.findUniqueOrThrow({ where: { id: parentRunId } });
    expect(woken.status).toBe('waiting');
    expect(woken.resumeAt?.getTime()).toBeLessThanOrEqual(Date.now());
    // Its job is back, to run now.
    expect(await (await t.p.queues.queue('run').getJob(parentRunId))?.getState()).toBe('waiting');
    // A second pass before the caller has run: already woken, not woken again.
    expect((await reconcile(t.p, { workspaceIds: [workspaceId], now: later })).runs.callers).toBe(0);

    expect(await run(parentRunId)).toEqual({ status: 'finished', runStatus: 'succeeded' });
    const steps = await t.db.runStep.findMany({ where: { runId: parentRunId, stepId: 'call_1' } });
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ status: 'succeeded', attempts: 1, output: { email: 'lost@example.com', count: 5 }, input: { runId: child.id } });
    expect(await t.db.run.count({ where: { parentRunId } })).toBe(1);
    // Finished: later passes leave it alone, and a late duplicate job finds it final.
    expect((await reconcile(t.p, { workspaceIds: [workspaceId], now: later })).runs.callers).toBe(0);
    expect(await run(parentRunId)).toMatchObject({ status: 'skipped' });
  });

  it('a called run cancelled while its caller waits: the reconciler wakes the caller, whose step fails saying so', async () => {
    const childId = await echoChild();
    const { hookToken } = await hookParent([waitStep(childId)]);
    const parentRunId = await fire(hookToken, { email: 'gone@example.com' });
    await run(parentRunId);
    const child = await t.db.run.findFirstOrThrow({ where: { parentRunId } });
    // Cancelling a waiting run wakes nobody by itself.
    await t.db.run.update({ where: { id: child.id }, data: { status: 'cancelled', finishedAt: new Date() } });
    const pass = await reconcile(t.p, { workspaceIds: [workspaceId], now: new Date(Date.now() + CALLER_WAKE_GRACE_MS + 1000) });
    expect(pass.runs.callers).toBe(1);
    expect(await run(parentRunId)).toEqual({ status: 'finished', runStatus: 'failed' });
    expect((await t.db.run.findUniqueOrThrow({ where: { id: parentRunId } })).error).toMatchObject({ message: expect.stringMatching(/was cancelled$/) });
  });
});

describe('Publishing calls', () => {
  it('refuses a konnector id of another workspace, naming the step and field', async () => {
    const foreign = await echoChild(otherWorkspaceId);
    const id = await createKonnector(t.db, workspaceId, { trigger: HOOK, steps: [callStep(foreign)] } as KonnectorDefinitionInput);
    const refused = await publishError(() => activate(t.p, workspaceId, id));
    expect(refused.problems).toEqual([{ stepId: 'call_1', path: ['konnectorId'], code: 'missing_konnector', message: `The konnector to run (${foreign}) does not exist in this workspace` }]);
    expect((await t.db.konnector.findUniqueOrThrow({ where: { id } })).status).toBe('inactive');
  });

  it('refuses a konnector that does not start with "Called by another konnector"', async () => {
    const plain = await konnector(workspaceId, { trigger: HOOK, steps: [] }, false);
    const id = await createKonnector(t.db, workspaceId, { trigger: HOOK, steps: [callStep(plain)] } as KonnectorDefinitionInput);
    const refused = await publishError(() => activate(t.p, workspaceId, id));
    expect(refused.message).toContain('does not start with "Called by another konnector"');
  });

  it('refuses a cycle A → B → A with the chain named, and a self-call', async () => {
    const a = await createKonnector(t.db, workspaceId, { trigger: called([]), steps: [{ type: 'return', id: 'ret', output: {} }] } as KonnectorDefinitionInput);
    await t.db.konnector.update({ where: { id: a }, data: { name: 'Alpha' } });
    await activate(t.p, workspaceId, a);
    const b = await createKonnector(t.db, workspaceId, { trigger: called([]), steps: [callStep(a, { input: {} })] } as KonnectorDefinitionInput);
    await t.db.konnector.update({ where: { id: b }, data: { name: 'Beta' } });
    await activate(t.p, workspaceId, b);
    // Alpha's new draft calls Beta, which calls Alpha.
    await t.db.konnector.update({ where: { id: a }, data: { draft: { trigger: called([]), steps: [callStep(b, { input: {} })] } as object } });
    const refused = await publishError(() => activate(t.p, workspaceId, a));
    expect(refused.problems).toEqual([
      expect.objectContaining({ stepId: 'call_1', path: ['konnectorId'], message: 'Konnector calls would loop: "Alpha" → "Beta" → "Alpha". A konnector cannot run itself, directly or through other konnectors' }),
    ]);
    await t.db.konnector.update({ where: { id: a }, data: { draft: { trigger: called([]), steps: [callStep(a, { input: {} })] } as object } });
    expect((await publishError(() => activate(t.p, workspaceId, a))).message).toContain('"Alpha" → "Alpha"');
  });

  it('accepts a chain without a cycle (A → B, C → B)', async () => {
    const b = await echoChild();
    const a = await konnector(workspaceId, { trigger: HOOK, steps: [callStep(b)] });
    const c = await konnector(workspaceId, { trigger: HOOK, steps: [callStep(b, { id: 'c1' }), callStep(b, { id: 'c2' })] });
    expect((await t.db.konnector.findMany({ where: { id: { in: [a, c] } } })).map((k) => k.status)).toEqual(['active', 'active']);
  });
});
