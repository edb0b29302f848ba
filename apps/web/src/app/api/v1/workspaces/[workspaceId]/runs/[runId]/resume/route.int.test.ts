/**
 * Resume now / Cancel on a waiting run through the API: admins only, tenant-scoped (another
 * workspace's run is not found), 409 naming the status when the run is not waiting, audited, and
 * the run detail / list say "waiting" with resumeAt, then "cancelled".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queues } from '@/server/services';
import { addMember, createOwner, createUser, testDb } from '@/test/fixtures';
import { HOOK_DEFINITION, insertRuns, insertSteps, konnectorWithVersion } from '@/test/konnectors';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';
import { POST as CANCEL } from '../cancel/route';
import { GET as DETAIL } from '../route';
import { GET as LIST } from '../../route';
import { POST as RESUME } from './route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('run-wait');
});
afterAll(async () => {
  await env.close();
});

const DELAY_DEFINITION = { ...HOOK_DEFINITION, steps: [{ type: 'delay', id: 'wait', mode: 'for', amount: 2, unit: 'days' }] };

async function waitingRun(workspaceId: string): Promise<{ runId: string; resumeAt: Date }> {
  const { konnectorId, versionId } = await konnectorWithVersion(workspaceId, DELAY_DEFINITION, 'Follow-up');
  const resumeAt = new Date(Date.now() + 2 * 86_400_000);
  const [runId = ''] = await insertRuns(workspaceId, konnectorId, versionId, [{ createdAt: new Date(), status: 'waiting' }]);
  await testDb().run.update({ where: { id: runId }, data: { resumeAt, startedAt: new Date() } });
  await insertSteps(runId, [{ stepId: 'wait', type: 'delay', status: 'waiting', output: { resumeAt: resumeAt.toISOString(), reason: 'Delay 2 days' } }]);
  return { runId, resumeAt };
}

describe('waiting runs through the API', () => {
  it('the detail and the list show a waiting run with its resumeAt; Resume now makes its job run now; a second Resume is 409', async () => {
    const { user, workspaceId } = await createOwner();
    const { runId, resumeAt } = await waitingRun(workspaceId);
    const detail = await call(DETAIL, 'GET', '/r', { as: { user }, params: { workspaceId, runId } });
    expect(detail.json).toMatchObject({ status: 'waiting', resumeAt: resumeAt.toISOString(), live: false });
    const list = await call(LIST, 'GET', '/r', { as: { user }, params: { workspaceId }, query: { status: 'waiting' } });
    expect((list.json as { runs: { id: string; resumeAt: string | null }[] }).runs).toEqual([expect.objectContaining({ id: runId, resumeAt: resumeAt.toISOString() })]);

    const res = await call(RESUME, 'POST', '/r', { as: { user }, params: { workspaceId, runId } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ runId, status: 'waiting' });
    // Its job is there to run now (no worker in this test), and the waiting record says it was woken.
    const job = await queues().queue('run').getJob(runId);
    expect(['waiting', 'prioritized']).toContain(await job?.getState());
    const step = await testDb().runStep.findFirstOrThrow({ where: { runId, stepId: 'wait' } });
    expect(step.output).toMatchObject({ wokenAt: expect.any(String) });
    expect((await testDb().run.findUniqueOrThrow({ where: { id: runId } })).resumeAt?.getTime()).toBeLessThanOrEqual(Date.now());
    const audit = await testDb().auditEvent.findFirst({ where: { workspaceId, action: 'run.resumed' } });
    expect(audit).toMatchObject({ targetType: 'run', targetId: runId, targetLabel: 'Follow-up', actorUserId: user.id });

    await testDb().run.update({ where: { id: runId }, data: { status: 'succeeded', resumeAt: null } });
    const again = await call(RESUME, 'POST', '/r', { as: { user }, params: { workspaceId, runId } });
    expect(again.status).toBe(409);
    expect(errorOf(again)).toMatchObject({ code: 'conflict', message: 'Only a waiting run can be resumed; this run is succeeded' });
  });

  it('Cancel ends the run cancelled for good (audited); cancelling again is 409', async () => {
    const { user, workspaceId } = await createOwner();
    const { runId } = await waitingRun(workspaceId);
    const res = await call(CANCEL, 'POST', '/r', { as: { user }, params: { workspaceId, runId } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ runId, status: 'cancelled', resumeAt: null });
    const row = await testDb().run.findUniqueOrThrow({ where: { id: runId } });
    expect(row).toMatchObject({ status: 'cancelled', resumeAt: null });
    expect(row.summary).toMatch(/^Cancelled while waiting by /);
    const detail = await call(DETAIL, 'GET', '/r', { as: { user }, params: { workspaceId, runId } });
    expect(detail.json).toMatchObject({ status: 'cancelled', resumeAt: null, live: false });
    expect(await testDb().auditEvent.count({ where: { workspaceId, action: 'run.cancelled', targetId: runId } })).toBe(1);
    const again = await call(CANCEL, 'POST', '/r', { as: { user }, params: { workspaceId, runId } });
    expect(again.status).toBe(409);
    expect(errorOf(again).message).toBe('Only a waiting run can be cancelled; this run is cancelled');
  });

  it('members cannot resume or cancel; another workspace\'s admin gets 404 and the run keeps waiting', async () => {
    const { workspaceId } = await createOwner();
    const { runId } = await waitingRun(workspaceId);
    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    for (const handler of [RESUME, CANCEL]) {
      const res = await call(handler, 'POST', '/r', { as: { user: member }, params: { workspaceId, runId } });
      expect(res.status).toBe(403);
    }
    const other = await createOwner('other');
    for (const handler of [RESUME, CANCEL]) {
      const res = await call(handler, 'POST', '/r', { as: { user: other.user }, params: { workspaceId: other.workspaceId, runId } });
      expect(res.status).toBe(404);
    }
    expect((await testDb().run.findUniqueOrThrow({ where: { id: runId } })).status).toBe('waiting');
    expect(await testDb().auditEvent.count({ where: { targetId: runId } })).toBe(0);
  });
});
