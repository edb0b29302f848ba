import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, backoffDelay, parseRetryAfter, resolveRetryPolicy } from './retry';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-30T07:00:00Z');
  it.each([
    ['2', 2000],
    [' 0 ', 0],
    ['1.5', 1500],
    ['Mon, 30 Mar 2026 07:00:12 GMT', 12_000],
    ['Mon, 30 Mar 2026 06:59:00 GMT', 0], // already past: retry now
  ])('%j → %d ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([[undefined], [''], ['soon'], ['-3']])('%j is unreadable', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, jittered below it', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, policy, () => 0.5))).toEqual([50, 100, 200, 400, 500]);
    expect(backoffDelay(2, policy, () => 0)).toBe(0);
  });
});

describe('resolveRetryPolicy', () => {
  it('fills defaults and refuses negative values', () => {
    expect(resolveRetryPolicy({ retries: 1 })).toEqual({ ...DEFAULT_RETRY, retries: 1 });
    expect(() => resolveRetryPolicy({ retries: -1 })).toThrow('retry.retries must be a non-negative number');
  });
});
