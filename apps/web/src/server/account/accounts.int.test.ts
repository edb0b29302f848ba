/**
 * The account lifecycle over the route handlers, with mail through a real SMTP server and real
 * mail workers: verify an address, reset a password (same answer for every address; single-use,
 * expiring link; every session revoked), change the password (other sessions revoked) and the
 * address (confirmed by the new address's link; the old address told).
 */
import { encode } from 'next-auth/jwt';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import { POST as CHANGE_EMAIL } from '@/app/api/v1/account/email/route';
import { POST as CHANGE_PASSWORD } from '@/app/api/v1/account/password/route';
import { POST as RESEND } from '@/app/api/v1/account/verification/route';
import { POST as RESET_CONFIRM } from '@/app/api/v1/auth/password-reset/confirm/route';
import { POST as FORGOT } from '@/app/api/v1/auth/password-reset/route';
import { POST as VERIFY } from '@/app/api/v1/auth/verify-email/route';
import { POST as SIGNUP } from '@/app/api/v1/auth/signup/route';
import { PEER_HEADER } from '@/server/client-ip';
import { sessionCookieName } from '@/server/session';
import { verifyCredentials } from './credentials';
import { createUser, TEST_PASSWORD, testDb, type TestUser } from '@/test/fixtures';
import { mailWorld, tokenIn, type MailWorld } from '@/test/mail';
import { call, errorOf } from '@/test/request';

let mail: MailWorld;
beforeAll(async () => {
  mail = await mailWorld('accounts');
});
afterAll(async () => {
  await mail.close();
});

const ip = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

async function liveSessions(userId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = await testDb().userSession.create({ data: { userId, expiresAt: new Date(Date.now() + 86_400_000) }, select: { id: true } });
    ids.push(s.id);
  }
  return ids;
}

/** The session cookie of a browser whose server-side session is `sid`. */
async function cookieWithSid(user: TestUser, sid: string): Promise<string> {
  const jwt = await encode({ token: { sub: user.id, email: user.email, name: user.name, sid }, secret: process.env.NEXTAUTH_SECRET ?? '' });
  return `${sessionCookieName()}=${jwt}`;
}

const revoked = async (ids: string[]) => (await testDb().userSession.findMany({ where: { id: { in: ids } }, orderBy: { createdAt: 'asc' }, select: { id: true, revokedAt: true, revokedReason: true } })).map((s) => ({ id: s.id, revoked: s.revokedAt !== null, reason: s.revokedReason }));

describe('email verification', () => {
  it('the mailed link verifies once (POST, not GET); a second use, a bad or an expired token is a 400 on field token', async () => {
    const email = `verify-${uniqueSuffix()}@example.test`;
    await call(SIGNUP, 'POST', '/s', { body: { name: 'Vera', email, password: 'password123' }, headers: { [PEER_HEADER]: ip() } });
    const token = tokenIn((await mail.mailTo(email)).text, '/verify-email');
    const ok = await call(VERIFY, 'POST', '/v', { body: { token } });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ email, changed: false });
    const user = await testDb().user.findUniqueOrThrow({ where: { email }, select: { id: true, emailVerifiedAt: true } });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(await testDb().accountEvent.count({ where: { userId: user.id, action: 'email.verified' } })).toBe(1);

    expect(errorOf(await call(VERIFY, 'POST', '/v', { body: { token } }))).toMatchObject({ code: 'bad_request', field: 'token', message: expect.stringMatching(/already used/) });
    expect(errorOf(await call(VERIFY, 'POST', '/v', { body: { token: 'x'.repeat(43) } }))).toMatchObject({ field: 'token', message: expect.stringMatching(/not valid/) });
    expect(errorOf(await call(VERIFY, 'POST', '/v', { body: {} }))).toMatchObject({ code: 'bad_request', field: 'token' });

    const late = await createUser('late', { verified: false });
    const { issueAccountToken } = await import('./account-tokens');
    const old = await issueAccountToken(testDb(), { userId: late.id, kind: 'verify_email', email: late.email, now: new Date(Date.now() - 25 * 3_600_000) });
    expect(errorOf(await call(VERIFY, 'POST', '/v', { body: { token: old.token } }))).toMatchObject({ field: 'token', message: expect.stringMatching(/expired/) });
    // A reset token is not a verification token.
    const reset = await issueAccountToken(testDb(), { userId: late.id, kind: 'reset_password', email: late.email });
    expect(errorOf(await call(VERIFY, 'POST', '/v', { body: { token: reset.token } }))).toMatchObject({ field: 'token', message: expect.stringMatching(/not valid/) });
  });

  it('resend: a fresh link for an unverified account (the older stops working), limited per address; nothing for a verified one', async () => {
    const user = await createUser('resend', { verified: false });
    const first = await call(RESEND, 'POST', '/r', { as: { user }, headers: { [PEER_HEADER]: ip() } });
    expect(first.status).toBe(202);
    expect(first.json).toEqual({ status: 'sent', email: user.email });
    const t1 = tokenIn((await mail.mailTo(user.email)).text, '/verify-email');
    await call(RESEND, 'POST', '/r', { as: { user }, headers: { [PEER_HEADER]: ip() } });
    const t2 = tokenIn((await mail.mailTo(user.email)).text, '/verify-email');
    expect(errorOf(await call(VERIFY, 'POST', '/v', { body: { token: t1 } })).field).toBe('token');
    expect((await call(VERIFY, 'POST', '/v', { body: { token: t2 } })).status).toBe(200);
    expect((await call(RESEND, 'POST', '/r', { as: { user } })).json).toEqual({ status: 'already_verified', email: user.email });

    const busy = await createUser('busy', { verified: false });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await call(RESEND, 'POST', '/r', { as: { user: busy }, headers: { [PEER_HEADER]: ip() } })).status);
    expect(answers).toEqual([202, 202, 202, 202, 202, 429]);
    expect((await call(RESEND, 'POST', '/r')).status).toBe(401);
  });
});

