import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKit } from '@konnect/sdk';
import { BEARER, failure, startHarness, TOKEN, type Harness } from './harness.fixture';
import { slack } from './index';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('Test connection (auth.test)', () => {
  it('makes one POST auth.test with the Bearer token and names the workspace and bot', async () => {
    const { result, requests } = await h.trace(() => h.kit.validate());
    expect(result).toEqual({ account: 'Konnect Demo (@konnect)' });
    expect(requests).toMatchObject([{ httpMethod: 'POST', method: 'auth.test', authorization: BEARER, tokenSource: 'header', body: null, ok: true }]);
  });

  it('a wrong or revoked token fails as auth, and the token is in no part of the error', async () => {
    const wrong = await failure(() => h.kitWith({ token: 'xoxb-not-a-real-token' }).validate());
    expect(wrong).toMatchObject({ kind: 'auth', retryable: false, message: 'Slack auth.test: invalid_auth: the token is not valid' });
    expect(wrong.exchange).toMatchObject({ request: { method: 'POST' }, response: { status: 200, body: { ok: false, error: 'invalid_auth' } } });
    expect(JSON.stringify(wrong)).not.toContain('xoxb-not-a-real-token');
    h.sim.store.addToken({ token: 'xoxb-revoked-token-1', userId: 'U0KONNECT1', scopes: [] }).revoked = true;
    const revoked = await failure(() => h.kitWith({ token: 'xoxb-revoked-token-1' }).validate());
    expect(revoked).toMatchObject({ kind: 'auth', message: expect.stringContaining('token_revoked') });
    expect(JSON.stringify(revoked)).not.toContain('xoxb-revoked-token-1');
  });

  it('checks the connection fields and names the bad one', () => {
    expect(() => createTestKit(slack, { auth: { token: 'hunter2' } })).toThrow(/token: Bot token must be a Slack token/);
    expect(() => createTestKit(slack, { auth: { token: TOKEN, baseUrl: 'ftp://x' } })).toThrow(/baseUrl/);
    expect(slack.auth.kind === 'apiKey' && slack.auth.http({ token: TOKEN })).toEqual({ baseURL: 'https://slack.com/api', headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' } });
  });
});
