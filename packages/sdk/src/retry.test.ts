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
  const backoff = { baseDelayMs: 100, maxDelayMs: 1000 };

  it('numbers retries from 1: the first retry waits about the base, each next one twice as long, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, backoff, () => 0.5))).toEqual([75, 150, 300, 600, 750, 750]);
  });

  it('equal jitter: half the wait is fixed, half random, so it stays within [ceiling / 2, ceiling]', () => {
    expect(backoffDelay(1, backoff, () => 0)).toBe(50);
    expect(backoffDelay(1, backoff, () => 0.999_999)).toBe(100);
    expect(backoffDelay(3, backoff, () => 0)).toBe(200);
    expect(backoffDelay(3, backoff, () => 0.999_999)).toBe(400);
    expect(backoffDelay(50, backoff, () => 0)).toBe(500);
    expect(backoffDelay(50, backoff, () => 0.999_999)).toBe(1000);
    for (let i = 0; i < 200; i++) {
      const wait = backoffDelay(4, backoff);
      expect(wait).toBeGreaterThanOrEqual(400);
      expect(wait).toBeLessThanOrEqual(800);
      expect(Number.isInteger(wait)).toBe(true);
    }
  });

  it('a retry number below 1 (or a fraction) counts as the whole number below it, never less than 1', () => {
    expect(backoffDelay(0, backoff, () => 0.5)).toBe(75);
    expect(backoffDelay(-3, backoff, () => 0.5)).toBe(75);
    expect(backoffDelay(2.7, backoff, () => 0.5)).toBe(150);
  });

  it('takes the HTTP client policy as it is (a RetryPolicy is a Backoff)', () => {
    expect(backoffDelay(1, DEFAULT_RETRY, () => 0)).toBe(DEFAULT_RETRY.baseDelayMs / 2);
    expect(backoffDelay(30, DEFAULT_RETRY, () => 0.999_999)).toBe(DEFAULT_RETRY.maxDelayMs);
  });
});

describe('resolveRetryPolicy', () => {
  it('fills defaults and refuses negative values', () => {
    expect(resolveRetryPolicy({ retries: 1 })).toEqual({ ...DEFAULT_RETRY, retries: 1 });
    expect(() => resolveRetryPolicy({ retries: -1 })).toThrow('retry.retries must be a non-negative number');
  });
});