describe('password reset', () => {
  it('answers the same for an unknown address; an account gets a 30-minute single-use link that sets the password and revokes every session', async () => {
    const user = await createUser('reset', { verified: false });
    const sessions = await liveSessions(user.id, 2);
    const unknown = await call(FORGOT, 'POST', '/f', { body: { email: `nobody-${uniqueSuffix()}@example.test` }, headers: { [PEER_HEADER]: ip() } });
    const known = await call(FORGOT, 'POST', '/f', { body: { email: user.email.toUpperCase() }, headers: { [PEER_HEADER]: ip() } });
    expect(known.status).toBe(202);
    expect(known.json).toEqual(unknown.json);
    expect(known.status).toBe(unknown.status);

    const got = await mail.mailTo(user.email);
    expect(got.subject).toBe('Reset your Konnect password');
    const token = tokenIn(got.text, '/reset-password');
    const row = await testDb().accountToken.findFirstOrThrow({ where: { userId: user.id, kind: 'reset_password' } });
    const minutes = (row.expiresAt.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);

    expect(errorOf(await call(RESET_CONFIRM, 'POST', '/c', { body: { token, password: 'short' } }))).toMatchObject({ field: 'password' });
    const done = await call(RESET_CONFIRM, 'POST', '/c', { body: { token, password: 'a brand new password' } });
    expect(done.status).toBe(200);
    expect(done.json).toEqual({ email: user.email, revokedSessions: 2 });
    expect(await revoked(sessions)).toEqual(sessions.map((id) => ({ id, revoked: true, reason: 'password_reset' })));
    expect(await verifyCredentials(testDb(), user.email, TEST_PASSWORD)).toBeNull();
    expect(await verifyCredentials(testDb(), user.email, 'a brand new password')).toMatchObject({ id: user.id });
    // The mail proved the address.
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
    expect(await testDb().accountEvent.findMany({ where: { userId: user.id }, select: { action: true }, orderBy: { createdAt: 'asc' } })).toEqual([{ action: 'password.reset_requested' }, { action: 'password.reset' }]);
    expect((await mail.mailTo(user.email)).subject).toBe('Your Konnect password was changed');

    // Single use.
    const again = await call(RESET_CONFIRM, 'POST', '/c', { body: { token, password: 'yet another password' } });
    expect(errorOf(again)).toMatchObject({ code: 'bad_request', field: 'token' });
    expect(await verifyCredentials(testDb(), user.email, 'a brand new password')).toMatchObject({ id: user.id });
  });

  it('an expired link is refused and changes nothing; requests are limited per address (429 for any address)', async () => {
    const user = await createUser('expired');
    const { issueAccountToken } = await import('./account-tokens');
    const old = await issueAccountToken(testDb(), { userId: user.id, kind: 'reset_password', email: user.email, now: new Date(Date.now() - 31 * 60_000) });
    expect(errorOf(await call(RESET_CONFIRM, 'POST', '/c', { body: { token: old.token, password: 'password-after' } }))).toMatchObject({ field: 'token', message: expect.stringMatching(/expired/) });
    expect(await verifyCredentials(testDb(), user.email, TEST_PASSWORD)).toMatchObject({ id: user.id });

    const nobody = `nobody-${uniqueSuffix()}@example.test`;
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(FORGOT, 'POST', '/f', { body: { email: nobody }, headers: { [PEER_HEADER]: ip() } })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(errorOf(await call(FORGOT, 'POST', '/f', { body: { email: 'nope' } }))).toMatchObject({ field: 'email' });
  });
});

