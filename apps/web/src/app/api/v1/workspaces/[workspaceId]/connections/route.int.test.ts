import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import { open } from '@konnect/db';
import { keyring } from '@/server/services';
import { addMember, createOwner, createUser, testDb, type TestUser } from '@/test/fixtures';
import { call, errorOf } from '@/test/request';
import { GET, POST } from './route';
import { DELETE, GET as GET_ONE, PATCH } from './[connectionId]/route';
import { POST as TEST } from './[connectionId]/test/route';

const API_KEY = 'sk-live-custify-0123456789abcdef';
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKeys: [API_KEY] });
  // The outbound guard refuses loopback addresses except the configured simulator.
  process.env.CUSTIFY_SIM_URL = sim.url;
});
afterAll(async () => {
  await sim.close();
});

type Conn = { id: string; name: string; status: string; statusMessage: string | null; settings: Record<string, unknown>; secretHint: string; lastCheckedAt: string | null };

async function setup(): Promise<{ user: TestUser; workspaceId: string; create: (body?: object) => Promise<Conn> }> {
  const { user, workspaceId } = await createOwner();
  const create = async (body: object = {}) => {
    const res = await call(POST, 'POST', '/c', { as: { user }, params: { workspaceId }, body: { connectorKey: 'custify', name: 'Custify', fields: { apiKey: API_KEY, baseUrl: sim.url }, ...body } });
    expect(res.status, res.text).toBe(201);
    expect(res.text).not.toContain(API_KEY);
    return res.json as Conn;
  };
  return { user, workspaceId, create };
}

