/**
 * The per-connection page budget of polls against a real Redis, on an injected clock (minutes of
 * polls without sleeping).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import type { Redis } from 'ioredis';
import { pageBudget } from './page-budget';
import { createRedis } from './queues';
import { REDIS_URL } from './test-fixtures';

let redis: Redis;
const prefix = `${process.env.REDIS_PREFIX ?? 'ktest'}-pages-${uniqueSuffix()}`;
let n = 0;
const key = () => `${prefix}:pages:${++n}`;

beforeAll(() => {
  redis = createRedis(REDIS_URL);
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

/** The most allowed pages in any 60 s window. */
function busiestMinute(times: number[]): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= 60_000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** A poll asking for one page every `stepMs` from `from` to `to` (clock ms); returns the times allowed. */
async function hammer(k: string, perMinute: number, clock: { now: number }, from: number, to: number, stepMs: number): Promise<number[]> {
  const allowed: number[] = [];
  for (clock.now = from; clock.now < to; clock.now += stepMs) {
    if (await pageBudget(redis, k, { perMinute }, () => clock.now).take()) allowed.push(clock.now);
  }
  return allowed;
}

describe('poll page budget', () => {
  it('no 60 s window holds more pages than the cap, and a poll a minute still gets the whole cap', async () => {
    const clock = { now: 1_000_000 };
    const k = key();
    const steady = await hammer(k, 60, clock, clock.now, clock.now + 5 * 60_000, 250);
    expect(busiestMinute(steady)).toBe(60);
    expect(steady.length).toBe(300);
    // One konnector polling every 60 s: each poll takes the whole minute's pages at once.
    const k2 = key();
    const perPoll: number[] = [];
    for (let poll = 0; poll < 5; poll++) {
      clock.now = 50_000_000 + poll * 60_000;
      const budget = pageBudget(redis, k2, { perMinute: 60 }, () => clock.now, 'konnector-a');
      let n = 0;
      while (await budget.take()) n++;
      perPoll.push(n);
    }
    expect(perPoll).toEqual([60, 60, 60, 60, 60]);
  });

  it('konnectors on one connection share it fairly; another connection has its own', async () => {
    const clock = { now: 5_000_000 };
    const shared = key();
    const poll = (holder: string, k = shared) => pageBudget(redis, k, { perMinute: 20 }, () => clock.now, holder);
    const drain = async (budget: ReturnType<typeof pageBudget>) => {
      let n = 0;
      while (await budget.take()) n++;
      return n;
    };
    // Alone, a's first poll may take everything; once b asks too, each poll gets half.
    expect(await drain(poll('a'))).toBe(20);
    expect(await drain(poll('b'))).toBe(0);
    clock.now += 60_000;
    expect(await drain(poll('a'))).toBe(10);
    expect(await drain(poll('b'))).toBe(10);
    expect(await drain(poll('a', key()))).toBe(20);
  });

  it('two scans polled one after the other every 20 s get even shares (the first never starves the second)', async () => {
    const clock = { now: 7_000_000 };
    const shared = key();
    const got = { a: 0, b: 0 };
    for (let tick = 0; tick < 30; tick++) {
      clock.now += 20_000;
      for (const holder of ['a', 'b'] as const) {
        const budget = pageBudget(redis, shared, { perMinute: 60 }, () => clock.now, holder);
        while (await budget.take()) got[holder]++;
      }
    }
    // Ten minutes at 60 a minute, half each, but for a's first poll: it asked alone and took the whole minute.
    expect(got.a + got.b).toBeLessThanOrEqual(600);
    expect(got.a - got.b).toBeLessThanOrEqual(60);
    expect(got.b).toBeGreaterThanOrEqual(260);
  });

  it('sorted pages are counted, never refused, and hold the scans back', async () => {
    const clock = { now: 9_000_000 };
    const k = key();
    const sorted = pageBudget(redis, k, { perMinute: 10 }, () => clock.now, 'sorted');
    for (let i = 0; i < 12; i++) await sorted.spend();
    expect((await sorted.state()).used).toBe(12);
    expect(await pageBudget(redis, k, { perMinute: 10 }, () => clock.now, 'scan').take()).toBe(false);
    clock.now += 60_000;
    expect(await pageBudget(redis, k, { perMinute: 10 }, () => clock.now, 'scan').take()).toBe(true);
  });

  it('a 429 waits out Retry-After, halves the cap, and each calm period doubles it back', async () => {
    const clock = { now: 20_000_000 };
    const k = key();
    const budget = pageBudget(redis, k, { perMinute: 60, calmMs: 10 * 60_000 }, () => clock.now);
    await budget.penalize(30_000);
    // Several pages meeting the same limit count once.
    await budget.penalize(30_000);
    expect(await budget.state()).toMatchObject({ factor: 0.5, limit: 30, blockedUntil: clock.now + 30_000 });
    const start = clock.now;
    expect(await hammer(k, 60, clock, start, start + 30_000, 500)).toEqual([]);
    const halved = await hammer(k, 60, clock, start + 30_000, start + 30_000 + 4 * 60_000, 250);
    expect(busiestMinute(halved)).toBe(30);
    expect(halved.length).toBe(4 * 30);
    // A second 429 later halves again.
    clock.now = start + 6 * 60_000;
    await budget.penalize(1000);
    expect(await budget.state()).toMatchObject({ factor: 0.25, limit: 15 });
    // Calm for 10 minutes: back to half; 10 more: full.
    clock.now += 10 * 60_000;
    expect((await budget.state()).factor).toBe(0.5);
    clock.now += 10 * 60_000;
    expect(await budget.state()).toMatchObject({ factor: 1, limit: 60 });
  });

  it('refuses a cap below 2', () => {
    expect(() => pageBudget(redis, key(), { perMinute: 1 })).toThrow('poll pages per minute must be an integer >= 2');
  });
});
