import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTs } from '@konnect/slack-sim';
import type { PollResult, TriggerCursorData } from '@konnect/sdk';
import { BEARER, CS, failure, startHarness, type Harness } from '../harness.fixture';
import { tsToIso } from './new-message';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const poll = (cursor: TriggerCursorData | null, input: Record<string, unknown> = {}) => h.trace(() => h.kit.poll('new_message', { channel: CS, ...input }, cursor));
const person = (text: string, extra: Record<string, unknown> = {}) => h.sim.store.insertMessage(CS, { text, user: 'U000000003', ...extra });
const texts = (r: PollResult) => r.events.map((e) => e.data.text);

describe('New Message in Channel', () => {
  let cursor: TriggerCursorData | null = null;

  it('first poll: no events, the cursor at the newest message', async () => {
    const { result, requests } = await poll(null);
    expect(result.events).toEqual([]);
    const newest = h.sim.store.history(CS)[0]?.ts;
    expect(result.cursor.watermark).toBe(tsToIso(newest));
    expect(requests).toMatchObject([{ httpMethod: 'GET', method: 'conversations.history', query: { channel: CS, limit: '200' }, authorization: BEARER }]);
    cursor = result.cursor;
  });

  it('then each new message once, oldest first, keyed by channel and ts; the app\'s own messages do not fire', async () => {
    const a = person('first');
    await h.kit.runAction('send_channel_message', { channel: CS, text: 'the app itself' });
    const b = person('second');
    const { result, requests } = await poll(cursor);
    expect(texts(result)).toEqual(['first', 'second']);
    expect(result.events.map((e) => e.key)).toEqual([`${CS}:${a.ts}`, `${CS}:${b.ts}`]);
    expect(result.events[0]).toMatchObject({ occurredAt: tsToIso(a.ts), data: { channel: CS, user: 'U000000003', time: tsToIso(a.ts) } });
    // It asks only for what can still be new: the look-back window below the watermark on.
    const oldest = Number(requests[0]?.query.oldest);
    expect(oldest).toBeCloseTo(Date.parse(cursor?.watermark ?? '') / 1000 - 300, 3);
    cursor = result.cursor;
    expect((await poll(cursor)).result.events).toEqual([]);
  });

  it('a late message inside the look-back window is emitted once; equal timestamps are both kept', async () => {
    const watermark = Date.parse(cursor?.watermark ?? '');
    const late = person('late', { ts: formatTs(BigInt(watermark - 60_000) * 1000n + 7n) });
    const twinA = person('twin a', { ts: formatTs(BigInt(watermark + 1) * 1000n + 1n) });
    const twinB = person('twin b', { ts: formatTs(BigInt(watermark + 1) * 1000n + 2n) });
    const first = await poll(cursor);
    expect(texts(first.result)).toEqual(['late', 'twin a', 'twin b']);
    expect(first.result.events.map((e) => e.key)).toEqual([late, twinA, twinB].map((m) => `${CS}:${m.ts}`));
    cursor = first.result.cursor;
    expect((await poll(cursor)).result.events).toEqual([]);
  });

  it('bot messages fire only when included, and never the app\'s own', async () => {
    h.sim.store.insertMessage(CS, { text: 'another bot', bot_id: 'B0OTHER001', subtype: 'bot_message' });
    await h.kit.runAction('send_channel_message', { channel: CS, text: 'own again' });
    h.sim.store.insertMessage(CS, { text: 'joined', user: 'U000000004', subtype: 'channel_join' });
    const without = await poll(cursor);
    expect(without.result.events).toEqual([]);
    const withBots = await poll(cursor, { include_bot_messages: true });
    expect(texts(withBots.result)).toEqual(['another bot']);
    expect(withBots.requests.map((r) => r.method)).toEqual(['auth.test', 'conversations.history']);
    cursor = withBots.result.cursor;
  });

  it('pages through a burst by cursor and emits every message exactly once', async () => {
    for (let i = 0; i < 450; i++) person(`burst ${i}`);
    const { result, requests } = await poll(cursor);
    expect(result.events).toHaveLength(450);
    expect(new Set(result.events.map((e) => e.key)).size).toBe(450);
    expect(texts(result)[0]).toBe('burst 0');
    expect(texts(result)[449]).toBe('burst 449');
    expect(requests.map((r) => r.query.cursor ?? null)).toEqual([null, expect.any(String), expect.any(String)]);
    expect((await poll(result.cursor)).result.events).toEqual([]);
  });

  it('a channel the app is not in fails as forbidden (not_in_channel)', async () => {
    const err = await failure(() => h.kit.poll('new_message', { channel: 'C0RANDOM01' }, null));
    expect(err).toMatchObject({ kind: 'forbidden', message: expect.stringContaining('not_in_channel') });
  });

  it('sample: real recent messages from the channel, with their fields', async () => {
    const sample = await h.kit.sample('new_message', { channel: 'C0GENERAL1' });
    expect(sample.records.map((r) => r.text)).toEqual(['Office closed on Friday.', 'Welcome to the Konnect demo workspace!']);
    expect(sample.fields.map((f) => f.path)).toEqual(expect.arrayContaining(['text', 'user', 'ts', 'channel', 'time']));
  });
});
