import { describe, expect, it } from 'vitest';
import { readDateTime } from './zoned-time';

const at = (value: unknown, tz = 'UTC') => {
  const r = readDateTime(value, tz);
  return r.ok ? new Date(r.at).toISOString() : `error: ${r.reason}`;
};

describe('readDateTime', () => {
  it('reads instants with offsets as they are', () => {
    expect(at('2026-12-08T09:00:00Z', 'Asia/Tokyo')).toBe('2026-12-08T09:00:00.000Z');
    expect(at('2026-12-08T09:00+02:00')).toBe('2026-12-08T07:00:00.000Z');
    expect(at('2026-12-08 09:00:00 +0530')).toBe('2026-12-08T03:30:00.000Z');
    expect(at('Tue, 08 Dec 2026 09:00:00 GMT')).toBe('2026-12-08T09:00:00.000Z');
  });
  it('reads wall times in the zone, across DST', () => {
    expect(at('2026-12-08 09:00', 'Europe/Paris')).toBe('2026-12-08T08:00:00.000Z');
    expect(at('2026-07-08T09:00', 'Europe/Paris')).toBe('2026-07-08T07:00:00.000Z');
    expect(at('2026-12-08', 'America/New_York')).toBe('2026-12-08T05:00:00.000Z');
    // 02:30 does not exist on 2026-03-29 in Paris: it moves forward by the gap.
    expect(at('2026-03-29 02:30', 'Europe/Paris')).toBe('2026-03-29T01:30:00.000Z');
  });
  it('reads epoch seconds and milliseconds', () => {
    expect(at(1796720400)).toBe('2026-12-08T09:00:00.000Z');
    expect(at(1796720400000)).toBe('2026-12-08T09:00:00.000Z');
    expect(at('1796720400')).toBe('2026-12-08T09:00:00.000Z');
  });
  it('refuses what is not a date', () => {
    expect(at('soon')).toMatch(/^error: not a date/);
    expect(at('2026-02-30')).toBe('error: not a valid date');
    expect(at('')).toBe('error: it is empty');
    expect(at(null)).toBe('error: it is empty');
    expect(at({ a: 1 })).toMatch(/object, not a date/);
    expect(at('December 8, 2026 09:00')).toMatch(/^error/);
  });
});
