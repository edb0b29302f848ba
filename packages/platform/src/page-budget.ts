/**
 * The page budget of polls, per connection: every konnector polling through one connection shares
 * it (Redis keys named after the connection id, one atomic Lua script per call).
 *
 * - A sliding window: no 60 s window ever holds more than `perMinute` pages (a sorted set of the
 *   pages' times). A token bucket cannot promise that and still let a poll every 60 s read a
 *   minute's worth of pages (its burst would have to be the whole cap, and burst + refill doubles it).
 * - Fair shares: within any 60 s window a konnector may take at most cap / (konnectors that asked
 *   for pages in the last 2 minutes), so one long scan cannot starve the others on the connection.
 * - A scan of a list that cannot sort takes a page before reading it and stops when refused (it
 *   goes on next poll); a sorted poll's pages are only counted (spent), never refused — its cursor
 *   is a watermark and cannot stop midway — and they hold the scans back.
 * - Adaptive back-off: a 429 halves the cap (down to 1/16) and blocks scans until its Retry-After;
 *   each calm period without another 429 doubles it back, up to the full cap. 429s within 5 s of
 *   each other count once (several pages in flight meet the same limit).
 *
 * The clock is the caller's (`now`), so tests can run minutes of polls without sleeping.
 */
import type { Redis } from 'ioredis';
import type { PollBudget } from '@konnect/sdk';
import { runScript } from './limits';

const WINDOW_MS = 60_000;
const ASKERS_MS = 120_000;

const PAGE_BUDGET = `
local op = ARGV[1]
local now = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local retry = tonumber(ARGV[4])
local calm = tonumber(ARGV[5])
local holder = ARGV[6]
local window = ${WINDOW_MS}
local state = KEYS[1] .. ':state'
local pages = KEYS[1] .. ':pages'
local askers = KEYS[1] .. ':askers'
local mine = KEYS[1] .. ':holder:' .. holder
local d = redis.call('HMGET', state, 'factor', 'calmAt', 'blockedUntil', 'penalizedAt', 'seq')
local factor = tonumber(d[1]) or 1
local calmAt = tonumber(d[2]) or 0
local blocked = tonumber(d[3]) or 0
local penalized = tonumber(d[4]) or 0
local seq = tonumber(d[5]) or 0
while factor < 1 and now >= calmAt do
  factor = math.min(1, factor * 2)
  calmAt = calmAt + calm
end
redis.call('ZREMRANGEBYSCORE', pages, '-inf', now - window)
local limit = math.max(1, math.floor(cap * factor))
local used = redis.call('ZCARD', pages)
local allowed = 1
local share = limit
if op == 'take' then
  redis.call('ZADD', askers, now, holder)
  redis.call('ZREMRANGEBYSCORE', askers, '-inf', now - ${ASKERS_MS})
  redis.call('ZREMRANGEBYSCORE', mine, '-inf', now - window)
  share = math.max(1, math.floor(limit / math.max(1, redis.call('ZCARD', askers))))
  if now < blocked or used >= limit or redis.call('ZCARD', mine) >= share then
    allowed = 0
  end
elseif op == 'penalize' then
  if now >= penalized + 5000 then
    factor = math.max(0.0625, factor / 2)
    penalized = now
  end
  calmAt = now + calm
  blocked = math.max(blocked, now + retry)
end
if (op == 'take' and allowed == 1) or op == 'spend' then
  seq = seq + 1
  redis.call('ZADD', pages, now, tostring(seq))
  used = used + 1
end
if op == 'take' and allowed == 1 then
  redis.call('ZADD', mine, now, tostring(seq))
  redis.call('PEXPIRE', mine, window * 2)
end
redis.call('HSET', state, 'factor', tostring(factor), 'calmAt', tostring(calmAt), 'blockedUntil', tostring(blocked),
  'penalizedAt', tostring(penalized), 'seq', tostring(seq))
local ttl = calm * 5 + ${ASKERS_MS}
redis.call('PEXPIRE', state, ttl)
redis.call('PEXPIRE', pages, ttl)
redis.call('PEXPIRE', askers, ttl)
return { allowed, used, limit, tostring(factor), tostring(blocked), share }
`;

export interface PageBudgetSpec {
  /** Pages per minute per connection (no 60 s window holds more); at least 2. */
  perMinute: number;
  /** How long a halved rate lasts before it doubles back; default 10 minutes. */
  calmMs?: number;
}

export interface PageBudgetState {
  allowed: boolean;
  /** Pages counted in the last 60 s. */
  used: number;
  /** Pages allowed per 60 s now (the cap, or less after 429s). */
  limit: number;
  /** The share of the full cap now (1, 0.5, … 0.0625). */
  factor: number;
  /** Epoch ms until which scans wait (Retry-After); 0 when none. */
  blockedUntil: number;
  /** Pages one konnector may take per 60 s now (take only). */
  share: number;
}

export const DEFAULT_CALM_MS = 10 * 60_000;
/** Retry-After assumed when a 429 names none. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

export interface PageBudget extends PollBudget {
  /** The app answered 429: halve the cap for a while and wait out Retry-After. */
  penalize(retryAfterMs?: number): Promise<void>;
  /** The budget as it is now (nothing taken). */
  state(): Promise<PageBudgetState>;
}

export function checkPageBudget(spec: PageBudgetSpec): void {
  if (!Number.isInteger(spec.perMinute) || spec.perMinute < 2) {
    throw new RangeError(`poll pages per minute must be an integer >= 2 (got ${spec.perMinute})`);
  }
}

/** The connection's budget at `key`, as `holder` (the konnector) sees it: fair shares count per holder. */
export function pageBudget(redis: Redis, key: string, spec: PageBudgetSpec, now: () => number = Date.now, holder = 'poll'): PageBudget {
  checkPageBudget(spec);
  const calm = spec.calmMs ?? DEFAULT_CALM_MS;
  const call = async (op: 'take' | 'spend' | 'penalize' | 'peek', retryMs = 0): Promise<PageBudgetState> => {
    const args = [op, String(Math.floor(now())), String(spec.perMinute), String(Math.max(0, Math.ceil(retryMs))), String(calm), holder];
    const reply = (await runScript(redis, PAGE_BUDGET, key, ...args)) as [number, number, number, string, string, number];
    return { allowed: reply[0] === 1, used: reply[1], limit: reply[2], factor: Number(reply[3]), blockedUntil: Number(reply[4]), share: reply[5] };
  };
  return {
    take: async () => (await call('take')).allowed,
    spend: async () => void (await call('spend')),
    penalize: async (retryAfterMs) => void (await call('penalize', retryAfterMs ?? DEFAULT_RETRY_AFTER_MS)),
    state: () => call('peek'),
  };
}
