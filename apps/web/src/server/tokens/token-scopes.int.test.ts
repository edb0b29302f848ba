/**
 * API tokens: revoked with their member (finding 12), expiring, and limited to their scopes
 * (read / write / run), through the real route handlers on the real database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as GET_WORKSPACE, PATCH as RENAME } from '@/app/api/v1/workspaces/[workspaceId]/route';
import { GET as LIST_WORKSPACES } from '@/app/api/v1/workspaces/route';
import { GET as LIST, POST as CREATE } from '@/app/api/v1/workspaces/[workspaceId]/tokens/route';
import { DELETE as REMOVE_MEMBER } from '@/app/api/v1/workspaces/[workspaceId]/members/[memberId]/route';
import { POST as VALIDATE } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/validate/route';
import { POST as CODE_RUN } from '@/app/api/v1/workspaces/[workspaceId]/code-runs/route';
import { GET as OPENAPI } from '@/app/api/v1/openapi.json/route';
import { addMember, createOwner, createUser, testDb, type TestUser } from '@/test/fixtures';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';

// Code runs take a rate-limit token in Redis: this file's own key prefix.
let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('token-scopes');
});
afterAll(async () => {
  await env.close();
});

type Created = { id: string; token: string; scopes: string[]; expiresAt: string | null; lastUsedAt: string | null };

async function createToken(user: TestUser, workspaceId: string, body: Record<string, unknown>): Promise<Created> {
  const res = await call(CREATE, 'POST', '/t', { as: { user }, params: { workspaceId }, body: { name: 'token', ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json as Created;
}

const DAY = 24 * 60 * 60 * 1000;
const DRAFT = { trigger: { id: 'trigger', connector: '', event: '', input: {} }, steps: [] };

describe('API tokens: member removal, expiry and scopes', () => {
  it("finding 12: a removed member's token stays dead when they are added again", async () => {
    const { user: owner, workspaceId } = await createOwner();
    const admin = await createUser('admin');
    const membershipId = await addMember(workspaceId, admin.id, 'admin');
    // The admin's own workspace elsewhere: removal here must not touch their tokens there.
    const elsewhere = await createOwner('elsewhere');
    await addMember(elsewhere.workspaceId, admin.id, 'admin');
    const token = (await createToken(admin, workspaceId, {})).token;
    const otherToken = (await createToken(admin, elsewhere.workspaceId, {})).token;
    const params = { workspaceId };
    expect((await call(GET_WORKSPACE, 'GET', '/w', { as: { token }, params })).status).toBe(200);

    const removed = await call(REMOVE_MEMBER, 'DELETE', '/m', { as: { user: owner }, params: { workspaceId, memberId: membershipId } });
    expect(removed.status).toBe(204);
    // The attack: the person is added back (directly: however the invitation flow changes) and tries the old token.
    await addMember(workspaceId, admin.id, 'admin');
    for (const res of [await call(GET_WORKSPACE, 'GET', '/w', { as: { token }, params }), await call(LIST, 'GET', '/t', { as: { token }, params })]) {
      expect(res.status).toBe(401);
      expect(errorOf(res)).toMatchObject({ code: 'unauthorized', message: 'The API token is invalid or has been revoked' });
    }
    const rows = await testDb().apiToken.findMany({ where: { workspaceId, userId: admin.id }, select: { revokedAt: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.revokedAt).toBeInstanceOf(Date);
    const event = await testDb().auditEvent.findFirstOrThrow({ where: { workspaceId, action: 'member.removed' }, select: { details: true } });
    expect(event.details).toMatchObject({ tokensRevoked: 1, left: false });
    // Their token in the other workspace is untouched.
    expect((await call(GET_WORKSPACE, 'GET', '/w', { as: { token: otherToken }, params: { workspaceId: elsewhere.workspaceId } })).status).toBe(200);
  });

  it('finding 12: leaving a workspace revokes your tokens there too', async () => {
    const { workspaceId } = await createOwner();
    const admin = await createUser('leaver');
    const membershipId = await addMember(workspaceId, admin.id, 'admin');
    const token = (await createToken(admin, workspaceId, {})).token;
    expect((await call(REMOVE_MEMBER, 'DELETE', '/m', { as: { user: admin }, params: { workspaceId, memberId: membershipId } })).status).toBe(204);
    await addMember(workspaceId, admin.id, 'member');
    expect((await call(GET_WORKSPACE, 'GET', '/w', { as: { token }, params: { workspaceId } })).status).toBe(401);
  });

  it('an expired token is refused with 401 "The API token has expired"; expiry is 30/90/365 days or never', async () => {
    const { user, workspaceId } = await createOwner();
    const params = { workspaceId };
    const before = Date.now();
    const month = await createToken(user, workspaceId, { expiresInDays: 30 });
    const expires = new Date(month.expiresAt ?? '').getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    const byDefault = await createToken(user, workspaceId, {});
    expect(new Date(byDefault.expiresAt ?? '').getTime()).toBeGreaterThanOrEqual(before + 90 * DAY);
    const never = await createToken(user, workspaceId, { expiresInDays: null });
    expect(never.expiresAt).toBeNull();

    expect((await call(GET_WORKSPACE, 'GET', '/w', { as: { token: month.token }, params })).status).toBe(200);
    // Time passes: the expiry is now in the past.
    await testDb().apiToken.update({ where: { id: month.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    for (const res of [await call(GET_WORKSPACE, 'GET', '/w', { as: { token: month.token }, params }), await call(RENAME, 'PATCH', '/w', { as: { token: month.token }, params, body: { name: 'late' } })]) {
      expect(res.status).toBe(401);
      expect(errorOf(res)).toMatchObject({ code: 'unauthorized', message: 'The API token has expired' });
    }
    // Still listed (so it can be revoked), with its expiry; a never-expiring one keeps working.
    const list = (await call(LIST, 'GET', '/t', { as: { user }, params })).json as Created[];
    expect(new Date(list.find((t) => t.id === month.id)?.expiresAt ?? '').getTime()).toBeLessThan(Date.now());
    expect((await call(GET_WORKSPACE, 'GET', '/w', { as: { token: never.token }, params })).status).toBe(200);
  });

  it('refuses bad expiry and scope values with 400 naming the field', async () => {
    const { user, workspaceId } = await createOwner();
    const params = { workspaceId };
    const bad = async (body: Record<string, unknown>) => errorOf(await call(CREATE, 'POST', '/t', { as: { user }, params, body: { name: 'x', ...body } }));
    for (const expiresInDays of [0, 1.5, '30', 3651, -1]) expect(await bad({ expiresInDays })).toMatchObject({ code: 'bad_request', field: 'expiresInDays' });
    expect(await bad({ scopes: [] })).toMatchObject({ code: 'bad_request', field: 'scopes', message: expect.stringContaining('at least one scope') });
    expect(await bad({ scopes: 'read' })).toMatchObject({ code: 'bad_request', field: 'scopes' });
    expect(await bad({ scopes: ['read', 'admin'] })).toMatchObject({ code: 'bad_request', field: 'scopes.1' });
    expect(await testDb().apiToken.count({ where: { workspaceId } })).toBe(0);
    // Duplicates collapse; the order is always read, write, run.
    expect((await createToken(user, workspaceId, { scopes: ['run', 'read', 'run'] })).scopes).toEqual(['read', 'run']);
  });

  it('a token works only within its scopes: 403 naming the missing scope; sessions are not scoped', async () => {
    const { user, workspaceId } = await createOwner();
    const params = { workspaceId };
    const read = (await createToken(user, workspaceId, { scopes: ['read'] })).token;
    const write = (await createToken(user, workspaceId, { scopes: ['write'] })).token;
    const run = (await createToken(user, workspaceId, { scopes: ['run'] })).token;
    const code = { source: 'return { ok: input.n + 1 };', input: { n: 1 } };

    const forbidden = (res: { status: number }, scope: string) => {
      expect(res.status).toBe(403);
      expect(errorOf(res as Parameters<typeof errorOf>[0])).toMatchObject({ code: 'forbidden', message: `This API token lacks the "${scope}" scope` });
    };

    // read: GET routes, and POSTs that change nothing (validate).
    expect((await call(GET_WORKSPACE, 'GET', '/w', { as: { token: read }, params })).status).toBe(200);
    expect((await call(LIST_WORKSPACES, 'GET', '/ws', { as: { token: read } })).status).toBe(200);
    expect((await call(VALIDATE, 'POST', '/v', { as: { token: read }, params, body: { draft: DRAFT } })).status).toBe(200);
    forbidden(await call(RENAME, 'PATCH', '/w', { as: { token: read }, params, body: { name: 'renamed by read' } }), 'write');
    forbidden(await call(CREATE, 'POST', '/t', { as: { token: read }, params, body: { name: 'escalate', scopes: ['read', 'write', 'run'] } }), 'write');
    forbidden(await call(CODE_RUN, 'POST', '/c', { as: { token: read }, params, body: code }), 'run');

    // write: changes, not reads, not runs.
    expect((await call(RENAME, 'PATCH', '/w', { as: { token: write }, params, body: { name: 'renamed by write' } })).status).toBe(200);
    forbidden(await call(GET_WORKSPACE, 'GET', '/w', { as: { token: write }, params }), 'read');
    forbidden(await call(CODE_RUN, 'POST', '/c', { as: { token: write }, params, body: code }), 'run');

    // run: code runs (and test runs, replays, Test connection), nothing else.
    const ran = await call(CODE_RUN, 'POST', '/c', { as: { token: run }, params, body: code });
    expect(ran.status, ran.text).toBe(200);
    expect(ran.json).toMatchObject({ ok: true, output: { ok: 2 } });
    forbidden(await call(GET_WORKSPACE, 'GET', '/w', { as: { token: run }, params }), 'read');
    forbidden(await call(RENAME, 'PATCH', '/w', { as: { token: run }, params, body: { name: 'renamed by run' } }), 'write');

    const ws = await testDb().workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { name: true } });
    expect(ws.name).toBe('renamed by write');
    expect(await testDb().apiToken.count({ where: { workspaceId } })).toBe(3);
    // The browser session does everything its role allows.
    expect((await call(CODE_RUN, 'POST', '/c', { as: { user }, params, body: code })).status).toBe(200);
    expect((await call(RENAME, 'PATCH', '/w', { as: { user }, params, body: { name: 'by session' } })).status).toBe(200);
  });

  it('records last use, and a token created before scopes existed keeps every scope', async () => {
    const { user, workspaceId } = await createOwner();
    const params = { workspaceId };
    const created = await createToken(user, workspaceId, { scopes: ['read'] });
    expect(created.lastUsedAt).toBeNull();
    await call(GET_WORKSPACE, 'GET', '/w', { as: { token: created.token }, params });
    const list = (await call(LIST, 'GET', '/t', { as: { user }, params })).json as Created[];
    expect(list.find((t) => t.id === created.id)?.lastUsedAt).not.toBeNull();
    // Rows written without scopes (as before the migration) get the column default: read, write, run.
    const bare = await testDb().apiToken.create({ data: { workspaceId, userId: user.id, name: 'legacy', hash: `legacy-${created.id}`, prefix: 'kn_legacy' }, select: { scopes: true } });
    expect(bare.scopes).toEqual(['read', 'write', 'run']);
  });

  it('documents each operation\'s scope in the OpenAPI document', async () => {
    const doc = (await call(OPENAPI, 'GET', '/api/v1/openapi.json')).json as { paths: Record<string, Record<string, { 'x-token-scope'?: string; security?: unknown[] }>> };
    const scopeOf = (path: string, method: string) => doc.paths[path]?.[method]?.['x-token-scope'];
    expect(scopeOf('/api/v1/workspaces/{workspaceId}', 'get')).toBe('read');
    expect(scopeOf('/api/v1/workspaces/{workspaceId}', 'patch')).toBe('write');
    expect(scopeOf('/api/v1/workspaces/{workspaceId}/konnectors/validate', 'post')).toBe('read');
    for (const path of ['/api/v1/workspaces/{workspaceId}/code-runs', '/api/v1/workspaces/{workspaceId}/konnectors/test', '/api/v1/workspaces/{workspaceId}/konnectors/{konnectorId}/test', '/api/v1/workspaces/{workspaceId}/runs/{runId}/replay', '/api/v1/workspaces/{workspaceId}/connections/{connectionId}/test']) {
      expect(scopeOf(path, 'post'), path).toBe('run');
      expect(doc.paths[path]?.post?.security).toEqual([{ session: [] }, { apiToken: ['run'] }]);
    }
    expect(doc.paths['/api/v1/auth/signup']?.post?.security).toEqual([]);
  });
});
