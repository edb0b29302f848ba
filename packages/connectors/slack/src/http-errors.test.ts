/** Rate limits, Slack-side failures and odd answers, over real HTTP; the token never shows in an error. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKit } from '@konnect/sdk';
import { sendJson, startServer, type TestServer } from '@konnect/sdk/test-server';
import { CS, failure, startHarness, TOKEN, type Harness } from './harness.fixture';
import { slack } from './index';

let h: Harness;
let odd: TestServer;
beforeAll(async () => {
  h = await startHarness();
  odd = await startServer();
});
afterAll(async () => {
  await h?.close();
  await odd?.close();
});

describe('rate limits (HTTP 429 with Retry-After)', () => {
  it('a short Retry-After is waited out and the call goes through', async () => {
    h.sleeps.length = 0;
    h.sim.addFault({ status: 429, retryAfter: 2, times: 1, method: 'chat.postMessage' });
    const { result, requests } = await h.trace(() => h.kit.runAction('send_channel_message', { channel: CS, text: 'after the wait' }));
    expect(result).toMatchObject({ ok: true });
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    expect(h.sleeps).toEqual([2000]);
  });

  it('without retries in-process (the run path), it fails as rate_limited with the delay', async () => {
    h.sim.addFault({ status: 429, retryAfter: 42, times: 1 });
    const err = await failure(() => h.kitWith({ http: { retry: { retries: 0 } } }).runAction('send_channel_message', { channel: CS, text: 'x' }));
    expect(err).toMatchObject({ kind: 'rate_limited', status: 429, retryable: true, retryAfterMs: 42_000, unprocessed: true });
    expect(JSON.stringify(err)).not.toContain(TOKEN);
  });

  it('a Retry-After longer than the client waits surfaces at once', async () => {
    h.sim.addFault({ status: 429, retryAfter: 300, times: 1, method: 'users.lookupByEmail' });
    const { result, requests } = await h.trace(() => failure(() => h.kit.runAction('find_user_by_email', { email: 'dana@konnect-demo.io' })));
    expect(result).toMatchObject({ kind: 'rate_limited', retryAfterMs: 300_000 });
    expect(requests).toHaveLength(1);
  });

  it('ok:false "ratelimited" at HTTP 200 is rate_limited too', async () => {
    h.sim.addFault({ error: 'ratelimited', times: 1 });
    expect(await failure(() => h.kit.validate())).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 10_000 });
  });
});

describe('Slack-side failures', () => {
  it('fatal_error / internal_error at HTTP 200 are retryable server errors', async () => {
    h.sim.addFault({ error: 'fatal_error', times: 1 });
    expect(await failure(() => h.kit.runAction('send_channel_message', { channel: CS, text: 'x' }))).toMatchObject({ kind: 'server', retryable: true, status: 200, message: expect.stringContaining('fatal_error') });
    h.sim.addFault({ error: 'internal_error', times: 1 });
    expect(await failure(() => h.kit.validate())).toMatchObject({ kind: 'server', retryable: true });
  });

  it('an HTTP 500 fails as a retryable server error once retries are used up', async () => {
    h.sim.addFault({ status: 500, times: 4 });
    h.sleeps.length = 0;
    const { result, requests } = await h.trace(() => failure(() => h.kit.validate()));
    expect(result).toMatchObject({ kind: 'server', status: 500, retryable: true, message: expect.stringContaining('internal_error') });
    expect(requests).toHaveLength(4);
    expect(h.sleeps).toHaveLength(3);
  });

  it('an answer without "ok" is an error, never a success', async () => {
    const kit = createTestKit(slack, { auth: { token: TOKEN, baseUrl: odd.url } });
    odd.handle((_req, res) => sendJson(res, 200, { channel: CS, ts: '1.000001' }));
    expect(await failure(() => kit.runAction('send_channel_message', { channel: CS, text: 'x' }))).toMatchObject({ kind: 'server', retryable: false, message: expect.stringContaining('unexpected answer') });
    odd.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    });
    expect(await failure(() => kit.validate())).toMatchObject({ kind: 'server', exchange: { response: { status: 200, body: '<html>maintenance</html>' } } });
    // ok:true without the list a method promises is not an empty list.
    odd.handle((_req, res) => sendJson(res, 200, { ok: true }));
    expect(await failure(() => kit.poll('new_message', { channel: CS }, { watermark: new Date().toISOString(), seenKeys: [] }))).toMatchObject({ kind: 'server', message: expect.stringContaining('"messages"') });
  });

  it('a token in a request sent as a form field or echoed back is redacted from the record', async () => {
    odd.handle((_req, res) => sendJson(res, 200, { ok: false, error: 'invalid_auth', echo: `token was ${TOKEN}` }));
    const kit = createTestKit(slack, { auth: { token: TOKEN, baseUrl: odd.url } });
    const err = await failure(() => kit.runAction('add_reaction', { channel: CS, timestamp: '1.000001', name: 'eyes' }));
    expect(err.kind).toBe('auth');
    expect(JSON.stringify(err)).not.toContain(TOKEN);
    expect(JSON.stringify(err)).toContain('[redacted]');
    expect(odd.received.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});
