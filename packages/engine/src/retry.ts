/**
 * Action step retries. On the run path the engine is their one owner (the layers are listed at
 * the top of packages/platform/src/run.ts): `retries` bounds the sends of the step's request in
 * the whole run, deferrals included; `maxWaitMs` bounds the waiting done in-process, past it a
 * live run is deferred.
 */
import { backoffDelay, type Backoff } from '@konnect/sdk';
import type { RetryBudget } from './types';

/** onError stop / continue: a couple of quick retries ("after quick retries" in the builder). */
export const STANDARD_RETRY_BUDGET: RetryBudget = { retries: 2, maxWaitMs: 5_000 };
/** onError retry: "Retry longer, then stop". */
export const EXTENDED_RETRY_BUDGET: RetryBudget = { retries: 5, maxWaitMs: 30_000 };

/** The backoff between a step's attempts (Konnect's one formula, `backoffDelay` of the SDK). */
export const STEP_BACKOFF: Backoff = { baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * The wait before the step's next attempt: the app's Retry-After when it sent one, else the
 * backoff for retry number `retry` (1 = the first retry of the step in this run).
 */
export function retryDelay(retryAfterMs: number | undefined, retry: number, random: () => number): number {
  return retryAfterMs !== undefined ? Math.max(0, Math.round(retryAfterMs)) : backoffDelay(retry, STEP_BACKOFF, random);
}
