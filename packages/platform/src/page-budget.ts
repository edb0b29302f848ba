/**
 * The page budget of polls, per connection: every konnector polling through one connection shares
 * it (a Redis hash keyed by the connection id, one atomic Lua script per call).
 *
 * - A token bucket sized so that no 60 s window ever holds more than `perMinute` pages: a burst of
 *   b = max(1, ⌊cap / 10⌋) and a refill of (cap − b) per minute, so b + (cap − b) = cap.
 * - A scan of a list that cannot sort takes a page before reading it and stops when refused (it
 *   goes on next poll); a sorted poll's pages are only counted (spent), never refused — its cursor
 *   is a watermark and cannot stop midway — and the debt delays the scans.
 * - Adaptive back-off: a 429 halves the refill (down to 1/16) and blocks scans until its
 *   Retry-After; each calm period without another 429 doubles the refill back, up to the full rate.
 *   429s within 5 s of each other count once (several pages in flight meet the same limit).
 *
 * The clock is the caller's (`now`), so tests can run minutes of polls without sleeping.
 */
import type { Redis } from 'ioredis';
import type { PollBudget } from '@konnect/sdk';
import { runScript } from './limits';

const PAGE_BUDGET = `
local op = ARGV[1]
local now = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local retry = tonumber(ARGV[4])
local calm = tonumber(ARGV[5])
local burst = math.max(1, math.floor(cap / 10))
local d = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'factor', 'calmAt', 'blockedUntil', 'penalizedAt')
local tokens = tonumber(d[1]) or burst
local ts = tonumber(d[2]) or now
local factor = tonumber(d[3]) or 1
local calmAt = tonumber(d[4]) or 0
local blocked = tonumber(d[5]) or 0
local penalized = tonumber(d[6]) or 0
while factor < 1 and now >= calmAt do
  factor = math.min(1, factor * 2)
  calmAt = calmAt + calm
end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * (cap - burst) * factor / 60000)
  ts = now
end
local allowed = 1
if op == 'take' then
  if now < blocked or tokens < 1 then
    allowed = 0
  else
    tokens = tokens - 1
  end
elseif op == 'spend' then
  tokens = math.max(-cap, tokens - 1)
elseif op == 'penalize' then
  if now >= penalized + 5000 then
    factor = math.max(0.0625, factor / 2)
    penalized = now
  end
  calmAt = now + calm
  blocked = math.max(blocked, now + retry)
  tokens = math.min(tokens, 0)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts), 'factor', tostring(factor),
  'calmAt', tostring(calmAt), 'blockedUntil', tostring(blocked), 'penalizedAt', tostring(penalized))
redis.call('PEXPIRE', KEYS[1], calm * 5 + 120000)
return { allowed, tostring(tokens), tostring(factor), tostring(blocked) }
`;

export interface PageBudgetSpec {
  /** Pages per minute per connection (no 60 s window holds more); at least 2. */
  perMinute: number;
  /** How long a halved rate lasts before it doubles back; default 10 minutes. */
  calmMs?: number;
}

export interface PageBudgetState {
  allowed: boolean;
  tokens: number;
  /** The share of the full rate now (1, 0.5, … 0.0625). */
  factor: number;
  /** Epoch ms until which scans wait (Retry-After); 0 when none. */
  blockedUntil: number;
}

export const DEFAULT_CALM_MS = 10 * 60_000;
/** Retry-After assumed when a 429 names none. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

export interface PageBudget extends PollBudget {
  /** The app answered 429: halve the rate for a while and wait out Retry-After. */
  penalize(retryAfterMs?: number): Promise<void>;
  /** The bucket as it is now (nothing taken). */
  state(): Promise<PageBudgetState>;
}

export function checkPageBudget(spec: PageBudgetSpec): void {
  if (!Number.isInteger(spec.perMinute) || spec.perMinute < 2) {
    throw new RangeError(`poll pages per minute must be an integer >= 2 (got ${spec.perMinute})`);
  }
}

export function pageBudget(redis: Redis, key: string, spec: PageBudgetSpec, now: () => number = Date.now): PageBudget {
  checkPageBudget(spec);
  const calm = spec.calmMs ?? DEFAULT_CALM_MS;
  const call = async (op: 'take' | 'spend' | 'penalize' | 'peek', retryMs = 0): Promise<PageBudgetState> => {
    const reply = (await runScript(redis, PAGE_BUDGET, key, op, String(Math.floor(now())), String(spec.perMinute), String(Math.max(0, Math.ceil(retryMs))), String(calm))) as [
      number,
      string,
      string,
      string,
    ];
    return { allowed: reply[0] === 1, tokens: Number(reply[1]), factor: Number(reply[2]), blockedUntil: Number(reply[3]) };
  };
  return {
    take: async () => (await call('take')).allowed,
    spend: async () => void (await call('spend')),
    penalize: async (retryAfterMs) => void (await call('penalize', retryAfterMs ?? DEFAULT_RETRY_AFTER_MS)),
    state: () => call('peek'),
  };
}
