import { describe, expect, it } from 'vitest';
import { ConnectorError } from './errors';
import { pollNewest, type PollNewestOptions } from './polling';
import type { DedupeStrategy, TriggerCursorData } from './types';

interface Rec extends Record<string, unknown> {
  id: string;
  created_at: string;
  updated_at: string;
}

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

/** An in-memory list API: newest first by `field` (or unsorted), `pageSize` per page. */
class FakeList {
  records: Rec[] = [];
  fetched: number[] = [];
  constructor(
    private readonly field: 'created_at' | 'updated_at',
    private readonly pageSize = 3,
    private readonly sorted = true,
  ) {}

  add(id: string, seconds: number): Rec {
    const rec = { id, created_at: at(seconds), updated_at: at(seconds) };
    this.records.push(rec);
    return rec;
  }

  update(id: string, seconds: number): void {
    const rec = this.records.find((r) => r.id === id);
    if (!rec) throw new Error(`no ${id}`);
    rec.updated_at = at(seconds);
  }

  fetchPage = async (page: number) => {
    this.fetched.push(page);
    const list = this.sorted
      ? [...this.records].sort((a, b) => Date.parse(b[this.field]) - Date.parse(a[this.field]))
      : this.records;
    const start = (page - 1) * this.pageSize;
    return { items: list.slice(start, start + this.pageSize), hasMore: start + this.pageSize < list.length };
  };
}

function poller(list: FakeList, strategy: DedupeStrategy, field: 'created_at' | 'updated_at', extra: Partial<PollNewestOptions<Rec>> = {}) {
  return async (cursor: TriggerCursorData | null, nowSeconds = 3600) => {
    list.fetched = [];
    return pollNewest<Rec>({
      cursor,
      strategy,
      fetchPage: list.fetchPage,
      id: (r) => r.id,
      timestamp: (r) => r[field],
      now: () => new Date(T0 + nowSeconds * 1000),
      lookbackMs: 60_000,
      ...extra,
    });
  };
}

describe('pollNewest: first activation', () => {
  it('emits nothing and sets the watermark at the newest record', async () => {
    const list = new FakeList('created_at');
    for (let i = 1; i <= 7; i++) list.add(`r${i}`, i * 100);
    const poll = poller(list, 'id', 'created_at');
    const first = await poll(null);
    expect(first.events).toEqual([]);
    expect(first.cursor.watermark).toBe(at(700));
    // Only the newest page was needed: its oldest record is already below the window.
    expect(list.fetched).toEqual([1]);
    expect(first.cursor.seenKeys).toEqual(['r7']);
  });

  it('uses now when the list is empty', async () => {
    const list = new FakeList('created_at');
    const first = await poller(list, 'id', 'created_at')(null, 50);
    expect(first).toEqual({ events: [], cursor: { watermark: at(50), seenKeys: [] } });
  });
});

