/**
 * POST …/connections/{id}/options/{name}: a dropdown's choices loaded live from the connection's
 * app (the Custify simulator over real HTTP), against the real database and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY } from '@konnect/custify-sim';
import { addMember, createOwner, createUser, testDb, type TestUser } from '@/test/fixtures';
import { custifyConnection } from '@/test/konnectors';
import { openApiDocument } from '@/server/openapi/document';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf, type CallResult } from '@/test/request';
import { POST as CREATE_CONNECTION } from '../../../route';
import { POST as OPTIONS } from './route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('options');
});
afterAll(async () => {
  await env.close();
});

type Page = { items: { value: string; label: string; hint?: string }[]; nextCursor: string | null };

const load = (user: TestUser, workspaceId: string, connectionId: string, name: string, body: unknown = {}) =>
  call(OPTIONS, 'POST', '/o', { as: { user }, params: { workspaceId, connectionId, name }, body });

/** Never a 500, never the key. */
function clean(res: CallResult, ...secrets: string[]): CallResult {
  expect(res.status, res.text).not.toBe(500);
  for (const s of secrets) expect(res.text).not.toContain(s);
  return res;
}

async function connectionWithKey(user: TestUser, workspaceId: string, apiKey: string, baseUrl = env.sim.url): Promise<string> {
  const res = await call(CREATE_CONNECTION, 'POST', '/c', { as: { user }, params: { workspaceId }, body: { connectorKey: 'custify', name: 'Custify (other key)', fields: { apiKey, baseUrl } } });
  expect(res.status, res.text).toBe(201);
  return (res.json as { id: string }).id;
}

