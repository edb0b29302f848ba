/**
 * Waiting runs on real Postgres and Redis, in process: a Delay makes the run `waiting` with
 * resumeAt and its job delayed (holding no worker: a worker with run concurrency 1 runs another
 * run meanwhile), an early or duplicate job is harmless, Resume now and Cancel (409 when the run is
 * not waiting, not found across workspaces), the reconciler gives a lost job back to a waiting run
 * due soon and leaves far-future ones alone, retention and the stuck-run sweep leave waiting runs
 * alone. The worker-kill + Redis-wipe test is delay-crash.int.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { storageConnector } from '@konnect/connector-storage';
import type { KonnectorDefinitionInput } from '@konnect/schemas';
import { createRegistry } from '@konnect/sdk';
import { activate } from './activation';
import { ingestHook } from './hooks';
import { deleteOldRuns } from './maintenance';
import { reviveRuns, reviveWaitingRuns } from './reconcile';
import { processRun } from './run';
import { cancelRun, wakeRun } from './run-wait';
import { workspaceStore } from './data-store';
import { createKonnector, createWorkspace, eventually, testPlatform, type TestPlatform } from './test-fixtures';
import { startWorkers, type RunningWorkers } from './workers';

const registry = createRegistry([catchHookConnector, storageConnector]);
/** 1 minute of Delay lasts 1.5 s here (the engine's test-only scale). */
const SCALE = 0.025;
let t: TestPlatform;
let workspaceId: string;
let otherWorkspace: string;
let workers: RunningWorkers | undefined;

const count = (key: string) => ({ type: 'action' as const, id: `inc_${key}`, connector: 'storage', action: 'increment', input: { key } });

async function hookKonnector(steps: KonnectorDefinitionInput['steps']): Promise<(body?: unknown) => Promise<string>> {
  const id = await createKonnector(t.db, workspaceId, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps });
  const { hookToken } = await activate(t.p, workspaceId, id);
  return async (body = {}) => {
    const { runId } = await ingestHook(t.p, hookToken ?? '', { body, headers: {}, query: {} });
    if (!runId) throw new Error('no run');
    return runId;
  };
}

const runRow = (id: string) => t.db.run.findUniqueOrThrow({ where: { id } });
const stored = async (key: string) => (await workspaceStore(t.db, workspaceId).get(key)).value;
const jobState = async (runId: string) => {
  const job = await t.p.queues.queue('run').getJob(runId);
  return job ? job.getState() : 'missing';
};
const finalOf = (id: string, timeoutMs = 30_000) =>
  eventually(async () => {
    const row = await runRow(id);
    return ['succeeded', 'failed', 'partial', 'filtered', 'cancelled'].includes(row.status) ? row : undefined;
  }, timeoutMs, `run ${id} to end`);

beforeAll(async () => {
  t = await testPlatform('run-wait', registry, { workspaceConcurrency: 5 }, { delayScale: SCALE });
  workspaceId = await createWorkspace(t.db);
  otherWorkspace = await createWorkspace(t.db);
});

afterAll(async () => {
  await workers?.close(5000);
  await t.db.workspace.deleteMany({ where: { id: { in: [workspaceId, otherWorkspace] } } });
  await t.close();
});

