/**
 * Server-side sessions (UserSession rows) behind the next-auth JWT: the cookie carries the row's id
 * as `sid`; a request is signed in only while that row is live (not revoked, not past its absolute
 * or idle lifetime). Verdicts are cached in Redis for a short while; revoking deletes the cached
 * verdicts, so it takes effect on the next request. Redis unreachable: the check reads Postgres.
 *
 * This file is the contract other account code uses (revokeUserSessions after a password change or
 * reset, "sign out everywhere"); the sign-in side (create, check, touch, list) is built here too.
 */
import type { Redis } from 'ioredis';
import type { Db } from '@konnect/db';
import { isInfrastructureError } from '@konnect/platform';
import { loadWebEnv } from '../../env';
import { db as appDb, redis as appRedis } from '../services';

/** Why a session ended (UserSession.revokedReason). */
export type RevokeReason = 'sign_out' | 'sign_out_everywhere' | 'revoked' | 'password_changed' | 'password_reset' | 'email_changed' | 'two_factor_changed';

export interface SessionStore {
  db: Db;
  redis: Redis;
  /** REDIS_PREFIX. */
  prefix: string;
}

/** The store on the app's Postgres and Redis. */
export function sessionStore(): SessionStore {
  return { db: appDb(), redis: appRedis(), prefix: loadWebEnv().REDIS_PREFIX };
}

/** How long a "live" verdict is trusted without reading Postgres. */
export const SESSION_CACHE_SECONDS = 30;

export function sessionCacheKey(store: Pick<SessionStore, 'prefix'>, sessionId: string): string {
  return `${store.prefix}:session:${sessionId}`;
}

/** What the cache holds for a live session: its user, absolute end and last-seen time (ms). */
interface CachedVerdict {
  u: string;
  e: number;
  s: number;
}

/**
 * Written over a session's cache entry when it is revoked, for SESSION_CACHE_SECONDS: a check
 * that read Postgres just before the revocation cannot put a stale "live" verdict back (the
 * cache write below refuses to replace this marker).
 */
const REVOKED_MARK = 'revoked';

/** Sets a live verdict unless the key holds the revoked mark (one atomic step). */
const SET_UNLESS_REVOKED = `if redis.call('GET', KEYS[1]) == ARGV[3] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1`;

async function forgetCached(store: SessionStore, ids: string[]): Promise<void> {
  if (!ids.length) return;
  try {
    const multi = store.redis.multi();
    for (const id of ids) multi.set(sessionCacheKey(store, id), REVOKED_MARK, 'EX', SESSION_CACHE_SECONDS);
    await multi.exec();
  } catch (err) {
    // Redis unreachable: its cached verdicts expire within SESSION_CACHE_SECONDS; Postgres already says revoked.
    if (!isInfrastructureError(err)) throw err;
  }
}

/**
 * Ends every live session of a user, except `except` (the caller's own, e.g. after changing the
 * password in this browser). Returns how many were ended.
 */
export async function revokeUserSessions(store: SessionStore, userId: string, opts: { reason: RevokeReason; except?: string }): Promise<number> {
  const live = await store.db.userSession.findMany({
    where: { userId, revokedAt: null, ...(opts.except ? { id: { not: opts.except } } : {}) },
    select: { id: true },
  });
  if (!live.length) return 0;
  const ids = live.map((s) => s.id);
  await store.db.userSession.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: opts.reason } });
  await forgetCached(store, ids);
  return ids.length;
}

/** Ends one session of this user (false when it is not theirs or already ended). */
export async function revokeSession(store: SessionStore, userId: string, sessionId: string, reason: RevokeReason): Promise<boolean> {
  const { count } = await store.db.userSession.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: reason } });
  // Only a session this call ended gets the revoked mark: another user's id stays untouched.
  if (count > 0) await forgetCached(store, [sessionId]);
  return count > 0;
}

/** Lifetimes from the environment (SESSION_MAX_AGE_DAYS, SESSION_IDLE_DAYS), in seconds. */
export interface SessionLifetimes {
  maxAgeSeconds: number;
  idleSeconds: number;
}

