import { describe, expect, it } from 'vitest';
import { formatTs, tsMicros } from './store';
import { callApi, useSlackSimulator } from './testing';

const sim = useSlackSimulator();
const get = (method: string, args: Record<string, unknown>) => callApi(sim(), method, args, { as: 'query' });
type Named = { id: string; name: string; is_member: boolean; is_private: boolean };

describe('conversations.list', () => {
  it('pages with limit and next_cursor until it is empty, covering each visible channel once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await get('conversations.list', { types: 'public_channel,private_channel', limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.body.ok).toBe(true);
      const channels = res.body.channels as Named[];
      expect(channels.length).toBeLessThanOrEqual(2);
      seen.push(...channels.map((c) => c.name));
      cursor = (res.body.response_metadata as { next_cursor: string }).next_cursor || undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    // The private channel the bot is not in stays hidden.
    expect(seen.sort()).toEqual(['cs', 'general', 'leadership', 'old-launch', 'random']);
  });

  it('filters by type and archived state, and says whether the bot is a member', async () => {
    const res = await get('conversations.list', { exclude_archived: true });
    const channels = res.body.channels as Named[];
    expect(channels.map((c) => c.name).sort()).toEqual(['cs', 'general', 'random']);
    expect(channels.find((c) => c.name === 'random')?.is_member).toBe(false);
    expect(channels.find((c) => c.name === 'cs')?.is_member).toBe(true);
  });

  it('refuses bad arguments', async () => {
    expect((await get('conversations.list', { cursor: 'bm9wZQ==' })).body.error).toBe('invalid_cursor');
    expect((await get('conversations.list', { types: 'public_channel,wormhole' })).body.error).toBe('invalid_types');
    expect((await get('conversations.list', { limit: 1000 })).body.error).toBe('invalid_limit');
    expect((await get('conversations.list', { limit: 'many' })).body.error).toBe('invalid_limit');
  });
});

describe('conversations.history', () => {
  it('lists top-level messages newest first; oldest/latest are exclusive unless inclusive', async () => {
    const ch = sim().store.addChannel({ name: 'hist', members: ['U0KONNECT1'] });
    const base = 1_700_000_000_000_000n;
    const ts = [0n, 1n, 2n, 3n].map((i) => formatTs(base + i * 1_000_000n));
    ts.forEach((t, i) => sim().store.insertMessage(ch.id, { ts: t, text: `m${i}`, user: 'U000000001' }));
    const texts = async (args: Record<string, unknown>) => ((await get('conversations.history', { channel: ch.id, ...args })).body.messages as { text: string }[]).map((m) => m.text);
    expect(await texts({})).toEqual(['m3', 'm2', 'm1', 'm0']);
    expect(await texts({ oldest: ts[1] })).toEqual(['m3', 'm2']);
    expect(await texts({ oldest: ts[1], inclusive: true })).toEqual(['m3', 'm2', 'm1']);
    expect(await texts({ latest: ts[2], oldest: ts[0] })).toEqual(['m1']);
    const first = await get('conversations.history', { channel: ch.id, limit: 3 });
    expect(first.body).toMatchObject({ has_more: true, response_metadata: { next_cursor: expect.any(String) } });
    const next = (first.body.response_metadata as { next_cursor: string }).next_cursor;
    const second = await get('conversations.history', { channel: ch.id, limit: 3, cursor: next });
    expect(second.body).toMatchObject({ has_more: false, messages: [{ text: 'm0' }] });
    expect(second.body.response_metadata).toBeUndefined();
    expect(tsMicros(ts[3] ?? '') - tsMicros(ts[0] ?? '')).toBe(3_000_000n);
  });

  it('needs membership, a visible channel and readable timestamps', async () => {
    expect((await get('conversations.history', { channel: 'C0RANDOM01' })).body.error).toBe('not_in_channel');
    expect((await get('conversations.history', { channel: 'G0SECRET01' })).body.error).toBe('channel_not_found');
    expect((await get('conversations.history', { channel: 'C0CS000001', oldest: 'yesterday' })).body.error).toBe('invalid_ts_oldest');
    expect((await get('conversations.history', { channel: 'C0CS000001', latest: '1.2.3' })).body.error).toBe('invalid_ts_latest');
    expect((await get('conversations.history', { channel: 'C0CS000001', cursor: 'garbage' })).body.error).toBe('invalid_cursor');
  });
});

describe('conversations.open', () => {
  it('opens a DM once, then answers already_open with the same id', async () => {
    const first = await callApi(sim(), 'conversations.open', { users: 'U000000002' }, { as: 'form' });
    expect(first.body).toMatchObject({ ok: true, channel: { id: expect.stringMatching(/^D/) } });
    expect(first.body.already_open).toBeUndefined();
    const again = await callApi(sim(), 'conversations.open', { users: 'U000000002', return_im: true });
    expect(again.body).toMatchObject({ ok: true, no_op: true, already_open: true, channel: { id: (first.body.channel as { id: string }).id, is_im: true, user: 'U000000002' } });
    const dm = (first.body.channel as { id: string }).id;
    expect((await callApi(sim(), 'chat.postMessage', { channel: dm, text: 'hello' })).body.ok).toBe(true);
  });

  it('refuses unknown, deactivated and missing users', async () => {
    expect((await callApi(sim(), 'conversations.open', { users: 'U0GHOST' }, { as: 'form' })).body.error).toBe('user_not_found');
    expect((await callApi(sim(), 'conversations.open', { users: 'U000000005' }, { as: 'form' })).body.error).toBe('user_disabled');
    expect((await callApi(sim(), 'conversations.open', {}, { as: 'form' })).body.error).toBe('users_list_not_supplied');
  });
});
