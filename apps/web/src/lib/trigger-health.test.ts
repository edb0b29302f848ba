import { describe, expect, it } from 'vitest';
import { triggerHealthText, triggerScanText } from './trigger-health';

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

describe('triggerScanText', () => {
  const scan = { pollSeconds: 60, lastFullScanMs: 16 * 60_000, lastFullScanPolls: 17, lastFullScanPages: 501, lastFullScanAt: '2026-12-07T08:40:00.000Z', page: 12, startedAt: '2026-12-07T08:41:00.000Z' };

  it('is null when the trigger does not scan', () => {
    expect(triggerScanText(null)).toBeNull();
  });

  it('says how stale the trigger can be: the last full scan plus one poll', () => {
    expect(triggerScanText(scan)).toBe('New records can take up to 17 minutes to appear (this list cannot be sorted: a full scan takes 17 polls).');
    expect(triggerScanText({ ...scan, lastFullScanMs: 0, lastFullScanPolls: 1 })).toBe('New records can take up to 1 minute to appear (this list cannot be sorted: a full scan takes 1 poll).');
  });

  it('before the first full scan completed, says it is under way', () => {
    const text = triggerScanText({ ...scan, lastFullScanMs: null, lastFullScanPolls: null, lastFullScanPages: null, lastFullScanAt: null });
    expect(text).toContain('the first full scan is under way; 11 pages read so far');
  });
});
