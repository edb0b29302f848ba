/** conversations.list, conversations.history and conversations.open. */
import { bool, isMember, page, requireScope, scopeFamily, SlackError, str, visibleChannel, type MethodCtx, type MethodDef } from '../context';
import type { SimChannel, SimToken } from '../store';
import { tsMicros } from '../store';

const CHANNEL_TYPES = ['public_channel', 'private_channel', 'mpim', 'im'] as const;
type ChannelType = (typeof CHANNEL_TYPES)[number];
const TYPE_SCOPE: Record<ChannelType, string> = { public_channel: 'channels:read', private_channel: 'groups:read', mpim: 'mpim:read', im: 'im:read' };

function typeOf(channel: SimChannel): ChannelType {
  if (channel.is_im) return 'im';
  if (channel.is_mpim) return 'mpim';
  return channel.is_private ? 'private_channel' : 'public_channel';
}

/** A conversation object as the API returns it, seen by `token`. */
export function channelJson(channel: SimChannel, token: SimToken): Record<string, unknown> {
  if (channel.is_im) {
    return { id: channel.id, created: channel.created, is_im: true, is_org_shared: false, user: channel.user, is_user_deleted: false, priority: 0 };
  }
  return {
    id: channel.id,
    name: channel.name,
    is_channel: channel.is_channel,
    is_group: channel.is_group,
    is_im: false,
    is_mpim: channel.is_mpim,
    is_private: channel.is_private,
    is_archived: channel.is_archived,
    is_general: channel.is_general,
    created: channel.created,
    creator: channel.creator,
    name_normalized: channel.name,
    is_shared: false,
    is_org_shared: false,
    is_ext_shared: false,
    is_member: isMember(channel, token),
    num_members: channel.members.size,
    topic: { value: channel.topic, creator: '', last_set: 0 },
    purpose: { value: channel.purpose, creator: '', last_set: 0 },
  };
}

const list: MethodDef = {
  name: 'conversations.list',
  scopes: [],
  json: false,
  run(ctx) {
    const raw = str(ctx.args, 'types') ?? 'public_channel';
    const types = raw.split(',').map((t) => t.trim()).filter(Boolean);
    if (types.length === 0 || types.some((t) => !(CHANNEL_TYPES as readonly string[]).includes(t))) throw new SlackError('invalid_types');
    for (const t of types as ChannelType[]) requireScope(ctx.token, TYPE_SCOPE[t]);
    const excludeArchived = bool(ctx.args, 'exclude_archived');
    const all = [...ctx.store.channels.values()].filter(
      (c) => types.includes(typeOf(c)) && (!c.is_private || isMember(c, ctx.token)) && !(excludeArchived && c.is_archived),
    );
    const { items, nextCursor } = page(all, ctx.args, { defaultLimit: 100, maxLimit: 999, limitError: 'invalid_limit' });
    return { channels: items.map((c) => channelJson(c, ctx.token)), response_metadata: { next_cursor: nextCursor } };
  },
};

/** A Unix timestamp argument ("1700000000.000100" or "1700000000") in microseconds; `error` when unreadable. */
function tsArg(ctx: MethodCtx, name: string, error: string): bigint | undefined {
  const value = str(ctx.args, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,12}(\.\d{1,6})?$/.test(value)) throw new SlackError(error);
  return tsMicros(value);
}

const history: MethodDef = {
  name: 'conversations.history',
  scopes: [],
  json: false,
  run(ctx) {
    const channel = visibleChannel(ctx);
    requireScope(ctx.token, `${scopeFamily(channel)}:history`);
    // A bot token reads the history of conversations it is a member of.
    if (!isMember(channel, ctx.token)) throw new SlackError('not_in_channel');
    const oldest = tsArg(ctx, 'oldest', 'invalid_ts_oldest');
    const latest = tsArg(ctx, 'latest', 'invalid_ts_latest');
    const inclusive = bool(ctx.args, 'inclusive');
    const messages = ctx.store.history(channel.id).filter((m) => {
      const at = tsMicros(m.ts);
      if (oldest !== undefined && (inclusive ? at < oldest : at <= oldest)) return false;
      if (latest !== undefined && (inclusive ? at > latest : at >= latest)) return false;
      return true;
    });
    const { items, nextCursor } = page(messages, ctx.args, { defaultLimit: 100, maxLimit: 999 });
    return {
      messages: items.map((m) => structuredClone(m)),
      has_more: nextCursor !== '',
      pin_count: 0,
      ...(nextCursor !== '' ? { response_metadata: { next_cursor: nextCursor } } : {}),
    };
  },
};

const open: MethodDef = {
  name: 'conversations.open',
  scopes: ['im:write'],
  json: true,
  run(ctx) {
    const returnIm = bool(ctx.args, 'return_im');
    if (str(ctx.args, 'channel') !== undefined) {
      const channel = visibleChannel(ctx);
      if (!channel.is_im && !channel.is_mpim) throw new SlackError('method_not_supported_for_channel_type');
      return { no_op: true, already_open: true, channel: returnIm ? channelJson(channel, ctx.token) : { id: channel.id } };
    }
    const users = (str(ctx.args, 'users') ?? '').split(',').map((u) => u.trim()).filter(Boolean);
    if (users.length === 0) throw new SlackError('users_list_not_supplied');
    if (users.length > 8) throw new SlackError('too_many_users');
    for (const id of users) {
      const user = ctx.store.users.get(id);
      if (!user) throw new SlackError('user_not_found');
      if (user.deleted) throw new SlackError('user_disabled');
    }
    if (users.length > 1) {
      const members = [ctx.token.userId, ...users];
      const name = `mpdm-${members.join('--')}-1`;
      const existing = ctx.store.findChannel(name);
      const channel = existing ?? ctx.store.addChannel({ name, is_mpim: true, members, creator: ctx.token.userId });
      return { ...(existing ? { no_op: true, already_open: true } : {}), channel: returnIm ? channelJson(channel, ctx.token) : { id: channel.id } };
    }
    const { channel, created } = ctx.store.openIm(ctx.token.userId, users[0] ?? '');
    return { ...(created ? {} : { no_op: true, already_open: true }), channel: returnIm ? channelJson(channel, ctx.token) : { id: channel.id } };
  },
};

export const conversationMethods: MethodDef[] = [list, history, open];
