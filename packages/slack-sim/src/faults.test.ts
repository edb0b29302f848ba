import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli';
import { callApi, useSlackSimulator } from './testing';

const sim = useSlackSimulator();
const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sim().url}/__control/${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('faults', () => {
  it('429 ratelimited with Retry-After, for the given method and count only', async () => {
    sim().addFault({ status: 429, retryAfter: 7, times: 2, method: 'chat.postMessage' });
    const first = await callApi(sim(), 'chat.postMessage', { channel: 'C0CS000001', text: 'x' });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.body).toEqual({ ok: false, error: 'ratelimited' });
    expect((await callApi(sim(), 'auth.test')).status).toBe(200);
    expect((await callApi(sim(), 'chat.postMessage', { channel: 'C0CS000001', text: 'x' })).status).toBe(429);
    expect((await callApi(sim(), 'chat.postMessage', { channel: 'C0CS000001', text: 'x' })).body.ok).toBe(true);
  });

  it('500, 503 and ok:false codes at HTTP 200', async () => {
    sim().addFault({ status: 500, times: 1 });
    sim().addFault({ status: 503, retryAfter: 3, times: 1 });
    sim().addFault({ error: 'fatal_error', times: 1 });
    const a = await callApi(sim(), 'auth.test');
    const b = await callApi(sim(), 'auth.test');
    const c = await callApi(sim(), 'auth.test');
    expect([a.status, a.body.error]).toEqual([500, 'internal_error']);
    expect([b.status, b.body.error, b.headers.get('retry-after')]).toEqual([503, 'service_unavailable', '3']);
    expect([c.status, c.body]).toEqual([200, { ok: false, error: 'fatal_error' }]);
  });

  it('a delay alone answers normally, later; faults can be limited to a token', async () => {
    sim().addFault({ delayMs: 150, times: 1, token: 'xoxb-konnect-demo-token' });
    const started = Date.now();
    expect((await callApi(sim(), 'auth.test')).body.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(() => sim().addFault({ status: 418 as 429 })).toThrow(/status/);
  });
});

describe('control API', () => {
  it('posts as a person, lists requests, adds faults and resets', async () => {
    const posted = await control('POST', 'messages', { channel: '#cs', user: 'U000000003', text: 'from a person' });
    expect(posted).toMatchObject({ status: 201, body: { channel: 'C0CS000001', message: { user: 'U000000003', text: 'from a person' } } });
    expect((await control('POST', 'messages', { channel: 'nope', text: 'x' })).body.error).toMatch(/channel/);
    expect((await control('POST', 'faults', { status: 429, retryAfter: 2, times: 1 })).status).toBe(201);
    expect((await callApi(sim(), 'auth.test')).status).toBe(429);
    expect((await control('POST', 'faults', { times: 0 })).status).toBe(400);
    const log = await control('GET', 'requests');
    expect((log.body.requests as unknown[]).length).toBeGreaterThan(0);
    const reset = await control('POST', 'reset', { seed: 'empty' });
    expect(reset.body).toMatchObject({ channels: 0, users: 1, tokens: 1 });
    await control('POST', 'reset', { seed: 'demo' });
    expect(sim().store.channels.size).toBe(6);
  });

  it('chatter posts messages in #cs on its own', async () => {
    const before = sim().store.history('C0CS000001').length;
    await control('POST', 'chatter', { intervalMs: 20 });
    await new Promise((r) => setTimeout(r, 200));
    await control('POST', 'chatter', { enabled: false });
    expect(sim().store.history('C0CS000001').length).toBeGreaterThan(before);
  });
});

describe('CLI arguments', () => {
  it('parses flags and names a bad one', () => {
    expect(parseCliArgs(['--port', '0', '--seed', 'empty', '--chatter', '5000'])).toMatchObject({ port: 0, seed: 'empty', chatterMs: 5000 });
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--seed', 'big'])).toThrow(/--seed/);
  });
});
