/** route()'s refusal of cross-site writes, through real route handlers. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import { POST as SIGNUP } from '@/app/api/v1/auth/signup/route';
import { GET as GET_WORKSPACE, PATCH as RENAME } from '@/app/api/v1/workspaces/[workspaceId]/route';
import { POST as CREATE_TOKEN } from '@/app/api/v1/workspaces/[workspaceId]/tokens/route';
import { DELETE as REVOKE_TOKEN } from '@/app/api/v1/workspaces/[workspaceId]/tokens/[tokenId]/route';
import { createOwner, testDb } from '@/test/fixtures';
import { APP_ORIGIN, call, sessionCookie } from '@/test/request';
import { PEER_HEADER } from './client-ip';
import { generateApiToken } from './token-secret';

const REFUSED = { error: { code: 'forbidden', message: 'Cross-site request refused' } };

describe('route(): same-origin check on cookie-authenticated writes', () => {
  it('refuses a signed-in PATCH from another origin, a null origin, another site, or with neither header', async () => {
    const { user, workspaceId } = await createOwner();
    const params = { workspaceId };
    const attempts: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of attempts) {
      const res = await call(RENAME, 'PATCH', '/w', { as: { user }, params, body: { name: 'Pwned' }, headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.json).toEqual(REFUSED);
    }
    // A request with no Origin and no Sec-Fetch-Site at all (built by hand: call() adds Origin).
    const bare = await RENAME(
      new Request(`${APP_ORIGIN}/api/v1/workspaces/${workspaceId}`, { method: 'PATCH', headers: { cookie: await sessionCookie(user), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Pwned' }) }),
      { params: Promise.resolve(params) },
    );
    expect(bare.status).toBe(403);
    expect(await bare.json()).toEqual(REFUSED);
    expect((await testDb().workspace.findUniqueOrThrow({ where: { id: workspaceId } })).name).not.toBe('Pwned');

    // The app's own pages: by Origin, or by Sec-Fetch-Site when Origin is absent.
    expect((await call(RENAME, 'PATCH', '/w', { as: { user }, params, body: { name: 'Renamed' } })).status).toBe(200);
    expect((await call(RENAME, 'PATCH', '/w', { as: { user }, params, body: { name: 'Again' }, headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    // Reads are not checked.
    expect((await call(GET_WORKSPACE, 'GET', '/w', { as: { user }, params, headers: { origin: 'https://evil.example' } })).status).toBe(200);
  });

  it('refuses cross-site POST and DELETE too, and sign-up (public) from another site', async () => {
    const { user, workspaceId } = await createOwner();
    const evil = { origin: 'https://evil.example' };
    expect((await call(CREATE_TOKEN, 'POST', '/t', { as: { user }, params: { workspaceId }, body: { name: 'x' }, headers: evil })).json).toEqual(REFUSED);
    expect(await testDb().apiToken.count({ where: { workspaceId } })).toBe(0);
    const t = generateApiToken();
    const row = await testDb().apiToken.create({ data: { workspaceId, userId: user.id, name: 'kept', hash: t.hash, prefix: t.prefix }, select: { id: true } });
    expect((await call(REVOKE_TOKEN, 'DELETE', '/t', { as: { user }, params: { workspaceId, tokenId: row.id }, headers: evil })).status).toBe(403);
    expect((await testDb().apiToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).toBeNull();

    const email = `csrf-${uniqueSuffix()}@example.test`;
    const signup = await call(SIGNUP, 'POST', '/s', { body: { name: 'Csrf', email, password: 'password123' }, headers: { ...evil, [PEER_HEADER]: `2001:db8::${randomBytes(2).toString('hex')}` } });
    expect(signup.json).toEqual(REFUSED);
    expect(await testDb().user.count({ where: { email } })).toBe(0);
  });

  it('exempts API-token (Bearer) calls, whatever their Origin', async () => {
    const { user, workspaceId } = await createOwner();
    const t = generateApiToken();
    await testDb().apiToken.create({ data: { workspaceId, userId: user.id, name: 'ci', hash: t.hash, prefix: t.prefix } });
    const res = await call(RENAME, 'PATCH', '/w', { as: { token: t.token }, params: { workspaceId }, body: { name: 'By token' }, headers: { origin: 'https://evil.example' } });
    expect(res.status, res.text).toBe(200);
  });
});
