import type { RetryBudget } from './types';

/** onError stop / continue: a couple of quick retries before deferring. */
export const STANDARD_RETRY_BUDGET: RetryBudget = { retries: 2, maxWaitMs: 5_000 };
/** onError retry: more patience in-process. */
export const EXTENDED_RETRY_BUDGET: RetryBudget = { retries: 5, maxWaitMs: 30_000 };

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 30_000;
/** Shortest deferral, so a `Retry-After: 0` cannot make the platform spin on a run. */
export const MIN_DEFER_MS = 1_000;

/** Exponential backoff with equal jitter: half fixed, half random. `retry` counts from 1. */
export function backoffDelay(retry: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The wait before the next attempt: the app's Retry-After when it sent one, else backoff. */
export function retryDelay(retryAfterMs: number | undefined, retry: number, random: () => number): number {
  return retryAfterMs !== undefined ? Math.max(0, Math.round(retryAfterMs)) : backoffDelay(retry, random);
}
