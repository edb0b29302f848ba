import { describe, expect, it } from 'vitest';
import { classifySlackError, describeSlackError } from './errors';

describe('classifySlackError', () => {
  it.each([
    ['invalid_auth', 'auth', false], ['not_authed', 'auth', false], ['account_inactive', 'auth', false], ['token_revoked', 'auth', false], ['token_expired', 'auth', false],
    ['missing_scope', 'forbidden', false], ['not_allowed_token_type', 'forbidden', false], ['restricted_action', 'forbidden', false],
    ['restricted_action_read_only_channel', 'forbidden', false], ['not_in_channel', 'forbidden', false], ['cant_update_message', 'forbidden', false],
    ['channel_not_found', 'not_found', false], ['message_not_found', 'not_found', false], ['users_not_found', 'not_found', false], ['user_not_found', 'not_found', false],
    ['ratelimited', 'rate_limited', true], ['rate_limited', 'rate_limited', true],
    ['fatal_error', 'server', true], ['internal_error', 'server', true], ['service_unavailable', 'server', true], ['request_timeout', 'server', true],
    ['invalid_arguments', 'validation', false], ['no_text', 'validation', false], ['invalid_blocks', 'validation', false], ['msg_too_long', 'validation', false],
    ['invalid_name', 'validation', false], ['invalid_cursor', 'validation', false], ['is_archived', 'validation', false], ['something_new', 'validation', false],
  ])('%s → %s (retryable: %s)', (code, kind, retryable) => {
    expect(classifySlackError(code)).toEqual({ kind, retryable });
  });

  it('says which scope is missing and passes on block errors', () => {
    expect(describeSlackError('missing_scope', { needed: 'users:read.email', provided: 'chat:write' })).toBe(
      'missing_scope: the token lacks the users:read.email scope (it has: chat:write); add it under OAuth & Permissions in your Slack app and reinstall the app',
    );
    expect(describeSlackError('invalid_blocks', { response_metadata: { messages: ['[ERROR] bad [json-pointer:/blocks/0]'] } })).toBe(
      'invalid_blocks: the blocks are not valid Block Kit — [ERROR] bad [json-pointer:/blocks/0]',
    );
    expect(describeSlackError('brand_new_code', {})).toBe('brand_new_code');
  });
});
