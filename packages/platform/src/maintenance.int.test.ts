/** Retention, and reviving runs left without a job, against Postgres and Redis. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { createRegistry } from '@konnect/sdk';
import { deleteOldAccountEvents, deleteOldAuditEvents, deleteOldRuns } from './maintenance';
import { reviveRuns } from './reconcile';
import { enqueue } from './queues';
import { insertRuns } from './run-create';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

let t: TestPlatform;
let workspaceId: string;
let owner: { workspaceId: string; konnectorId: string; versionId: string };

beforeAll(async () => {
  t = await testPlatform('maintenance', createRegistry([catchHookConnector]));
  workspaceId = await createWorkspace(t.db);
  const konnectorId = await createKonnector(t.db, workspaceId, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [] });
  const version = await t.db.konnectorVersion.create({ data: { konnectorId, number: 1, definition: {} } });
  owner = { workspaceId, konnectorId, versionId: version.id };
});
afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
});

async function runAt(key: string, status: 'queued' | 'running' | 'succeeded' | 'failed', createdAt: Date, updatedAt = createdAt): Promise<string> {
  const [run] = await insertRuns(t.db, owner, [{ key, data: {} }]);
  if (!run) throw new Error('no run');
  await t.db.$executeRaw`UPDATE "Run" SET "status" = ${status}::"RunStatus", "createdAt" = ${createdAt}, "updatedAt" = ${updatedAt} WHERE "id" = ${run.id}`;
  return run.id;
}

describe('retention', () => {
  it('deletes finished runs (and their steps) older than the window, in batches, and keeps the rest', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const old = new Date('2029-11-01T00:00:00Z');
    const oldRuns = await Promise.all(['o1', 'o2', 'o3'].map((k) => runAt(`ret-${k}`, 'succeeded', old)));
    await t.db.runStep.create({ data: { runId: oldRuns[0] ?? '', stepId: 's', type: 'code', status: 'succeeded', runCreatedAt: old } });
    const oldFailed = await runAt('ret-f', 'failed', old);
    const oldQueued = await runAt('ret-q', 'queued', old);
    const recent = await runAt('ret-r', 'succeeded', new Date('2029-12-20T00:00:00Z'));
    const { deleted } = await deleteOldRuns(t.p, { days: 30, batchSize: 2, now, workspaceId });
    expect(deleted).toBe(4);
    const left = await t.db.run.findMany({ where: { id: { in: [...oldRuns, oldFailed, oldQueued, recent] } } });
    expect(left.map((r) => r.id).sort()).toEqual([oldQueued, recent].sort());
    expect(await t.db.runStep.count({ where: { runId: oldRuns[0] ?? '' } })).toBe(0);
  });
});

describe('audit and security-log retention', () => {
  it('deletes audit events past their own workspace\'s auditRetentionDays, and account events past the global limit', async () => {
    const now = new Date('2030-06-01T00:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const short = await createWorkspace(t.db);
    await t.db.workspace.update({ where: { id: short }, data: { auditRetentionDays: 30 } });
    const event = (ws: string, label: string, createdAt: Date) => ({ workspaceId: ws, actorLabel: 'x', action: 'konnector.saved', targetType: 'konnector', targetLabel: label, createdAt });
    await t.db.auditEvent.createMany({
      data: [event(short, 'short-40', daysAgo(40)), event(short, 'short-20', daysAgo(20)), event(workspaceId, 'long-40', daysAgo(40)), event(workspaceId, 'long-400', daysAgo(400))],
    });
    expect(await deleteOldAuditEvents(t.p, { now, batchSize: 1, workspaceId: short })).toBe(1);
    expect(await deleteOldAuditEvents(t.p, { now, workspaceId })).toBe(1);
    const left = await t.db.auditEvent.findMany({ where: { workspaceId: { in: [short, workspaceId] } }, select: { targetLabel: true } });
    expect(left.map((e) => e.targetLabel).sort()).toEqual(['long-40', 'short-20']);

    // Account events against the real clock (other tests' recent events must stay).
    const marker = `retention-${Date.now()}`;
    const realNow = new Date();
    const ago = (d: number) => new Date(realNow.getTime() - d * 86_400_000);
    await t.db.accountEvent.createMany({ data: [{ action: 'sign_in.failed', details: { marker }, createdAt: ago(366) }, { action: 'sign_in.failed', details: { marker }, createdAt: ago(10) }] });
    expect(await deleteOldAccountEvents(t.p, { days: 365, now: realNow })).toBeGreaterThanOrEqual(1);
    const kept = await t.db.accountEvent.findMany({ where: { details: { path: ['marker'], equals: marker } } });
    expect(kept.map((e) => e.createdAt)).toEqual([ago(10)]);
    await t.db.workspace.delete({ where: { id: short } });
  });
});

describe('reviving runs without a live job (reconciler)', () => {
  it('re-enqueues queued runs with no job and running runs no worker touches, and leaves the others', async () => {
    const longAgo = new Date('2001-01-01T00:00:00Z');
    const lost = await runAt('sweep-lost', 'queued', longAgo);
    const crashed = await runAt('sweep-running', 'running', longAgo);
    const waiting = await runAt('sweep-delayed', 'queued', longAgo);
    await enqueue(t.p.queues, 'run', { workspaceId, runId: waiting }, { jobId: waiting, delay: 60_000 });
    const fresh = await runAt('sweep-fresh', 'queued', new Date());
    // Running, its job gone (Redis lost it) but its worker still touches it: left to that worker.
    const alive = await runAt('sweep-alive', 'running', longAgo, new Date());

    const revived = await reviveRuns(t.p, { workspaceIds: [workspaceId] });
    expect(revived.sort()).toEqual([lost, crashed].sort());
    const queue = t.p.queues.queue('run');
    expect(await (await queue.getJob(lost))?.getState()).toBe('waiting');
    expect(await (await queue.getJob(crashed))?.getState()).toBe('waiting');
    expect(await (await queue.getJob(waiting))?.getState()).toBe('delayed');
    expect(await queue.getJob(fresh)).toBeUndefined();
    expect(await queue.getJob(alive)).toBeUndefined();
    const rows = await t.db.run.findMany({ where: { id: { in: [crashed, alive] } }, select: { id: true, status: true } });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [crashed]: 'queued', [alive]: 'running' });
    // Touched when revived, so the next pass leaves them alone while their jobs wait.
    expect(await reviveRuns(t.p, { workspaceIds: [workspaceId] })).toEqual([]);
  });
});
