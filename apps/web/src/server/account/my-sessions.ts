/**
 * "Your sessions" on the account page: the caller's live sign-ins (device, IP, last seen), ending
 * one, ending all the others ("Sign out everywhere else") or all of them ("Sign out everywhere").
 * Only a browser session may use these: an API token is not a session and cannot list or end them.
 */
import type { ClientInfo } from '../client-ip';
import { AppError, notFound } from '../errors';
import type { Principal } from '../principal';
import { recordAccountEvent } from './account-events';
import { deviceLabel } from './device-label';
import { revokeSession, revokeUserSessions, sessionLifetimes, type SessionStore } from './sessions';

export interface SessionDto {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  /** A short label from the user agent, e.g. "Chrome on Linux". */
  device: string;
  /** The session this request was made with ("This browser"). */
  current: boolean;
}

/** At most this many sessions are listed (most recently used first). */
const LIST_LIMIT = 100;

interface Caller {
  userId: string;
  sessionId: string;
}

/** The caller as a session; API tokens get 403. */
export function sessionCaller(principal: Principal): Caller {
  if (principal.via !== 'session' || !principal.sessionId) throw new AppError('forbidden', 'Sessions can only be managed from a signed-in browser, not with an API token');
  return { userId: principal.user.id, sessionId: principal.sessionId };
}

export async function listMySessions(store: SessionStore, principal: Principal, now = new Date()): Promise<SessionDto[]> {
  const caller = sessionCaller(principal);
  const idleSince = new Date(now.getTime() - sessionLifetimes().idleSeconds * 1000);
  const rows = await store.db.userSession.findMany({
    where: { userId: caller.userId, revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: idleSince } },
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
    orderBy: [{ lastSeenAt: 'desc' }, { id: 'desc' }],
    take: LIST_LIMIT,
  });
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    ip: r.ip,
    device: deviceLabel(r.userAgent),
    current: r.id === caller.sessionId,
  }));
}

/** Ends one of the caller's sessions (404 when it is not theirs, or already ended). */
export async function revokeMySession(store: SessionStore, principal: Principal, sessionId: string, client: ClientInfo): Promise<void> {
  const caller = sessionCaller(principal);
  if (!(await revokeSession(store, caller.userId, sessionId, 'revoked'))) throw notFound('Session');
  await recordAccountEvent(store.db, { userId: caller.userId, action: 'session.revoked', details: { sessionId, current: sessionId === caller.sessionId }, ...client });
}

/** "Sign out everywhere else" (keepCurrent) or "Sign out everywhere". Returns how many sessions ended. */
export async function revokeMySessions(store: SessionStore, principal: Principal, opts: { keepCurrent: boolean }, client: ClientInfo): Promise<{ revoked: number }> {
  const caller = sessionCaller(principal);
  const revoked = await revokeUserSessions(store, caller.userId, { reason: 'sign_out_everywhere', ...(opts.keepCurrent ? { except: caller.sessionId } : {}) });
  await recordAccountEvent(store.db, { userId: caller.userId, action: 'sessions.revoked_all', details: { revoked, keptCurrent: opts.keepCurrent }, ...client });
  return { revoked };
}
