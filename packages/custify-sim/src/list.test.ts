import { describe, expect, it } from 'vitest';
import type { Person, Task } from './records-core';
import { call, useSimulator } from './testing';

let now = new Date('2025-06-01T12:00:00.000Z');
const sim = useSimulator({ seed: 'empty', clock: () => now });

type PeoplePage = [{ people: Person[]; total: number; page: number; pages: number }];
const q = (v: unknown) => encodeURIComponent(JSON.stringify(v));

describe('list endpoints: pagination, sorting, filters', () => {
  it('orders by created_at desc, ties by id desc, and honours given and out-of-order timestamps', async () => {
    const s = sim().store;
    const a = s.insert('people', { email: 'a@x.io', tags: ['vip'] }); // 12:00
    const b = s.insert('people', { email: 'b@x.io' }); // 12:00 too: equal timestamps
    const c = s.insert('people', { email: 'c@x.io', tags: ['vip'] }, { at: new Date('2025-05-01T00:00:00Z') }); // older
    now = new Date('2025-06-02T00:00:00.000Z');
    s.update('people', c.id, { name: 'Cee' }); // c is now the most recently updated
    expect(a.created_at).toBe(b.created_at);

    const byCreated = await call<PeoplePage>(sim(), 'GET', '/people/all');
    expect(byCreated.body[0].people.map((p) => p.email)).toEqual(['b@x.io', 'a@x.io', 'c@x.io']);
    const byUpdated = await call<PeoplePage>(sim(), 'GET', `/people/all?sorting=${q({ field: 'updated_at', direction: 'desc' })}`);
    expect(byUpdated.body[0].people.map((p) => p.email)).toEqual(['c@x.io', 'b@x.io', 'a@x.io']);
    const asc = await call<PeoplePage>(sim(), 'GET', `/people/all?sorting=${q({ field: 'created_at', direction: 'asc' })}`);
    expect(asc.body[0].people.map((p) => p.email)).toEqual(['c@x.io', 'a@x.io', 'b@x.io']);
    expect(c.created_at).toBe('2025-05-01T00:00:00.000Z');
    expect(s.get('people', c.id)?.updated_at).toBe('2025-06-02T00:00:00.000Z');
  });

  it('pages with page/itemsPerPage and reports total and pages', async () => {
    const p1 = await call<PeoplePage>(sim(), 'GET', '/people/all?page=1&itemsPerPage=2');
    const p2 = await call<PeoplePage>(sim(), 'GET', '/people/all?page=2&itemsPerPage=2');
    const p3 = await call<PeoplePage>(sim(), 'GET', '/people/all?page=3&itemsPerPage=2');
    expect(p1.body[0]).toMatchObject({ total: 3, page: 1, pages: 2 });
    expect(p1.body[0].people).toHaveLength(2);
    expect(p2.body[0].people).toHaveLength(1);
    expect(p3.body[0].people).toEqual([]);
    const ids = [...p1.body[0].people, ...p2.body[0].people].map((p) => p.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('filters by exact value, array membership and dotted paths', async () => {
    sim().store.insert('people', { email: 'd@x.io', custom_attributes: { plan: 'pro' } });
    const vip = await call<PeoplePage>(sim(), 'GET', `/people/all?filters=${q({ tags: 'vip' })}`);
    expect(vip.body[0].people.map((p) => p.email).sort()).toEqual(['a@x.io', 'c@x.io']);
    const exact = await call<PeoplePage>(sim(), 'GET', `/people/all?filters=${q({ email: 'b@x.io' })}`);
    expect(exact.body[0].total).toBe(1);
    const dotted = await call<PeoplePage>(sim(), 'GET', `/people/all?filters=${q({ 'custom_attributes.plan': 'pro' })}`);
    expect(dotted.body[0].people[0]?.email).toBe('d@x.io');
  });

  it('answers 422 naming the bad list parameter', async () => {
    const cases: [string, string][] = [
      ['page=0', 'page must be a positive integer'],
      ['itemsPerPage=abc', 'itemsPerPage must be a positive integer'],
      ['sorting=nope', 'sorting must be JSON'],
      [`sorting=${q({ field: 'name' })}`, 'sorting.field must be one of created_at, updated_at'],
      [`sorting=${q({ field: 'created_at', direction: 'up' })}`, 'sorting.direction must be asc or desc'],
      [`filters=${q([1])}`, 'filters must be a JSON object of field → value'],
      [`filters=${q({ nope: 1 })}`, 'filters.nope is not a field of this object'],
    ];
    for (const [query, message] of cases) {
      const res = await call(sim(), 'GET', `/people/all?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body, query).toEqual({ errors: [message] });
    }
  });

  it('caps itemsPerPage at 100 (50 for tasks)', async () => {
    const s = sim().store;
    const person = s.list('people')[0] as Person;
    for (let i = 0; i < 120; i++) s.insert('tasks', { name: `t${i}`, entity: person.id, entityModel: 'People' });
    for (let i = 0; i < 110; i++) s.insert('segments', { name: `s${i}` });
    const tasks = await call<{ tasks: Task[]; pages: number }>(sim(), 'GET', '/task?itemsPerPage=500');
    expect(tasks.body.tasks).toHaveLength(50);
    expect(tasks.body.pages).toBe(3);
    const segments = await call<{ segments: unknown[] }>(sim(), 'GET', '/segment?itemsPerPage=500');
    expect(segments.body.segments).toHaveLength(100);
  });
});