export function sessionLifetimes(): SessionLifetimes {
  const env = loadWebEnv();
  return { maxAgeSeconds: env.SESSION_MAX_AGE_DAYS * 86_400, idleSeconds: env.SESSION_IDLE_DAYS * 86_400 };
}

/** lastSeenAt is written at most this often per session. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

/** A longer id is never one of ours (cuid): refused without a lookup. */
const MAX_SESSION_ID_LENGTH = 64;

/** A new session for a sign-in; its id goes into the JWT as `sid`. */
export async function createUserSession(
  store: SessionStore,
  input: { userId: string; ip?: string | null; userAgent?: string | null; now?: Date; maxAgeSeconds?: number },
): Promise<{ id: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  const maxAge = input.maxAgeSeconds ?? sessionLifetimes().maxAgeSeconds;
  return store.db.userSession.create({
    data: { userId: input.userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + maxAge * 1000), ip: input.ip ?? null, userAgent: input.userAgent?.slice(0, 512) ?? null },
    select: { id: true, expiresAt: true },
  });
}

async function cachedVerdict(store: SessionStore, key: string): Promise<CachedVerdict | 'revoked' | null> {
  let raw: string | null;
  try {
    raw = await store.redis.get(key);
  } catch (err) {
    if (isInfrastructureError(err)) return null;
    throw err;
  }
  if (raw === null) return null;
  if (raw === REVOKED_MARK) return 'revoked';
  try {
    const v = JSON.parse(raw) as Partial<CachedVerdict>;
    return typeof v.u === 'string' && typeof v.e === 'number' && typeof v.s === 'number' ? { u: v.u, e: v.e, s: v.s } : null;
  } catch {
    return null;
  }
}

async function cacheVerdict(store: SessionStore, key: string, verdict: CachedVerdict, nowMs: number): Promise<void> {
  const ttl = Math.min(SESSION_CACHE_SECONDS, Math.floor((verdict.e - nowMs) / 1000));
  if (ttl < 1) return;
  try {
    await store.redis.eval(SET_UNLESS_REVOKED, 1, key, JSON.stringify(verdict), String(ttl), REVOKED_MARK);
  } catch (err) {
    if (!isInfrastructureError(err)) throw err;
  }
}

/**
 * Is this session live, and whose is it? Dead when unknown, revoked, past its absolute end
 * (expiresAt) or unused for longer than the idle lifetime. A live verdict is cached in Redis for
 * SESSION_CACHE_SECONDS (never past expiresAt); lastSeenAt is written at most once a minute.
 * Redis unreachable: Postgres alone answers.
 */
export async function checkSession(
  store: SessionStore,
  sessionId: string,
  opts: { now?: Date; idleSeconds?: number } = {},
): Promise<{ userId: string } | null> {
  if (!sessionId || sessionId.length > MAX_SESSION_ID_LENGTH) return null;
  const nowMs = (opts.now ?? new Date()).getTime();
  const idleMs = (opts.idleSeconds ?? sessionLifetimes().idleSeconds) * 1000;
  const key = sessionCacheKey(store, sessionId);
  const cached = await cachedVerdict(store, key);
  if (cached === 'revoked') return null;
  if (cached && cached.e > nowMs && nowMs - cached.s < LAST_SEEN_RESOLUTION_MS) return { userId: cached.u };

  const row = await store.db.userSession.findUnique({ where: { id: sessionId }, select: { userId: true, expiresAt: true, lastSeenAt: true, revokedAt: true } });
  if (!row || row.revokedAt || row.expiresAt.getTime() <= nowMs || nowMs - row.lastSeenAt.getTime() > idleMs) return null;
  let lastSeen = row.lastSeenAt.getTime();
  if (nowMs - lastSeen >= LAST_SEEN_RESOLUTION_MS) {
    const { count } = await store.db.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { lastSeenAt: new Date(nowMs) } });
    if (count === 0) return null; // revoked in between
    lastSeen = nowMs;
  }
  await cacheVerdict(store, key, { u: row.userId, e: row.expiresAt.getTime(), s: lastSeen }, nowMs);
  return { userId: row.userId };
}
