import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriggerEvent } from '@konnect/sdk';
import type { Harness, SimRequest } from '../harness.fixture';
import { startHarness } from '../harness.fixture';
import type { SourceFixture, Stamped } from './sources.fixture';
import { SOURCES, TRIGGERS } from './sources.fixture';

const OLD = 250; // history far outside the look-back window (several pages)
const ROUND1 = 130; // changes between the first two polls: several pages

function expectExactlyOnce(events: TriggerEvent[], expected: Set<string>): void {
  const keys = events.map((e) => e.key);
  expect(new Set(keys).size, 'an event was emitted twice').toBe(keys.length);
  expect(new Set(keys)).toEqual(expected);
  const times = events.map((e) => Date.parse(e.occurredAt ?? ''));
  expect(times, 'events come oldest first').toEqual([...times].sort((a, b) => a - b));
  for (const e of events) expect(e.key.startsWith(String(e.data.id))).toBe(true);
}

describe.each(TRIGGERS)('trigger %s', (key, sourceKey, event) => {
  const source: SourceFixture = SOURCES[sourceKey];
  const field = event === 'created' ? 'created_at' : 'updated_at';
  const sorted =
    source.sort === 'sorting' || source.sort === 'sort-order' || (source.sort === 'newest-first' && event === 'created');
  const keyOf = (r: Stamped | undefined): string => {
    if (!r) throw new Error('fixture record missing');
    return event === 'created' ? r.id : `${r.id}@${r.updated_at}`;
  };

  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  function expectPageRequests(requests: SimRequest[]): void {
    requests.forEach((req, i) => {
      expect(req).toMatchObject({ method: 'GET', path: source.path, status: 200 });
      expect(req.query).toMatchObject({ page: String(i + 1), itemsPerPage: String(source.perPage), ...source.params });
      if (source.sort === 'sort-order') expect(req.query).toMatchObject({ sort: field, order: 'desc' });
      else if (source.sort === 'sorting') expect(JSON.parse(req.query.sorting ?? 'null')).toEqual({ field, direction: 'desc' });
      // `newest-first` lists by created_at desc without a parameter; `none` has no known order.
      else expect(req.query.sorting ?? req.query.sort).toBeUndefined();
    });
  }

  it('polls across pages: each change once, nothing old, nothing twice, restart-safe', async () => {
    const store = h.sim.store;
    const base = Date.now() - 3_600_000;
    const t = (s: number) => new Date(base + s * 1000);
    const old = Array.from({ length: OLD }, (_, i) => source.insert(store, i, new Date(base - 1_800_000 + i)));
    source.insert(store, OLD, t(-60));
    source.insert(store, OLD + 1, t(0));

    const at = (s: number) => ({ now: () => t(s) });
    // First activation: no events; a sorted list's cursor is at the newest record, an unsorted
    // list's at now (it reads nothing: its first full scan starts with the next poll).
    const first = await h.trace(() => h.kit.poll(key, {}, null, at(5)));
    expect(first.result.events).toEqual([]);
    expect(first.result.cursor.watermark).toBe((sorted ? t(0) : t(5)).toISOString());
    if (!sorted) expect(first.requests).toEqual([]);
    expectPageRequests(first.requests);

    // Round 1: 130 changes, three per timestamp, applied out of time order.
    const expected1 = new Set<string>();
    for (let k = 0; k < ROUND1; k++) {
      const i = (k * 37) % ROUND1;
      const at = t(10 + Math.floor(i / 3));
      const oldRecord = old[i];
      const changed =
        event === 'updated' && i < 100 && oldRecord
          ? source.touch(store, oldRecord.id, i, at)
          : source.insert(store, 1000 + i, at);
      expected1.add(keyOf(changed));
    }
    const r1 = await h.trace(() => h.kit.poll(key, {}, first.result.cursor, at(60)));
    expectExactlyOnce(r1.result.events, expected1);
    expect(r1.requests.length).toBeGreaterThan(1);
    expectPageRequests(r1.requests);
    const watermark = Date.parse(r1.result.cursor.watermark ?? '');
    expect(watermark).toBe(t(10 + Math.floor((ROUND1 - 1) / 3)).getTime());

    // Round 2: a record at exactly the watermark, a late one below it, and changes that
    // must (updated) or must not (created) fire again.
    const expected2 = new Set<string>();
    expected2.add(keyOf(source.insert(store, 2000, new Date(watermark))));
    expected2.add(keyOf(source.insert(store, 2001, new Date(watermark - 30_000))));
    const again = old[0];
    if (!again) throw new Error('fixture record missing');
    if (event === 'created') {
      for (const r of old.slice(0, 5)) source.touch(store, r.id, 7, t(70));
    } else {
      expected2.add(keyOf(source.touch(store, again.id, 99, t(70))));
    }
    const r2 = await h.kit.poll(key, {}, r1.result.cursor, at(100));
    expectExactlyOnce(r2.events, expected2);

    // Restart from the stored (serialised) cursor: nothing old comes back.
    const stored = JSON.parse(JSON.stringify(r2.cursor)) as typeof r2.cursor;
    const r3 = await h.trace(() => h.kit.poll(key, {}, stored, at(130)));
    expect(r3.result.events).toEqual([]);
    const pages = Math.ceil(source.list(store).length / source.perPage);
    if (sorted) expect(r3.requests.length).toBeLessThan(pages);
    // Without a page budget (the platform gives one per connection) a scan finishes in one poll.
    else expect(r3.requests).toHaveLength(pages);
  });

  // Only unsortable lists are scanned across polls (sorted ones read newest-first up to the watermark).
  if (!sorted) it('spreads a full scan across polls within the page budget: each new record once', async () => {
    const store = h.sim.store;
    const base = Date.now() - 600_000;
    const t = (s: number) => new Date(base + s * 1000);
    let left = 0;
    const budget = { take: async () => left-- > 0, spend: async () => undefined };
    let clock = 0;
    const poll = (cursor: Parameters<typeof h.kit.poll>[2], pages: number) => {
      left = pages;
      clock += 20;
      return h.trace(() => h.kit.poll(key, {}, cursor, { budget, now: () => t(clock) }));
    };
    let cursor = (await poll(null, 2)).result.cursor;
    const expected = new Set<string>();
    const emitted: string[] = [];
    for (let round = 0; round < 12; round++) {
      // One new record per round, and (updated) one old record changed.
      expected.add(keyOf(source.insert(store, 5000 + round, t(clock + 5))));
      if (event === 'updated') {
        const some = source.list(store)[round * 7];
        const touched = some ? source.touch(store, some.id, round, t(clock + 6)) : undefined;
        if (touched) expected.add(keyOf(touched));
      }
      const { result, requests } = await poll(cursor, 2);
      expect(requests.length).toBeLessThanOrEqual(2);
      emitted.push(...result.events.map((e) => e.key));
      cursor = result.cursor;
    }
    for (let i = 0; i < 12; i++) {
      const { result } = await poll(cursor, 2);
      emitted.push(...result.events.map((e) => e.key));
      cursor = result.cursor;
    }
    expect(new Set(emitted).size, 'an event was emitted twice').toBe(emitted.length);
    // A record updated in two rounds before the scan reached it fires for its last state only.
    const finalKeys = new Set(source.list(store).map((r) => keyOf(r)));
    expect([...expected].filter((k) => finalKeys.has(k) && !emitted.includes(k)), 'a change never fired').toEqual([]);
    expect(emitted.filter((k) => !expected.has(k)), 'an event for a record that did not change').toEqual([]);
    const pages = Math.ceil(source.list(store).length / source.perPage);
    expect(cursor.scan?.lastFullScanPolls).toBe(Math.ceil(pages / 2));
  });

  it('sample(): the three most recent records, with their fields', async () => {
    const { result, requests } = await h.trace(() => h.kit.sample(key, {}));
    const newest = source
      .list(h.sim.store)
      .map((r) => r[field])
      .sort()
      .reverse()
      .slice(0, 3);
    expect(result.records.map((r) => r[field])).toEqual(newest);
    expect(result.fields.map((f) => f.path)).toEqual(expect.arrayContaining(['id', field]));
    if (sorted) expect(requests).toMatchObject([{ path: source.path, query: { itemsPerPage: '3' } }]);
  });
});
