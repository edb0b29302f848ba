/** Settings → Security: owners require two-factor sign-in (enforced where membership is resolved) and set the audit retention. */
import { describe, expect, it } from 'vitest';
import { GET as TWO_FACTOR_STATUS } from '@/app/api/v1/account/two-factor/route';
import { POST as CONFIRM } from '@/app/api/v1/account/two-factor/confirm/route';
import { POST as SETUP } from '@/app/api/v1/account/two-factor/setup/route';
import { GET as LIST_KONNECTORS } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/route';
import { GET as SECURITY, PATCH as SET_SECURITY } from '@/app/api/v1/workspaces/[workspaceId]/security/route';
import { POST as CREATE_TOKEN } from '@/app/api/v1/workspaces/[workspaceId]/tokens/route';
import { GET as MY_WORKSPACES } from '@/app/api/v1/workspaces/route';
import { totpCode } from '@/server/account/totp';
import { addMember, createOwner, createUser, testDb, type TestUser } from '@/test/fixtures';
import { call, errorOf } from '@/test/request';

async function enrol(user: TestUser): Promise<void> {
  const { secret } = (await call(SETUP, 'POST', '/s', { as: { user } })).json as { secret: string };
  const res = await call(CONFIRM, 'POST', '/c', { as: { user }, body: { code: totpCode(secret) } });
  expect(res.status, res.text).toBe(200);
}

describe('requiring two-factor sign-in', { timeout: 60_000 }, () => {
  it('owners only, and only with 2FA on their own account; members without it get 403 on the workspace, not on their account', async () => {
    const { user: owner, workspaceId } = await createOwner('require2fa');
    const member = await createUser('member2fa');
    const admin = await createUser('admin2fa');
    await addMember(workspaceId, member.id, 'member');
    await addMember(workspaceId, admin.id, 'admin');
    const set = (as: TestUser, body: unknown) => call(SET_SECURITY, 'PATCH', '/s', { as: { user: as }, params: { workspaceId }, body });

    // The member made an API token before the requirement.
    const created = await call(CREATE_TOKEN, 'POST', '/t', { as: { user: admin }, params: { workspaceId }, body: { name: 'CI' } });
    const { token } = created.json as { token: string };

    expect(errorOf(await set(admin, { requireTwoFactor: true }))).toMatchObject({ code: 'forbidden' });
    expect(errorOf(await set(owner, { requireTwoFactor: true }))).toMatchObject({ code: 'bad_request', field: 'requireTwoFactor', message: expect.stringContaining('your own account first') });
    expect(errorOf(await set(owner, {}))).toMatchObject({ field: 'requireTwoFactor' });
    expect(errorOf(await set(owner, { requireTwoFactor: 'yes' }))).toMatchObject({ field: 'requireTwoFactor' });

    await enrol(owner);
    const on = await set(owner, { requireTwoFactor: true });
    expect(on.status, on.text).toBe(200);
    expect(on.json).toEqual({ requireTwoFactor: true, auditRetentionDays: 365, membersWithoutTwoFactor: 2 });

    // The member's session is refused on every workspace route, with a message saying what to do …
    const refused = await call(LIST_KONNECTORS, 'GET', '/k', { as: { user: member }, params: { workspaceId } });
    expect(refused.status).toBe(403);
    expect(errorOf(refused).message).toBe(`This workspace requires two-factor sign-in. Turn it on in your account settings (/app/${workspaceId}/account), then try again.`);
    expect((await call(SECURITY, 'GET', '/s', { as: { user: admin }, params: { workspaceId } })).status).toBe(403);
    // … but their account stays reachable, and the workspace stays listed (the page tells them to set it up).
    expect((await call(TWO_FACTOR_STATUS, 'GET', '/t', { as: { user: member } })).status).toBe(200);
    const mine = (await call(MY_WORKSPACES, 'GET', '/w', { as: { user: member } })).json as { id: string }[];
    expect(mine.map((w) => w.id)).toContain(workspaceId);
    // API tokens keep working (decision: a member made them with a session; admins revoke them).
    expect((await call(LIST_KONNECTORS, 'GET', '/k', { as: { token }, params: { workspaceId } })).status).toBe(200);
    // The owner (with 2FA) is not affected.
    expect((await call(LIST_KONNECTORS, 'GET', '/k', { as: { user: owner }, params: { workspaceId } })).status).toBe(200);

    // Once the member sets it up, the workspace opens again.
    await enrol(member);
    expect((await call(LIST_KONNECTORS, 'GET', '/k', { as: { user: member }, params: { workspaceId } })).status).toBe(200);
    expect(((await call(SECURITY, 'GET', '/s', { as: { user: member }, params: { workspaceId } })).json as { membersWithoutTwoFactor: number }).membersWithoutTwoFactor).toBe(1);

    const audit = await testDb().auditEvent.findMany({ where: { workspaceId, action: 'workspace.security_updated' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: owner.id, details: { changed: ['requireTwoFactor'], requireTwoFactor: true, auditRetentionDays: 365 } });
  });

  it('audit retention: owners set 30–3650 days', async () => {
    const { user: owner, workspaceId } = await createOwner('retention');
    const set = (body: unknown) => call(SET_SECURITY, 'PATCH', '/s', { as: { user: owner }, params: { workspaceId }, body });
    expect(errorOf(await set({ auditRetentionDays: 29 }))).toMatchObject({ field: 'auditRetentionDays' });
    expect(errorOf(await set({ auditRetentionDays: 3651 }))).toMatchObject({ field: 'auditRetentionDays' });
    expect(errorOf(await set({ auditRetentionDays: 90.5 }))).toMatchObject({ field: 'auditRetentionDays' });
    const res = await set({ auditRetentionDays: 90 });
    expect(res.json).toMatchObject({ auditRetentionDays: 90, requireTwoFactor: false });
    expect((await testDb().workspace.findUniqueOrThrow({ where: { id: workspaceId } })).auditRetentionDays).toBe(90);
  });
});
