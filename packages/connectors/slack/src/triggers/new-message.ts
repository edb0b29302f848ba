/**
 * New Message in Channel: polls conversations.history from the cursor's watermark (minus the SDK's
 * look-back window) and emits each message once, oldest first, keyed by channel and ts.
 */
import { z } from 'zod';
import type { HttpClient, SampleResult } from '@konnect/sdk';
import { DEFAULT_LOOKBACK_MS, pollNewest, sampleResult } from '@konnect/sdk';
import { callSlack, listOf, nextCursor } from '../api';
import { trigger } from '../auth';
import type { SlackAuthValue } from '../auth-fields';
import { channelField } from '../fields';

type Message = Record<string, unknown>;

/** Subtypes that are channel events rather than messages people wrote. */
const SYSTEM_SUBTYPES = new Set(['channel_join', 'channel_leave', 'channel_topic', 'channel_purpose', 'channel_name', 'channel_archive', 'channel_unarchive', 'group_join', 'group_leave', 'group_topic', 'group_purpose', 'group_name', 'pinned_item', 'unpinned_item']);
const PAGE_SIZE = 200;
/** A busy channel may post a lot between polls; the scan reads at most this many pages (40,000 messages). */
const MAX_PAGES = 200;
const MAX_SEEN_KEYS = 20_000;
const SAMPLE_SIZE = 3;

/** Slack ts ("1700000000.000100") as an ISO time (millisecond precision); '' when unreadable. */
export function tsToIso(ts: unknown): string {
  if (typeof ts !== 'string' || !/^\d+(\.\d+)?$/.test(ts)) return '';
  return new Date(Math.floor(Number(ts) * 1000)).toISOString();
}

/** ISO time → the `oldest` argument (seconds with six decimals). */
function isoToTs(iso: string): string {
  return (Date.parse(iso) / 1000).toFixed(6);
}

const input = z.object({
  channel: channelField('The channel to watch (ID or #name). The app must be a member.'),
  include_bot_messages: z
    .boolean()
    .default(false)
    .meta({ label: 'Include bot messages', description: "Also fire on other apps' and bots' messages. The app's own messages never fire (no loops)." }),
});

interface Who {
  userId?: string;
  botId?: string;
}

/** Whether a message counts: people's messages; bots' only when asked, and never this app's own. */
function keep(message: Message, includeBots: boolean, self: Who): boolean {
  if (typeof message.subtype === 'string' && SYSTEM_SUBTYPES.has(message.subtype)) return false;
  const isBot = typeof message.bot_id === 'string' || message.subtype === 'bot_message';
  if (!isBot) return true;
  if (!includeBots) return false;
  return message.bot_id !== self.botId && (self.userId === undefined || message.user !== self.userId);
}

async function whoAmI(http: HttpClient, auth: SlackAuthValue): Promise<Who> {
  const answer = await callSlack(http, auth, 'auth.test', {}, 'form');
  return { ...(typeof answer.user_id === 'string' ? { userId: answer.user_id } : {}), ...(typeof answer.bot_id === 'string' ? { botId: answer.bot_id } : {}) };
}

export const newMessage = trigger({
  kind: 'polling',
  key: 'new_message',
  name: 'New Message in Channel',
  description: 'Fires for each new top-level message in a channel (and thread replies also sent to the channel). Bot messages are skipped unless included.',
  input,
  dedupe: 'id',
  pollSeconds: 60,
  poll: async ({ input: { channel: channelId, include_bot_messages: includeBots }, auth, http, cursor }) => {
    const self = includeBots ? await whoAmI(http, auth) : {};
    // Only what can still be new: from the look-back window below the watermark on.
    const oldest = cursor?.watermark ? isoToTs(new Date(Date.parse(cursor.watermark) - DEFAULT_LOOKBACK_MS).toISOString()) : undefined;
    const cursors = new Map<number, string>();
    // Every message moves the cursor; the ones that do not count are dropped from the events.
    const result = await pollNewest<Message>({
      cursor,
      strategy: 'id',
      maxPages: MAX_PAGES,
      maxSeenKeys: MAX_SEEN_KEYS,
      fetchPage: async (page) => {
        const answer = await callSlack(http, auth, 'conversations.history', { channel: channelId, limit: PAGE_SIZE, oldest, cursor: cursors.get(page) }, 'query');
        const next = nextCursor(answer);
        if (next) cursors.set(page + 1, next);
        const items = listOf(answer, 'messages', 'conversations.history').map((m) => ({ ...m, channel: channelId, time: tsToIso(m.ts) }));
        return { items, hasMore: next !== undefined && answer.has_more !== false };
      },
      id: (m) => `${channelId}:${String(m.ts)}`,
      timestamp: (m) => tsToIso(m.ts),
    });
    return { ...result, events: result.events.filter((e) => keep(e.data, includeBots, self)) };
  },
  sample: async ({ input: { channel: channelId, include_bot_messages: includeBots }, auth, http }): Promise<SampleResult> => {
    const self = includeBots ? await whoAmI(http, auth) : {};
    const answer = await callSlack(http, auth, 'conversations.history', { channel: channelId, limit: 50 }, 'query');
    const messages = listOf(answer, 'messages', 'conversations.history')
      .filter((m) => keep(m, includeBots, self))
      .slice(0, SAMPLE_SIZE)
      .map((m) => ({ ...m, channel: channelId, time: tsToIso(m.ts) }));
    return sampleResult(messages);
  },
});
