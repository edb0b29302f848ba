import { afterEach, describe, expect, it } from 'vitest';
import { keyFault } from './faults';
import { call, useSimulator } from './testing';

const sim = useSimulator({ seed: 'demo' });

const control = (method: string, path: string, body?: unknown) => call(sim(), method, `/__control${path}`, { body, key: null });

afterEach(() => sim().clearFaults());

describe('faults by API key', () => {
  it('sim-429-<n> answers 429 with Retry-After n; sim-429 without one', async () => {
    const res = await call(sim(), 'GET', '/people/all', { key: 'sim-429-7' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.body).toEqual({ error: 'Too many requests' });
    const bare = await call(sim(), 'GET', '/note', { key: 'sim-429' });
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
  });

  it('sim-503 and sim-500 answer their status', async () => {
    expect((await call(sim(), 'GET', '/task', { key: 'sim-503' })).status).toBe(503);
    const withRetry = await call(sim(), 'GET', '/task', { key: 'sim-503-3' });
    expect(withRetry.headers.get('retry-after')).toBe('3');
    expect((await call(sim(), 'POST', '/people', { key: 'sim-500', body: { email: 'x@y.z' } })).status).toBe(500);
  });

  it('sim-slow-<ms> delays a normal answer', async () => {
    const started = performance.now();
    const res = await call(sim(), 'GET', '/tag', { key: 'sim-slow-150' });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('other sim-* keys are plain invalid keys', () => {
    expect(keyFault('sim-slow')).toBeNull();
    expect(keyFault('sim-418')).toBeNull();
    expect(keyFault('demo-custify-key')).toBeNull();
  });
});

describe('faults by control endpoint', () => {
  it('429 with an HTTP-date Retry-After, limited to N requests', async () => {
    const date = 'Wed, 21 Oct 2026 07:28:00 GMT';
    const added = await control('POST', '/faults', { status: 429, retryAfter: date, times: 2 });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ status: 429, retryAfter: date, remaining: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await call(sim(), 'GET', '/people/all');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe(date);
    }
    expect((await call(sim(), 'GET', '/people/all')).status).toBe(200);
    expect((await control('GET', '/faults')).body).toEqual({ faults: [] });
  });

  it('503 with Retry-After seconds, limited to a path prefix and one key', async () => {
    await control('POST', '/faults', { status: 503, retryAfter: '2', pathPrefix: '/ticket', apiKey: 'demo-custify-key' });
    const hit = await call(sim(), 'GET', '/ticket');
    expect(hit.status).toBe(503);
    expect(hit.headers.get('retry-after')).toBe('2');
    expect((await call(sim(), 'GET', '/note')).status).toBe(200);
    expect((await call(sim(), 'GET', '/ticket', { key: 'sim-slow-1' })).status).toBe(200);
    expect((await control('DELETE', '/faults')).body).toEqual({ cleared: 1 });
    expect((await call(sim(), 'GET', '/ticket')).status).toBe(200);
  });

  it('500 and slow responses, programmatically', async () => {
    sim().addFault({ status: 500, times: 1 });
    expect((await call(sim(), 'GET', '/file')).status).toBe(500);
    sim().addFault({ delayMs: 120, times: 1, retryAfter: new Date(0) });
    const started = performance.now();
    expect((await call(sim(), 'GET', '/file')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('rejects a bad fault with 422 naming the field', async () => {
    const res = await control('POST', '/faults', { status: 404, retryAfter: 'soon' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ errors: [expect.stringMatching(/^status:/), 'retryAfter: must be seconds or an HTTP-date'] });
    expect((await control('POST', '/faults', { times: 1 })).body).toEqual({ errors: ['status: status or delayMs is required'] });
    expect(() => sim().addFault({ delayMs: -1 })).toThrow(/delayMs/);
  });
});