describe('connections: create, list, read', () => {
  it('seals the credentials, shows settings and a masked hint, never the secret', async () => {
    const { user, workspaceId, create } = await setup();
    const c = await create();
    expect(c).toMatchObject({ name: 'Custify', status: 'unchecked', settings: { baseUrl: sim.url }, secretHint: '••••cdef' });

    const row = await testDb().connection.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.secret).not.toContain(API_KEY);
    expect(JSON.parse(open(keyring(), row.secret, workspaceId))).toEqual({ apiKey: API_KEY, baseUrl: sim.url });
    expect(() => open(keyring(), row.secret, 'another-workspace')).toThrow();

    const list = await call(GET, 'GET', '/c', { as: { user }, params: { workspaceId } });
    expect((list.json as Conn[]).map((x) => x.id)).toEqual([c.id]);
    const one = await call(GET_ONE, 'GET', '/c', { as: { user }, params: { workspaceId, connectionId: c.id } });
    expect(one.json).toMatchObject({ id: c.id, connectorKey: 'custify' });
    for (const res of [list, one]) {
      expect(res.text).not.toContain(API_KEY);
      expect(res.text).not.toContain(row.secret);
      expect(res.text).not.toMatch(/"secret"/);
    }
  });

  it('names the offending field for bad bodies', async () => {
    const { user, workspaceId } = await setup();
    const post = (body: unknown) => call(POST, 'POST', '/c', { as: { user }, params: { workspaceId }, body });
    const cases: [unknown, string][] = [
      [{ name: 'x', fields: { apiKey: API_KEY } }, 'connectorKey'],
      [{ connectorKey: 'nope', name: 'x', fields: {} }, 'connectorKey'],
      [{ connectorKey: 'custify', fields: { apiKey: API_KEY } }, 'name'],
      [{ connectorKey: 'custify', name: 'x', fields: {} }, 'fields.apiKey'],
      [{ connectorKey: 'custify', name: 'x', fields: { apiKey: '   ' } }, 'fields.apiKey'],
      [{ connectorKey: 'custify', name: 'x', fields: { apiKey: API_KEY, baseUrl: 'ftp://x' } }, 'fields.baseUrl'],
      [{ connectorKey: 'custify', name: 'x', fields: 'key' }, 'fields'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'bad_request', field });
      expect(errorOf(res).message.startsWith(`${field}: `), errorOf(res).message).toBe(true);
      expect(res.text).not.toContain(API_KEY);
    }
    expect(await testDb().connection.count({ where: { workspaceId } })).toBe(0);
  });

  it('keeps a Web API connection\'s credentials sealed (the konnector never holds them) and names a missing one', async () => {
    const { user, workspaceId } = await setup();
    const post = (fields: object) => call(POST, 'POST', '/c', { as: { user }, params: { workspaceId }, body: { connectorKey: 'web_api', name: 'Billing API', fields } });
    const missing = await post({ baseUrl: 'https://api.example.com', scheme: 'header', headerName: 'X-Api-Key' });
    expect(missing.status).toBe(400);
    expect(errorOf(missing)).toMatchObject({ code: 'bad_request', field: 'fields.headerValue' });

    const made = await post({ baseUrl: sim.url, scheme: 'header', headerName: 'X-Api-Key', headerValue: 'key_web_api_7788' });
    expect(made.status, made.text).toBe(201);
    expect(made.json).toMatchObject({ settings: { baseUrl: sim.url, scheme: 'header', headerName: 'X-Api-Key' }, secretHint: '••••7788' });
    const id = (made.json as Conn).id;
    const one = await call(GET_ONE, 'GET', '/c', { as: { user }, params: { workspaceId, connectionId: id } });
    for (const res of [made, one]) expect(res.text).not.toContain('key_web_api_7788');
    // "Test connection" calls GET <base URL>: the simulator wants its bearer key, so this key is refused...
    const refused = await call(TEST, 'POST', '/c', { as: { user }, params: { workspaceId, connectionId: id } });
    expect(refused.json).toMatchObject({ status: 'needs_attention' });
    expect(refused.text).not.toContain('key_web_api_7788');
    // ...and a bearer connection with the right key passes.
    const good = await post({ baseUrl: sim.url, scheme: 'bearer', token: API_KEY });
    const tested = await call(TEST, 'POST', '/c', { as: { user }, params: { workspaceId, connectionId: (good.json as Conn).id } });
    expect(tested.json).toMatchObject({ status: 'ok' });
  });

  it('lets members read but not write; 401 without a session; 404 across workspaces', async () => {
    const { workspaceId, create } = await setup();
    const c = await create();
    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    expect((await call(GET, 'GET', '/c', { as: { user: member }, params: { workspaceId } })).status).toBe(200);
    const denied = await call(POST, 'POST', '/c', { as: { user: member }, params: { workspaceId }, body: { connectorKey: 'custify', name: 'x', fields: { apiKey: 'k' } } });
    expect(denied.status).toBe(403);
    for (const [handler, method] of [[PATCH, 'PATCH'], [DELETE, 'DELETE'], [TEST, 'POST']] as const) {
      expect((await call(handler, method, '/c', { as: { user: member }, params: { workspaceId, connectionId: c.id }, body: { name: 'x' } })).status).toBe(403);
    }

    expect((await call(GET, 'GET', '/c', { params: { workspaceId } })).status).toBe(401);
    expect((await call(POST, 'POST', '/c', { params: { workspaceId }, body: {} })).status).toBe(401);
    for (const [handler, method] of [[GET_ONE, 'GET'], [PATCH, 'PATCH'], [DELETE, 'DELETE'], [TEST, 'POST']] as const) {
      expect((await call(handler, method, '/c', { params: { workspaceId, connectionId: c.id }, body: { name: 'x' } })).status).toBe(401);
    }

    const other = await createOwner('other');
    const theirs = { as: { user: other.user }, body: { name: 'stolen', fields: { apiKey: 'k' } } };
    expect((await call(GET, 'GET', '/c', { ...theirs, params: { workspaceId } })).status).toBe(404);
    expect((await call(POST, 'POST', '/c', { ...theirs, params: { workspaceId }, body: { connectorKey: 'custify', name: 'x', fields: { apiKey: 'k' } } })).status).toBe(404);
    for (const wsId of [workspaceId, other.workspaceId]) {
      for (const [handler, method] of [[GET_ONE, 'GET'], [PATCH, 'PATCH'], [DELETE, 'DELETE'], [TEST, 'POST']] as const) {
        const res = await call(handler, method, '/c', { ...theirs, params: { workspaceId: wsId, connectionId: c.id } });
        expect(res.status, `${method} via ${wsId === workspaceId ? 'their' : 'own'} workspace`).toBe(404);
        expect(res.text).not.toContain('Custify');
      }
    }
    const row = await testDb().connection.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ name: 'Custify', status: 'unchecked' });
  });
});

