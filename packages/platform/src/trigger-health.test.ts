import { describe, expect, it } from 'vitest';
import { ConnectorError } from '@konnect/sdk';
import { describeTriggerFailure, isAuthFailure } from './trigger-health';

describe('describeTriggerFailure', () => {
  it('says what the app answered, naming the status once', () => {
    const named = new ConnectorError({ kind: 'auth', status: 401, message: 'Invalid API key (401): Invalid API key', retryable: false });
    expect(describeTriggerFailure(named, 'Custify')).toBe('Custify rejected the credentials — Invalid API key (401): Invalid API key');
    const bare = new ConnectorError({ kind: 'forbidden', status: 403, message: 'No access', retryable: false });
    expect(describeTriggerFailure(bare, 'Custify')).toBe('Custify refused access with these credentials (403): No access');
    const slow = new ConnectorError({ kind: 'rate_limited', status: 429, message: 'Slow down', retryable: true });
    expect(describeTriggerFailure(slow, 'Custify')).toBe('Custify asked Konnect to slow down (429): Slow down');
    expect(describeTriggerFailure(new TypeError('x is undefined'), 'Custify')).toBe('Custify could not be polled: x is undefined');
  });

  it('treats 401 and 403 as auth failures only', () => {
    expect(isAuthFailure(new ConnectorError({ kind: 'auth', message: 'no', retryable: false }))).toBe(true);
    expect(isAuthFailure(new ConnectorError({ kind: 'server', status: 503, message: 'down', retryable: true }))).toBe(false);
    expect(isAuthFailure(new Error('auth'))).toBe(false);
  });
});
