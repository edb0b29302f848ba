/**
 * Claiming and finishing runs on real Postgres when many runs of one process do it in the same
 * turn of the event loop (one shared statement each): every run gets its own answer, a run of
 * another workspace or already final is not claimed, and a run whose row cannot be stored fails
 * alone while the others finish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { createRegistry } from '@konnect/sdk';
import type { StepRecord } from '@konnect/schemas';
import { activate } from './activation';
import { checkpointStore } from './checkpoints';
import { claimRun, finishRun } from './run-claim';
import { insertRuns } from './run-create';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

let t: TestPlatform;
const workspaces: string[] = [];

async function queuedRuns(n: number) {
  const workspaceId = await createWorkspace(t.db);
  workspaces.push(workspaceId);
  const konnectorId = await createKonnector(t.db, workspaceId, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [] });
  await activate(t.p, workspaceId, konnectorId);
  const versionId = (await t.db.konnector.findUniqueOrThrow({ where: { id: konnectorId } })).publishedVersionId ?? '';
  const runs = await insertRuns(t.db, { workspaceId, konnectorId, versionId }, Array.from({ length: n }, (_, i) => ({ key: `e${i}`, data: { i } })));
  return { workspaceId, ids: runs.map((r) => r.id) };
}

const record = (stepId: string): StepRecord => ({
  stepId,
  iteration: '',
  type: 'code',
  status: 'succeeded',
  input: { a: 1 },
  output: { b: 2 },
  logs: [],
  attempts: 1,
  durationMs: 3,
  startedAt: new Date().toISOString(),
});

beforeAll(async () => {
  t = await testPlatform('run-claim', createRegistry([catchHookConnector]));
});

afterAll(async () => {
  for (const id of workspaces) await t.db.workspace.delete({ where: { id } }).catch(() => undefined);
  await t.close();
});

describe('claims and finishes sharing a statement', () => {
  it('claims many runs at once: each its own row; other workspaces and final runs are not claimed', async () => {
    const a = await queuedRuns(6);
    const b = await queuedRuns(1);
    const [done] = a.ids.slice(-1);
    await t.db.run.update({ where: { id: done }, data: { status: 'succeeded' } });
    const claims = await Promise.all([
      ...a.ids.map((id) => claimRun(t.db, a.workspaceId, id)),
      claimRun(t.db, a.workspaceId, b.ids[0] ?? ''), // b's run, asked for with a's workspace
      claimRun(t.db, a.workspaceId, 'no-such-run'),
    ]);
    expect(claims.slice(0, 5).map((c) => c?.id)).toEqual(a.ids.slice(0, 5));
    expect(claims.slice(0, 5).every((c) => c?.workspaceId === a.workspaceId && c.prevStartedAt === null)).toBe(true);
    expect(claims.slice(0, 5).map((c) => (c?.trigger as { i: number }).i)).toEqual([0, 1, 2, 3, 4]);
    expect(claims.slice(5)).toEqual([null, null, null]);
    expect(await t.db.run.count({ where: { id: { in: a.ids }, status: 'running' } })).toBe(5);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: b.ids[0] } })).status).toBe('queued');
    // A second claim of a running run (a crash and retry) sees when it first started.
    const again = await claimRun(t.db, a.workspaceId, a.ids[0] ?? '');
    expect(again?.prevStartedAt).toBeInstanceOf(Date);
  });

  it('finishes many runs at once, each with its own status and step records; a row that cannot be stored fails alone', async () => {
    const a = await queuedRuns(4);
    await Promise.all(a.ids.map((id) => claimRun(t.db, a.workspaceId, id)));
    const finish = (id: string, i: number, summary: string) => {
      const checkpoints = checkpointStore(t.db, id, { fresh: true });
      return checkpoints.save(record(`s${i}`)).then(() =>
        finishRun(t.db, { id, workspaceId: a.workspaceId }, i === 1 ? 'filtered' : 'succeeded', { summary, tasks: i, checkpoints, fieldLimitBytes: 10_000 }),
      );
    };
    const results = await Promise.allSettled(a.ids.map((id, i) => finish(id, i, i === 2 ? 'bad \u0000 summary' : `run ${i}`)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const rows = await t.db.run.findMany({ where: { id: { in: a.ids } }, include: { steps: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const view = a.ids.map((id) => {
      const r = byId.get(id);
      return [r?.status, r?.summary, r?.tasks, r?.steps.map((s) => s.stepId)];
    });
    expect(view).toEqual([
      ['succeeded', 'run 0', 0, ['s0']],
      ['filtered', 'run 1', 1, ['s1']],
      ['running', '', 0, []],
      ['succeeded', 'run 3', 3, ['s3']],
    ]);
  });
});
