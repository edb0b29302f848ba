import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../harness.fixture';
import { HEX24, startHarness } from '../harness.fixture';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('Company actions', () => {
  it('create_company: POST /company keyed by company_id; parent ids become [{ id }]', async () => {
    const parent = h.sim.store.insert('companies', { company_id: 'parent-co' });
    const input = { company_id: 'acme', name: 'Acme', size: 40, churned: false, parent_companies: parent.id };
    const { result, requests } = await h.trace(() => h.kit.runAction('create_company', input));
    expect(requests).toMatchObject([
      {
        method: 'POST',
        path: '/company',
        body: { company_id: 'acme', name: 'Acme', size: 40, churned: false, parent_companies: [{ id: parent.id }] },
        status: 200,
      },
    ]);
    expect(result).toMatchObject({ id: expect.stringMatching(HEX24), company_id: 'acme', name: 'Acme' });
  });

  it('create_company: company_id is required', async () => {
    await expect(h.kit.runAction('create_company', { name: 'No key' })).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringContaining('company_id'),
    });
  });

  it('update_company: by company_id looks up, then POST /company with the internal id', async () => {
    const c = h.sim.store.insert('companies', { company_id: 'upd-co', plan: 'free' });
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('update_company', { company_id: 'upd-co', plan: 'pro', monthly_revenue: 990 }),
    );
    expect(requests).toMatchObject([
      { method: 'GET', path: '/company', query: { company_id: 'upd-co' } },
      { method: 'POST', path: '/company', body: { id: c.id, company_id: 'upd-co', plan: 'pro', monthly_revenue: 990 } },
    ]);
    expect(result).toMatchObject({ id: c.id, plan: 'pro', monthly_revenue: 990 });
  });

  it('update_company: by internal id → one POST; unknown company_id → not_found, nothing created', async () => {
    const c = h.sim.store.insert('companies', { company_id: 'upd-co-2' });
    const byId = await h.trace(() => h.kit.runAction('update_company', { id: c.id, industry: 'SaaS' }));
    expect(byId.requests).toMatchObject([{ method: 'POST', path: '/company', body: { id: c.id, industry: 'SaaS' } }]);
    expect(byId.result).toMatchObject({ id: c.id, industry: 'SaaS' });
    const before = h.sim.store.list('companies').length;
    await expect(h.kit.runAction('update_company', { company_id: 'ghost-co', name: 'x' })).rejects.toMatchObject({
      kind: 'not_found',
      message: expect.stringContaining('ghost-co'),
    });
    expect(h.sim.store.list('companies')).toHaveLength(before);
  });

  it('upsert_company: creates by company_id, then updates the same company', async () => {
    const first = await h.trace(() => h.kit.runAction('upsert_company', { company_id: 'ups-co', name: 'One' }));
    expect(first.requests).toMatchObject([{ method: 'POST', path: '/company', body: { company_id: 'ups-co', name: 'One' } }]);
    const second = await h.trace(() =>
      h.kit.runAction('upsert_company', { id: String(first.result.id), custom_attributes: { tier: 'gold' } }),
    );
    expect(second.requests).toMatchObject([
      { method: 'POST', path: '/company', body: { id: first.result.id, custom_attributes: { tier: 'gold' } } },
    ]);
    expect(second.result).toMatchObject({ id: first.result.id, name: 'One', custom_attributes: { tier: 'gold' } });
  });

  it('get_company: by id → GET /company/{id}; by company_id → GET /company?company_id=', async () => {
    const c = h.sim.store.insert('companies', { company_id: 'get-co', name: 'Gettable' });
    const byId = await h.trace(() => h.kit.runAction('get_company', { id: c.id }));
    expect(byId.requests).toMatchObject([{ method: 'GET', path: `/company/${c.id}` }]);
    expect(byId.result).toMatchObject({ found: true, id: c.id, name: 'Gettable' });
    const byKey = await h.trace(() => h.kit.runAction('get_company', { company_id: 'get-co' }));
    expect(byKey.requests).toMatchObject([{ method: 'GET', path: '/company', query: { company_id: 'get-co' } }]);
    expect(byKey.result).toMatchObject({ found: true, id: c.id });
    await expect(h.kit.runAction('get_company', { company_id: 'none', fail_if_not_found: false })).resolves.toEqual({
      found: false,
    });
    await expect(h.kit.runAction('get_company', { id: 'aaaaaaaaaaaaaaaaaaaaaaaa' })).rejects.toMatchObject({
      kind: 'not_found',
    });
  });

  it('delete_company: by company_id and by id; repeating → not_found unless allowed', async () => {
    const a = h.sim.store.insert('companies', { company_id: 'del-co-a' });
    const b = h.sim.store.insert('companies', { company_id: 'del-co-b' });
    const byKey = await h.trace(() => h.kit.runAction('delete_company', { company_id: 'del-co-a' }));
    expect(byKey.requests).toMatchObject([{ method: 'DELETE', path: '/company', query: { company_id: 'del-co-a' } }]);
    expect(byKey.result).toMatchObject({ deleted: 1, already_deleted: false });
    const byId = await h.trace(() => h.kit.runAction('delete_company', { id: b.id }));
    expect(byId.requests).toMatchObject([{ method: 'DELETE', path: `/company/${b.id}` }]);
    expect(byId.result).toMatchObject({ deleted: 1 });
    await expect(h.kit.runAction('delete_company', { id: b.id })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(
      h.kit.runAction('delete_company', { company_id: 'del-co-a', succeed_if_already_deleted: true }),
    ).resolves.toMatchObject({ deleted: 0, already_deleted: true });
    expect(h.sim.store.get('companies', a.id)).toBeUndefined();
  });
});
