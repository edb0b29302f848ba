/**
 * Backlog figures on real Postgres (issue 19, "backpressure you can see"): runs queued (not the
 * Delay-waiting ones), running, finished in the last minute, the rate and the expected delay, for
 * a konnector and for its workspace; another workspace's runs never count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@konnect/db';
import { createRegistry } from '@konnect/sdk';
import { BEHIND_AFTER_MS, konnectorBacklog, RATE_SAMPLE, RATE_WINDOW_MS, workspaceBacklog } from './backlog';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

let t: TestPlatform;
const workspaces: string[] = [];

beforeAll(async () => {
  t = await testPlatform('backlog-figures', createRegistry([]));
});

afterAll(async () => {
  for (const id of workspaces) await t.db.workspace.delete({ where: { id } }).catch(() => undefined);
  await t.close();
});

type Status = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed';

/** A workspace with one konnector (and its version) to hang runs on. */
async function konnectorIn(workspaceId?: string): Promise<{ workspaceId: string; konnectorId: string; versionId: string }> {
  const ws = workspaceId ?? (await createWorkspace(t.db));
  if (!workspaceId) workspaces.push(ws);
  const konnectorId = await createKonnector(t.db, ws, { trigger: { id: 'trigger', connector: 'catch-hook', event: 'hook', input: {} }, steps: [] });
  const version = await t.db.konnectorVersion.create({ data: { konnectorId, number: 1, definition: {} } });
  return { workspaceId: ws, konnectorId, versionId: version.id };
}

let seq = 0;
/** `n` runs in `status`, created `agoMs` ago; final ones finished `finishedAgoMs` ago. */
async function runs(db: Db, k: { workspaceId: string; konnectorId: string; versionId: string }, n: number, status: Status, agoMs = 0, finishedAgoMs = 0): Promise<void> {
  const now = Date.now();
  const final = status === 'succeeded' || status === 'failed';
  await db.run.createMany({
    data: Array.from({ length: n }, () => ({
      workspaceId: k.workspaceId,
      konnectorId: k.konnectorId,
      versionId: k.versionId,
      eventKey: `backlog-${seq++}`,
      status,
      trigger: {},
      createdAt: new Date(now - agoMs),
      ...(status === 'running' || final ? { startedAt: new Date(now - agoMs) } : {}),
      ...(final ? { finishedAt: new Date(now - finishedAgoMs) } : {}),
      ...(status === 'waiting' ? { resumeAt: new Date(now + 3_600_000) } : {}),
    })),
  });
}

describe('backlog figures', () => {
  it('counts queued (not waiting), running and recent completions, and gives the expected delay', async () => {
    const a = await konnectorIn();
    const b = await konnectorIn(a.workspaceId);
    await runs(t.db, a, 30, 'queued', 120_000);
    await runs(t.db, a, 4, 'running', 5_000);
    await runs(t.db, a, 7, 'waiting', 60_000); // a Delay: waiting on purpose, not behind
    await runs(t.db, a, 12, 'succeeded', 200_000, 20_000); // 12 in the last minute
    await runs(t.db, a, 3, 'failed', 200_000, 30_000); // failures finish too
    await runs(t.db, a, 50, 'succeeded', 600_000, 5 * RATE_WINDOW_MS); // long ago: not in the rate
    await runs(t.db, b, 10, 'queued', 1_000);
    await runs(t.db, b, 15, 'succeeded', 200_000, 10_000);

    const ka = await konnectorBacklog(t.db, a.workspaceId, a.konnectorId);
    expect(ka).toMatchObject({ queued: 30, running: 4, finished: 15, behind: true });
    expect(ka.ratePerSecond).toBeCloseTo(15 / 60, 6);
    expect(ka.expectedDelayMs).toBe(120_000); // 30 queued at 0.25/s
    expect(Date.now() - (ka.oldestQueuedAt?.getTime() ?? 0)).toBeGreaterThanOrEqual(120_000);

    // b's runs were queued a second ago: the normal hand-off, not (yet) a backlog.
    const kb = await konnectorBacklog(t.db, b.workspaceId, b.konnectorId);
    expect(kb).toMatchObject({ queued: 10, running: 0, finished: 15, expectedDelayMs: 40_000, behind: false });

    const ws = await workspaceBacklog(t.db, a.workspaceId);
    expect(ws).toMatchObject({ queued: 40, running: 4, finished: 30, expectedDelayMs: 80_000, behind: true });
  });

  it('nothing queued: no delay, not behind; queued with nothing finished lately: delay unknown', async () => {
    const quiet = await konnectorIn();
    await runs(t.db, quiet, 5, 'succeeded', 100_000, 1_000);
    expect(await konnectorBacklog(t.db, quiet.workspaceId, quiet.konnectorId)).toMatchObject({ queued: 0, expectedDelayMs: 0, behind: false, oldestQueuedAt: null });

    const stuck = await konnectorIn();
    await runs(t.db, stuck, 3, 'queued', BEHIND_AFTER_MS + 60_000);
    await runs(t.db, stuck, 2, 'succeeded', 600_000, 2 * RATE_WINDOW_MS);
    expect(await konnectorBacklog(t.db, stuck.workspaceId, stuck.konnectorId)).toMatchObject({ queued: 3, finished: 0, ratePerSecond: 0, expectedDelayMs: null, behind: true });
  });

  it("another workspace's runs never count, even for a konnector id asked through the wrong workspace", async () => {
    const mine = await konnectorIn();
    const theirs = await konnectorIn();
    await runs(t.db, theirs, 25, 'queued', 60_000);
    await runs(t.db, theirs, 9, 'succeeded', 60_000, 1_000);
    await runs(t.db, mine, 2, 'running', 1_000);

    expect(await workspaceBacklog(t.db, mine.workspaceId)).toMatchObject({ queued: 0, running: 2, finished: 0 });
    // Their konnector through my workspace: nothing of theirs.
    expect(await konnectorBacklog(t.db, mine.workspaceId, theirs.konnectorId)).toMatchObject({ queued: 0, running: 0, finished: 0, behind: false });
    expect(await workspaceBacklog(t.db, theirs.workspaceId)).toMatchObject({ queued: 25, finished: 9 });
  });

  it('a busy workspace: the rate is measured over the span of the last RATE_SAMPLE completions', async () => {
    const busy = await konnectorIn();
    // RATE_SAMPLE + 500 runs finished over the last 30 s, evenly: about (RATE_SAMPLE + 500) / 30 per second.
    const n = RATE_SAMPLE + 500;
    const now = Date.now();
    await t.db.run.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        workspaceId: busy.workspaceId,
        konnectorId: busy.konnectorId,
        versionId: busy.versionId,
        eventKey: `busy-${i}`,
        status: 'succeeded' as const,
        trigger: {},
        createdAt: new Date(now - 40_000),
        finishedAt: new Date(now - Math.round((i * 30_000) / n)),
      })),
    });
    const figures = await workspaceBacklog(t.db, busy.workspaceId);
    expect(figures.finished).toBe(RATE_SAMPLE);
    const expected = n / 30;
    expect(figures.ratePerSecond).toBeGreaterThan(expected * 0.8);
    expect(figures.ratePerSecond).toBeLessThan(expected * 1.25);
  });
});
