import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEARER, CS, failure, startHarness, type Harness } from '../harness.fixture';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const JSON_TYPE = 'application/json; charset=utf-8';
const FORM_TYPE = 'application/x-www-form-urlencoded';

describe('Send Message to Channel (chat.postMessage)', () => {
  it('sends one JSON POST with the channel, text, parsed blocks and unfurl options', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*New ticket*' } }];
    const { result, requests } = await h.trace(() =>
      h.kit.runAction('send_channel_message', { channel: CS, text: 'New ticket', blocks: JSON.stringify(blocks), unfurl_links: false }),
    );
    expect(result).toMatchObject({ ok: true, channel: CS, ts: expect.stringMatching(/^\d+\.\d{6}$/), message: { text: 'New ticket', blocks, bot_id: 'B0KONNECT1' } });
    expect(requests).toEqual([
      expect.objectContaining({ httpMethod: 'POST', method: 'chat.postMessage', contentType: JSON_TYPE, authorization: BEARER, tokenSource: 'header', body: { channel: CS, text: 'New ticket', blocks, unfurl_links: false }, ok: true }),
    ]);
  });

  it('replies in a thread', async () => {
    const parent = await h.kit.runAction('send_channel_message', { channel: CS, text: 'parent' });
    const { result, requests } = await h.trace(() => h.kit.runAction('send_channel_message', { channel: CS, text: 'reply', thread_ts: parent.ts, reply_broadcast: true }));
    expect(requests[0]?.body).toEqual({ channel: CS, text: 'reply', thread_ts: parent.ts, reply_broadcast: true });
    expect(result).toMatchObject({ message: { thread_ts: parent.ts } });
    expect(h.sim.store.findMessage(CS, parent.ts as string)?.reply_count).toBe(1);
  });

  it('maps not_in_channel to forbidden and channel_not_found to not_found, recording what was sent and what came back', async () => {
    const notIn = await failure(() => h.kit.runAction('send_channel_message', { channel: 'C0RANDOM01', text: 'hi' }));
    expect(notIn).toMatchObject({
      kind: 'forbidden',
      retryable: false,
      message: 'Slack chat.postMessage: not_in_channel: the app is not a member of this channel; invite it there (/invite @your-app)',
      exchange: { request: { method: 'POST', url: `${h.sim.apiUrl}/chat.postMessage`, body: { channel: 'C0RANDOM01', text: 'hi' } }, response: { status: 200, body: { ok: false, error: 'not_in_channel' } } },
    });
    expect(await failure(() => h.kit.runAction('send_channel_message', { channel: 'G0SECRET01', text: 'hi' }))).toMatchObject({ kind: 'not_found', message: expect.stringContaining('channel_not_found') });
    const archived = await failure(() => h.kit.runAction('send_channel_message', { channel: 'C0OLDLNCH1', text: 'hi' }));
    expect(archived).toMatchObject({ kind: 'validation', message: expect.stringContaining('is_archived') });
  });

  it('refuses bad input before calling Slack, naming the field; Slack-side Block Kit errors come back as validation', async () => {
    h.sim.clearRequests();
    expect(await failure(() => h.kit.runAction('send_channel_message', { channel: CS }))).toMatchObject({ kind: 'config', message: expect.stringContaining('Text or Blocks is required') });
    expect(await failure(() => h.kit.runAction('send_channel_message', { channel: CS, blocks: '[{"type":' }))).toMatchObject({ kind: 'config', message: expect.stringMatching(/blocks.*not valid JSON/i) });
    expect(await failure(() => h.kit.runAction('send_channel_message', { channel: CS, text: 'x', thread_ts: 'yesterday' }))).toMatchObject({ message: expect.stringContaining('Thread timestamp must be a message timestamp') });
    expect(h.sim.requests).toEqual([]);
    const bad = await failure(() => h.kit.runAction('send_channel_message', { channel: CS, blocks: [{ type: 'sparkle' }] }));
    expect(bad).toMatchObject({ kind: 'validation', message: expect.stringContaining('invalid_blocks: the blocks are not valid Block Kit — [ERROR] unknown block type "sparkle" [json-pointer:/blocks/0/type]') });
  });
});

describe('Update Message (chat.update)', () => {
  it('sends channel, ts and the new content as JSON', async () => {
    const posted = await h.kit.runAction('send_channel_message', { channel: CS, text: 'v1' });
    const { result, requests } = await h.trace(() => h.kit.runAction('update_message', { channel: CS, ts: posted.ts, text: 'v2' }));
    expect(requests).toMatchObject([{ httpMethod: 'POST', method: 'chat.update', contentType: JSON_TYPE, body: { channel: CS, ts: posted.ts, text: 'v2' }, authorization: BEARER }]);
    expect(result).toMatchObject({ ok: true, ts: posted.ts, text: 'v2', message: { edited: { user: 'U0KONNECT1' } } });
  });

  it("fails on someone else's message (forbidden) and on an unknown one (not_found)", async () => {
    const human = h.sim.store.insertMessage(CS, { text: 'a person wrote this', user: 'U000000001' });
    expect(await failure(() => h.kit.runAction('update_message', { channel: CS, ts: human.ts, text: 'x' }))).toMatchObject({ kind: 'forbidden', message: expect.stringContaining('cant_update_message') });
    expect(await failure(() => h.kit.runAction('update_message', { channel: CS, ts: '1600000000.000001', text: 'x' }))).toMatchObject({ kind: 'not_found', message: expect.stringContaining('message_not_found') });
  });
});

describe('Add Reaction (reactions.add)', () => {
  it('sends a form POST with the name without colons; adding it again is done, not failed', async () => {
    const posted = await h.kit.runAction('send_channel_message', { channel: CS, text: 'react' });
    const { result, requests } = await h.trace(() => h.kit.runAction('add_reaction', { channel: CS, timestamp: posted.ts, name: ':white_check_mark:' }));
    expect(requests).toMatchObject([{ httpMethod: 'POST', method: 'reactions.add', contentType: FORM_TYPE, body: { channel: CS, timestamp: posted.ts, name: 'white_check_mark' }, authorization: BEARER }]);
    expect(result).toEqual({ ok: true, channel: CS, timestamp: posted.ts, name: 'white_check_mark', already_reacted: false });
    expect(await h.kit.runAction('add_reaction', { channel: CS, timestamp: posted.ts, name: 'white_check_mark' })).toMatchObject({ ok: true, already_reacted: true });
    expect(h.sim.store.findMessage(CS, posted.ts as string)?.reactions).toEqual([{ name: 'white_check_mark', users: ['U0KONNECT1'], count: 1 }]);
  });

  it('an unknown emoji is invalid input; an unknown message is not_found', async () => {
    const posted = await h.kit.runAction('send_channel_message', { channel: CS, text: 'react' });
    expect(await failure(() => h.kit.runAction('add_reaction', { channel: CS, timestamp: posted.ts, name: 'no_such_emoji' }))).toMatchObject({ kind: 'validation', message: expect.stringContaining('invalid_name') });
    expect(await failure(() => h.kit.runAction('add_reaction', { channel: CS, timestamp: '1600000000.000001', name: 'eyes' }))).toMatchObject({ kind: 'not_found' });
  });
});