describe('pollNewest: created records', () => {
  it('emits new records across pages exactly once, oldest first, and stops paging early', async () => {
    const list = new FakeList('created_at');
    for (let i = 1; i <= 5; i++) list.add(`old${i}`, i * 100);
    const poll = poller(list, 'id', 'created_at');
    const c1 = (await poll(null)).cursor;

    for (let i = 1; i <= 7; i++) list.add(`new${i}`, 1000 + i);
    const second = await poll(c1);
    expect(second.events.map((e) => e.key)).toEqual(['new1', 'new2', 'new3', 'new4', 'new5', 'new6', 'new7']);
    expect(second.events[0]).toEqual({ key: 'new1', data: list.records[5], occurredAt: at(1001) });
    expect(second.cursor.watermark).toBe(at(1007));
    // Page 3 holds old records below the window: paging stops there.
    expect(list.fetched).toEqual([1, 2, 3]);

    const third = await poll(second.cursor);
    expect(third.events).toEqual([]);
  });

  it('never emits twice nor misses records with equal timestamps split across polls', async () => {
    const list = new FakeList('created_at', 2);
    list.add('a', 100);
    const poll = poller(list, 'id', 'created_at');
    const c1 = (await poll(null)).cursor;

    list.add('b', 200);
    list.add('c', 200);
    const p2 = await poll(c1);
    expect(p2.events.map((e) => e.key)).toEqual(['b', 'c']);

    // Another record lands with the very same timestamp after the poll.
    list.add('d', 200);
    const p3 = await poll(p2.cursor);
    expect(p3.events.map((e) => e.key)).toEqual(['d']);
    // 'a' (100 s) is below the window (watermark 200 s − 60 s) and forgotten.
    expect(p3.cursor.seenKeys.sort()).toEqual(['b', 'c', 'd']);
    expect((await poll(p3.cursor)).events).toEqual([]);
  });

  it('catches late records older than the watermark inside the lookback window', async () => {
    const list = new FakeList('created_at');
    list.add('a', 100);
    const poll = poller(list, 'id', 'created_at');
    const c1 = (await poll(null)).cursor;
    list.add('b', 200);
    const p2 = await poll(c1);
    expect(p2.events.map((e) => e.key)).toEqual(['b']);

    // 'late' was written with an earlier timestamp than 'b' but became visible only now.
    list.add('late', 170);
    // Too late: older than the lookback window (60 s below the watermark at 200 s).
    list.add('ancient', 100);
    const p3 = await poll(p2.cursor);
    expect(p3.events.map((e) => e.key)).toEqual(['late']);
    expect((await poll(p3.cursor)).events).toEqual([]);
  });

  it('restarting from a stored cursor emits nothing old', async () => {
    const list = new FakeList('created_at');
    for (let i = 1; i <= 9; i++) list.add(`r${i}`, i * 10);
    const poll = poller(list, 'id', 'created_at');
    const cursor = (await poll(null)).cursor;
    const stored: TriggerCursorData = JSON.parse(JSON.stringify(cursor));
    const again = await poll(stored);
    expect(again.events).toEqual([]);
    expect(again.cursor).toEqual(cursor);
  });

  it('keeps remembered keys when a page comes back empty, so nothing is replayed', async () => {
    const list = new FakeList('created_at');
    const poll = poller(list, 'id', 'created_at');
    list.add('a', 100);
    const c1 = (await poll(null)).cursor;
    list.add('b', 110);
    const p2 = await poll(c1);
    const saved = list.records;
    list.records = [];
    const glitch = await poll(p2.cursor);
    expect(glitch.events).toEqual([]);
    list.records = saved;
    expect((await poll(glitch.cursor)).events).toEqual([]);
  });

  it('reads an unsorted list as a full scan and orders events locally', async () => {
    const list = new FakeList('created_at', 2, false);
    list.add('x', 500);
    const poll = poller(list, 'id', 'created_at', { sorted: false });
    // First activation reads nothing: records from before it never fire.
    const c1 = (await poll(null, 505)).cursor;
    expect(list.fetched).toEqual([]);
    expect(c1.scan).toMatchObject({ page: 1, since: at(505), startedAt: null });
    list.add('n3', 530);
    list.add('n1', 510);
    list.add('n2', 520);
    const p2 = await poll(c1, 540);
    expect(list.fetched).toEqual([1, 2]);
    expect(p2.events.map((e) => e.key)).toEqual(['n1', 'n2', 'n3']);
    expect(p2.cursor.scan).toMatchObject({ page: 1, startedAt: null, lastFullScanPolls: 1, lastFullScanPages: 2, lastFullScanMs: 0 });
    expect((await poll(p2.cursor, 600)).events).toEqual([]);
  });

  it('stops at maxPages per poll and goes on from there next poll', async () => {
    const list = new FakeList('created_at', 1, false);
    const poll = poller(list, 'id', 'created_at', { sorted: false, maxPages: 4 });
    const c1 = (await poll(null, 0)).cursor;
    for (let i = 0; i < 10; i++) list.add(`r${i}`, 10 + i);
    const p2 = await poll(c1, 60);
    expect(list.fetched).toEqual([1, 2, 3, 4]);
    expect(p2.events.map((e) => e.key)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(p2.cursor.scan).toMatchObject({ page: 5, pagesRead: 4, polls: 1, startedAt: at(60) });
    const p3 = await poll(p2.cursor, 120);
    expect(list.fetched).toEqual([5, 6, 7, 8]);
    const p4 = await poll(p3.cursor, 180);
    expect(list.fetched).toEqual([9, 10]);
    expect([...p3.events, ...p4.events].map((e) => e.key)).toEqual(['r4', 'r5', 'r6', 'r7', 'r8', 'r9']);
    // Three polls, 120 s from the first page to the last.
    expect(p4.cursor.scan).toMatchObject({ page: 1, lastFullScanPolls: 3, lastFullScanPages: 10, lastFullScanMs: 120_000, lastFullScanAt: at(180) });
  });

  it('a scan stops when the budget refuses and resumes where it stopped', async () => {
    const list = new FakeList('created_at', 1, false);
    let left = 0;
    const spent: string[] = [];
    const budget = {
      take: async () => (left > 0 ? (left--, spent.push('take'), true) : false),
      spend: async () => void spent.push('spend'),
    };
    const poll = poller(list, 'id', 'created_at', { sorted: false, maxPages: 100, budget });
    const c1 = (await poll(null, 0)).cursor;
    for (let i = 0; i < 5; i++) list.add(`r${i}`, 10 + i);
    const p2 = await poll(c1, 60);
    expect(list.fetched).toEqual([]);
    expect(p2.cursor.scan).toMatchObject({ page: 1, startedAt: null, polls: 0 });
    left = 2;
    const p3 = await poll(p2.cursor, 120);
    expect(list.fetched).toEqual([1, 2]);
    left = 10;
    const p4 = await poll(p3.cursor, 180);
    expect(list.fetched).toEqual([3, 4, 5]);
    expect(left).toBe(7);
    expect([...p3.events, ...p4.events].map((e) => e.key)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(spent.every((s) => s === 'take')).toBe(true);
  });

  it('keeps the pages read when the app answers 429 midway, and reads on from that page', async () => {
    const list = new FakeList('created_at', 1, false);
    const poll = poller(list, 'id', 'created_at', { sorted: false, maxPages: 100 });
    const c1 = (await poll(null, 0)).cursor;
    for (let i = 0; i < 4; i++) list.add(`r${i}`, 10 + i);
    const fetchPage = list.fetchPage;
    let limited = true;
    const p2 = await poller(list, 'id', 'created_at', {
      sorted: false,
      fetchPage: async (page) => {
        if (page === 3 && limited) throw new ConnectorError({ kind: 'rate_limited', message: 'slow down', retryable: true, status: 429 });
        return fetchPage(page);
      },
    })(c1, 60);
    expect(p2.events.map((e) => e.key)).toEqual(['r0', 'r1']);
    expect(p2.cursor.scan?.page).toBe(3);
    limited = false;
    const p3 = await poll(p2.cursor, 120);
    expect(list.fetched).toEqual([3, 4]);
    expect(p3.events.map((e) => e.key)).toEqual(['r2', 'r3']);
  });

  it('a sorted poll counts its pages in the budget and is never cut short', async () => {
    const list = new FakeList('created_at', 2);
    const calls: string[] = [];
    const budget = { take: async () => (calls.push('take'), false), spend: async () => void calls.push('spend') };
    const poll = poller(list, 'id', 'created_at', { budget });
    const c1 = (await poll(null, 0)).cursor;
    for (let i = 0; i < 5; i++) list.add(`r${i}`, 10 + i);
    calls.length = 0;
    const p2 = await poll(c1, 60);
    expect(p2.events).toHaveLength(5);
    expect(calls).toEqual(['spend', 'spend', 'spend']);
    expect(p2.cursor.scan).toBeUndefined();
  });

  it('takes over a cursor from before scans were kept: its look-back window, no replay', async () => {
    const list = new FakeList('created_at', 2, false);
    list.add('old', 100);
    list.add('seen', 950);
    list.add('late', 960);
    const legacy: TriggerCursorData = { watermark: at(1000), seenKeys: ['seen'] };
    const p = await poller(list, 'id', 'created_at', { sorted: false })(legacy, 1010);
    expect(p.events.map((e) => e.key)).toEqual(['late']);
    expect(p.cursor.scan?.since).toBe(at(940));
  });

  it('does not let a record from the future push the watermark past now', async () => {
    const list = new FakeList('created_at');
    list.add('a', 100);
    const poll = poller(list, 'id', 'created_at');
    const c1 = (await poll(null, 150)).cursor;
    list.add('future', 10_000);
    const p2 = await poll(c1, 200);
    expect(p2.events.map((e) => e.key)).toEqual(['future']);
    expect(p2.cursor.watermark).toBe(at(200));
    list.add('b', 210);
    const p3 = await poll(p2.cursor, 220);
    expect(p3.events.map((e) => e.key)).toEqual(['b']);
  });
});

describe('pollNewest: updated records', () => {
  it('emits each update as id@updated_at, once, including records updated twice', async () => {
    const list = new FakeList('updated_at');
    list.add('p1', 100);
    list.add('p2', 110);
    const poll = poller(list, 'id+updated_at', 'updated_at');
    const c1 = (await poll(null)).cursor;

    list.update('p1', 200);
    list.add('p3', 205);
    const p2 = await poll(c1);
    expect(p2.events.map((e) => e.key)).toEqual([`p1@${at(200)}`, `p3@${at(205)}`]);

    list.update('p1', 300);
    list.update('p2', 300);
    const p3 = await poll(p2.cursor);
    expect(p3.events.map((e) => e.key)).toEqual([`p1@${at(300)}`, `p2@${at(300)}`]);
    expect(p3.events[0]?.occurredAt).toBe(at(300));
    expect((await poll(p3.cursor)).events).toEqual([]);
  });

  it('handles out-of-order timestamps across pages without duplicates', async () => {
    const list = new FakeList('updated_at', 2, false);
    list.add('a', 100);
    const poll = poller(list, 'id+updated_at', 'updated_at', { sorted: false });
    const c1 = (await poll(null, 150)).cursor;
    list.add('b', 190);
    list.update('a', 180);
    list.add('c', 170);
    const p2 = await poll(c1, 200);
    expect(p2.events.map((e) => e.key)).toEqual([`c@${at(170)}`, `a@${at(180)}`, `b@${at(190)}`]);
    // A record updated slightly in the past (clock skew, inside the look-back) still shows up once.
    list.update('c', 185);
    const p3 = await poll(p2.cursor, 230);
    expect(p3.events.map((e) => e.key)).toEqual([`c@${at(185)}`]);
    expect((await poll(p3.cursor, 260)).events).toEqual([]);
  });

  it('sees a record that moved between pages once', async () => {
    const list = new FakeList('updated_at', 2);
    for (let i = 1; i <= 3; i++) list.add(`r${i}`, i);
    const poll = poller(list, 'watermark', 'updated_at');
    const c1 = (await poll(null)).cursor;
    for (let i = 4; i <= 7; i++) list.add(`r${i}`, i);
    // Between page fetches a new record arrives and shifts everything down by one.
    const fetchPage = list.fetchPage;
    const shifting = async (page: number) => {
      if (page === 2) list.add('r8', 8);
      return fetchPage(page);
    };
    const p2 = await pollNewest<Rec>({
      cursor: c1,
      strategy: 'watermark',
      fetchPage: shifting,
      id: (r) => r.id,
      timestamp: (r) => r.updated_at,
      now: () => new Date(T0 + 3600_000),
    });
    const keyOf = (id: string) => `${id}@${list.records.find((r) => r.id === id)?.updated_at}`;
    // r6 was listed on page 1 and again, shifted, on page 2: one event. r8 arrived after page 1.
    expect(p2.events.map((e) => e.key)).toEqual(['r4', 'r5', 'r6', 'r7'].map(keyOf));
    const p3 = await poller(list, 'watermark', 'updated_at')(p2.cursor);
    expect(p3.events.map((e) => e.key)).toEqual([keyOf('r8')]);
  });

  it('bounds the remembered keys', async () => {
    const list = new FakeList('updated_at', 100);
    for (let i = 0; i < 50; i++) list.add(`r${i}`, 100);
    const first = await poller(list, 'id+updated_at', 'updated_at', { maxSeenKeys: 10 })(null);
    expect(first.cursor.seenKeys).toHaveLength(10);
  });

  it('rejects bad options with a clear message', async () => {
    const list = new FakeList('updated_at');
    await expect(poller(list, 'id', 'updated_at', { maxPages: 0 })(null)).rejects.toThrow('maxPages must be a number >= 1');
  });
});

describe('pollNewest: a scan spread across polls fires every record once', () => {
  /** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
  function rng(seed: number) {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  for (const strategy of ['id', 'id+updated_at'] as const) {
    for (const seed of [1, 2, 3]) {
      it(`${strategy}, seed ${seed}: records added and changed at random places while scans are under way`, async () => {
        const random = rng(seed);
        const field = strategy === 'id' ? 'created_at' : 'updated_at';
        const list = new FakeList(field, 5, false);
        for (let i = 0; i < 200; i++) list.add(`h${i}`, i);
        let clock = 1000;
        const poll = poller(list, strategy, field, { sorted: false, maxPages: 3, lookbackMs: 30_000 });
        let cursor = (await poll(null, clock)).cursor;
        // Every state a record had after activation; each one's last state must fire.
        const everState = new Set<string>();
        const emitted: string[] = [];
        let n = 0;
        const keyOf = (r: Rec) => (strategy === 'id' ? r.id : `${r.id}@${r.updated_at}`);
        for (let round = 0; round < 120; round++) {
          clock += 20;
          // Between polls: new records at random places (pages already read or not), and updates.
          const changes = Math.floor(random() * 4);
          for (let c = 0; c < changes; c++) {
            const stamp = clock - Math.floor(random() * 10); // slightly out of order
            if (strategy === 'id+updated_at' && random() < 0.5) {
              const rec = list.records[Math.floor(random() * list.records.length)];
              if (!rec) continue;
              list.update(rec.id, stamp);
              everState.add(keyOf(rec));
            } else {
              const rec = { id: `n${n++}`, created_at: at(stamp), updated_at: at(stamp) };
              list.records.splice(Math.floor(random() * (list.records.length + 1)), 0, rec);
              everState.add(keyOf(rec));
            }
          }
          const result = await poll(JSON.parse(JSON.stringify(cursor)) as TriggerCursorData, clock);
          emitted.push(...result.events.map((e) => e.key));
          cursor = result.cursor;
        }
        // Let the last scans finish with no more changes.
        for (let i = 0; i < 40; i++) {
          clock += 20;
          const result = await poll(cursor, clock);
          emitted.push(...result.events.map((e) => e.key));
          cursor = result.cursor;
        }
        expect(new Set(emitted).size, 'an event was emitted twice').toBe(emitted.length);
        const finalStates = list.records.map(keyOf).filter((k) => everState.has(k));
        expect(finalStates.filter((k) => !emitted.includes(k)), 'a change never fired').toEqual([]);
        // A record changed twice before a scan reached it fires for its last state only, as with sorted lists.
        expect(emitted.filter((k) => !everState.has(k)), 'an event for something that did not change').toEqual([]);
        expect(emitted.some((k) => k.startsWith('h') && strategy === 'id')).toBe(false);
        expect(cursor.scan?.lastFullScanPolls).toBeGreaterThan(1);
      });
    }
  }
});
