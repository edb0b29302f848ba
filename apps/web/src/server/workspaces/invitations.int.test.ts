/**
 * Invitations with consent, over the route handlers with mail through a real SMTP server: the
 * invitee answers the mailed link, signed in with the invited, verified address; nobody is added
 * without it, and the inviter learns nothing about whether the address has an account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import { GET as MEMBERS, POST as INVITE } from '@/app/api/v1/workspaces/[workspaceId]/members/route';
import { DELETE as REVOKE } from '@/app/api/v1/workspaces/[workspaceId]/invitations/[invitationId]/route';
import { GET as TOKENS } from '@/app/api/v1/workspaces/[workspaceId]/tokens/route';
import { POST as ACCEPT } from '@/app/api/v1/invitations/accept/route';
import { POST as DECLINE } from '@/app/api/v1/invitations/decline/route';
import { POST as SIGNUP } from '@/app/api/v1/auth/signup/route';
import { POST as VERIFY } from '@/app/api/v1/auth/verify-email/route';
import { createOwner, createUser, testDb, type TestUser } from '@/test/fixtures';
import { mailWorld, tokenIn, type MailWorld } from '@/test/mail';
import { call, errorOf } from '@/test/request';
import { invitationForLink } from './invitations';

let mail: MailWorld;
beforeAll(async () => {
  mail = await mailWorld('invitations');
});
afterAll(async () => {
  await mail.close();
});

type Invited = { kind: string; invitation: { id: string; email: string; role: string; status: string; mailStatus: string | null }; mail: { status: string } };

async function invite(owner: TestUser, workspaceId: string, email: string, role = 'member'): Promise<{ res: Awaited<ReturnType<typeof call>>; token: string }> {
  const res = await call(INVITE, 'POST', '/m', { as: { user: owner }, params: { workspaceId }, body: { email, role } });
  expect(res.status).toBe(201);
  const got = await mail.mailTo(email);
  return { res, token: tokenIn(got.text, '/invitations/accept') };
}

const membership = (userId: string, workspaceId: string) => testDb().membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId } }, select: { role: true } });

describe('invitations with consent', () => {
  it('finding 2: a stranger signing up with an invited address does not join the workspace', async () => {
    const { user: owner, workspaceId } = await createOwner('f2');
    const email = `pending-${uniqueSuffix()}@example.test`;
    const { token } = await invite(owner, workspaceId, email, 'admin');
    // The stranger signs up with the invited address: no verification, no membership.
    await call(SIGNUP, 'POST', '/s', { body: { name: 'Stranger', email, password: 'password123' } });
    const stranger = await testDb().user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true } });
    expect(await membership(stranger.id, workspaceId)).toBeNull();
    expect((await call(TOKENS, 'GET', '/t', { as: { user: stranger }, params: { workspaceId } })).status).toBe(404);
    // Even holding the invitation link, an unverified account cannot accept it.
    const refused = await call(ACCEPT, 'POST', '/a', { as: { user: stranger }, body: { token } });
    expect(refused.status).toBe(403);
    expect(errorOf(refused).message).toMatch(/Verify your email address/);
    expect(await membership(stranger.id, workspaceId)).toBeNull();
    // No audit event claims anyone joined.
    expect(await testDb().auditEvent.count({ where: { workspaceId, action: 'invitation.accepted' } })).toBe(0);
  });

  it('finding 8: inviting an existing account reveals nothing and adds no one', async () => {
    const { user: owner, workspaceId } = await createOwner('f8');
    const existing = await createUser('existing');
    const newcomer = `newcomer-${uniqueSuffix()}@example.test`;
    const a = await invite(owner, workspaceId, existing.email.toUpperCase());
    const b = await invite(owner, workspaceId, newcomer);
    const shape = (r: Invited) => ({ kind: r.kind, keys: Object.keys(r).sort(), invitation: Object.keys(r.invitation).sort(), status: r.invitation.status, mail: r.mail.status });
    expect(shape(a.res.json as Invited)).toEqual(shape(b.res.json as Invited));
    expect(a.res.status).toBe(b.res.status);
    expect(a.res.text).not.toContain(existing.name);
    expect(a.res.text).not.toContain(existing.id);
    expect(await membership(existing.id, workspaceId)).toBeNull();
    // Both get the same mail: an accept link, nothing about an account.
    expect(a.token).not.toBe(b.token);
    const list = (await call(MEMBERS, 'GET', '/m', { as: { user: owner }, params: { workspaceId } })).json as { members: { userId: string }[]; invitations: { email: string; status: string }[] };
    expect(list.members.map((m) => m.userId)).toEqual([owner.id]);
    expect(list.invitations.map((i) => [i.email, i.status]).sort()).toEqual([
      [existing.email, 'pending'],
      [newcomer, 'pending'],
    ].sort());
  });

  it('the invited, verified person accepts once: membership, audit invitation.accepted, account event; the link shows workspace, role and inviter', async () => {
    const { user: owner, workspaceId } = await createOwner('accept');
    const invitee = await createUser('invitee');
    const { token } = await invite(owner, workspaceId, invitee.email, 'admin');
    expect(await invitationForLink(testDb(), token)).toMatchObject({ email: invitee.email, role: 'admin', status: 'pending', workspace: { id: workspaceId, name: 'accept workspace' }, inviter: `${owner.name} (${owner.email})` });

    // Someone else, verified and holding the link: 403 naming why.
    const other = await createUser('other');
    const wrong = await call(ACCEPT, 'POST', '/a', { as: { user: other }, body: { token } });
    expect(wrong.status).toBe(403);
    expect(errorOf(wrong)).toMatchObject({ field: 'token', message: expect.stringContaining(`This invitation is for ${invitee.email}, and you are signed in as ${other.email}`) });
    expect((await call(DECLINE, 'POST', '/d', { as: { user: other }, body: { token } })).status).toBe(403);
    expect((await call(ACCEPT, 'POST', '/a', { body: { token } })).status).toBe(401);

    const ok = await call(ACCEPT, 'POST', '/a', { as: { user: invitee }, body: { token } });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ workspace: { id: workspaceId, name: 'accept workspace' }, role: 'admin' });
    expect(await membership(invitee.id, workspaceId)).toEqual({ role: 'admin' });
    expect((await call(TOKENS, 'GET', '/t', { as: { user: invitee }, params: { workspaceId } })).status).toBe(200);
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { workspaceId, action: 'invitation.accepted' } });
    expect(audit).toMatchObject({ actorUserId: invitee.id, targetType: 'member', targetLabel: invitee.email, details: expect.objectContaining({ role: 'admin' }) });
    expect(await testDb().accountEvent.findFirst({ where: { userId: invitee.id, action: 'invitation.accepted' }, select: { details: true } })).toMatchObject({ details: { workspaceId, role: 'admin' } });
    expect(await testDb().notification.count({ where: { workspaceId, userId: owner.id, kind: 'invitation_accepted' } })).toBe(1);

    // Used twice: refused.
    const twice = await call(ACCEPT, 'POST', '/a', { as: { user: invitee }, body: { token } });
    expect(twice.status).toBe(409);
    expect(errorOf(twice).message).toMatch(/already accepted/);
    const list = (await call(MEMBERS, 'GET', '/m', { as: { user: owner }, params: { workspaceId } })).json as { invitations: { email: string; status: string }[] };
    expect(list.invitations.find((i) => i.email === invitee.email)?.status).toBe('accepted');
  });

  it('a new account accepts after verifying its address (sign up → verify → accept)', async () => {
    const { user: owner, workspaceId } = await createOwner('newcomer');
    const email = `joiner-${uniqueSuffix()}@example.test`;
    const { token } = await invite(owner, workspaceId, email);
    await call(SIGNUP, 'POST', '/s', { body: { name: 'Joiner', email, password: 'password123' } });
    const verifyToken = tokenIn((await mail.mailTo(email)).text, '/verify-email');
    const joiner = await testDb().user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true } });
    expect((await call(ACCEPT, 'POST', '/a', { as: { user: joiner }, body: { token } })).status).toBe(403);
    expect((await call(VERIFY, 'POST', '/v', { body: { token: verifyToken } })).status).toBe(200);
    expect((await call(ACCEPT, 'POST', '/a', { as: { user: joiner }, body: { token } })).status).toBe(200);
    expect(await membership(joiner.id, workspaceId)).toEqual({ role: 'member' });
  });

  it('expired, revoked and declined links are refused; re-inviting makes a fresh token and the old one stays dead', async () => {
    const { user: owner, workspaceId } = await createOwner('states');
    const invitee = await createUser('states-invitee');

    const first = await invite(owner, workspaceId, invitee.email);
    await testDb().invitation.updateMany({ where: { workspaceId, email: invitee.email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await call(ACCEPT, 'POST', '/a', { as: { user: invitee }, body: { token: first.token } });
    expect(expired.status).toBe(409);
    expect(errorOf(expired).message).toMatch(/expired/);

    // Re-invite the expired address: the same row, a fresh token; the old link is dead.
    const second = await invite(owner, workspaceId, invitee.email, 'admin');
    const row = await testDb().invitation.findMany({ where: { workspaceId, email: invitee.email } });
    expect(row).toHaveLength(1);
    expect(row[0]?.role).toBe('admin');
    expect((await call(ACCEPT, 'POST', '/a', { as: { user: invitee }, body: { token: first.token } })).status).toBe(404);
    // A pending invitation cannot be sent twice.
    expect(errorOf(await call(INVITE, 'POST', '/m', { as: { user: owner }, params: { workspaceId }, body: { email: invitee.email } }))).toMatchObject({ code: 'conflict', field: 'email' });

    // Revoked: the row stays, listed as revoked; the link is refused.
    const id = row[0]?.id ?? '';
    expect((await call(REVOKE, 'DELETE', '/i', { as: { user: owner }, params: { workspaceId, invitationId: id } })).status).toBe(204);
    const revoked = await call(ACCEPT, 'POST', '/a', { as: { user: invitee }, body: { token: second.token } });
    expect(revoked.status).toBe(409);
    expect(errorOf(revoked).message).toMatch(/revoked/);
    expect((await call(REVOKE, 'DELETE', '/i', { as: { user: owner }, params: { workspaceId, invitationId: id } })).status).toBe(409);
    const list = (await call(MEMBERS, 'GET', '/m', { as: { user: owner }, params: { workspaceId } })).json as { invitations: { id: string; status: string }[] };
    expect(list.invitations.find((i) => i.id === id)?.status).toBe('revoked');

    // Declined.
    const third = await invite(owner, workspaceId, invitee.email);
    expect((await call(DECLINE, 'POST', '/d', { as: { user: invitee }, body: { token: third.token } })).status).toBe(204);
    expect((await call(ACCEPT, 'POST', '/a', { as: { user: invitee }, body: { token: third.token } })).status).toBe(409);
    expect(await membership(invitee.id, workspaceId)).toBeNull();
    expect(await testDb().auditEvent.count({ where: { workspaceId, action: 'invitation.declined', actorUserId: invitee.id } })).toBe(1);
    expect(errorOf(await call(ACCEPT, 'POST', '/a', { as: { user: invitee }, body: {} }))).toMatchObject({ code: 'bad_request', field: 'token' });
    expect(errorOf(await call(ACCEPT, 'POST', '/a', { as: { user: invitee }, body: { token: 'x'.repeat(43) } }))).toMatchObject({ code: 'not_found', field: 'token' });
  });
});
