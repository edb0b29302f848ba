import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { addMember, createOwner, createUser, testDb } from '@/test/fixtures';
import { call, errorOf, sessionCookie } from '@/test/request';
import { route } from './handler';
import { generateApiToken } from './token-secret';

const echo = route({
  access: 'public',
  query: z.object({ n: z.coerce.number().int().max(10).optional() }),
  body: z.object({ text: z.string().max(2_000_000) }),
  handle: async ({ body, query }) => ({ text: body.text.length, n: query.n ?? null }),
});
const whoami = route({ access: 'user', handle: async ({ principal }) => ({ id: principal.user.id, via: principal.via }) });
const adminOnly = route({ access: 'admin', handle: async ({ ws }) => ({ workspaceId: ws.workspaceId, role: ws.role }) });
const boom = route({
  access: 'public',
  handle: async (): Promise<unknown> => {
    throw new Error('secret internals at /srv/file.ts');
  },
});
const nothing = route({ access: 'public', handle: async () => undefined });

async function tokenFor(workspaceId: string, userId: string, revoked = false): Promise<string> {
  const t = generateApiToken();
  await testDb().apiToken.create({ data: { workspaceId, userId, name: 'test', hash: t.hash, prefix: t.prefix, revokedAt: revoked ? new Date() : null } });
  return t.token;
}

describe('route(): parsing and errors', () => {
  it('parses query and body and names the offending field', async () => {
    expect((await call(echo, 'POST', '/x', { body: { text: 'hey' }, query: { n: '3' } })).json).toEqual({ text: 3, n: 3 });
    const badQuery = await call(echo, 'POST', '/x', { body: { text: 'hey' }, query: { n: '99' } });
    expect(badQuery.status).toBe(400);
    expect(errorOf(badQuery).field).toBe('n');
    const badBody = await call(echo, 'POST', '/x', { body: { text: 5 } });
    expect(errorOf(badBody)).toMatchObject({ code: 'bad_request', field: 'text' });
    expect(errorOf(await call(echo, 'POST', '/x')).field).toBe('text');
  });

  it('answers 400 for malformed JSON and 413 for bodies over 1 MB', async () => {
    const bad = await call(echo, 'POST', '/x', { rawBody: '{nope', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toBe('Request body is not valid JSON');
    const form = await call(echo, 'POST', '/x', { rawBody: '{"text":"hi"}', headers: { 'content-type': 'text/plain' } });
    expect(errorOf(form).message).toMatch(/Content-Type: application\/json/);
    const big = await call(echo, 'POST', '/x', { body: { text: 'x'.repeat(1024 * 1024 + 10) } });
    expect(big.status).toBe(413);
    expect(errorOf(big)).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/larger than 1024 KB/) });
  });

  it('never leaks an unexpected error; undefined results are 204', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await call(boom, 'GET', '/boom');
    log.mockRestore();
    expect(res.status).toBe(500);
    expect(errorOf(res).code).toBe('internal');
    expect(res.text).not.toMatch(/secret internals|file\.ts|at /);
    const empty = await call(nothing, 'DELETE', '/x');
    expect(empty.status).toBe(204);
    expect(empty.text).toBe('');
  });
});

describe('route(): authentication', () => {
  it('accepts a session cookie and rejects missing, forged or orphaned ones with 401', async () => {
    const user = await createUser();
    expect((await call(whoami, 'GET', '/me', { as: { user } })).json).toEqual({ id: user.id, via: 'session' });
    expect(errorOf(await call(whoami, 'GET', '/me')).code).toBe('unauthorized');
    const forged = (await sessionCookie(user)).replace(/=.{10}/, '=AAAAAAAAAA');
    expect((await call(whoami, 'GET', '/me', { as: { cookie: forged } })).status).toBe(401);
    // A cookie whose user has since been deleted.
    const gone = await createUser('gone');
    const orphan = await sessionCookie(gone, { fresh: true });
    await testDb().user.delete({ where: { id: gone.id } });
    expect((await call(whoami, 'GET', '/me', { as: { cookie: orphan } })).status).toBe(401);
  });

  it('accepts a live API token (recording its use) and rejects revoked, unknown or malformed ones', async () => {
    const { user, workspaceId } = await createOwner();
    const token = await tokenFor(workspaceId, user.id);
    expect((await call(whoami, 'GET', '/me', { as: { token } })).json).toEqual({ id: user.id, via: 'token' });
    const row = await testDb().apiToken.findFirst({ where: { workspaceId } });
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
    const revoked = await tokenFor(workspaceId, user.id, true);
    expect(errorOf(await call(whoami, 'GET', '/me', { as: { token: revoked } }))).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/revoked/) });
    expect((await call(whoami, 'GET', '/me', { as: { token: 'kn_doesnotexist' } })).status).toBe(401);
    expect((await call(whoami, 'GET', '/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });
});

describe('route(): workspace and role', () => {
  it('404s non-members and tokens of other workspaces, 403s members without the role', async () => {
    const a = await createOwner('a');
    const b = await createOwner('b');
    const params = { workspaceId: a.workspaceId };
    expect((await call(adminOnly, 'GET', '/w', { as: { user: a.user }, params })).json).toEqual({ workspaceId: a.workspaceId, role: 'owner' });
    const stranger = await call(adminOnly, 'GET', '/w', { as: { user: b.user }, params });
    expect(stranger.status).toBe(404);
    expect(errorOf(stranger).code).toBe('not_found');
    expect((await call(adminOnly, 'GET', '/w', { as: { user: b.user }, params: { workspaceId: 'does-not-exist' } })).status).toBe(404);

    // b is also a member of a, but b's token belongs to b's own workspace.
    await addMember(a.workspaceId, b.user.id, 'admin');
    const bToken = await tokenFor(b.workspaceId, b.user.id);
    expect((await call(adminOnly, 'GET', '/w', { as: { token: bToken }, params })).status).toBe(404);
    expect((await call(adminOnly, 'GET', '/w', { as: { user: b.user }, params })).status).toBe(200);

    const member = await createUser('member');
    await addMember(a.workspaceId, member.id, 'member');
    const forbidden = await call(adminOnly, 'GET', '/w', { as: { user: member }, params });
    expect(forbidden.status).toBe(403);
    expect(errorOf(forbidden).message).toMatch(/admins and owners/);
  });
});
