import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH } from './methods/chat';
import { TS_PATTERN, tsMicros } from './store';
import { callApi, useSlackSimulator } from './testing';

const sim = useSlackSimulator();
const CS = 'C0CS000001';
const post = (args: Record<string, unknown>, token?: string) => callApi(sim(), 'chat.postMessage', args, token ? { token } : {});

describe('chat.postMessage', () => {
  it('posts as the bot with a unique, increasing ts in "seconds.micros" form', async () => {
    const a = await post({ channel: CS, text: 'one' });
    const b = await post({ channel: '#cs', text: 'two' });
    expect(a.body).toMatchObject({ ok: true, channel: CS, message: { text: 'one', user: 'U0KONNECT1', bot_id: 'B0KONNECT1' } });
    expect(b.body.channel).toBe(CS);
    const [ta, tb] = [a.body.ts as string, b.body.ts as string];
    expect(ta).toMatch(TS_PATTERN);
    expect(tsMicros(tb) > tsMicros(ta)).toBe(true);
  });

  it('refuses channels the bot is not in: not_in_channel for public ones (unless chat:write.public), channel_not_found for private ones', async () => {
    expect((await post({ channel: 'C0RANDOM01', text: 'x' })).body.error).toBe('not_in_channel');
    expect((await post({ channel: 'G0SECRET01', text: 'x' })).body.error).toBe('channel_not_found');
    expect((await post({ channel: 'C0NOPE', text: 'x' })).body.error).toBe('channel_not_found');
    expect((await post({ text: 'x' })).body.error).toBe('channel_not_found');
    expect((await post({ channel: 'G0LEADS001', text: 'private, member' })).body.ok).toBe(true);
    sim().store.addToken({ token: 'xoxb-public', userId: 'U0KONNECT1', botId: 'B0KONNECT1', scopes: ['chat:write', 'chat:write.public'] });
    expect((await post({ channel: 'C0RANDOM01', text: 'x' }, 'xoxb-public')).body.ok).toBe(true);
    expect((await post({ channel: 'C0OLDLNCH1', text: 'x' })).body.error).toBe('is_archived');
  });

  it('needs text or blocks, checks length and Block Kit', async () => {
    expect((await post({ channel: CS })).body.error).toBe('no_text');
    expect((await post({ channel: CS, text: '   ' })).body.error).toBe('no_text');
    expect((await post({ channel: CS, text: 'x'.repeat(MAX_TEXT_LENGTH + 1) })).body.error).toBe('msg_too_long');
    expect((await post({ channel: CS, blocks: 'not json' })).body.error).toBe('invalid_blocks_format');
    expect((await post({ channel: CS, blocks: { type: 'section' } })).body.error).toBe('invalid_blocks_format');
    const bad = await post({ channel: CS, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'ok' } }, { type: 'fancy' }] });
    expect(bad.body).toMatchObject({ error: 'invalid_blocks', response_metadata: { messages: [expect.stringContaining('/blocks/1/type')] } });
    const header = await post({ channel: CS, blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'no' } }] });
    expect(header.body.error).toBe('invalid_blocks');
    const good = await post({ channel: CS, blocks: JSON.stringify([{ type: 'section', text: { type: 'mrkdwn', text: '*Blocks* only' } }]) });
    expect(good.body).toMatchObject({ ok: true, message: { text: '*Blocks* only', blocks: [{ type: 'section' }] } });
  });

  it('replies in threads: the parent counts replies, history shows only broadcast replies', async () => {
    const parent = (await post({ channel: CS, text: 'parent' })).body.ts as string;
    const reply = await post({ channel: CS, text: 'reply', thread_ts: parent });
    expect(reply.body).toMatchObject({ ok: true, message: { thread_ts: parent } });
    // A reply's ts names the same thread.
    const second = await post({ channel: CS, text: 'reply to reply', thread_ts: reply.body.ts, reply_broadcast: true });
    expect(second.body).toMatchObject({ message: { thread_ts: parent, subtype: 'thread_broadcast' } });
    expect(sim().store.findMessage(CS, parent)).toMatchObject({ reply_count: 2, latest_reply: second.body.ts });
    const history = await callApi(sim(), 'conversations.history', { channel: CS, oldest: parent, inclusive: true }, { as: 'query' });
    expect((history.body.messages as { text: string }[]).map((m) => m.text)).toEqual(['reply to reply', 'parent']);
    expect((await post({ channel: CS, text: 'x', thread_ts: '123.456789' })).body.error).toBe('thread_not_found');
  });
});

describe('chat.update', () => {
  it("updates the bot's own message (text replaces blocks) and marks it edited", async () => {
    const ts = (await post({ channel: CS, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'v1' } }] })).body.ts;
    const res = await callApi(sim(), 'chat.update', { channel: CS, ts, text: 'v2' });
    expect(res.body).toMatchObject({ ok: true, channel: CS, ts, text: 'v2', message: { text: 'v2', edited: { user: 'U0KONNECT1' } } });
    expect(sim().store.findMessage(CS, ts as string)?.blocks).toBeUndefined();
  });

  it('refuses unknown messages, other people\'s messages and empty content', async () => {
    expect((await callApi(sim(), 'chat.update', { channel: CS, ts: '1.000001', text: 'x' })).body.error).toBe('message_not_found');
    expect((await callApi(sim(), 'chat.update', { channel: CS, text: 'x' })).body.error).toBe('message_not_found');
    const human = sim().store.insertMessage(CS, { text: 'by a person', user: 'U000000001' });
    expect((await callApi(sim(), 'chat.update', { channel: CS, ts: human.ts, text: 'x' })).body.error).toBe('cant_update_message');
    const own = (await post({ channel: CS, text: 'mine' })).body.ts;
    expect((await callApi(sim(), 'chat.update', { channel: CS, ts: own })).body.error).toBe('no_text');
    expect((await callApi(sim(), 'chat.update', { channel: 'C0NOPE', ts: own, text: 'x' })).body.error).toBe('channel_not_found');
  });
});
