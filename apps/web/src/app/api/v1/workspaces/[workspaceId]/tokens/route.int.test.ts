import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addMember, createOwner, createUser, testDb } from '@/test/fixtures';
import { call, errorOf } from '@/test/request';
import { GET as GET_WORKSPACES } from '../../route';
import { GET, POST } from './route';
import { DELETE } from './[tokenId]/route';

type Token = { id: string; name: string; prefix: string; token?: string };

describe('API tokens', () => {
  it('creates a token shown once, stores only its hash, authenticates with it, and revokes it', async () => {
    const { user, workspaceId } = await createOwner();
    const params = { workspaceId };
    const created = await call(POST, 'POST', '/t', { as: { user }, params, body: { name: 'CI' } });
    expect(created.status).toBe(201);
    const { token, id, prefix } = created.json as Token & { token: string };
    expect(token).toMatch(/^kn_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(prefix)).toBe(true);

    const row = await testDb().apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);

    const list = await call(GET, 'GET', '/t', { as: { user }, params });
    expect((list.json as Token[]).map((t) => [t.id, t.name, t.prefix])).toEqual([[id, 'CI', prefix]]);
    expect(list.text).not.toContain(token);
    expect(list.text).not.toContain(row.hash);

    const viaToken = await call(GET_WORKSPACES, 'GET', '/api/v1/workspaces', { as: { token } });
    expect(viaToken.status).toBe(200);

    expect((await call(DELETE, 'DELETE', '/t', { as: { user }, params: { workspaceId, tokenId: id } })).status).toBe(204);
    expect((await call(GET_WORKSPACES, 'GET', '/api/v1/workspaces', { as: { token } })).status).toBe(401);
    expect(await call(GET, 'GET', '/t', { as: { user }, params }).then((r) => r.json)).toEqual([]);
    expect((await call(DELETE, 'DELETE', '/t', { as: { user }, params: { workspaceId, tokenId: id } })).status).toBe(404);
  });

  it('is admin+ only, validates the name, and hides tokens from other workspaces', async () => {
    const { user, workspaceId } = await createOwner();
    const params = { workspaceId };
    expect(errorOf(await call(POST, 'POST', '/t', { as: { user }, params, body: {} }))).toMatchObject({ code: 'bad_request', field: 'name' });

    const { id } = (await call(POST, 'POST', '/t', { as: { user }, params, body: { name: 'Mine' } })).json as Token;
    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    expect((await call(GET, 'GET', '/t', { as: { user: member }, params })).status).toBe(403);
    expect((await call(POST, 'POST', '/t', { as: { user: member }, params, body: { name: 'x' } })).status).toBe(403);
    expect((await call(DELETE, 'DELETE', '/t', { as: { user: member }, params: { workspaceId, tokenId: id } })).status).toBe(403);

    const stranger = await createOwner('stranger');
    const peek = await call(GET, 'GET', '/t', { as: { user: stranger.user }, params });
    expect(peek.status).toBe(404);
    expect(peek.text).not.toContain('Mine');
    expect((await call(POST, 'POST', '/t', { as: { user: stranger.user }, params, body: { name: 'x' } })).status).toBe(404);
    expect((await call(DELETE, 'DELETE', '/t', { as: { user: stranger.user }, params: { workspaceId, tokenId: id } })).status).toBe(404);
    expect((await call(DELETE, 'DELETE', '/t', { as: { user: stranger.user }, params: { workspaceId: stranger.workspaceId, tokenId: id } })).status).toBe(404);
    expect((await testDb().apiToken.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();

    expect((await call(GET, 'GET', '/t', { params })).status).toBe(401);
    expect((await call(POST, 'POST', '/t', { params, body: { name: 'x' } })).status).toBe(401);
    expect((await call(DELETE, 'DELETE', '/t', { params: { workspaceId, tokenId: id } })).status).toBe(401);
  });
});
