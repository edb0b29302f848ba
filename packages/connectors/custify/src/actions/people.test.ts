import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../harness.fixture';
import { HEX24, startHarness } from '../harness.fixture';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('People actions', () => {
  it('create_person: POST /people with the given fields, returns the stored person', async () => {
    const input = { email: 'ada@example.com', name: 'Ada', session_count: 3, custom_attributes: { plan: 'pro' } };
    const { result, requests } = await h.trace(() => h.kit.runAction('create_person', input));
    expect(requests).toMatchObject([{ method: 'POST', path: '/people', body: input, status: 200 }]);
    expect(result).toMatchObject({ ...input, id: expect.stringMatching(HEX24) });
    expect(h.sim.store.get('people', String(result.id))).toMatchObject(input);
  });

  it('create_person: links companies by company_id', async () => {
    const input = { user_id: 'u-linked', companies: [{ company_id: 'linked-co' }] };
    const { result, requests } = await h.trace(() => h.kit.runAction('create_person', input));
    expect(requests).toMatchObject([{ method: 'POST', path: '/people', body: input }]);
    const company = h.sim.store.list('companies').find((c) => c.company_id === 'linked-co');
    expect(result.companies).toEqual([company?.id]);
  });

  it('create_person: neither user_id nor email is a config error naming the field, sent nowhere', async () => {
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('create_person', { name: 'Nobody' }).catch((e: unknown) => e),
    );
    expect(result).toMatchObject({ kind: 'config', message: expect.stringContaining('user_id') });
    expect(requests).toHaveLength(0);
  });

  it('create_person: a bad email is rejected naming the field', async () => {
    await expect(h.kit.runAction('create_person', { email: 'not-an-email' })).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringContaining('email'),
    });
  });

  it('update_person: by internal id → POST /customer { id, ...fields }', async () => {
    const p = h.sim.store.insert('people', { user_id: 'u-upd-1', email: 'upd1@example.com' });
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('update_person', { id: p.id, name: 'Renamed', unsubscribed_from_emails: true }),
    );
    expect(requests).toMatchObject([
      { method: 'POST', path: '/customer', body: { id: p.id, name: 'Renamed', unsubscribed_from_emails: true } },
    ]);
    expect(result).toMatchObject({ id: p.id, name: 'Renamed', unsubscribed_from_emails: true });
  });

  it('update_person: by user_id looks the person up first, then updates that id', async () => {
    const p = h.sim.store.insert('people', { user_id: 'u-upd-2', email: 'upd2@example.com' });
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('update_person', { user_id: 'u-upd-2', email: 'new2@example.com' }),
    );
    expect(requests).toMatchObject([
      { method: 'GET', path: '/people', query: { user_id: 'u-upd-2' } },
      { method: 'POST', path: '/customer', body: { id: p.id, user_id: 'u-upd-2', email: 'new2@example.com' } },
    ]);
    expect(result).toMatchObject({ id: p.id, email: 'new2@example.com' });
  });

  it('update_person: an unknown person fails as not_found and never creates one', async () => {
    const before = h.sim.store.list('people').length;
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('update_person', { email: 'ghost@example.com', name: 'Ghost' }).catch((e: unknown) => e),
    );
    expect(result).toMatchObject({ kind: 'not_found', message: expect.stringContaining('ghost@example.com') });
    expect(requests).toMatchObject([{ method: 'GET', path: '/people', query: { email: 'ghost@example.com' } }]);
    expect(h.sim.store.list('people')).toHaveLength(before);
  });

  it('upsert_person: without id → POST /people (creates, then updates the same person)', async () => {
    const first = await h.trace(() => h.kit.runAction('upsert_person', { email: 'ups@example.com', name: 'One' }));
    expect(first.requests).toMatchObject([{ method: 'POST', path: '/people', body: { email: 'ups@example.com' } }]);
    const second = await h.kit.runAction('upsert_person', { email: 'ups@example.com', name: 'Two' });
    expect(second).toMatchObject({ id: first.result.id, name: 'Two' });
  });

  it('upsert_person: with id → POST /customer', async () => {
    const p = h.sim.store.insert('people', { email: 'ups-id@example.com' });
    const { result, requests } = await h.trace(() => h.kit.runAction('upsert_person', { id: p.id, phone: '+100' }));
    expect(requests).toMatchObject([{ method: 'POST', path: '/customer', body: { id: p.id, phone: '+100' } }]);
    expect(result).toMatchObject({ id: p.id, phone: '+100' });
  });

  it('get_person: by id → GET /customer/{id}; by email → GET /people?email=', async () => {
    const p = h.sim.store.insert('people', { email: 'get@example.com', name: 'Getter' });
    const byId = await h.trace(() => h.kit.runAction('get_person', { id: p.id }));
    expect(byId.requests).toMatchObject([{ method: 'GET', path: `/customer/${p.id}` }]);
    expect(byId.result).toMatchObject({ found: true, id: p.id, name: 'Getter' });
    const byEmail = await h.trace(() => h.kit.runAction('get_person', { email: 'get@example.com' }));
    expect(byEmail.requests).toMatchObject([{ method: 'GET', path: '/people', query: { email: 'get@example.com' } }]);
    expect(byEmail.result).toMatchObject({ found: true, id: p.id });
  });

  it('get_person: missing → not_found, or { found: false } when allowed', async () => {
    await expect(h.kit.runAction('get_person', { user_id: 'nobody' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(
      h.kit.runAction('get_person', { id: 'ffffffffffffffffffffffff', fail_if_not_found: false }),
    ).resolves.toEqual({ found: false });
  });

  it('get_person: an email in the id field is refused as not an internal id', async () => {
    await expect(h.kit.runAction('get_person', { id: 'ada@example.com' })).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringMatching(/id.*internal id/),
    });
  });

  it('delete_person: by user_id → DELETE /people?user_id=; by id → DELETE /people/{id}; repeat → not_found unless allowed', async () => {
    const a = h.sim.store.insert('people', { user_id: 'del-a' });
    const b = h.sim.store.insert('people', { user_id: 'del-b' });
    const byKey = await h.trace(() => h.kit.runAction('delete_person', { user_id: 'del-a' }));
    expect(byKey.requests).toMatchObject([{ method: 'DELETE', path: '/people', query: { user_id: 'del-a' } }]);
    expect(byKey.result).toMatchObject({ deleted: 1, already_deleted: false, custify_response: { deleted: 1 } });
    const byId = await h.trace(() => h.kit.runAction('delete_person', { id: b.id }));
    expect(byId.requests).toMatchObject([{ method: 'DELETE', path: `/people/${b.id}` }]);
    expect(byId.result).toMatchObject({ deleted: 1 });
    await expect(h.kit.runAction('delete_person', { id: b.id })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(h.kit.runAction('delete_person', { user_id: 'del-a' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(
      h.kit.runAction('delete_person', { id: b.id, succeed_if_already_deleted: true }),
    ).resolves.toMatchObject({ deleted: 0, already_deleted: true });
    expect(h.sim.store.get('people', a.id)).toBeUndefined();
  });

  it('add_remove_person_tag: PATCH /tag/entity with category people (ids from a comma list)', async () => {
    const a = h.sim.store.insert('people', { email: 'tag-a@example.com' });
    const b = h.sim.store.insert('people', { email: 'tag-b@example.com' });
    const add = await h.trace(() =>
      h.kit.runAction('add_remove_person_tag', { person_ids: `${a.id}, ${b.id}`, tag: 'vip', type: 'add' }),
    );
    expect(add.requests).toMatchObject([
      { method: 'PATCH', path: '/tag/entity', body: { ids: [a.id, b.id], type: 'add', category: 'people', tag: 'vip' } },
    ]);
    expect(add.result).toEqual({ updated: 2 });
    expect(h.sim.store.get('people', a.id)?.tags).toEqual(['vip']);
    await h.kit.runAction('add_remove_person_tag', { person_ids: [a.id], tag: 'vip', type: 'remove' });
    expect(h.sim.store.get('people', a.id)?.tags).toEqual([]);
    expect(h.sim.store.get('people', b.id)?.tags).toEqual(['vip']);
  });

  it('insert_event: POST /event (202) with deduplication_id defaulting to the idempotency key', async () => {
    h.sim.store.insert('people', { user_id: 'evt-user' });
    const input = { name: 'invoice_paid', user_id: 'evt-user', metadata: { amount: 42 } };
    const { result, requests } = await h.trace(() => h.kit.runAction('insert_event', input, 'run1:step1:0'));
    expect(requests).toMatchObject([
      { method: 'POST', path: '/event', status: 202, body: { ...input, deduplication_id: 'run1:step1:0' } },
    ]);
    expect(result).toEqual({ accepted: true, deduplication_id: 'run1:step1:0' });
    // A retried step (same idempotency key) is accepted but stored once.
    await h.kit.runAction('insert_event', input, 'run1:step1:0');
    expect(h.sim.store.list('events').filter((e) => e.deduplication_id === 'run1:step1:0')).toHaveLength(1);
  });
});
