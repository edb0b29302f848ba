import { describe, expect, it } from 'vitest';
import type { CollectionName } from './collections';
import { EventsMode } from './events-mode';
import { SimStore } from './store';
import { call, eventually, useSimulator } from './testing';

const sim = useSimulator({ seed: 'empty' });

const ACTIVE: CollectionName[] = [
  'people', 'companies', 'notes', 'tasks', 'tickets', 'time_tracks',
  'meetings', 'health_scores', 'segments', 'lifecycles', 'playbooks', 'objectives', 'surveys',
];

describe('events mode', () => {
  it('creates and updates records in every active collection at the interval, until switched off', async () => {
    const on = await call(sim(), 'POST', '/__control/events', { key: null, body: { enabled: true, intervalMs: 20 } });
    expect(on.body).toEqual({ enabled: true, intervalMs: 20 });
    const store = sim().store;
    await eventually(() => ACTIVE.every((c) => store.list(c).some((r) => r.updated_at > r.created_at) && store.count(c) >= 3));
    const off = await call(sim(), 'POST', '/__control/events', { key: null, body: { enabled: false } });
    expect(off.body).toMatchObject({ enabled: false });
    const count = store.count('people');
    await new Promise((r) => setTimeout(r, 60));
    expect(store.count('people')).toBe(count);
    const list = await call<[{ total: number }]>(sim(), 'GET', '/people/all');
    expect(list.body[0].total).toBe(count);
    expect(store.count('files')).toBeGreaterThanOrEqual(3);
  });

  it('is driven programmatically with setEvents', async () => {
    const before = sim().store.count('notes');
    sim().setEvents(true, 15);
    await eventually(() => sim().store.count('notes') > before);
    sim().setEvents(false);
  });

  it('is deterministic for the same starting store and clock', () => {
    const run = () => {
      const store = new SimStore(() => new Date('2025-01-01T00:00:00Z'));
      const mode = new EventsMode(store);
      for (let i = 0; i < 3; i++) mode.tick();
      return ACTIVE.map((c) => store.list(c));
    };
    expect(run()).toEqual(run());
    expect(() => new EventsMode(new SimStore()).start(1)).toThrow(RangeError);
  });
});
