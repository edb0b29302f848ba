import { describe, expect, it } from 'vitest';
import { connectionHealth } from './connection-health';

const now = Date.parse('2026-12-07T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
const base = { status: 'unchecked' as const, statusMessage: null, lastCheckedAt: null, lastUsedAt: null, lastFailureAt: null, lastFailureMessage: null };

describe('connectionHealth', () => {
  it('a connection never tested but used by runs is Working, with when it was last used', () => {
    const h = connectionHealth({ ...base, lastUsedAt: minutesAgo(3) }, now);
    expect(h).toEqual({ label: 'Working', tone: 'good', detail: 'last used 3 min. ago' });
  });

  it('adds the last test when there was one; a tested connection not used yet says so', () => {
    expect(connectionHealth({ ...base, status: 'ok', lastUsedAt: minutesAgo(1), lastCheckedAt: minutesAgo(120) }, now).detail).toBe('last used 1 min. ago · tested 2 hr. ago');
    expect(connectionHealth({ ...base, status: 'ok', lastCheckedAt: minutesAgo(5) }, now)).toEqual({ label: 'Working', tone: 'good', detail: 'tested 5 min. ago · not used by a konnector yet' });
  });

  it('never used and never tested: Not tested yet, with what to do', () => {
    expect(connectionHealth(base, now)).toMatchObject({ label: 'Not tested yet', tone: 'neutral' });
  });

  it('a refused connection needs attention, with the app\'s words', () => {
    const h = connectionHealth({ ...base, status: 'needs_attention', statusMessage: 'Invalid API key', lastUsedAt: minutesAgo(60), lastFailureAt: minutesAgo(2) }, now);
    expect(h).toEqual({ label: 'Needs attention', tone: 'bad', detail: 'Invalid API key · failed 2 min. ago' });
  });

  it('a failure after the last success shows as Failing; a success after it is Working again', () => {
    const failing = connectionHealth({ ...base, status: 'ok', lastUsedAt: minutesAgo(10), lastFailureAt: minutesAgo(1), lastFailureMessage: 'Custify answered 503' }, now);
    expect(failing).toEqual({ label: 'Failing', tone: 'bad', detail: 'last use failed 1 min. ago: Custify answered 503' });
    expect(connectionHealth({ ...base, status: 'ok', lastUsedAt: minutesAgo(0.5), lastFailureAt: minutesAgo(1) }, now).label).toBe('Working');
  });
});
