/** API tokens: hashed at rest, shown once, revocable; a revoked token is refused everywhere. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GET as GET_WORKSPACE, PATCH as RENAME } from '@/app/api/v1/workspaces/[workspaceId]/route';
import { GET as LIST, POST as CREATE } from '@/app/api/v1/workspaces/[workspaceId]/tokens/route';
import { DELETE as REVOKE } from '@/app/api/v1/workspaces/[workspaceId]/tokens/[tokenId]/route';
import { createOwner, testDb } from '@/test/fixtures';
import { call, errorOf } from '@/test/request';

describe('API tokens (security)', () => {
  it('a revoked token gets 401 on workspace routes, reads and writes, even when it revoked itself', async () => {
    const { user, workspaceId } = await createOwner();
    const params = { workspaceId };
    const created = (await call(CREATE, 'POST', '/t', { as: { user }, params, body: { name: 'self-revoking' } })).json as { id: string; token: string };
    const as = { token: created.token };
    expect((await call(GET_WORKSPACE, 'GET', '/w', { as, params })).status).toBe(200);
    expect((await call(REVOKE, 'DELETE', '/t', { as, params: { workspaceId, tokenId: created.id } })).status).toBe(204);
    for (const res of [await call(GET_WORKSPACE, 'GET', '/w', { as, params }), await call(RENAME, 'PATCH', '/w', { as, params, body: { name: 'nope' } }), await call(LIST, 'GET', '/t', { as, params })]) {
      expect(res.status).toBe(401);
      expect(errorOf(res)).toMatchObject({ code: 'unauthorized', message: 'The API token is invalid or has been revoked' });
    }
    // A token that differs by one character is just as unknown.
    const tampered = created.token.slice(0, -1) + (created.token.endsWith('A') ? 'B' : 'A');
    expect((await call(GET_WORKSPACE, 'GET', '/w', { as: { token: tampered }, params })).status).toBe(401);
  });

  it('stores only the SHA-256, and no list ever carries the token or its hash', async () => {
    const { user, workspaceId } = await createOwner();
    const params = { workspaceId };
    const tokens = [];
    for (const name of ['one', 'two']) tokens.push((await call(CREATE, 'POST', '/t', { as: { user }, params, body: { name } })).json as { id: string; token: string });
    const rows = await testDb().apiToken.findMany({ where: { workspaceId } });
    for (const t of tokens) {
      const row = rows.find((r) => r.id === t.id);
      expect(row?.hash).toBe(createHash('sha256').update(t.token).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(t.token);
    }
    // Listed by a session and by one of the tokens themselves.
    for (const as of [{ user }, { token: tokens[0]?.token ?? '' }]) {
      const list = await call(LIST, 'GET', '/t', { as, params });
      expect(list.status).toBe(200);
      for (const item of list.json as Record<string, unknown>[]) expect(Object.keys(item).sort()).toEqual(['createdAt', 'createdBy', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'scopes']);
      for (const secret of [...tokens.map((t) => t.token), ...rows.map((r) => r.hash)]) expect(list.text).not.toContain(secret);
    }
  });
});
