import { describe, expect, it } from 'vitest';
import { triggerHealthText } from './trigger-health';

const now = new Date('2026-12-07T23:45:00');

describe('triggerHealthText', () => {
  it('is null for a working trigger', () => {
    expect(triggerHealthText({ state: 'ok', reason: null, since: null, nextAttemptAt: null }, now)).toBeNull();
  });

  it('says paused, since when, and why', () => {
    const text = triggerHealthText({ state: 'paused', reason: 'Custify rejected the credentials (401)', since: new Date('2026-12-07T23:40:00').toISOString(), nextAttemptAt: null }, now);
    expect(text).toBe('Paused since 23:40 — Custify rejected the credentials (401)');
  });

  it('says retrying with the next attempt; another day shows the date', () => {
    const text = triggerHealthText(
      { state: 'retrying', reason: 'Custify answered with an error (503)', since: new Date('2026-12-06T10:00:00').toISOString(), nextAttemptAt: new Date('2026-12-07T23:46:00').toISOString() },
      now,
    );
    expect(text).toBe('Retrying since 6 Dec, 10:00 — Custify answered with an error (503). Next attempt 23:46.');
  });
});