describe('account settings', () => {
  it('change password: the current one is required; the other sessions end, this one stays', async () => {
    const user = await createUser('changer');
    const [mine = '', other1 = '', other2 = ''] = await liveSessions(user.id, 3);
    const cookie = await cookieWithSid(user, mine);
    const wrong = await call(CHANGE_PASSWORD, 'POST', '/p', { as: { cookie }, body: { currentPassword: 'not it', newPassword: 'new password 1' } });
    expect(wrong.status).toBe(400);
    expect(errorOf(wrong)).toMatchObject({ field: 'currentPassword' });
    expect(errorOf(await call(CHANGE_PASSWORD, 'POST', '/p', { as: { cookie }, body: { currentPassword: TEST_PASSWORD, newPassword: 'short' } }))).toMatchObject({ field: 'newPassword' });

    const ok = await call(CHANGE_PASSWORD, 'POST', '/p', { as: { cookie }, body: { currentPassword: TEST_PASSWORD, newPassword: 'new password 1' } });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ revokedSessions: 2 });
    expect(await revoked([mine, other1, other2])).toEqual([
      { id: mine, revoked: false, reason: null },
      { id: other1, revoked: true, reason: 'password_changed' },
      { id: other2, revoked: true, reason: 'password_changed' },
    ]);
    expect(await verifyCredentials(testDb(), user.email, 'new password 1')).toMatchObject({ id: user.id });
    expect(await testDb().accountEvent.count({ where: { userId: user.id, action: 'password.changed' } })).toBe(1);
    expect((await mail.mailTo(user.email)).subject).toBe('Your Konnect password was changed');
  });

  it('change email: password required; the new address confirms by its link, the old one is told; a taken address gets the same answer and no mail', async () => {
    const user = await createUser('mover');
    const [mine = '', other = ''] = await liveSessions(user.id, 2);
    const cookie = await cookieWithSid(user, mine);
    const next = `moved-${uniqueSuffix()}@example.test`;
    expect(errorOf(await call(CHANGE_EMAIL, 'POST', '/e', { as: { cookie }, body: { email: next, password: 'wrong' } }))).toMatchObject({ field: 'password' });
    expect(errorOf(await call(CHANGE_EMAIL, 'POST', '/e', { as: { cookie }, body: { email: user.email, password: TEST_PASSWORD } }))).toMatchObject({ field: 'email' });
    expect(errorOf(await call(CHANGE_EMAIL, 'POST', '/e', { as: { cookie }, body: { email: 'nope', password: TEST_PASSWORD } }))).toMatchObject({ field: 'email' });

    const asked = await call(CHANGE_EMAIL, 'POST', '/e', { as: { cookie }, body: { email: next.toUpperCase(), password: TEST_PASSWORD } });
    expect(asked.status).toBe(202);
    expect((await mail.mailTo(user.email)).subject).toBe('Your Konnect account email is about to change');
    const confirm = await mail.mailTo(next);
    expect(confirm.subject).toBe('Confirm your new email address for Konnect');
    // Nothing changes until the link is used.
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
    const done = await call(VERIFY, 'POST', '/v', { as: { cookie }, body: { token: tokenIn(confirm.text, '/verify-email') } });
    expect(done.json).toEqual({ email: next, changed: true });
    const after = await testDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.email).toBe(next);
    expect(after.emailVerifiedAt).not.toBeNull();
    expect(await revoked([mine, other])).toEqual([
      { id: mine, revoked: false, reason: null },
      { id: other, revoked: true, reason: 'email_changed' },
    ]);
    expect(await testDb().accountEvent.count({ where: { userId: user.id, action: 'email.changed' } })).toBe(1);

    // Another account's address: the same answer, no mail to it, no change.
    const someone = await createUser('someone');
    const moved = { ...user, email: next };
    const taken = await call(CHANGE_EMAIL, 'POST', '/e', { as: { cookie: await cookieWithSid(moved, mine) }, body: { email: someone.email, password: TEST_PASSWORD } });
    expect(taken.status).toBe(202);
    expect(taken.json).toEqual({ status: 'check_inbox', email: someone.email, message: `We sent a link to ${someone.email}: your address changes when you open it (within 24 hours).` });
    expect(await mail.nothingTo(someone.email)).toBe(true);
  });

  it('refuses anonymous callers', async () => {
    expect((await call(CHANGE_PASSWORD, 'POST', '/p', { body: { currentPassword: 'a', newPassword: 'bbbbbbbb' } })).status).toBe(401);
  });
});
