import { describe, expect, it } from 'vitest';
import type { Company, Person } from './records-core';
import { call, useSimulator } from './testing';

const sim = useSimulator({ seed: 'demo' });

type One = { companies: Company[]; total: number };

describe('companies', () => {
  it('upserts by company_id: creates, then updates the same record', async () => {
    const created = await call<Company>(sim(), 'POST', '/company', { body: { company_id: 'c-9', name: 'Acme', size: 10 } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ company_id: 'c-9', name: 'Acme', size: 10, churned: false, parent_companies: [] });
    const again = await call<Company>(sim(), 'POST', '/company', { body: { company_id: 'c-9', plan: 'Pro', custom_attributes: { x: 1 } } });
    expect(again.body).toMatchObject({ id: created.body.id, name: 'Acme', plan: 'Pro', custom_attributes: { x: 1 } });
    expect(sim().store.list('companies').filter((c) => c.company_id === 'c-9')).toHaveLength(1);
  });

  it('updates by body id (404 when unknown) and requires company_id or id (422)', async () => {
    const company = sim().store.list('companies')[0] as Company;
    const updated = await call<Company>(sim(), 'POST', '/company', { body: { id: company.id, churned: true } });
    expect(updated.body).toMatchObject({ id: company.id, churned: true, company_id: company.company_id });
    expect((await call(sim(), 'POST', '/company', { body: { id: '0'.repeat(24), name: 'x' } })).status).toBe(404);
    expect((await call(sim(), 'POST', '/company', { body: { name: 'x' } })).body).toEqual({ errors: ['company_id or id is required'] });
    const badParent = await call<{ errors: string[] }>(sim(), 'POST', '/company', {
      body: { company_id: 'c-p', parent_companies: [{ id: 'nope' }] },
    });
    expect(badParent.status).toBe(422);
    expect(badParent.body.errors[0]).toMatch(/^parent_companies\[0\]\.id/);
  });

  it('gets { companies: [c], total: 1 } by id and by company_id; lists on GET /company/all', async () => {
    const company = sim().store.list('companies')[1] as Company;
    expect((await call<One>(sim(), 'GET', `/company/${company.id}`)).body).toEqual({ companies: [company], total: 1 });
    const byKey = await call<One>(sim(), 'GET', `/company?company_id=${company.company_id}`);
    expect(byKey.body.companies[0]?.id).toBe(company.id);
    expect((await call(sim(), 'GET', `/company/${'e'.repeat(24)}`)).status).toBe(404);
    const list = await call<{ companies: Company[]; total: number; page: number; pages: number }>(sim(), 'GET', '/company/all?itemsPerPage=2');
    expect(list.body.companies).toHaveLength(2);
    expect(list.body.page).toBe(1);
    expect((await call(sim(), 'GET', '/company')).status).toBe(422);
  });

  it('deletes by id or company_id and unlinks the company from people', async () => {
    const company = sim().store.list('companies')[0] as Company;
    const linked = sim().store.list('people').filter((p) => p.companies.includes(company.id));
    expect(linked.length).toBeGreaterThan(0);
    expect((await call(sim(), 'DELETE', `/company/${company.id}`)).body).toEqual({ deleted: 1 });
    const after = sim().store.get('people', (linked[0] as Person).id);
    expect(after?.companies).not.toContain(company.id);
    await call(sim(), 'POST', '/company', { body: { company_id: 'gone' } });
    expect((await call(sim(), 'DELETE', '/company?company_id=gone')).body).toEqual({ deleted: 1 });
    expect((await call(sim(), 'DELETE', '/company')).status).toBe(422);
  });
});
