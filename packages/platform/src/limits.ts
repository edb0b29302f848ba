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

/** runScript over several keys (all in one hash slot on Redis Cluster: they share the key prefix). */
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

/**
 * Several token buckets at once (KEYS[i] with ARGV[2i-1] per second, ARGV[2i] burst): one token is
 * taken from every bucket, or from none when any is empty. Returns { allowed, wait ms, the
 * 1-based index of the bucket that waits longest }.
 */
const TOKEN_BUCKETS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local levels = {}
local wait = 0
local by = 0
for i = 1, #KEYS do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local data = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local tokens = tonumber(data[1])
  local ts = tonumber(data[2])
  if tokens == nil or ts == nil then
    tokens = burst
    ts = now
  end
  tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
  levels[i] = tokens
  if tokens < 1 then
    local w = math.ceil((1 - tokens) * 1000 / rate)
    if w > wait then
      wait = w
      by = i
    end
  end
end
local allowed = 0
if wait == 0 then allowed = 1 end
for i = 1, #KEYS do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local tokens = levels[i]
  if allowed == 1 then tokens = tokens - 1 end
  redis.call('HSET', KEYS[i], 'tokens', tostring(tokens), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[i], math.ceil(burst * 1000 / rate) + 1000)
end
return { allowed, wait, by }
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
  const { allowed, waitMs } = await takeTokens(redis, [{ key, spec }]);
  return { allowed, waitMs };
}

export interface BucketsResult extends TokenBucketResult {
  /** When not allowed: the index (in the given order) of the bucket that waits longest. */
  emptyIndex: number;
}

/** Takes one token from each bucket, all or none, in one round trip. */
export async function takeTokens(redis: Redis, buckets: readonly { key: string; spec: BucketSpec }[]): Promise<BucketsResult> {
  for (const b of buckets) checkBucket(b.spec);
  const reply = (await runScriptOn(
    redis,
    TOKEN_BUCKETS,
    buckets.map((b) => b.key),
    buckets.flatMap((b) => [String(b.spec.perSecond), String(b.spec.burst)]),
  )) as [number, number, number];
  return { allowed: reply[0] === 1, waitMs: reply[1], emptyIndex: reply[2] - 1 };
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

/** takeTokens in this process's memory (all or none): the fallback while Redis is unreachable. */
export function takeLocalTokens(buckets: readonly { key: string; spec: BucketSpec }[], now: number = Date.now()): BucketsResult {
  let waitMs = 0;
  let emptyIndex = -1;
  const levels = buckets.map((b, i) => {
    checkBucket(b.spec);
    const bucket = localBuckets.get(b.key) ?? { tokens: b.spec.burst, at: now };
    bucket.tokens = Math.min(b.spec.burst, bucket.tokens + (Math.max(0, now - bucket.at) * b.spec.perSecond) / 1000);
    bucket.at = now;
    if (bucket.tokens < 1) {
      const wait = Math.ceil(((1 - bucket.tokens) * 1000) / b.spec.perSecond);
      if (wait > waitMs) {
        waitMs = wait;
        emptyIndex = i;
      }
    }
    return bucket;
  });
  if (localBuckets.size > 10_000) localBuckets.clear();
  buckets.forEach((b, i) => {
    const bucket = levels[i];
    if (!bucket) return;
    if (waitMs === 0) bucket.tokens -= 1;
    localBuckets.set(b.key, bucket);
  });
  return { allowed: waitMs === 0, waitMs, emptyIndex };
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
