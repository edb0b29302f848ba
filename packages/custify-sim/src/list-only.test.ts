import { describe, expect, it } from 'vitest';
import type { HealthScore, Objective } from './records-more';
import { call, useSimulator } from './testing';

const sim = useSimulator({ seed: 'demo' });

describe('list-only objects', () => {
  it.each([
    ['/calendar/meeting', 'meetings'],
    ['/segment?type=companies', 'segments'],
    ['/lifecycle', 'lifecycles'],
    ['/playbook?type=companies', 'playbooks'],
    ['/objective', 'objectives'],
    ['/survey', 'surveys'],
  ])('GET %s answers { total, %s, page, pages } with at least two seeded records', async (path, key) => {
    const res = await call<Record<string, unknown>>(sim(), 'GET', path);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, pages: 1 });
    const items = res.body[key] as { id: string; created_at: string }[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(res.body.total).toBe(items.length);
    expect(items[0]?.id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('GET /health_score/simple answers a plain array, paged', async () => {
    const all = await call<HealthScore[]>(sim(), 'GET', '/health_score/simple');
    expect(Array.isArray(all.body)).toBe(true);
    expect(all.body).toHaveLength(5);
    const page = await call<HealthScore[]>(sim(), 'GET', '/health_score/simple?page=2&itemsPerPage=2');
    expect(page.body.map((h) => h.id)).toEqual(all.body.slice(2, 4).map((h) => h.id));
  });

  it('narrows by ?type= and refuses unknown types', async () => {
    const people = await call<{ segments: { type: string }[] }>(sim(), 'GET', '/segment?type=people');
    expect(people.body.segments.length).toBeGreaterThan(0);
    expect(people.body.segments.every((s) => s.type === 'people')).toBe(true);
    expect((await call(sim(), 'GET', '/playbook?type=accounts')).body).toEqual({ errors: ['type must be companies or people'] });
  });

  it('sorts objectives with sort and order', async () => {
    const store = sim().store;
    const first = store.list('objectives')[0] as Objective;
    store.update('objectives', first.id, { progress: 99 }, { at: new Date(Date.now() + 60_000) });
    const asc = await call<{ objectives: Objective[] }>(sim(), 'GET', '/objective?sort=created_at&order=asc');
    const desc = await call<{ objectives: Objective[] }>(sim(), 'GET', '/objective?sort=created_at&order=desc');
    expect(asc.body.objectives.map((o) => o.id)).toEqual(desc.body.objectives.map((o) => o.id).reverse());
    const updated = await call<{ objectives: Objective[] }>(sim(), 'GET', '/objective?sort=updated_at&order=desc');
    expect(updated.body.objectives[0]?.id).toBe(first.id);
    expect((await call(sim(), 'GET', '/objective?order=sideways')).body).toEqual({ errors: ['order must be asc or desc'] });
  });
});
