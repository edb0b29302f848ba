/** What a Web API method handler gets, and the helpers they share. */
import type { SimChannel, SimToken, SlackStore } from './store';

export interface MethodCtx {
  store: SlackStore;
  /** Arguments from the query string and the body (form fields are strings, JSON keeps its types). */
  args: Record<string, unknown>;
  token: SimToken;
}

export interface MethodDef {
  name: string;
  /** Scopes the token must hold (all of them); methods that depend on the channel type check in `run`. */
  scopes: string[];
  /** Whether a JSON body is read (Slack reads JSON bodies on write methods only). */
  json: boolean;
  run(ctx: MethodCtx): Record<string, unknown>;
}

/** An `ok: false` answer: `error` is the code, `extra` goes beside it (`needed`, `provided`, `response_metadata`). */
export class SlackError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

/** A string argument (numbers are accepted as their text); undefined when absent or empty. */
export function str(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Booleans as Slack reads them: true, "true" or "1". */
export function bool(args: Record<string, unknown>, name: string): boolean {
  const value = args[name];
  return value === true || value === 1 || value === 'true' || value === '1';
}

/** An integer argument; `error` when present but not an integer. */
export function int(args: Record<string, unknown>, name: string, error: string): number | undefined {
  const value = args[name];
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n)) throw new SlackError(error);
  return n;
}

export function requireScope(token: SimToken, scope: string): void {
  if (!token.scopes.includes(scope)) {
    throw new SlackError('missing_scope', { needed: scope, provided: token.scopes.join(',') });
  }
}

export function isMember(channel: SimChannel, token: SimToken): boolean {
  return channel.members.has(token.userId);
}

/**
 * The channel an argument names, as this token sees it: public channels are visible to every
 * token; private channels, IMs and group DMs only to members. Anything else: channel_not_found.
 */
export function visibleChannel(ctx: MethodCtx, name = 'channel'): SimChannel {
  const ref = str(ctx.args, name);
  const channel = ref === undefined ? undefined : ctx.store.findChannel(ref);
  if (!channel || (channel.is_private && !isMember(channel, ctx.token))) throw new SlackError('channel_not_found');
  return channel;
}

/** The scope family a channel's type needs: channels (public), groups (private), im, mpim. */
export function scopeFamily(channel: SimChannel): 'channels' | 'groups' | 'im' | 'mpim' {
  if (channel.is_im) return 'im';
  if (channel.is_mpim) return 'mpim';
  return channel.is_private ? 'groups' : 'channels';
}

/** Opaque cursors like Slack's: base64 of "next:<offset>". */
export function encodeCursor(offset: number): string {
  return Buffer.from(`next:${offset}`).toString('base64');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^next:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match) throw new SlackError('invalid_cursor');
  return Number(match[1]);
}

/** One page of `items` from a cursor, with `response_metadata.next_cursor` ("" on the last page). */
export function page<T>(items: T[], args: Record<string, unknown>, opts: { defaultLimit: number; maxLimit: number; limitError?: string }): { items: T[]; nextCursor: string } {
  const offset = decodeCursor(str(args, 'cursor'));
  if (offset > items.length) throw new SlackError('invalid_cursor');
  let limit = int(args, 'limit', opts.limitError ?? 'invalid_limit') ?? opts.defaultLimit;
  if (limit <= 0) limit = opts.defaultLimit;
  if (limit > opts.maxLimit) {
    if (opts.limitError) throw new SlackError(opts.limitError);
    limit = opts.maxLimit;
  }
  const slice = items.slice(offset, offset + limit);
  return { items: slice, nextCursor: offset + limit < items.length ? encodeCursor(offset + limit) : '' };
}
