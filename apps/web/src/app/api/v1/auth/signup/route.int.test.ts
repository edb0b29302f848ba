import { describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import { verifyCredentials } from '@/server/account/credentials';
import { createOwner, testDb } from '@/test/fixtures';
import { call, errorOf } from '@/test/request';
import { POST } from './route';

const signup = (body: unknown) => call(POST, 'POST', '/api/v1/auth/signup', { body });

describe('POST /api/v1/auth/signup', () => {
  it('creates the user and their own workspace with them as owner; the password verifies', async () => {
    const email = `Ada-${uniqueSuffix()}@Example.test`;
    const res = await signup({ name: 'Ada Lovelace', email, password: 'analytical-engine' });
    expect(res.status).toBe(201);
    const body = res.json as { user: { id: string; email: string }; workspace: { id: string; name: string } };
    expect(body.user.email).toBe(email.toLowerCase());
    expect(body.workspace.name).toBe("Ada Lovelace's workspace");
    expect(res.text).not.toContain('analytical-engine');
    const membership = await testDb().membership.findUnique({ where: { userId_workspaceId: { userId: body.user.id, workspaceId: body.workspace.id } } });
    expect(membership?.role).toBe('owner');
    expect(await verifyCredentials(testDb(), email, 'analytical-engine')).toMatchObject({ id: body.user.id });
    expect(await verifyCredentials(testDb(), email, 'wrong-password')).toBeNull();
  });

  it('accepts pending invitations for the email', async () => {
    const { workspaceId } = await createOwner();
    const email = `invitee-${uniqueSuffix()}@example.test`;
    await testDb().invitation.create({ data: { workspaceId, email, role: 'admin' } });
    const res = await signup({ name: 'Invitee', email, password: 'password123' });
    expect(res.status).toBe(201);
    const body = res.json as { user: { id: string }; joined: { id: string }[] };
    expect(body.joined.map((j) => j.id)).toEqual([workspaceId]);
    const m = await testDb().membership.findUnique({ where: { userId_workspaceId: { userId: body.user.id, workspaceId } } });
    expect(m?.role).toBe('admin');
    expect(await testDb().invitation.count({ where: { email } })).toBe(0);
  });

  it('refuses a duplicate email (any case) with 409 on field email', async () => {
    const email = `dup-${uniqueSuffix()}@example.test`;
    expect((await signup({ name: 'First', email, password: 'password123' })).status).toBe(201);
    const res = await signup({ name: 'Second', email: email.toUpperCase(), password: 'password123' });
    expect(res.status).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: 'conflict', field: 'email' });
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
