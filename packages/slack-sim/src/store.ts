/** The simulated workspace: team, tokens, users, conversations, messages and reactions, in memory. */

export interface SimTeam {
  id: string;
  name: string;
  domain: string;
}

export interface SimToken {
  token: string;
  /** The user (for a bot token: the bot user) the token acts as. */
  userId: string;
  botId: string | null;
  scopes: string[];
  revoked: boolean;
}

export interface SimUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  is_admin: boolean;
  tz: string;
  profile: { email?: string; real_name: string; display_name: string; bot_id?: string };
}

export interface SimChannel {
  id: string;
  name: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_private: boolean;
  is_archived: boolean;
  is_general: boolean;
  created: number;
  creator: string;
  /** For an IM: the other user. */
  user?: string;
  members: Set<string>;
  topic: string;
  purpose: string;
}

export interface SimReaction {
  name: string;
  users: string[];
  count: number;
}

export interface SimMessage {
  type: 'message';
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  team?: string;
  subtype?: string;
  blocks?: unknown[];
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  reactions?: SimReaction[];
  edited?: { user: string; ts: string };
}

/** A message as stored: its channel, and whether it shows in the channel's history. */
export interface StoredMessage {
  channel: string;
  message: SimMessage;
  /** False for thread replies that were not broadcast to the channel. */
  inHistory: boolean;
}

export type ChannelInput = Partial<Omit<SimChannel, 'members'>> & { name: string; members?: string[] };
export type UserInput = Partial<Omit<SimUser, 'profile'>> & { name: string; email?: string };

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** "1700000000.000100": seconds, a dot, six digits of microseconds. */
export function formatTs(micros: bigint): string {
  const seconds = micros / 1_000_000n;
  const rest = micros % 1_000_000n;
  return `${seconds}.${rest.toString().padStart(6, '0')}`;
}

export const TS_PATTERN = /^\d{1,12}\.\d{6}$/;

export function tsMicros(ts: string): bigint {
  const [sec = '0', frac = '0'] = ts.split('.');
  return BigInt(sec) * 1_000_000n + BigInt(frac.padEnd(6, '0').slice(0, 6));
}

export class SlackStore {
  team: SimTeam = { id: 'T0KONNECT1', name: 'Konnect Demo', domain: 'konnect-demo' };
  readonly tokens = new Map<string, SimToken>();
  readonly users = new Map<string, SimUser>();
  readonly channels = new Map<string, SimChannel>();
  /** Per channel, every message (top level and replies) in ascending ts order. */
  readonly messages = new Map<string, SimMessage[]>();
  /** Custom emoji names (besides the standard ones the simulator knows). */
  readonly customEmoji = new Set<string>();
  private counters = { U: 0, B: 0, C: 0, G: 0, D: 0 };
  private lastTs = 0n;

  constructor(readonly clock: () => Date) {}

  now(): Date {
    return this.clock();
  }

  clear(): void {
    this.tokens.clear();
    this.users.clear();
    this.channels.clear();
    this.messages.clear();
    this.customEmoji.clear();
    this.counters = { U: 0, B: 0, C: 0, G: 0, D: 0 };
    this.lastTs = 0n;
  }

  private nextId(prefix: keyof SlackStore['counters']): string {
    this.counters[prefix] += 1;
    return `${prefix}0${pad(this.counters[prefix], 8)}`;
  }

  /** A new, strictly increasing message ts at `at` (default: the clock's now). */
  nextTs(at: Date = this.now()): string {
    let micros = BigInt(at.getTime()) * 1000n;
    if (micros <= this.lastTs) micros = this.lastTs + 1n;
    this.lastTs = micros;
    return formatTs(micros);
  }

  addUser(input: UserInput): SimUser {
    const id = input.id ?? this.nextId('U');
    const realName = input.real_name ?? input.name;
    const user: SimUser = {
      id,
      team_id: this.team.id,
      name: input.name,
      real_name: realName,
      deleted: input.deleted ?? false,
      is_bot: input.is_bot ?? false,
      is_admin: input.is_admin ?? false,
      tz: input.tz ?? 'Europe/Paris',
      profile: { real_name: realName, display_name: input.name, ...(input.email ? { email: input.email } : {}) },
    };
    this.users.set(id, user);
    return user;
  }

