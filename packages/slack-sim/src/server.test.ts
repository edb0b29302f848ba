import { describe, expect, it } from 'vitest';
import { BOT_SCOPES } from './seed';
import { callApi, TOKEN, useSlackSimulator } from './testing';

const sim = useSlackSimulator();

describe('tokens', () => {
  it('accepts the Bearer header, a form field or a query argument, and says where it came from', async () => {
    expect((await callApi(sim(), 'auth.test')).body).toMatchObject({ ok: true, team: 'Konnect Demo', user: 'konnect', user_id: 'U0KONNECT1', bot_id: 'B0KONNECT1' });
    sim().clearRequests();
    expect((await callApi(sim(), 'auth.test', { token: TOKEN }, { as: 'form', token: null })).body.ok).toBe(true);
    expect((await callApi(sim(), 'auth.test', { token: TOKEN }, { as: 'query', token: null })).body.ok).toBe(true);
    expect(sim().requests.map((r) => r.tokenSource)).toEqual(['form', 'query']);
    // The log never holds the token itself.
    expect(JSON.stringify(sim().requests)).not.toContain(TOKEN);
  });

  it('answers not_authed without a token, invalid_auth for an unknown one, token_revoked for a revoked one', async () => {
    expect((await callApi(sim(), 'auth.test', {}, { token: null })).body).toEqual({ ok: false, error: 'not_authed' });
    expect((await callApi(sim(), 'auth.test', {}, { token: 'xoxb-wrong' })).body).toEqual({ ok: false, error: 'invalid_auth' });
    sim().store.addToken({ token: 'xoxb-revoked', userId: 'U0KONNECT1', scopes: [] }).revoked = true;
    expect((await callApi(sim(), 'auth.test', {}, { token: 'xoxb-revoked' })).body.error).toBe('token_revoked');
    // A JSON body cannot carry the token.
    expect((await callApi(sim(), 'auth.test', { token: TOKEN }, { token: null })).body.error).toBe('not_authed');
  });

  it('answers missing_scope with the scope needed and the scopes provided', async () => {
    sim().store.addToken({ token: 'xoxb-chat-only', userId: 'U0KONNECT1', botId: 'B0KONNECT1', scopes: ['chat:write'] });
    const res = await callApi(sim(), 'users.lookupByEmail', { email: 'dana@konnect-demo.io' }, { as: 'query', token: 'xoxb-chat-only' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: false, error: 'missing_scope', needed: 'users:read.email', provided: 'chat:write' });
    const history = await callApi(sim(), 'conversations.history', { channel: 'C0CS000001' }, { as: 'query', token: 'xoxb-chat-only' });
    expect(history.body).toMatchObject({ error: 'missing_scope', needed: 'channels:history' });
    expect(BOT_SCOPES).toContain('users:read.email');
  });
});

describe('content types', () => {
  it('reads JSON bodies on write methods only: a read method ignores them', async () => {
    const json = await callApi(sim(), 'conversations.history', { channel: 'C0CS000001' });
    expect(json.body.error).toBe('channel_not_found');
    const query = await callApi(sim(), 'conversations.history', { channel: 'C0CS000001' }, { as: 'query' });
    expect(query.body.ok).toBe(true);
    const form = await callApi(sim(), 'conversations.history', { channel: 'C0CS000001' }, { as: 'form' });
    expect(form.body.ok).toBe(true);
  });

  it('warns missing_charset on JSON without a charset, superfluous_charset on a form with one', async () => {
    const noCharset = await callApi(sim(), 'auth.test', {}, { headers: { 'content-type': 'application/json' } });
    expect(noCharset.body).toMatchObject({ ok: true, warning: 'missing_charset', response_metadata: { warnings: ['missing_charset'] } });
    const form = await callApi(sim(), 'auth.test', { a: '1' }, { as: 'form', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } });
    expect(form.body).toMatchObject({ ok: true, warning: 'superfluous_charset' });
  });

  it('refuses bad bodies the way Slack does', async () => {
    expect((await callApi(sim(), 'auth.test', {}, { rawBody: '{"a":', headers: { 'content-type': 'application/json; charset=utf-8' } })).body.error).toBe('invalid_json');
    expect((await callApi(sim(), 'auth.test', {}, { rawBody: '[1]', headers: { 'content-type': 'application/json; charset=utf-8' } })).body.error).toBe('json_not_object');
    expect((await callApi(sim(), 'auth.test', {}, { rawBody: 'a=b', headers: { 'content-type': 'text/csv' } })).body.error).toBe('invalid_post_type');
    expect((await callApi(sim(), 'auth.test', {}, { rawBody: 'a=b', headers: { 'content-type': 'application/json; charset=klingon' } })).body.error).toBe('invalid_charset');
  });

  it('answers an unknown method with 404 unknown_method', async () => {
    const res = await callApi(sim(), 'chat.teleport', {});
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ ok: false, error: 'unknown_method', req_method: 'chat.teleport' });
  });

  it('records every call: HTTP method, Web API method, content type, body, masked Authorization, outcome', async () => {
    sim().clearRequests();
    await callApi(sim(), 'chat.postMessage', { channel: 'C0CS000001', text: 'logged' });
    await callApi(sim(), 'users.lookupByEmail', { email: 'nobody@example.com' }, { as: 'query' });
    expect(sim().requests).toMatchObject([
      { httpMethod: 'POST', method: 'chat.postMessage', contentType: 'application/json; charset=utf-8', body: { channel: 'C0CS000001', text: 'logged' }, authorization: `Bearer ***${TOKEN.slice(-4)}`, tokenSource: 'header', status: 200, ok: true, error: null },
      { httpMethod: 'GET', method: 'users.lookupByEmail', query: { email: 'nobody@example.com' }, body: null, ok: false, error: 'users_not_found' },
    ]);
  });
});
