/**
 * The per-connection rate limit, applied before each HTTP call a connector makes: the engine is
 * handed this wrapper instead of the raw client. Short waits happen in-process; a wait longer
 * than `maxWaitMs` surfaces as a retryable, `unprocessed` 'rate_limited' ConnectorError with
 * retryAfterMs, which the engine waits out or defers (the run shows as queued, not failed) without
 * counting it against the step's retries: nothing was sent.
 */
import type { Redis } from 'ioredis';
import { ConnectorError, type HttpClient } from '@konnect/sdk';
import { takeToken, type BucketSpec } from './limits';

export interface ThrottleOptions extends BucketSpec {
  /** Longest in-process wait for a token; default 2 s. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function throttledHttp(http: HttpClient, redis: Redis, key: string, opts: ThrottleOptions): HttpClient {
  const maxWait = opts.maxWaitMs ?? 2000;
  const sleep = opts.sleep ?? defaultSleep;
  return {
    async request(req) {
      let waited = 0;
      for (;;) {
        const token = await takeToken(redis, key, opts);
        if (token.allowed) return http.request(req);
        if (waited + token.waitMs > maxWait) {
          throw new ConnectorError({
            kind: 'rate_limited',
            message: `Konnect is pacing calls on this connection (${opts.perSecond}/s); the step will run again shortly`,
            retryable: true,
            retryAfterMs: Math.max(token.waitMs, 250),
            // Held back before it was sent: trying again later cannot repeat anything.
            unprocessed: true,
          });
        }
        await sleep(token.waitMs);
        waited += token.waitMs;
      }
    },
  };
}
