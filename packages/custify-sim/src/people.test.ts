import { describe, expect, it } from 'vitest';
import type { Person } from './records-core';
import { call, useSimulator } from './testing';

const sim = useSimulator({ seed: 'demo' });

type Page = [{ people: Person[]; total: number; page: number; pages: number }];

describe('people', () => {
  it('lists people array-wrapped on GET /people/all', async () => {
    const res = await call<Page>(sim(), 'GET', '/people/all?page=1&itemsPerPage=3');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    const [page] = res.body;
    expect(page.people).toHaveLength(3);
    expect(page).toMatchObject({ total: 10, page: 1, pages: 4 });
    expect(page.people[0]?.id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('creates with POST /people, then updates the same person matched by user_id, then by email', async () => {
    const created = await call<Person>(sim(), 'POST', '/people', {
      body: { user_id: 'u-1', email: 'kim@example.com', name: 'Kim', custom_attributes: { a: 1 } },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ user_id: 'u-1', email: 'kim@example.com', name: 'Kim', tags: [] });
    expect(created.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const byUserId = await call<Person>(sim(), 'POST', '/people', { body: { user_id: 'u-1', phone: '+1', custom_attributes: { b: 2 } } });
    expect(byUserId.body.id).toBe(created.body.id);
    expect(byUserId.body.custom_attributes).toEqual({ a: 1, b: 2 });

    const byEmail = await call<Person>(sim(), 'POST', '/people', { body: { email: 'KIM@example.com', session_count: 4 } });
    expect(byEmail.body.id).toBe(created.body.id);
    expect(byEmail.body).toMatchObject({ session_count: 4, phone: '+1', name: 'Kim' });
  });

  it('rejects POST /people without a key, with a body id, or with bad fields (422 naming the field)', async () => {
    const noKey = await call(sim(), 'POST', '/people', { body: { name: 'x' } });
    expect(noKey.status).toBe(422);
    expect(noKey.body).toEqual({ errors: ['user_id or email is required'] });
    const withId = await call<{ errors: string[] }>(sim(), 'POST', '/people', { body: { id: 'abc', email: 'a@b.co' } });
    expect(withId.status).toBe(422);
    expect(withId.body.errors[0]).toMatch(/^id is not accepted/);
    const bad = await call<{ errors: string[] }>(sim(), 'POST', '/people', { body: { email: 'not-an-email', session_count: -1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.split(':')[0])).toEqual(['email', 'session_count']);
    const notObject = await call<{ errors: string[] }>(sim(), 'POST', '/people', { body: [1] });
    expect(notObject.status).toBe(422);
  });

  it('links and unlinks companies by company_id, creating unknown companies', async () => {
    const linked = await call<Person>(sim(), 'POST', '/people', {
      body: { user_id: 'u-links', companies: [{ company_id: 'acct-1001' }, { company_id: 'new-co' }] },
    });
    expect(linked.body.companies).toHaveLength(2);
    const newCo = await call<{ companies: { id: string }[]; total: number }>(sim(), 'GET', '/company?company_id=new-co');
    expect(newCo.body.total).toBe(1);
    expect(linked.body.companies).toContain(newCo.body.companies[0]?.id);
    const unlinked = await call<Person>(sim(), 'POST', '/people', {
      body: { user_id: 'u-links', companies: [{ company_id: 'new-co', remove: true }] },
    });
    expect(unlinked.body.companies).toHaveLength(1);
  });

  it('updates by internal id on POST /customer (404 when unknown, 422 when missing)', async () => {
    const person = sim().store.list('people')[0] as Person;
    const res = await call<Person>(sim(), 'POST', '/customer', { body: { id: person.id, name: 'Renamed' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: person.id, name: 'Renamed', email: person.email });
    expect((await call(sim(), 'POST', '/customer', { body: { id: 'a'.repeat(24), name: 'x' } })).status).toBe(404);
    expect((await call(sim(), 'POST', '/customer', { body: { name: 'x' } })).body).toEqual({ errors: ['id is required'] });
    const clash = await call(sim(), 'POST', '/customer', { body: { id: person.id, user_id: 'u-1' } });
    expect(clash.status).toBe(422);
  });

  it('gets a person by id, user_id and email', async () => {
    const person = sim().store.list('people')[1] as Person;
    const byId = await call<Person>(sim(), 'GET', `/people/${person.id}`);
    expect(byId.body.id).toBe(person.id);
    // GET /customer/{id}: the bare person (CustifyOfficial/custify-mcp getContact).
    expect((await call<Person>(sim(), 'GET', `/customer/${person.id}`)).body.id).toBe(person.id);
    // By key: an array wrapping one { people, total } (testmonitor/custify-client).
    type Wrapped = [{ people: Person[]; total: number }];
    const byUserId = await call<Wrapped>(sim(), 'GET', `/people?user_id=${person.user_id}`);
    expect(byUserId.body).toEqual([{ people: [expect.objectContaining({ id: person.id })], total: 1 }]);
    const byEmail = await call<Wrapped>(sim(), 'GET', `/people?email=${encodeURIComponent(person.email ?? '')}`);
    expect(byEmail.body[0].total).toBe(1);
    expect((await call<Wrapped>(sim(), 'GET', '/people?user_id=nobody')).body).toEqual([{ people: [], total: 0 }]);
    expect((await call(sim(), 'GET', `/people/${'f'.repeat(24)}`)).body).toEqual({ error: 'Not found' });
  });

  it('deletes by id and by user_id/email with { deleted: n }', async () => {
    const a = await call<Person>(sim(), 'POST', '/people', { body: { user_id: 'del-1' } });
    await call<Person>(sim(), 'POST', '/people', { body: { email: 'del2@example.com' } });
    expect((await call(sim(), 'DELETE', `/people/${a.body.id}`)).body).toEqual({ deleted: 1 });
    expect((await call(sim(), 'DELETE', `/people/${a.body.id}`)).status).toBe(404);
    expect((await call(sim(), 'DELETE', '/people?email=del2@example.com')).body).toEqual({ deleted: 1 });
    expect((await call(sim(), 'DELETE', '/people?user_id=nobody')).body).toEqual({ deleted: 0 });
    expect((await call(sim(), 'DELETE', '/people')).status).toBe(422);
  });
});
