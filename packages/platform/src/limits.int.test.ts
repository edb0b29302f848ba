import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import type { Redis } from 'ioredis';
import { ConnectorError, type HttpClient } from '@konnect/sdk';
import { semaphore, takeToken, type TokenBucketResult } from './limits';
import { createRedis } from './queues';
import { REDIS_URL } from './test-fixtures';
import { throttledHttp } from './throttled-http';

let redis: Redis;
const prefix = `${process.env.REDIS_PREFIX ?? 'ktest'}-limits-${uniqueSuffix()}`;

beforeAll(() => {
  redis = createRedis(REDIS_URL);
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('token bucket', () => {
  it('runs its script by SHA, and loads it again when the server has forgotten it (restart, SCRIPT FLUSH)', async () => {
    const key = `${prefix}:bucket:flush`;
    const spec = { perSecond: 0.001, burst: 3 };
    expect((await takeToken(redis, key, spec)).allowed).toBe(true);
    await redis.script('FLUSH');
    expect((await takeToken(redis, key, spec)).allowed).toBe(true);
    const slots = semaphore(redis, `${prefix}:sem:flush`, 1, 5000);
    expect(await slots.acquire('a')).toBe(true);
    await redis.script('FLUSH');
    expect(await slots.renew('a')).toBe(true);
    expect(await slots.acquire('b')).toBe(false);
    expect((await takeToken(redis, key, spec)).allowed).toBe(true);
    expect((await takeToken(redis, key, spec)).allowed).toBe(false);
  });

  it('allows the burst, then refuses with the wait until the next token', async () => {
    const key = `${prefix}:bucket:a`;
    const spec = { perSecond: 10, burst: 5 };
    const results: TokenBucketResult[] = [];
    for (let i = 0; i < 6; i++) results.push(await takeToken(redis, key, spec));
    expect(results.slice(0, 5).every((r) => r.allowed)).toBe(true);
    expect(results[5]?.allowed).toBe(false);
    expect(results[5]?.waitMs).toBeGreaterThan(0);
    expect(results[5]?.waitMs).toBeLessThanOrEqual(100);
    await new Promise((r) => setTimeout(r, (results[5]?.waitMs ?? 100) + 20));
    expect((await takeToken(redis, key, spec)).allowed).toBe(true);
  });

  it('is atomic across concurrent callers', async () => {
    const key = `${prefix}:bucket:b`;
    const spec = { perSecond: 0.001, burst: 20 };
    const results = await Promise.all(Array.from({ length: 50 }, () => takeToken(redis, key, spec)));
    expect(results.filter((r) => r.allowed)).toHaveLength(20);
  });

  it('rejects a nonsense spec', async () => {
    await expect(takeToken(redis, `${prefix}:x`, { perSecond: 0, burst: 1 })).rejects.toThrow(/perSecond > 0/);
  });
});

describe('semaphore with leases', () => {
  it('limits holders, is idempotent per holder and frees on release', async () => {
    const sem = semaphore(redis, `${prefix}:sem:a`, 2, 5000);
    expect(await sem.acquire('r1')).toBe(true);
    expect(await sem.acquire('r2')).toBe(true);
    expect(await sem.acquire('r3')).toBe(false);
    expect(await sem.acquire('r1')).toBe(true); // same holder takes its own slot again
    expect(await sem.count()).toBe(2);
    await sem.release('r1');
    expect(await sem.acquire('r3')).toBe(true);
  });

  it('gives a lapsed lease back, and renewal keeps a live one', async () => {
    const sem = semaphore(redis, `${prefix}:sem:b`, 1, 200);
    expect(await sem.acquire('dead')).toBe(true);
    expect(await sem.acquire('other')).toBe(false);
    await new Promise((r) => setTimeout(r, 260));
    expect(await sem.acquire('other')).toBe(true);
    expect(await sem.renew('other')).toBe(true);
    expect(await sem.renew('dead')).toBe(false);
  });
});

describe('throttledHttp', () => {
  const ok: HttpClient = { request: async <T>() => ({ status: 200, data: {} as T, headers: {} }) };

  it('waits in-process for short gaps and passes the call through', async () => {
    const waits: number[] = [];
    const http = throttledHttp(ok, redis, `${prefix}:th:a`, {
      perSecond: 20,
      burst: 1,
      sleep: async (ms) => {
        waits.push(ms);
        await new Promise((r) => setTimeout(r, ms));
      },
    });
    await http.request({ method: 'GET', url: '/' });
    await http.request({ method: 'GET', url: '/' });
    expect(waits.length).toBeGreaterThanOrEqual(1);
  });

  it('turns a long wait into a retryable rate_limited error with retryAfterMs', async () => {
    const http = throttledHttp(ok, redis, `${prefix}:th:b`, { perSecond: 0.5, burst: 1, maxWaitMs: 100 });
    await http.request({ method: 'GET', url: '/' });
    const err: unknown = await http.request({ method: 'GET', url: '/' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    if (!(err instanceof ConnectorError)) return;
    expect(err.kind).toBe('rate_limited');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBeGreaterThan(1000);
  });
});
