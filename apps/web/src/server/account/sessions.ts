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

async function forgetCached(store: SessionStore, ids: string[]): Promise<void> {
  if (!ids.length) return;
  try {
    await store.redis.del(...ids.map((id) => sessionCacheKey(store, id)));
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
  await forgetCached(store, [sessionId]);
  return count > 0;
}
