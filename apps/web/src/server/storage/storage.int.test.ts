/**
 * The Storage page's API on real Postgres: browse (search, keyset pages in key order, usage),
 * read, add, edit (value and expiry) and delete keys; bad input is a 400 naming the field, a full
 * store or an existing key a 409; members read and write, only admins delete; another workspace's
 * key is a 404; writes are audited; what a konnector's store wrote is what the page shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceStore } from '@konnect/platform';
import { DELETE as DELETE_ENTRY, GET as GET_ENTRY, PUT as PUT_ENTRY } from '@/app/api/v1/workspaces/[workspaceId]/storage/[entryId]/route';
import { GET as LIST, POST as CREATE } from '@/app/api/v1/workspaces/[workspaceId]/storage/route';
import { POST as TEST_DRAFT } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/test/route';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { addMember, createOwner, createUser, testDb } from '@/test/fixtures';
import { call, errorOf } from '@/test/request';
import type { StoreEntryDto, StoreEntryPage } from './storage';

const ORIGIN = { origin: 'http://localhost:3000' };

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('storage-api');
});
afterAll(async () => {
  await env.close();
});

describe('Storage API', { timeout: 60_000 }, () => {
  it('browses keys in order with a search and keyset pages, and the usage against the limits', async () => {
    const { user, workspaceId } = await createOwner('storage-list');
    const store = workspaceStore(testDb(), workspaceId);
    for (let i = 0; i < 7; i++) await store.set(`order:${i}`, { n: i });
    await store.set('customer:1', 'x'.repeat(500));
    await store.set('100%_done', true);
    await store.set('gone', 1, { ttlSeconds: 1 });
    await testDb().storeEntry.updateMany({ where: { workspaceId, key: 'gone' }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const list = async (query: Record<string, string>) => {
      const res = await call(LIST, 'GET', '/s', { as: { user }, params: { workspaceId }, query });
      expect(res.status, res.text).toBe(200);
      return res.json as StoreEntryPage;
    };
    const first = await list({ limit: '4' });
    expect(first.entries.map((e) => e.key)).toEqual(['100%_done', 'customer:1', 'order:0', 'order:1']);
    expect(first.usage).toMatchObject({ keys: 9, maxKeys: 10_000, maxBytes: 50 * 1024 * 1024 });
    const customer = first.entries[1]!;
    expect(customer).toMatchObject({ bytes: 502, truncated: true, expiresAt: null });
    expect(customer.preview).toHaveLength(200);
    const second = await list({ limit: '4', cursor: first.nextCursor ?? '' });
    expect(second.entries.map((e) => e.key)).toEqual(['order:2', 'order:3', 'order:4', 'order:5']);
    const third = await list({ limit: '4', cursor: second.nextCursor ?? '' });
    expect(third.entries.map((e) => e.key)).toEqual(['order:6']);
    expect(third.nextCursor).toBeNull();
    expect((await list({ q: 'ORDER:' })).entries).toHaveLength(7);
    // % and _ are literal in a search.
    expect((await list({ q: '%_' })).entries.map((e) => e.key)).toEqual(['100%_done']);
    expect((await list({ q: 'gone' })).entries).toEqual([]);

    const bad = await call(LIST, 'GET', '/s', { as: { user }, params: { workspaceId }, query: { cursor: '!!' } });
    expect(errorOf(bad)).toMatchObject({ code: 'bad_request', field: 'cursor' });
  });

  it('adds, reads, edits (value and expiry) and deletes a key, audited; what the API wrote is what a konnector reads', async () => {
    const { user, workspaceId } = await createOwner('storage-crud');
    const store = workspaceStore(testDb(), workspaceId);
    const created = await call(CREATE, 'POST', '/s', { as: { user }, params: { workspaceId }, body: { key: 'plan:acme', value: { tier: 'gold', seats: 5 } }, headers: ORIGIN });
    expect(created.status, created.text).toBe(201);
    const entry = created.json as StoreEntryDto;
    expect(entry).toMatchObject({ key: 'plan:acme', value: { tier: 'gold', seats: 5 }, expiresAt: null });
    expect((await store.get('plan:acme')).value).toEqual({ tier: 'gold', seats: 5 });

    const again = await call(CREATE, 'POST', '/s', { as: { user }, params: { workspaceId }, body: { key: 'plan:acme', value: 1 }, headers: ORIGIN });
    expect(again.status).toBe(409);
    expect(errorOf(again)).toMatchObject({ code: 'conflict', field: 'key' });

    const put = (body: unknown) => call(PUT_ENTRY, 'PUT', '/s', { as: { user }, params: { workspaceId, entryId: entry.id }, body, headers: ORIGIN });
    const edited = await put({ value: [1, 2, 3], ttlSeconds: 3600 });
    expect(edited.status, edited.text).toBe(200);
    const expiresAt = (edited.json as StoreEntryDto).expiresAt;
    expect(Date.parse(expiresAt ?? '') - Date.now()).toBeGreaterThan(3500_000);
    // Without ttlSeconds the expiry stays; null removes it.
    expect(((await put({ value: 'kept' })).json as StoreEntryDto).expiresAt).not.toBeNull();
    expect(((await put({ value: 'forever', ttlSeconds: null })).json as StoreEntryDto).expiresAt).toBeNull();
    const read = await call(GET_ENTRY, 'GET', '/s', { as: { user }, params: { workspaceId, entryId: entry.id } });
    expect(read.json).toMatchObject({ id: entry.id, key: 'plan:acme', value: 'forever' });
    // A konnector's Increment on the key the page just edited to text is refused; the page's value stands.
    await expect(store.increment('plan:acme', 1)).rejects.toThrow(/holds text, not a number/);

    const deleted = await call(DELETE_ENTRY, 'DELETE', '/s', { as: { user }, params: { workspaceId, entryId: entry.id }, headers: ORIGIN });
    expect(deleted.status, deleted.text).toBe(200);
    expect((await store.get('plan:acme')).found).toBe(false);
    expect((await call(GET_ENTRY, 'GET', '/s', { as: { user }, params: { workspaceId, entryId: entry.id } })).status).toBe(404);

    const actions = (await testDb().auditEvent.findMany({ where: { workspaceId, targetType: 'storage_key' }, orderBy: { createdAt: 'asc' } })).map((a) => [a.action, a.targetLabel]);
    expect(actions).toEqual([
      ['storage.created', 'plan:acme'],
      ['storage.updated', 'plan:acme'],
      ['storage.updated', 'plan:acme'],
      ['storage.updated', 'plan:acme'],
      ['storage.deleted', 'plan:acme'],
    ]);
  });

  it('bad input is a 400 naming the field', async () => {
    const { user, workspaceId } = await createOwner('storage-bad');
    const create = (body: unknown) => call(CREATE, 'POST', '/s', { as: { user }, params: { workspaceId }, body, headers: ORIGIN });
    expect(errorOf(await create({ value: 1 }))).toMatchObject({ code: 'bad_request', field: 'key' });
    expect(errorOf(await create({ key: '   ', value: 1 }))).toMatchObject({ field: 'key' });
    expect(errorOf(await create({ key: 'k'.repeat(513), value: 1 }))).toMatchObject({ field: 'key' });
    expect(errorOf(await create({ key: 'k' }))).toMatchObject({ field: 'value' });
    expect(errorOf(await create({ key: 'k', value: 1, ttlSeconds: 0 }))).toMatchObject({ field: 'ttlSeconds' });
    expect(errorOf(await create({ key: 'k', value: 1, ttlSeconds: 'soon' }))).toMatchObject({ field: 'ttlSeconds' });
    const big = await create({ key: 'big', value: 'x'.repeat(256 * 1024) });
    expect(big.status).toBe(400);
    expect(errorOf(big)).toMatchObject({ field: 'value', message: expect.stringContaining('256 KB') });
  });

  it('a full store answers 409 with a message saying what to do', async () => {
    const { user, workspaceId } = await createOwner('storage-full');
    await testDb().storeEntry.createMany({
      data: Array.from({ length: 10_000 }, (_, i) => ({ workspaceId, key: `k${i}`, value: i, bytes: String(i).length })),
    });
    const res = await call(CREATE, 'POST', '/s', { as: { user }, params: { workspaceId }, body: { key: 'one-more', value: 1 }, headers: ORIGIN });
    expect(res.status).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: 'conflict', field: 'key', message: expect.stringContaining('holds its limit of 10,000 keys') });
  });

  it('members read and write; only admins and owners delete; another workspace’s key is a 404', async () => {
    const { user: owner, workspaceId } = await createOwner('storage-roles');
    const member = await createUser('storage-member');
    await addMember(workspaceId, member.id, 'member');
    const { user: other, workspaceId: otherWs } = await createOwner('storage-other');
    const theirs = await workspaceStore(testDb(), otherWs).set('secret', 'theirs');
    const theirRow = await testDb().storeEntry.findFirstOrThrow({ where: { workspaceId: otherWs, key: theirs.key } });

    const created = await call(CREATE, 'POST', '/s', { as: { user: member }, params: { workspaceId }, body: { key: 'k', value: 1 }, headers: ORIGIN });
    expect(created.status, created.text).toBe(201);
    const id = (created.json as StoreEntryDto).id;
    expect((await call(PUT_ENTRY, 'PUT', '/s', { as: { user: member }, params: { workspaceId, entryId: id }, body: { value: 2 }, headers: ORIGIN })).status).toBe(200);
    expect((await call(DELETE_ENTRY, 'DELETE', '/s', { as: { user: member }, params: { workspaceId, entryId: id }, headers: ORIGIN })).status).toBe(403);

    // The owner of this workspace, addressing the other workspace's key through their own workspace.
    for (const [handler, method, body] of [
      [GET_ENTRY, 'GET', undefined],
      [PUT_ENTRY, 'PUT', { value: 'mine now' }],
      [DELETE_ENTRY, 'DELETE', undefined],
    ] as const) {
      const res = await call(handler, method, '/s', { as: { user: owner }, params: { workspaceId, entryId: theirRow.id }, ...(body ? { body } : {}), headers: ORIGIN });
      expect(res.status, `${method}: ${res.text}`).toBe(404);
    }
    // … and through the other workspace, of which they are no member.
    expect((await call(GET_ENTRY, 'GET', '/s', { as: { user: owner }, params: { workspaceId: otherWs, entryId: theirRow.id } })).status).toBe(404);
    expect((await call(LIST, 'GET', '/s', { as: { user: other }, params: { workspaceId: otherWs } })).json).toMatchObject({ entries: [{ key: 'secret', preview: '"theirs"' }] });
    expect((await workspaceStore(testDb(), otherWs).get('secret')).value).toBe('theirs');
  });

  it('a builder Test run writes to the real store, as a live run does, and shows the value in its steps', async () => {
    const { user, workspaceId } = await createOwner('storage-test-run');
    const draft = {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [
        { type: 'action', id: 'count', connector: 'storage', action: 'increment', input: { key: 'hits:{{trigger.page}}', by: 2 } },
        { type: 'action', id: 'read', connector: 'storage', action: 'get_value', input: { key: 'hits:{{trigger.page}}' } },
      ],
    };
    for (const expected of [2, 4]) {
      const res = await call(TEST_DRAFT, 'POST', '/t', { as: { user }, params: { workspaceId }, body: { draft, sample: { page: 'home' } } });
      expect(res.status, res.text).toBe(200);
      const body = res.json as { status: string; steps: { stepId: string; output: Record<string, unknown> | null }[] };
      expect(body.status).toBe('succeeded');
      expect(body.steps.find((st) => st.stepId === 'count')?.output).toMatchObject({ key: 'hits:home', value: expected });
      expect(body.steps.find((st) => st.stepId === 'read')?.output).toMatchObject({ found: true, value: expected });
    }
    expect((await workspaceStore(testDb(), workspaceId).get('hits:home')).value).toBe(4);
  });
});
