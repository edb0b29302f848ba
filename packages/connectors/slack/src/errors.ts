/**
 * Slack answers most failures with HTTP 200 and `{ ok: false, error: "<code>" }`. This table turns
 * a code into the SDK's error kinds (docs/slack.md, "Errors"): who must act, and whether trying
 * again later can help.
 */
import type { ConnectorErrorKind } from '@konnect/sdk';

const AUTH = ['not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'token_expired'];
const FORBIDDEN = [
  'missing_scope', 'not_allowed_token_type', 'no_permission', 'access_denied', 'accesslimited', 'ekm_access_denied',
  'team_access_not_granted', 'two_factor_setup_required', 'enterprise_is_restricted', 'app_access_restricted',
  'not_in_channel', 'cant_update_message', 'edit_window_closed', 'posting_to_channel_denied', 'messages_tab_disabled',
  'channel_is_limited_access', 'is_restricted',
];
const RATE_LIMITED = ['ratelimited', 'rate_limited', 'message_limit_exceeded'];
const SERVER = ['fatal_error', 'internal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org', 'org_login_required'];

export interface SlackErrorClass {
  kind: ConnectorErrorKind;
  retryable: boolean;
}

/** The kind of an `ok: false` code; codes not listed are the request's fault (`validation`). */
export function classifySlackError(code: string): SlackErrorClass {
  if (AUTH.includes(code)) return { kind: 'auth', retryable: false };
  if (code.startsWith('restricted_action') || FORBIDDEN.includes(code)) return { kind: 'forbidden', retryable: false };
  if (code.endsWith('_not_found') || code === 'user_disabled') return { kind: 'not_found', retryable: false };
  if (RATE_LIMITED.includes(code)) return { kind: 'rate_limited', retryable: true };
  if (SERVER.includes(code)) return { kind: 'server', retryable: true };
  return { kind: 'validation', retryable: false };
}

/** What a code means, in words (Slack's method pages), for the messages people read. */
const MEANINGS: Record<string, string> = {
  not_authed: 'no token was sent',
  invalid_auth: 'the token is not valid',
  account_inactive: 'the token belongs to a deleted user or workspace',
  token_revoked: 'the token was revoked or the app removed',
  token_expired: 'the token has expired',
  not_allowed_token_type: 'this token type cannot call this method (use a bot token, xoxb-…)',
  not_in_channel: 'the app is not a member of this channel; invite it there (/invite @your-app)',
  channel_not_found: 'no such channel, or it is private and the app is not in it',
  message_not_found: 'no message with this timestamp in this channel',
  thread_not_found: 'no message with this thread timestamp in this channel',
  users_not_found: 'no active user has this email',
  user_not_found: 'no such user',
  user_disabled: 'the user is deactivated',
  cant_update_message: 'the app can only edit messages it posted',
  edit_window_closed: 'the workspace no longer allows editing this message',
  is_archived: 'the channel is archived',
  no_text: 'the message needs text or blocks',
  msg_too_long: 'the text is too long (40,000 characters at most)',
  invalid_blocks: 'the blocks are not valid Block Kit',
  invalid_blocks_format: 'blocks must be a JSON array',
  invalid_name: 'no emoji has this name (give it without colons, e.g. thumbsup)',
  already_reacted: 'the app already added this reaction',
  bad_timestamp: 'the timestamp is not a message timestamp',
  invalid_cursor: 'the page cursor is not valid',
  invalid_arguments: 'the arguments are not valid',
  ratelimited: 'Slack rate limit reached',
  rate_limited: 'too many messages posted',
  fatal_error: 'Slack failed; part of the operation may have happened',
  internal_error: 'Slack failed (a transient error on its side)',
  service_unavailable: 'Slack is unavailable',
};

/** "channel_not_found: no such channel…", with the scope details of missing_scope and block errors. */
export function describeSlackError(code: string, body: Record<string, unknown>): string {
  if (code === 'missing_scope') {
    const needed = typeof body.needed === 'string' ? body.needed : 'another scope';
    const provided = typeof body.provided === 'string' && body.provided !== '' ? body.provided : 'none';
    return `missing_scope: the token lacks the ${needed} scope (it has: ${provided}); add it under OAuth & Permissions in your Slack app and reinstall the app`;
  }
  const meta = body.response_metadata;
  const details =
    typeof meta === 'object' && meta !== null && Array.isArray((meta as { messages?: unknown }).messages)
      ? ((meta as { messages: unknown[] }).messages.filter((m) => typeof m === 'string') as string[])
      : [];
  const meaning = MEANINGS[code];
  return [`${code}${meaning ? `: ${meaning}` : ''}`, ...details].join(' — ');
}
