import { describe, expect, it } from 'vitest';
import { generateApiToken } from '@/server/token-secret';
import { addMember, createOwner, createUser, testDb } from '@/test/fixtures';
import { call, errorOf } from '@/test/request';
import { GET, POST } from './route';
import { GET as GET_ONE, PATCH } from './[workspaceId]/route';

type Ws = { id: string; name: string; role: string };

describe('GET/POST /api/v1/workspaces', () => {
  it('lists my workspaces with my role, and creates one with me as owner', async () => {
    const { user, workspaceId } = await createOwner();
    const other = await createOwner('other');
    await addMember(other.workspaceId, user.id, 'member');

    const list = await call(GET, 'GET', '/api/v1/workspaces', { as: { user } });
    expect(list.status).toBe(200);
    expect((list.json as Ws[]).map((w) => [w.id, w.role])).toEqual([
      [workspaceId, 'owner'],
      [other.workspaceId, 'member'],
    ]);

    const created = await call(POST, 'POST', '/api/v1/workspaces', { as: { user }, body: { name: '  Acme Ops  ' } });
    expect(created.status).toBe(201);
    const ws = created.json as Ws & { slug: string };
    expect(ws).toMatchObject({ name: 'Acme Ops', role: 'owner' });
    expect(ws.slug).toMatch(/^acme-ops-[0-9a-f]{6}$/);
    expect((await testDb().membership.findUnique({ where: { userId_workspaceId: { userId: user.id, workspaceId: ws.id } } }))?.role).toBe('owner');
  });

  it('shows an API token only its own workspace, and lets it create none', async () => {
    const { user, workspaceId } = await createOwner();
    const second = await call(POST, 'POST', '/api/v1/workspaces', { as: { user }, body: { name: 'Second' } });
    expect(second.status).toBe(201);
    const t = generateApiToken();
    await testDb().apiToken.create({ data: { workspaceId, userId: user.id, name: 't', hash: t.hash, prefix: t.prefix } });
    const list = await call(GET, 'GET', '/api/v1/workspaces', { as: { token: t.token } });
    expect((list.json as Ws[]).map((w) => w.id)).toEqual([workspaceId]);
    expect((await call(POST, 'POST', '/api/v1/workspaces', { as: { token: t.token }, body: { name: 'x' } })).status).toBe(403);
  });

  it('400s a bad body on the field and 401s without a session', async () => {
    const user = await createUser();
    const bad = await call(POST, 'POST', '/api/v1/workspaces', { as: { user }, body: { name: '' } });
    expect(errorOf(bad)).toMatchObject({ code: 'bad_request', field: 'name' });
    expect((await call(POST, 'POST', '/api/v1/workspaces', { as: { user }, body: { name: 'x'.repeat(101) } })).status).toBe(400);
    expect((await call(GET, 'GET', '/api/v1/workspaces')).status).toBe(401);
    expect((await call(POST, 'POST', '/api/v1/workspaces', { body: { name: 'x' } })).status).toBe(401);
  });
});

describe('GET/PATCH /api/v1/workspaces/:id', () => {
  it('reads and renames (admin+); members read but cannot rename; strangers learn nothing', async () => {
    const { user, workspaceId } = await createOwner();
    const params = { workspaceId };
    const one = await call(GET_ONE, 'GET', `/api/v1/workspaces/${workspaceId}`, { as: { user }, params });
    expect(one.json).toMatchObject({ id: workspaceId, role: 'owner', memberCount: 1 });

    const renamed = await call(PATCH, 'PATCH', `/api/v1/workspaces/${workspaceId}`, { as: { user }, params, body: { name: 'Renamed' } });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ name: 'Renamed' });
    expect(errorOf(await call(PATCH, 'PATCH', '/x', { as: { user }, params, body: { name: 7 } }))).toMatchObject({ field: 'name' });

    const admin = await createUser('admin');
    await addMember(workspaceId, admin.id, 'admin');
    expect((await call(PATCH, 'PATCH', '/x', { as: { user: admin }, params, body: { name: 'By admin' } })).status).toBe(200);

    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    expect((await call(GET_ONE, 'GET', '/x', { as: { user: member }, params })).json).toMatchObject({ role: 'member', memberCount: 3 });
    expect((await call(PATCH, 'PATCH', '/x', { as: { user: member }, params, body: { name: 'Nope' } })).status).toBe(403);

    const stranger = await createUser('stranger');
    const peek = await call(GET_ONE, 'GET', '/x', { as: { user: stranger }, params });
    expect(peek.status).toBe(404);
    expect(peek.text).not.toContain('By admin');
    expect((await call(PATCH, 'PATCH', '/x', { as: { user: stranger }, params, body: { name: 'Hijack' } })).status).toBe(404);
    expect((await call(GET_ONE, 'GET', '/x', { params })).status).toBe(401);
    expect((await testDb().workspace.findUniqueOrThrow({ where: { id: workspaceId } })).name).toBe('By admin');
  });
});