describe('connections: test, update, delete', () => {
  it('tests against a real Custify API and stores ok / needs_attention', async () => {
    const { user, workspaceId, create } = await setup();
    const good = await create();
    const ok = await call(TEST, 'POST', '/t', { as: { user }, params: { workspaceId, connectionId: good.id } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, status: 'ok', message: expect.stringContaining('Connected'), connection: { status: 'ok' } });
    expect(sim.requests.some((r) => r.path.startsWith('/people/all'))).toBe(true);

    const wrongKey = 'sk-wrong-key-9876543210';
    const bad = await create({ name: 'Wrong key', fields: { apiKey: wrongKey, baseUrl: sim.url } });
    const failed = await call(TEST, 'POST', '/t', { as: { user }, params: { workspaceId, connectionId: bad.id } });
    expect(failed.json).toMatchObject({ ok: false, status: 'needs_attention', message: expect.stringMatching(/401/), connection: { status: 'needs_attention' } });
    expect(failed.text).not.toContain(wrongKey);


    const down = await create({ name: 'Down', fields: { apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9' } });
    const refused = await call(TEST, 'POST', '/t', { as: { user }, params: { workspaceId, connectionId: down.id } });
    // Any other local address is refused before a request is made (no probing the private network).
    expect(refused.json).toMatchObject({ ok: false, status: 'needs_attention', message: expect.stringMatching(/Refused to connect to 127\.0\.0\.1 \(loopback address\)/) });
    expect(refused.text).not.toContain(API_KEY);

    const list = (await call(GET, 'GET', '/c', { as: { user }, params: { workspaceId } })).json as Conn[];
    const byName = Object.fromEntries(list.map((c) => [c.name, c]));
    expect(byName.Custify?.status).toBe('ok');
    expect(byName['Wrong key']?.status).toBe('needs_attention');
    expect(byName['Wrong key']?.statusMessage).toBeTruthy();
    expect(byName.Down?.lastCheckedAt).not.toBeNull();
  });

  it('renames, replaces credentials (an omitted secret is kept while the address stays) and validates fields', async () => {
    const { user, workspaceId, create } = await setup();
    const c = await create();
    const params = { workspaceId, connectionId: c.id };
    await call(TEST, 'POST', '/t', { as: { user }, params });

    const renamed = await call(PATCH, 'PATCH', '/c', { as: { user }, params, body: { name: 'Production' } });
    expect(renamed.json).toMatchObject({ name: 'Production', status: 'ok' });

    // A path under the same origin keeps the stored key (another host needs it again: destination.int.test.ts).
    const moved = await call(PATCH, 'PATCH', '/c', { as: { user }, params, body: { fields: { apiKey: '', baseUrl: `${sim.url}/` } } });
    expect(moved.json).toMatchObject({ status: 'unchecked', settings: { baseUrl: `${sim.url}/` }, secretHint: '••••cdef' });
    const back = await call(PATCH, 'PATCH', '/c', { as: { user }, params, body: { fields: { baseUrl: sim.url } } });
    expect(back.text).not.toContain(API_KEY);
    expect(errorOf(await call(PATCH, 'PATCH', '/c', { as: { user }, params, body: { fields: { apiKey: '', baseUrl: 'http://127.0.0.1:9' } } }))).toMatchObject({ field: 'fields.apiKey' });
    expect((await call(TEST, 'POST', '/t', { as: { user }, params })).json).toMatchObject({ ok: true });

    const newKey = 'sk-rotated-key-000011112222';
    const rotated = await call(PATCH, 'PATCH', '/c', { as: { user }, params, body: { fields: { apiKey: newKey, baseUrl: sim.url } } });
    expect(rotated.json).toMatchObject({ secretHint: '••••2222' });
    expect(rotated.text).not.toContain(newKey);
    expect((await call(TEST, 'POST', '/t', { as: { user }, params })).json).toMatchObject({ ok: false });

    expect(errorOf(await call(PATCH, 'PATCH', '/c', { as: { user }, params, body: {} }))).toMatchObject({ field: 'name' });
    expect(errorOf(await call(PATCH, 'PATCH', '/c', { as: { user }, params, body: { name: '' } }))).toMatchObject({ field: 'name' });
    expect(errorOf(await call(PATCH, 'PATCH', '/c', { as: { user }, params, body: { fields: { baseUrl: 'not a url' } } }))).toMatchObject({ field: 'fields.baseUrl' });
    expect((await call(PATCH, 'PATCH', '/c', { as: { user }, params: { workspaceId, connectionId: 'missing' }, body: { name: 'x' } })).status).toBe(404);
  });

  it('refuses to delete a connection an active konnector uses, naming it', async () => {
    const { user, workspaceId, create } = await setup();
    const c = await create();
    const params = { workspaceId, connectionId: c.id };
    const uses = { trigger: { id: 't', connector: 'custify', event: 'person_created', connectionId: c.id, input: {} }, steps: [] };
    const unused = { trigger: { id: 't', connector: 'scheduler', event: 'every', input: {} }, steps: [] };
    const db = testDb();

    await db.konnector.create({ data: { workspaceId, name: 'Paused sync', status: 'inactive', draft: uses } });
    const live = await db.konnector.create({ data: { workspaceId, name: 'Onboarding flow', status: 'active', draft: unused } });
    const version = await db.konnectorVersion.create({ data: { konnectorId: live.id, number: 1, definition: { ...unused, steps: [{ id: 'a', type: 'action', connector: 'custify', action: 'x', connectionId: c.id, input: {}, onError: 'stop' }] } } });
    await db.konnector.update({ where: { id: live.id }, data: { publishedVersionId: version.id } });

    const blocked = await call(DELETE, 'DELETE', '/c', { as: { user }, params });
    expect(blocked.status).toBe(409);
    expect(errorOf(blocked)).toMatchObject({ code: 'conflict', message: expect.stringContaining('"Onboarding flow"') });
    expect(errorOf(blocked).message).not.toContain('Paused sync');

    await db.konnector.update({ where: { id: live.id }, data: { status: 'inactive' } });
    expect((await call(DELETE, 'DELETE', '/c', { as: { user }, params })).status).toBe(204);
    expect(await db.connection.findUnique({ where: { id: c.id } })).toBeNull();
    expect((await call(DELETE, 'DELETE', '/c', { as: { user }, params })).status).toBe(404);
  });
});
