import type { Backoff, RetryPolicy } from './types';

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 30_000,
};

/** Wait used on a 429 that carries no Retry-After header. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 10_000;

const DELTA_SECONDS = /^\s*(\d+(?:\.\d+)?)\s*$/;
/** Every HTTP-date form (IMF-fixdate, RFC 850, asctime) starts with a day name. */
const HTTP_DATE = /^\s*[A-Za-z]{3}/;

/**
 * Reads a Retry-After header in either form: delta-seconds ("120") or an HTTP-date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"). Returns milliseconds to wait (never negative), or
 * undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value === '') return undefined;
  const delta = DELTA_SECONDS.exec(value);
  if (delta?.[1] !== undefined) return Math.round(Number(delta[1]) * 1000);
  if (!HTTP_DATE.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Konnect's one backoff, used by every layer that waits before trying again (this HTTP client,
 * the engine's step retries, the run job's BullMQ retries): the wait before retry number `retry`
 * (1 = the first retry; anything below 1 counts as 1) is exponential, `baseDelayMs * 2^(retry-1)`
 * capped at `maxDelayMs`, with equal jitter: half of it fixed, half random. The fixed half keeps a
 * struggling app from being called again at once; the random half spreads callers that failed
 * together. With `random` in [0, 1) the wait is within [ceiling / 2, ceiling].
 */
export function backoffDelay(retry: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** Math.max(0, Math.floor(retry) - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function resolveRetryPolicy(partial: Partial<RetryPolicy> | undefined): RetryPolicy {
  if (!partial) return DEFAULT_RETRY;
  const policy = { ...DEFAULT_RETRY };
  for (const key of Object.keys(DEFAULT_RETRY) as (keyof RetryPolicy)[]) {
    const value = partial[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`retry.${key} must be a non-negative number`);
    policy[key] = value;
  }
  policy.retries = Math.floor(policy.retries);
  return policy;
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
