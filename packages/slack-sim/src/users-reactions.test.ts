import { describe, expect, it } from 'vitest';
import { callApi, useSlackSimulator } from './testing';

const sim = useSlackSimulator();
const CS = 'C0CS000001';

describe('users.lookupByEmail and users.list', () => {
  it('finds active users by email, case-insensitively', async () => {
    const res = await callApi(sim(), 'users.lookupByEmail', { email: 'Marc@Konnect-Demo.io' }, { as: 'query' });
    expect(res.body).toMatchObject({ ok: true, user: { id: 'U000000002', real_name: 'Marc Dubois', profile: { email: 'marc@konnect-demo.io' } } });
    expect((await callApi(sim(), 'users.lookupByEmail', { email: 'nobody@example.com' }, { as: 'query' })).body.error).toBe('users_not_found');
    expect((await callApi(sim(), 'users.lookupByEmail', { email: 'former@konnect-demo.io' }, { as: 'query' })).body.error).toBe('users_not_found');
    expect((await callApi(sim(), 'users.lookupByEmail', {}, { as: 'query' })).body.error).toBe('invalid_arguments');
  });

  it('lists users by cursor; emails only for tokens with users:read.email', async () => {
    const first = await callApi(sim(), 'users.list', { limit: 4 }, { as: 'query' });
    const cursor = (first.body.response_metadata as { next_cursor: string }).next_cursor;
    const rest = await callApi(sim(), 'users.list', { limit: 4, cursor }, { as: 'query' });
    const ids = [...(first.body.members as { id: string }[]), ...(rest.body.members as { id: string }[])].map((u) => u.id);
    expect(new Set(ids).size).toBe(sim().store.users.size);
    expect((rest.body.response_metadata as { next_cursor: string }).next_cursor).toBe('');
    sim().store.addToken({ token: 'xoxb-no-email', userId: 'U0KONNECT1', scopes: ['users:read'] });
    const hidden = await callApi(sim(), 'users.list', {}, { as: 'query', token: 'xoxb-no-email' });
    expect((hidden.body.members as { profile: object }[]).every((u) => !('email' in u.profile))).toBe(true);
  });
});

describe('reactions.add', () => {
  it('adds a reaction once; a second time answers already_reacted', async () => {
    const ts = (await callApi(sim(), 'chat.postMessage', { channel: CS, text: 'react to me' })).body.ts;
    expect((await callApi(sim(), 'reactions.add', { channel: CS, timestamp: ts, name: 'eyes' }, { as: 'form' })).body).toEqual({ ok: true });
    expect((await callApi(sim(), 'reactions.add', { channel: CS, timestamp: ts, name: 'thumbsup::skin-tone-3' })).body.ok).toBe(true);
    expect((await callApi(sim(), 'reactions.add', { channel: CS, timestamp: ts, name: 'konnect' })).body.ok).toBe(true);
    expect((await callApi(sim(), 'reactions.add', { channel: CS, timestamp: ts, name: 'eyes' })).body.error).toBe('already_reacted');
    expect(sim().store.findMessage(CS, ts as string)?.reactions).toEqual([
      { name: 'eyes', users: ['U0KONNECT1'], count: 1 },
      { name: 'thumbsup::skin-tone-3', users: ['U0KONNECT1'], count: 1 },
      { name: 'konnect', users: ['U0KONNECT1'], count: 1 },
    ]);
  });

  it('refuses bad names, timestamps and items', async () => {
    const ts = (await callApi(sim(), 'chat.postMessage', { channel: CS, text: 'x' })).body.ts;
    expect((await callApi(sim(), 'reactions.add', { channel: CS, timestamp: ts, name: ':eyes:' })).body.error).toBe('invalid_name');
    expect((await callApi(sim(), 'reactions.add', { channel: CS, timestamp: ts, name: 'not_an_emoji_here' })).body.error).toBe('invalid_name');
    expect((await callApi(sim(), 'reactions.add', { channel: CS, timestamp: ts })).body.error).toBe('invalid_name');
    expect((await callApi(sim(), 'reactions.add', { channel: CS, timestamp: 'soon', name: 'eyes' })).body.error).toBe('bad_timestamp');
    expect((await callApi(sim(), 'reactions.add', { channel: CS, timestamp: '1.000001', name: 'eyes' })).body.error).toBe('message_not_found');
    expect((await callApi(sim(), 'reactions.add', { name: 'eyes' })).body.error).toBe('no_item_specified');
    expect((await callApi(sim(), 'reactions.add', { channel: 'G0SECRET01', timestamp: ts, name: 'eyes' })).body.error).toBe('channel_not_found');
  });
});
