import { describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import { addMember, createOwner, createUser, testDb } from '@/test/fixtures';
import { call, errorOf } from '@/test/request';
import { GET, POST } from './route';
import { PATCH, DELETE } from './[memberId]/route';
import { DELETE as CANCEL } from '../invitations/[invitationId]/route';

type Members = { members: { id: string; userId: string; email: string; role: string; you: boolean }[]; invitations: { id: string; email: string; role: string; status: string }[] };

describe('GET/POST members', () => {
  it('invites an existing account and an unknown email alike (no one is added); lists members and invitations', async () => {
    const { user, workspaceId } = await createOwner();
    const params = { workspaceId };
    const existing = await createUser('existing');
    const invitedAccount = await call(POST, 'POST', '/m', { as: { user }, params, body: { email: existing.email.toUpperCase(), role: 'admin' } });
    expect(invitedAccount.status).toBe(201);
    expect(invitedAccount.json).toMatchObject({ kind: 'invitation', invitation: { email: existing.email, role: 'admin', status: 'pending' } });

    const newcomer = `newcomer-${uniqueSuffix()}@example.test`;
    const invited = await call(POST, 'POST', '/m', { as: { user }, params, body: { email: newcomer } });
    expect(invited.status).toBe(201);
    expect(invited.json).toMatchObject({ kind: 'invitation', invitation: { email: newcomer, role: 'member', status: 'pending' } });

    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    const list = await call(GET, 'GET', '/m', { as: { user: member }, params });
    const body = list.json as Members;
    expect(body.members.map((m) => [m.userId, m.role, m.you])).toEqual([
      [user.id, 'owner', false],
      [member.id, 'member', true],
    ]);
    expect(body.invitations.map((i) => i.email).sort()).toEqual([existing.email, newcomer].sort());
    expect(list.text).not.toMatch(/passwordHash|\$2[aby]\$|tokenHash/);

    expect(errorOf(await call(POST, 'POST', '/m', { as: { user }, params, body: { email: member.email } }))).toMatchObject({ code: 'conflict', field: 'email' });
    expect(errorOf(await call(POST, 'POST', '/m', { as: { user }, params, body: { email: newcomer } }))).toMatchObject({ code: 'conflict', field: 'email' });
  });

  it('checks bodies, roles and workspace membership', async () => {
    const { user, workspaceId } = await createOwner();
    const params = { workspaceId };
    expect(errorOf(await call(POST, 'POST', '/m', { as: { user }, params, body: { email: 'nope' } }))).toMatchObject({ field: 'email' });
    expect(errorOf(await call(POST, 'POST', '/m', { as: { user }, params, body: { email: 'a@b.test', role: 'king' } }))).toMatchObject({ field: 'role' });

    const admin = await createUser('admin');
    await addMember(workspaceId, admin.id, 'admin');
    const asOwner = await call(POST, 'POST', '/m', { as: { user: admin }, params, body: { email: `x-${uniqueSuffix()}@example.test`, role: 'owner' } });
    expect(errorOf(asOwner)).toMatchObject({ code: 'forbidden', field: 'role' });

    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    expect((await call(POST, 'POST', '/m', { as: { user: member }, params, body: { email: 'y@example.test' } })).status).toBe(403);

    const stranger = await createOwner('stranger');
    const peek = await call(GET, 'GET', '/m', { as: { user: stranger.user }, params });
    expect(peek.status).toBe(404);
    expect(peek.text).not.toContain(user.email);
    expect((await call(POST, 'POST', '/m', { as: { user: stranger.user }, params, body: { email: stranger.user.email } })).status).toBe(404);
    expect((await call(GET, 'GET', '/m', { params })).status).toBe(401);
  });
});

describe('PATCH/DELETE members/:memberId and DELETE invitations/:id', () => {
  it('owners change roles; a workspace never loses its last owner', async () => {
    const { user, workspaceId, membershipId } = await createOwner();
    const params = (memberId: string) => ({ workspaceId, memberId });
    const other = await createUser('other');
    const otherId = await addMember(workspaceId, other.id, 'member');

    const last = await call(PATCH, 'PATCH', '/m', { as: { user }, params: params(membershipId), body: { role: 'admin' } });
    expect(last.status).toBe(409);
    expect(errorOf(last).message).toMatch(/at least one owner/);

    expect((await call(PATCH, 'PATCH', '/m', { as: { user }, params: params(otherId), body: { role: 'owner' } })).json).toMatchObject({ role: 'owner' });
    expect((await call(PATCH, 'PATCH', '/m', { as: { user }, params: params(membershipId), body: { role: 'admin' } })).json).toMatchObject({ role: 'admin', you: true });
    // Now an admin: role changes are for owners only.
    expect((await call(PATCH, 'PATCH', '/m', { as: { user }, params: params(otherId), body: { role: 'member' } })).status).toBe(403);
    expect(errorOf(await call(PATCH, 'PATCH', '/m', { as: { user: other }, params: params(otherId), body: {} }))).toMatchObject({ field: 'role' });

    const stranger = await createOwner('stranger');
    expect((await call(PATCH, 'PATCH', '/m', { as: { user: stranger.user }, params: params(otherId), body: { role: 'member' } })).status).toBe(404);
    // A member id from another workspace, addressed through my own workspace: not found.
    expect((await call(PATCH, 'PATCH', '/m', { as: { user: stranger.user }, params: { workspaceId: stranger.workspaceId, memberId: otherId }, body: { role: 'member' } })).status).toBe(404);
    expect((await testDb().membership.findUniqueOrThrow({ where: { id: otherId } })).role).toBe('owner');
    expect((await call(PATCH, 'PATCH', '/m', { params: params(otherId), body: { role: 'member' } })).status).toBe(401);
  });

  it('owners remove anyone but the last owner, admins cannot remove owners, members may only leave', async () => {
    const { user: owner, workspaceId, membershipId: ownerId } = await createOwner();
    const params = (memberId: string) => ({ workspaceId, memberId });
    const admin = await createUser('admin');
    const adminId = await addMember(workspaceId, admin.id, 'admin');
    const m1 = await createUser('m1');
    const m1Id = await addMember(workspaceId, m1.id, 'member');
    const m2 = await createUser('m2');
    const m2Id = await addMember(workspaceId, m2.id, 'member');

    expect((await call(DELETE, 'DELETE', '/m', { as: { user: m1 }, params: params(m2Id) })).status).toBe(403);
    expect(errorOf(await call(DELETE, 'DELETE', '/m', { as: { user: admin }, params: params(ownerId) })).message).toMatch(/Admins cannot remove owners/);
    expect((await call(DELETE, 'DELETE', '/m', { as: { user: admin }, params: params(m2Id) })).status).toBe(204);
    expect((await call(DELETE, 'DELETE', '/m', { as: { user: m1 }, params: params(m1Id) })).status).toBe(204);
    expect((await call(DELETE, 'DELETE', '/m', { as: { user: owner }, params: params(ownerId) })).status).toBe(409);

    const stranger = await createOwner('stranger');
    expect((await call(DELETE, 'DELETE', '/m', { as: { user: stranger.user }, params: params(adminId) })).status).toBe(404);
    expect((await call(DELETE, 'DELETE', '/m', { as: { user: stranger.user }, params: { workspaceId: stranger.workspaceId, memberId: adminId } })).status).toBe(404);
    expect((await call(DELETE, 'DELETE', '/m', { params: params(adminId) })).status).toBe(401);
    expect((await call(DELETE, 'DELETE', '/m', { as: { user: owner }, params: params(adminId) })).status).toBe(204);
    expect(await testDb().membership.count({ where: { workspaceId } })).toBe(1);
  });

  it('admins revoke invitations of their own workspace only; the row stays, revoked', async () => {
    const { user, workspaceId } = await createOwner();
    const inv = await testDb().invitation.create({ data: { workspaceId, email: `p-${uniqueSuffix()}@example.test`, expiresAt: new Date(Date.now() + 86_400_000) } });
    const stranger = await createOwner('stranger');
    expect((await call(CANCEL, 'DELETE', '/i', { as: { user: stranger.user }, params: { workspaceId, invitationId: inv.id } })).status).toBe(404);
    expect((await call(CANCEL, 'DELETE', '/i', { as: { user: stranger.user }, params: { workspaceId: stranger.workspaceId, invitationId: inv.id } })).status).toBe(404);
    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    expect((await call(CANCEL, 'DELETE', '/i', { as: { user: member }, params: { workspaceId, invitationId: inv.id } })).status).toBe(403);
    expect((await call(CANCEL, 'DELETE', '/i', { params: { workspaceId, invitationId: inv.id } })).status).toBe(401);
    expect((await call(CANCEL, 'DELETE', '/i', { as: { user }, params: { workspaceId, invitationId: inv.id } })).status).toBe(204);
    expect((await call(CANCEL, 'DELETE', '/i', { as: { user }, params: { workspaceId, invitationId: inv.id } })).status).toBe(409);
    expect((await testDb().invitation.findUniqueOrThrow({ where: { id: inv.id } })).revokedAt).not.toBeNull();
  });
});
