import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKit } from '@konnect/sdk';
import { custifyAuth } from './auth';
import { custify } from './index';
import type { Harness } from './harness.fixture';
import { API_KEY, startHarness } from './harness.fixture';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('Custify auth', () => {
  it('http(): Bearer key, JSON headers, default base URL, trailing slash trimmed', () => {
    expect(custifyAuth.http({ apiKey: 'k1' })).toEqual({
      baseURL: 'https://api.custify.com',
      headers: { Authorization: 'Bearer k1', 'Content-Type': 'application/json', Accept: 'application/json' },
    });
    expect(custifyAuth.http({ apiKey: 'k1', baseUrl: 'https://eu.custify.example/' }).baseURL).toBe(
      'https://eu.custify.example',
    );
  });

  it('validate: one GET /people/all?page=1&itemsPerPage=1 with the Bearer key', async () => {
    const { result, requests } = await h.trace(() => h.kit.validate());
    expect(result).toEqual({ account: new URL(h.sim.url).host });
    expect(requests).toMatchObject([
      {
        method: 'GET',
        path: '/people/all',
        query: { page: '1', itemsPerPage: '1' },
        authorization: `Bearer ***${API_KEY.slice(-4)}`,
        status: 200,
      },
    ]);
  });

  it('401: a wrong key fails with a clear "invalid API key" error after exactly one request', async () => {
    const kit = createTestKit(custify, { auth: { apiKey: 'wrong-key-1234', baseUrl: h.sim.url } });
    const { result, requests } = await h.trace(() => kit.validate().catch((e: unknown) => e));
    expect(result).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(String((result as Error).message)).toMatch(/invalid api key/i);
    expect(String((result as Error).message)).not.toContain('wrong-key-1234');
    expect(requests).toHaveLength(1);
  });

  it('429 with Retry-After: 2 waits about 2 s, then succeeds', async () => {
    h.sim.addFault({ status: 429, retryAfter: 2, times: 1 });
    const started = Date.now();
    const { result, requests } = await h.trace(() => h.kit.runAction('create_person', { email: 'rl@example.com' }));
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ email: 'rl@example.com' });
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(6000);
  });

  it('connection values are validated, naming the field', () => {
    expect(() => createTestKit(custify, { auth: { baseUrl: h.sim.url } })).toThrow(/apiKey/);
    expect(() => createTestKit(custify, { auth: { apiKey: 'k', baseUrl: 'ftp://x' } })).toThrow(/baseUrl/);
    expect(() => createTestKit(custify, { auth: { apiKey: 'k', baseUrl: 'not a url' } })).toThrow(/baseUrl/);
    // An empty Base URL (a blank form field) means the default.
    expect(createTestKit(custify, { auth: { apiKey: 'k', baseUrl: '' } }).auth).toEqual({ apiKey: 'k', baseUrl: '' });
    expect(custifyAuth.http({ apiKey: 'k', baseUrl: '' }).baseURL).toBe('https://api.custify.com');
  });
});