  /** A bot user with its bot id and a bot token holding `scopes`. */
  addBot(input: { name: string; token: string; scopes: string[]; userId?: string; botId?: string }): { user: SimUser; token: SimToken } {
    const user = this.addUser({ name: input.name, is_bot: true, ...(input.userId ? { id: input.userId } : {}) });
    const botId = input.botId ?? this.nextId('B');
    user.profile.bot_id = botId;
    return { user, token: this.addToken({ token: input.token, userId: user.id, botId, scopes: input.scopes }) };
  }

  addToken(input: { token: string; userId: string; botId?: string | null; scopes: string[] }): SimToken {
    const token: SimToken = { token: input.token, userId: input.userId, botId: input.botId ?? null, scopes: [...input.scopes], revoked: false };
    this.tokens.set(token.token, token);
    return token;
  }

  addChannel(input: ChannelInput): SimChannel {
    const isPrivate = input.is_private ?? false;
    const isIm = input.is_im ?? false;
    const isMpim = input.is_mpim ?? false;
    const id = input.id ?? this.nextId(isIm ? 'D' : isPrivate || isMpim ? 'G' : 'C');
    const channel: SimChannel = {
      id,
      name: input.name,
      is_channel: !isIm && !isMpim && !isPrivate,
      is_group: isPrivate && !isMpim,
      is_im: isIm,
      is_mpim: isMpim,
      is_private: isPrivate || isIm || isMpim,
      is_archived: input.is_archived ?? false,
      is_general: input.is_general ?? false,
      created: input.created ?? Math.floor(this.now().getTime() / 1000),
      creator: input.creator ?? '',
      ...(input.user ? { user: input.user } : {}),
      members: new Set(input.members ?? []),
      topic: input.topic ?? '',
      purpose: input.purpose ?? '',
    };
    this.channels.set(id, channel);
    this.messages.set(id, []);
    return channel;
  }

  /** By id, or by name ("cs" or "#cs") for public and private channels. */
  findChannel(ref: string): SimChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    const name = ref.startsWith('#') ? ref.slice(1) : ref;
    return [...this.channels.values()].find((c) => !c.is_im && !c.is_mpim && c.name === name);
  }

  /** The IM between two users, opened if needed; `created` tells whether it is new. */
  openIm(self: string, other: string): { channel: SimChannel; created: boolean } {
    const existing = [...this.channels.values()].find((c) => c.is_im && c.members.has(self) && c.user === other);
    if (existing) return { channel: existing, created: false };
    return { channel: this.addChannel({ name: other, is_im: true, user: other, members: [self, other], creator: self }), created: true };
  }

  /** Stores a message in a channel; with `thread_ts` it is a reply (shown in history only when broadcast). */
  insertMessage(channelId: string, fields: Omit<SimMessage, 'type' | 'ts'> & { ts?: string; at?: Date; broadcast?: boolean }): SimMessage {
    const list = this.messages.get(channelId);
    if (!list) throw new Error(`no channel ${channelId}`);
    const { at, broadcast, ...rest } = fields;
    const ts = rest.ts ?? this.nextTs(at);
    if (tsMicros(ts) > this.lastTs) this.lastTs = tsMicros(ts);
    const message: SimMessage = { type: 'message', ...rest, ts };
    if (message.thread_ts && broadcast) message.subtype = 'thread_broadcast';
    list.push(message);
    list.sort((a, b) => (tsMicros(a.ts) < tsMicros(b.ts) ? -1 : tsMicros(a.ts) > tsMicros(b.ts) ? 1 : 0));
    if (message.thread_ts && message.thread_ts !== ts) {
      const parent = list.find((m) => m.ts === message.thread_ts);
      if (parent) {
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        const who = message.user ?? message.bot_id ?? '';
        parent.reply_users = [...new Set([...(parent.reply_users ?? []), who])];
        parent.latest_reply = ts;
      }
    }
    return message;
  }

  findMessage(channelId: string, ts: string): SimMessage | undefined {
    return this.messages.get(channelId)?.find((m) => m.ts === ts);
  }

  /** The messages a history call shows: top level ones and broadcast replies, newest first. */
  history(channelId: string): SimMessage[] {
    const list = this.messages.get(channelId) ?? [];
    return list.filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast').reverse();
  }

  userByEmail(email: string): SimUser | undefined {
    const wanted = email.trim().toLowerCase();
    return [...this.users.values()].find((u) => u.profile.email?.toLowerCase() === wanted);
  }

  counts(): Record<string, number> {
    let messages = 0;
    for (const list of this.messages.values()) messages += list.length;
    return { users: this.users.size, channels: this.channels.size, messages, tokens: this.tokens.size };
  }
}
