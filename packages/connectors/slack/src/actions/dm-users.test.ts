import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEARER, failure, startHarness, type Harness } from '../harness.fixture';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('Send Direct Message', () => {
  it('by email: GET users.lookupByEmail, then a form POST conversations.open, then chat.postMessage to the DM', async () => {
    const { result, requests } = await h.trace(() => h.kit.runAction('send_direct_message', { email: 'marc@konnect-demo.io', text: 'Health dropped at Globex' }));
    expect(requests.map((r) => [r.httpMethod, r.method, r.contentType])).toEqual([
      ['GET', 'users.lookupByEmail', null],
      ['POST', 'conversations.open', 'application/x-www-form-urlencoded'],
      ['POST', 'chat.postMessage', 'application/json; charset=utf-8'],
    ]);
    expect(requests[0]?.query).toEqual({ email: 'marc@konnect-demo.io' });
    expect(requests[1]?.body).toEqual({ users: 'U000000002' });
    const dm = h.sim.store.openIm('U0KONNECT1', 'U000000002').channel.id;
    expect(requests[2]?.body).toEqual({ channel: dm, text: 'Health dropped at Globex' });
    expect(requests.every((r) => r.authorization === BEARER)).toBe(true);
    expect(result).toMatchObject({ ok: true, channel: dm, user_id: 'U000000002', message: { text: 'Health dropped at Globex' } });
  });

  it('by user id: no lookup; the same DM is reused', async () => {
    const { requests } = await h.trace(() => h.kit.runAction('send_direct_message', { user: 'U000000002', text: 'again' }));
    expect(requests.map((r) => r.method)).toEqual(['conversations.open', 'chat.postMessage']);
    expect(h.sim.store.history(h.sim.store.openIm('U0KONNECT1', 'U000000002').channel.id).map((m) => m.text)).toEqual(['again', 'Health dropped at Globex']);
  });

  it('an unknown email fails as not_found and posts nothing; a deactivated user id fails as not_found', async () => {
    const { result, requests } = await h.trace(() => failure(() => h.kit.runAction('send_direct_message', { email: 'ghost@example.com', text: 'x' })));
    expect(result).toMatchObject({ kind: 'not_found', message: 'Slack: no active user has the email ghost@example.com' });
    expect(requests.map((r) => r.method)).toEqual(['users.lookupByEmail']);
    expect(await failure(() => h.kit.runAction('send_direct_message', { user: 'U000000005', text: 'x' }))).toMatchObject({ kind: 'not_found', message: expect.stringContaining('user_disabled') });
    expect(await failure(() => h.kit.runAction('send_direct_message', { text: 'x' }))).toMatchObject({ kind: 'config', message: expect.stringContaining('User or Email is required') });
  });
});

describe('Find User by Email', () => {
  it('returns the user with found: true', async () => {
    const { result, requests } = await h.trace(() => h.kit.runAction('find_user_by_email', { email: 'dana@konnect-demo.io' }));
    expect(result).toMatchObject({ found: true, id: 'U000000001', real_name: 'Dana Whitfield', email: 'dana@konnect-demo.io' });
    expect(requests).toMatchObject([{ httpMethod: 'GET', method: 'users.lookupByEmail', query: { email: 'dana@konnect-demo.io' }, authorization: BEARER }]);
  });

  it('not found fails the step (not_found) by default, or answers found: false when asked', async () => {
    expect(await failure(() => h.kit.runAction('find_user_by_email', { email: 'nobody@example.com' }))).toMatchObject({ kind: 'not_found', retryable: false });
    expect(await h.kit.runAction('find_user_by_email', { email: 'nobody@example.com', fail_if_not_found: false })).toEqual({ found: false });
  });

  it('a token without users:read.email fails as forbidden, naming the scope', async () => {
    h.sim.store.addToken({ token: 'xoxb-no-email-scope', userId: 'U0KONNECT1', botId: 'B0KONNECT1', scopes: ['chat:write', 'users:read'] });
    const err = await failure(() => h.kitWith({ token: 'xoxb-no-email-scope' }).runAction('find_user_by_email', { email: 'dana@konnect-demo.io' }));
    expect(err).toMatchObject({ kind: 'forbidden', message: expect.stringContaining('lacks the users:read.email scope (it has: chat:write,users:read)') });
    expect(JSON.stringify(err)).not.toContain('xoxb-no-email-scope');
  });
});