describe('waiting runs', () => {
  it('a waiting run holds no worker: with run concurrency 1 another run goes through meanwhile, then the delay resumes and ends', async () => {
    // 20 minutes at SCALE: 30 s, room for the quick run to go through on a loaded machine.
    const delayed = await hookKonnector([{ type: 'delay', id: 'wait', mode: 'for', amount: 20, unit: 'minutes' }, count('after-delay')]);
    const quick = await hookKonnector([count('quick')]);
    workers = startWorkers(t.p, { concurrency: { run: 1 } });
    const waitingId = await delayed();
    const waiting = await eventually(async () => {
      const row = await runRow(waitingId);
      return row.status === 'waiting' ? row : undefined;
    }, 30_000, 'the run to wait');
    expect(waiting.summary).toMatch(/^Waiting until .* at "Delay": Delay 20 minutes/);
    expect(waiting.resumeAt).not.toBeNull();
    // The row says waiting before the worker has put the job back (delayed) in Redis.
    await eventually(async () => ((await jobState(waitingId)) === 'delayed' ? true : undefined), 30_000, 'the job to be delayed');
    const step = await t.db.runStep.findFirstOrThrow({ where: { runId: waitingId, stepId: 'wait' } });
    expect(step.status).toBe('waiting');
    expect(step.output).toMatchObject({ resumeAt: waiting.resumeAt?.toISOString() });

    // The only worker slot is free: a second run completes while the first still waits.
    const quickId = await quick();
    const quickDone = await finalOf(quickId);
    expect(quickDone.status).toBe('succeeded');

    const done = await finalOf(waitingId, 180_000);
    expect(done.status).toBe('succeeded');
    expect(done.resumeAt).toBeNull();
    expect(await stored('after-delay')).toBe(1);
    const over = await t.db.runStep.findFirstOrThrow({ where: { runId: waitingId, stepId: 'wait' } });
    expect(over.status).toBe('succeeded');
    const output = over.output as { resumeAt: string; resumedAt: string; waitedMs: number; resumedEarly: boolean };
    expect(Date.parse(output.resumedAt)).toBeGreaterThanOrEqual(Date.parse(output.resumeAt) - 1000);
    expect(output.resumedEarly).toBe(false);
    // Had the waiting run kept the only slot, the quick run could only have ended after it resumed.
    expect(quickDone.finishedAt?.getTime()).toBeLessThan(Date.parse(output.resumedAt));
    await workers.close(5000);
    workers = undefined;
  }, 300_000);

  it('an early or duplicate job is harmless: the run waits again for the same time, nothing after the delay runs', async () => {
    // No worker of an earlier test may take this run (the test executes it by hand).
    await workers?.close(5000);
    workers = undefined;
    const fire = await hookKonnector([count('before-dup'), { type: 'delay', id: 'wait', mode: 'for', amount: 3, unit: 'hours' }, count('after-dup')]);
    const runId = await fire();
    const first = await processRun(t.p, { workspaceId, runId, deferrals: 0 });
    expect(first.status).toBe('waiting');
    const row = await runRow(runId);
    const again = await processRun(t.p, { workspaceId, runId, deferrals: 0 });
    expect(again).toEqual(first);
    const after = await runRow(runId);
    expect(after.status).toBe('waiting');
    expect(after.resumeAt?.getTime()).toBe(row.resumeAt?.getTime());
    expect(await stored('before-dup')).toBe(1);
    expect(await stored('after-dup')).toBeNull();
  });

  it('Resume now ends the wait at once; Cancel ends a run for good; both answer conflict when the run is not waiting, not found in another workspace', async () => {
    const fire = await hookKonnector([{ type: 'delay', id: 'wait', mode: 'for', amount: 1, unit: 'days' }, count('after-wake')]);
    workers = startWorkers(t.p, { concurrency: { run: 2 } });
    const wakeId = await fire();
    await eventually(async () => ((await runRow(wakeId)).status === 'waiting' ? true : undefined), 30_000, 'waiting');
    await eventually(async () => ((await jobState(wakeId)) === 'delayed' ? true : undefined), 10_000, 'delayed job');
    await expect(wakeRun(t.p, { workspaceId: otherWorkspace, runId: wakeId })).rejects.toMatchObject({ code: 'not_found' });
    await expect(cancelRun(t.p, { workspaceId: otherWorkspace, runId: wakeId })).rejects.toMatchObject({ code: 'not_found' });
    expect((await runRow(wakeId)).status).toBe('waiting');
    await wakeRun(t.p, { workspaceId, runId: wakeId });
    expect((await finalOf(wakeId)).status).toBe('succeeded');
    const step = await t.db.runStep.findFirstOrThrow({ where: { runId: wakeId, stepId: 'wait' } });
    expect(step.output).toMatchObject({ resumedEarly: true });
    expect(await stored('after-wake')).toBe(1);
    await expect(wakeRun(t.p, { workspaceId, runId: wakeId })).rejects.toMatchObject({ code: 'conflict', message: 'Only a waiting run can be resumed; this run is succeeded' });

    const cancelId = await fire();
    await eventually(async () => ((await runRow(cancelId)).status === 'waiting' ? true : undefined), 30_000, 'waiting');
    const change = await cancelRun(t.p, { workspaceId, runId: cancelId, by: 'Ada' });
    expect(change).toEqual({ runId: cancelId, status: 'cancelled', resumeAt: null });
    const cancelled = await runRow(cancelId);
    expect(cancelled).toMatchObject({ status: 'cancelled', summary: 'Cancelled while waiting by Ada', resumeAt: null });
    expect(cancelled.finishedAt).not.toBeNull();
    expect(await jobState(cancelId)).toBe('missing');
    const step2 = await t.db.runStep.findFirstOrThrow({ where: { runId: cancelId, stepId: 'wait' } });
    expect(step2.status).toBe('skipped');
    // Never runs again, whatever job comes.
    expect(await processRun(t.p, { workspaceId, runId: cancelId, deferrals: 0 })).toMatchObject({ status: 'skipped' });
    expect((await runRow(cancelId)).status).toBe('cancelled');
    await expect(cancelRun(t.p, { workspaceId, runId: cancelId })).rejects.toMatchObject({ code: 'conflict', message: 'Only a waiting run can be cancelled; this run is cancelled' });
    await expect(wakeRun(t.p, { workspaceId, runId: cancelId })).rejects.toMatchObject({ code: 'conflict' });
    expect(await stored('after-wake')).toBe(1);
    await workers.close(5000);
    workers = undefined;
  }, 90_000);

  it('the reconciler gives a lost job back to a waiting run due soon (delayed until its time), not to far-future ones; sweep and retention leave waiting runs alone', async () => {
    const fire = await hookKonnector([{ type: 'delay', id: 'wait', mode: 'for', amount: 10, unit: 'days' }, count('after-revive')]);
    const soonId = await fire();
    const farId = await fire();
    for (const runId of [soonId, farId]) expect((await processRun(t.p, { workspaceId, runId, deferrals: 0 })).status).toBe('waiting');
    // Jobs lost (as after a Redis wipe); the soon one is due in 20 s.
    await t.p.queues.queue('run').remove(soonId);
    await t.p.queues.queue('run').remove(farId);
    const soonAt = new Date(Date.now() + 20_000);
    await t.db.run.update({ where: { id: soonId }, data: { resumeAt: soonAt } });
    const scope = { workspaceIds: [workspaceId] };
    expect(await reviveRuns(t.p, { ...scope, now: new Date(Date.now() + 3_600_000) })).toEqual([]);
    expect(await reviveWaitingRuns(t.p, scope)).toEqual([soonId]);
    const job = await t.p.queues.queue('run').getJob(soonId);
    expect(await job?.getState()).toBe('delayed');
    expect((job?.timestamp ?? 0) + (job?.delay ?? 0)).toBeGreaterThanOrEqual(soonAt.getTime() - 1000);
    expect(await jobState(farId)).toBe('missing');
    // Its job is there now: a second pass adds nothing.
    expect(await reviveWaitingRuns(t.p, scope)).toEqual([]);
    // Retention never deletes a waiting run, however old.
    await deleteOldRuns(t.p, { days: 0, now: new Date(Date.now() + 86_400_000), workspaceId });
    expect((await runRow(farId)).status).toBe('waiting');
    expect((await runRow(soonId)).status).toBe('waiting');
  });
});
