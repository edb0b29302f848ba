/**
 * Backpressure you can see (issue 19) over the API: a konnector's backlog (GET …/backlog) and each
 * workspace's in `/api/health?detail=1`, on real Postgres; another workspace's backlog never shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as HEALTH } from '@/app/api/health/route';
import { createOwner, testDb } from '@/test/fixtures';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';
import type { BacklogDto, WorkspaceBacklogDto } from '@/lib/api-types';
import { GET } from './route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('backlog');
});
afterAll(async () => {
  await env.close();
});

let seq = 0;
/** A konnector with `queued` runs waiting for 2 minutes, 2 running and `finished` done in the last minute. */
async function konnectorWithRuns(workspaceId: string, queued: number, finished: number): Promise<string> {
  const db = testDb();
  const k = await db.konnector.create({ data: { workspaceId, name: `Busy ${seq}`, draft: {} } });
  const v = await db.konnectorVersion.create({ data: { konnectorId: k.id, number: 1, definition: {} } });
  const now = Date.now();
  const row = (status: 'queued' | 'running' | 'succeeded') => ({
    workspaceId,
    konnectorId: k.id,
    versionId: v.id,
    eventKey: `backlog-api-${seq++}`,
    status,
    trigger: {},
    createdAt: new Date(now - 120_000),
    ...(status === 'succeeded' ? { finishedAt: new Date(now - 5_000) } : {}),
  });
  await db.run.createMany({
    data: [...Array.from({ length: queued }, () => row('queued')), row('running'), row('running'), ...Array.from({ length: finished }, () => row('succeeded'))],
  });
  return k.id;
}

describe('konnector backlog', () => {
  it('says how many runs wait to start and the expected delay; another workspace cannot read it', async () => {
    const a = await createOwner('backlog-a');
    const b = await createOwner('backlog-b');
    const busy = await konnectorWithRuns(a.workspaceId, 30, 15);
    const theirs = await konnectorWithRuns(b.workspaceId, 99, 1);

    const res = await call(GET, 'GET', '/backlog', { as: { user: a.user }, params: { workspaceId: a.workspaceId, konnectorId: busy } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject<Partial<BacklogDto>>({ queued: 30, running: 2, finishedLastMinute: 15, ratePerSecond: 0.25, expectedDelaySeconds: 120, behind: true });

    // B's konnector through A's workspace: not found, nothing of B's said; B's workspace: A is no member (404, as for a workspace that does not exist).
    const through = await call(GET, 'GET', '/backlog', { as: { user: a.user }, params: { workspaceId: a.workspaceId, konnectorId: theirs } });
    expect(through.status).toBe(404);
    expect(errorOf(through).message).not.toMatch(/99/);
    expect((await call(GET, 'GET', '/backlog', { as: { user: a.user }, params: { workspaceId: b.workspaceId, konnectorId: theirs } })).status).toBe(404);
  });

  it('/api/health?detail=1 lists the backlog of the caller\'s own workspaces only', async () => {
    const a = await createOwner('health-backlog-a');
    const b = await createOwner('health-backlog-b');
    await konnectorWithRuns(a.workspaceId, 12, 6);
    await konnectorWithRuns(b.workspaceId, 50, 0);

    const res = await call(HEALTH, 'GET', '/api/health', { as: { user: a.user }, query: { detail: '1' } });
    expect(res.status, res.text).toBe(200);
    const backlog = (res.json as { backlog: WorkspaceBacklogDto[] }).backlog;
    expect(backlog).toEqual([expect.objectContaining({ workspaceId: a.workspaceId, queued: 12, running: 2, finishedLastMinute: 6, expectedDelaySeconds: 120, behind: true })]);
    expect(JSON.stringify(backlog)).not.toContain(b.workspaceId);
  });
});
