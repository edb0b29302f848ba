/**
 * Fairness primitives in Redis, each one atomic Lua script on the server's clock:
 * - a token bucket (per connection: a tenant's burst cannot trip an app's rate limit;
 *   per webhook token: callers cannot flood the hook endpoint);
 * - a counting semaphore with leases (per workspace: one tenant's burst cannot take every
 *   worker slot). Leases expire, so a killed worker's slots come back on their own.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isInfrastructureError } from './infrastructure';

const shas = new Map<string, string>();

/**
 * Runs a Lua script by its SHA1 (EVALSHA: the server does not parse the script again), loading
 * it with EVAL when the server does not know it yet (first call, restart, SCRIPT FLUSH).
 */
export async function runScript(redis: Redis, script: string, key: string, ...args: string[]): Promise<unknown> {
  return runScriptOn(redis, script, [key], args);
}

/** runScript with several keys. */
export async function runScriptOn(redis: Redis, script: string, keys: readonly string[], args: readonly string[]): Promise<unknown> {
  let sha = shas.get(script);
  if (!sha) {
    sha = createHash('sha1').update(script).digest('hex');
    shas.set(script, sha);
  }
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return redis.eval(script, keys.length, ...keys, ...args);
  }
}

const TOKEN_BUCKET = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local data = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(data[1])
local ts = tonumber(data[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return { allowed, wait }
`;

const SEMAPHORE_ACQUIRE = `
local limit = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], lease * 2)
  return 1
end
return 0
`;

const SEMAPHORE_RENEW = `
local lease = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('ZSCORE', KEYS[1], ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[2])
  redis.call('PEXPIRE', KEYS[1], lease * 2)
  return 1
end
return 0
`;

export interface TokenBucketResult {
  allowed: boolean;
  /** When not allowed: ms until a token is available. */
  waitMs: number;
}

export interface BucketSpec {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: the burst allowed after a quiet period. */
  burst: number;
}

function checkBucket(spec: BucketSpec): void {
  if (!(spec.perSecond > 0) || !(spec.burst >= 1)) {
    throw new RangeError(`rate limit needs perSecond > 0 and burst >= 1 (got ${spec.perSecond}/s, burst ${spec.burst})`);
  }
}

/** Takes one token from the bucket at `key`. */
export async function takeToken(redis: Redis, key: string, spec: BucketSpec): Promise<TokenBucketResult> {
  checkBucket(spec);
  const reply = (await runScript(redis, TOKEN_BUCKET, key, String(spec.perSecond), String(spec.burst))) as [number, number];
  return { allowed: reply[0] === 1, waitMs: reply[1] };
}

export interface Semaphore {
  /** Takes a slot for `holder` (idempotent for the same holder); false when all are taken. */
  acquire(holder: string): Promise<boolean>;
  /** Extends the holder's lease; false when it had expired (and was lost). */
  renew(holder: string): Promise<boolean>;
  release(holder: string): Promise<void>;
  /** Live holders. */
  count(): Promise<number>;
}

export function semaphore(redis: Redis, key: string, limit: number, leaseMs: number): Semaphore {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be an integer >= 1 (got ${limit})`);
  if (!(leaseMs >= 100)) throw new RangeError(`semaphore lease must be >= 100 ms (got ${leaseMs})`);
  return {
    async acquire(holder) {
      return (await runScript(redis, SEMAPHORE_ACQUIRE, key, String(limit), String(leaseMs), holder)) === 1;
    },
    async renew(holder) {
      return (await runScript(redis, SEMAPHORE_RENEW, key, String(leaseMs), holder)) === 1;
    },
    async release(holder) {
      await redis.zrem(key, holder);
    },
    async count() {
      return redis.zcount(key, `(${Date.now()}`, '+inf');
    },
  };
}

const localBuckets = new Map<string, { tokens: number; at: number }>();

/** The same token bucket in this process's memory: the fallback while Redis is unreachable. */
export function takeLocalToken(key: string, spec: BucketSpec, now: number = Date.now()): TokenBucketResult {
  checkBucket(spec);
  const bucket = localBuckets.get(key) ?? { tokens: spec.burst, at: now };
  bucket.tokens = Math.min(spec.burst, bucket.tokens + (Math.max(0, now - bucket.at) * spec.perSecond) / 1000);
  bucket.at = now;
  if (localBuckets.size > 10_000) localBuckets.clear();
  localBuckets.set(key, bucket);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return { allowed: true, waitMs: 0 };
  }
  return { allowed: false, waitMs: Math.ceil(((1 - bucket.tokens) * 1000) / spec.perSecond) };
}

/**
 * takeToken in Redis (shared by every process); while Redis is unreachable, the same bucket in this
 * process alone, so callers are still accepted and still limited.
 */
export async function takeTokenOrLocal(
  redis: Redis,
  deps: { isUp(name: 'redis'): boolean; down(name: 'redis', err: unknown, startedAt?: number): void },
  key: string,
  spec: BucketSpec,
): Promise<TokenBucketResult> {
  if (deps.isUp('redis')) {
    const started = Date.now();
    try {
      return await takeToken(redis, key, spec);
    } catch (err) {
      if (!isInfrastructureError(err)) throw err;
      deps.down('redis', err, started);
    }
  }
  return takeLocalToken(key, spec);
}
