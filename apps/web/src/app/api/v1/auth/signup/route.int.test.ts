import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import { verifyCredentials } from '@/server/account/credentials';
import { createOwner, createUser, testDb } from '@/test/fixtures';
import { mailWorld, tokenIn, type MailWorld } from '@/test/mail';
import { call, errorOf } from '@/test/request';
import { POST } from './route';

const signup = (body: unknown) => call(POST, 'POST', '/api/v1/auth/signup', { body });
let mail: MailWorld;

beforeAll(async () => {
  mail = await mailWorld('signup');
});
afterAll(async () => {
  await mail.close();
});

describe('POST /api/v1/auth/signup', () => {
  it('creates an unverified user and their own workspace (owner), records sign_up and mails a verification link', async () => {
    const email = `Ada-${uniqueSuffix()}@Example.test`;
    const res = await signup({ name: 'Ada Lovelace', email, password: 'analytical-engine' });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ status: 'check_inbox', message: 'Check your inbox: we sent a mail to verify your email address.' });
    expect(res.text).not.toContain('analytical-engine');
    const user = await testDb().user.findUniqueOrThrow({ where: { email: email.toLowerCase() }, select: { id: true, emailVerifiedAt: true, memberships: { select: { role: true, workspace: { select: { name: true } } } } } });
    expect(user.emailVerifiedAt).toBeNull();
    expect(user.memberships).toEqual([{ role: 'owner', workspace: { name: "Ada Lovelace's workspace" } }]);
    expect(await verifyCredentials(testDb(), email, 'analytical-engine')).toMatchObject({ id: user.id });
    expect(await verifyCredentials(testDb(), email, 'wrong-password')).toBeNull();
    expect(await testDb().accountEvent.count({ where: { userId: user.id, action: 'sign_up' } })).toBe(1);

    const got = await mail.mailTo(email.toLowerCase());
    expect(got.subject).toBe('Verify your email address for Konnect');
    const token = tokenIn(got.text, '/verify-email');
    // Only the token's hash is stored.
    const rows = await testDb().accountToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'verify_email', email: email.toLowerCase(), usedAt: null });
    expect(JSON.stringify(rows)).not.toContain(token);
    const hours = ((rows[0]?.expiresAt.getTime() ?? 0) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThanOrEqual(24);
  });

  it('a taken address (any case) gets the same answer, creates nothing, and its owner gets a mail instead', async () => {
    const owner = await createUser('taken');
    const intruder = `Intruder ${uniqueSuffix()}`;
    const fresh = await signup({ name: 'Someone', email: `fresh-${uniqueSuffix()}@example.test`, password: 'password123' });
    const taken = await signup({ name: intruder, email: owner.email.toUpperCase(), password: 'password123' });
    expect(taken.status).toBe(fresh.status);
    expect(taken.json).toEqual(fresh.json);
    expect(taken.text).not.toMatch(/exist|already|taken/i);
    expect(await testDb().user.count({ where: { email: owner.email } })).toBe(1);
    expect(await testDb().workspace.count({ where: { name: `${intruder}'s workspace` } })).toBe(0);
    const notice = await mail.mailTo(owner.email);
    expect(notice.subject).toBe('Someone tried to create a Konnect account with your address');
    expect(notice.text).toContain('http://localhost:3000/forgot-password');
    // The visitor cannot sign in with the password they chose.
    expect(await verifyCredentials(testDb(), owner.email, 'password123')).toBeNull();
  });

  it('finding 2 (sign-up side): signing up with an invited address accepts no invitation', async () => {
    const { workspaceId } = await createOwner('inviter');
    const email = `pending-${uniqueSuffix()}@example.test`;
    await testDb().invitation.create({ data: { workspaceId, email, role: 'admin', tokenHash: `h-${uniqueSuffix()}`, expiresAt: new Date(Date.now() + 86_400_000) } });
    expect((await signup({ name: 'Stranger', email, password: 'password123' })).status).toBe(202);
    const user = await testDb().user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    expect(await testDb().membership.findUnique({ where: { userId_workspaceId: { userId: user.id, workspaceId } } })).toBeNull();
    expect(await testDb().invitation.findFirst({ where: { workspaceId, email }, select: { acceptedAt: true } })).toEqual({ acceptedAt: null });
  });

  it('names the offending field for bad bodies', async () => {
    const cases: [unknown, string][] = [
      [{ email: 'a@b.test', password: 'password123' }, 'name'],
      [{ name: 'A', email: 'not-an-email', password: 'password123' }, 'email'],
      [{ name: 'A', email: 'a@b.test', password: 'short' }, 'password'],
      [{ name: 'A', email: 'a@b.test', password: 12345678 }, 'password'],
    ];
    for (const [body, field] of cases) {
      const res = await signup(body);
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'bad_request', field });
    }
    const bad = await call(POST, 'POST', '/api/v1/auth/signup', { rawBody: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toMatch(/not valid JSON/);
  });
});