describe('POST …/connections/:id/options/:name', () => {
  it('pages the app\'s records with the connection: items, then the next page by cursor; the key never leaves', async () => {
    const { user, workspaceId } = await createOwner();
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    for (let i = 0; i < 105; i++) env.sim.store.insert('companies', { company_id: `opt-co-${i}`, name: `Options Co ${i}` });
    const total = env.sim.store.count('companies');
    env.sim.clearRequests();

    const first = clean(await load(user, workspaceId, connectionId, 'companies'), DEFAULT_API_KEY);
    expect(first.status, first.text).toBe(200);
    const page1 = first.json as Page;
    expect(page1.items).toHaveLength(100);
    expect(page1.nextCursor).toBe('2');
    expect(page1.items).toContainEqual({ value: expect.stringMatching(/^[0-9a-f]{24}$/), label: 'Options Co 7', hint: 'company_id opt-co-7' });

    const second = clean(await load(user, workspaceId, connectionId, 'companies', { cursor: page1.nextCursor }), DEFAULT_API_KEY);
    const page2 = second.json as Page;
    expect(page2.items).toHaveLength(total - 100);
    expect(page2.nextCursor).toBeNull();
    expect(new Set([...page1.items, ...page2.items].map((i) => i.value)).size).toBe(total);
    // Really asked the app, with the connection's key.
    expect(env.sim.requests.filter((r) => r.path === '/company/all').map((r) => r.query.page)).toEqual(['1', '2']);
    expect(env.sim.requests.every((r) => r.authorization?.endsWith(DEFAULT_API_KEY.slice(-4)))).toBe(true);
  });

  it('members may load; a connection of another workspace is not found, whoever asks', async () => {
    const a = await createOwner('opt-a');
    const b = await createOwner('opt-b');
    const member = await createUser('opt-member');
    await addMember(a.workspaceId, member.id, 'member');
    const connectionId = await custifyConnection(a.user, a.workspaceId, env.sim.url);

    const asMember = clean(await load(member, a.workspaceId, connectionId, 'tags'));
    expect(asMember.status, asMember.text).toBe(200);
    expect(Array.isArray((asMember.json as Page).items)).toBe(true);

    // B names A's connection inside B's own workspace.
    const foreign = clean(await load(b.user, b.workspaceId, connectionId, 'tags'));
    expect(foreign.status).toBe(404);
    expect(errorOf(foreign)).toMatchObject({ code: 'not_found', message: 'Connection not found' });
    // B is not a member of A's workspace at all.
    const outsider = clean(await load(b.user, a.workspaceId, connectionId, 'tags'));
    expect([403, 404]).toContain(outsider.status);
    // Nobody signed in.
    const anonymous = clean(await call(OPTIONS, 'POST', '/o', { params: { workspaceId: a.workspaceId, connectionId, name: 'tags' }, body: {} }));
    expect(anonymous.status).toBe(401);
  });

  it('names an unknown list (404) and refuses bad input with the field named (400)', async () => {
    const { user, workspaceId } = await createOwner();
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);

    const unknown = clean(await load(user, workspaceId, connectionId, 'channels'));
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).message).toBe('Custify has no options list "channels" (it has people, companies, company_ids, tags, tag_names)');
    const inherited = clean(await load(user, workspaceId, connectionId, 'constructor'));
    expect(inherited.status).toBe(404);
    const badName = clean(await load(user, workspaceId, connectionId, 'no/such name'));
    expect(badName.status).toBe(400);
    expect(errorOf(badName).field).toBe('name');

    const searched = clean(await load(user, workspaceId, connectionId, 'people', { search: 'ann' }));
    expect(searched.status).toBe(400);
    expect(errorOf(searched)).toMatchObject({ field: 'search', message: expect.stringContaining('cannot be searched') });
    const long = clean(await load(user, workspaceId, connectionId, 'people', { search: 'x'.repeat(201) }));
    expect(errorOf(long)).toMatchObject({ code: 'bad_request', field: 'search' });
    const notText = clean(await load(user, workspaceId, connectionId, 'people', { cursor: 2 }));
    expect(errorOf(notText)).toMatchObject({ code: 'bad_request', field: 'cursor' });
    const badCursor = clean(await load(user, workspaceId, connectionId, 'people', { cursor: 'page-two' }));
    expect(badCursor.status).toBe(400);
    expect(errorOf(badCursor)).toMatchObject({ field: 'cursor', message: expect.stringContaining('is not a page of this list') });
  });

  it('the app refusing the credentials is a 422 that says to reconnect, without the key, and marks the connection', async () => {
    const { user, workspaceId } = await createOwner();
    const badKey = 'sk-live-not-a-custify-key-42424242';
    const connectionId = await connectionWithKey(user, workspaceId, badKey);
    const res = clean(await load(user, workspaceId, connectionId, 'people'), badKey);
    expect(res.status).toBe(422);
    expect(errorOf(res)).toMatchObject({ code: 'unprocessable', message: expect.stringMatching(/^Custify refused the credentials of "Custify \(other key\)": Invalid API key \(401\).*Reconnect it/) });
    // As a run or a poll would: the connection shows "needs attention" (and that alerts), without the key.
    const stored = await testDb().connection.findFirstOrThrow({ where: { id: connectionId, workspaceId }, select: { status: true, statusMessage: true } });
    expect(stored.status).toBe('needs_attention');
    expect(stored.statusMessage).toMatch(/Invalid API key \(401\)/);
    expect(stored.statusMessage).not.toContain(badKey);
  });

  it('the app failing (503) or out of reach is a 502/422 with a clear message; the app limiting is a 429 with Retry-After', async () => {
    const { user, workspaceId } = await createOwner();
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    env.sim.addFault({ status: 503, times: 1, pathPrefix: '/tag' });
    const down = clean(await load(user, workspaceId, connectionId, 'tags'), DEFAULT_API_KEY);
    expect(down.status).toBe(502);
    expect(errorOf(down)).toMatchObject({ code: 'bad_gateway', message: expect.stringMatching(/^Custify did not give a usable answer: .*503/) });

    env.sim.addFault({ status: 429, retryAfter: 7, times: 1, pathPrefix: '/tag' });
    const limited = clean(await load(user, workspaceId, connectionId, 'tags'), DEFAULT_API_KEY);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');

    // The simulator's host on another port: the outbound guard refuses it before any request.
    const closed = new URL(env.sim.url);
    closed.port = String(Number(closed.port) === 65535 ? 65534 : Number(closed.port) + 1);
    const elsewhere = await connectionWithKey(user, workspaceId, DEFAULT_API_KEY, closed.origin);
    const refused = clean(await load(user, workspaceId, elsewhere, 'tags'), DEFAULT_API_KEY);
    expect(refused.status).toBe(422);
    expect(errorOf(refused).message).toMatch(/may not call the address .*Check its base URL/);
  });

  it('is rate limited per connection: a burst past the bucket gets 429 with Retry-After, nothing else fails', async () => {
    const { user, workspaceId } = await createOwner();
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    const results = await Promise.all(Array.from({ length: 80 }, () => load(user, workspaceId, connectionId, 'tags')));
    const statuses = results.map((r) => clean(r, DEFAULT_API_KEY).status);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(30);
    const limited = results.find((r) => r.status === 429);
    expect(limited, 'at least one load was limited').toBeDefined();
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(errorOf(limited as CallResult).message).toMatch(/Too many option loads on this connection/);
  });

  it('is in the OpenAPI document, with its body and the statuses it answers', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>> };
    const op = doc.paths['/api/v1/workspaces/{workspaceId}/connections/{connectionId}/options/{name}']?.post;
    expect(op?.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ConnectionOptionsBody' } } } });
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '422', '429', '502']));
  });
});
