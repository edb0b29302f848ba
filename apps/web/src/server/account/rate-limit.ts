/**
 * Sign-in and sign-up limits: fixed windows counted in Redis, one atomic script per hit (count,
 * expiry set when the window opens, time left). Attempts are counted BEFORE the password is
 * checked, so parallel guesses cannot slip past the limit; a successful sign-in hands its
 * attempt back (see sign-in.ts).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isInfrastructureError } from '@konnect/platform';
import { loadWebEnv } from '../../env';
import { redis } from '../services';

const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { n, redis.call('PTTL', KEYS[1]) }
`;

/** Gives back one attempt, only while the window is open (never leaves a key without expiry). */
const REFUND = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
return 0
`;

export interface Window {
  max: number;
  seconds: number;
}

/** Progressive delays of sign-in attempts (sign-in.ts): `stepMs` doubling per failure, at most `maxMs`. */
export interface Slowdown {
  stepMs: number;
  maxMs: number;
  /** Failures of one address against one account before its attempts start to slow down. */
  addressAfter: number;
}

export interface AuthLimits {
  /** One address against one account: refused past `max` (the address, not the account, is blocked). */
  loginPerAddress: Window;
  /** One address against every account (password spraying): refused past `max`. */
  loginPerIp: Window;
  /** One account from every address: past `max`, attempts are slowed, never refused. */
  loginPerAccount: Window;
  slowdown: Slowdown;
  signupPerIp: Window;
}

export function authLimits(): AuthLimits {
  const env = loadWebEnv();
  return {
    loginPerAddress: { max: env.LOGIN_FAILURES_PER_ADDRESS, seconds: env.LOGIN_WINDOW_SECONDS },
    loginPerIp: { max: env.LOGIN_FAILURES_PER_IP, seconds: env.LOGIN_WINDOW_SECONDS },
    loginPerAccount: { max: env.LOGIN_FAILURES_PER_ACCOUNT, seconds: env.LOGIN_WINDOW_SECONDS },
    slowdown: { stepMs: 250, maxMs: env.LOGIN_SLOWDOWN_MAX_MS, addressAfter: 3 },
    signupPerIp: { max: env.SIGNUPS_PER_IP, seconds: env.SIGNUP_WINDOW_SECONDS },
  };
}

export interface Limiter {
  redis: Redis;
  /** Key prefix (REDIS_PREFIX). */
  prefix: string;
  limits: AuthLimits;
  /** How a slowed attempt waits (tests record the waits instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
}

/** The limiter on the app's Redis, with the limits from the environment. */
export function authLimiter(): Limiter {
  return { redis: redis(), prefix: loadWebEnv().REDIS_PREFIX, limits: authLimits() };
}

export class TooManyAttempts extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts, try again in ${retryAfterSeconds} s`);
    this.name = 'TooManyAttempts';
  }
}

/** Keys name an account by a hash of its email: no addresses in Redis. */
export function accountKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex').slice(0, 32);
}

export function limitKey(limiter: Limiter, ...parts: string[]): string {
  return [limiter.prefix, 'auth', ...parts].join(':');
}

/**
 * The address an attempt is counted against: an IPv4 address as it is, an IPv6 address by its /64
 * (one subscriber usually holds a whole /64, so counting single addresses would not hold anyone).
 */
export function addressKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export interface Hit {
  over: boolean;
  retryAfterSeconds: number;
  /** Attempts in the window, this one included. */
  count: number;
}

/** The same windows in this process's memory: the fallback while Redis is unreachable. */
const localWindows = new Map<string, { count: number; until: number }>();

function localHit(key: string, window: Window, now = Date.now()): [number, number] {
  let entry = localWindows.get(key);
  if (!entry || entry.until <= now) {
    if (localWindows.size > 10_000) localWindows.clear();
    entry = { count: 0, until: now + window.seconds * 1000 };
    localWindows.set(key, entry);
  }
  entry.count++;
  return [entry.count, entry.until - now];
}

export async function hit(limiter: Limiter, key: string, window: Window): Promise<Hit> {
  let reply: [number, number];
  try {
    reply = (await limiter.redis.eval(HIT, 1, key, String(window.seconds * 1000))) as [number, number];
  } catch (err) {
    // Redis unreachable: sign-in and sign-up keep working, limited per process until it is back.
    if (!isInfrastructureError(err)) throw err;
    reply = localHit(key, window);
  }
  const [count, ttlMs] = reply;
  return { over: count > window.max, count, retryAfterSeconds: Math.max(1, Math.ceil((ttlMs > 0 ? ttlMs : window.seconds * 1000) / 1000)) };
}

export async function refund(limiter: Limiter, key: string): Promise<void> {
  try {
    await limiter.redis.eval(REFUND, 1, key);
  } catch (err) {
    if (!isInfrastructureError(err)) throw err;
    const entry = localWindows.get(key);
    if (entry && entry.count > 0) entry.count--;
  }
}

/** Throws TooManyAttempts naming the longest wait when any of the hits is over its limit. */
export function enforce(hits: Hit[]): void {
  const over = hits.filter((h) => h.over);
  if (over.length) throw new TooManyAttempts(Math.max(...over.map((h) => h.retryAfterSeconds)));
}
