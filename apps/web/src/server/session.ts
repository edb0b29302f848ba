/** The next-auth session cookie (JWT strategy): its name and options, and how an API request reads it. */
import { getToken } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { loadWebEnv } from '../env';
import { checkSession, sessionStore, type SessionStore } from './account/sessions';

export function secureCookies(): boolean {
  return loadWebEnv().NEXTAUTH_URL.startsWith('https://');
}

/**
 * The session cookie for an app served at `appUrl`: HttpOnly (no script reads it), SameSite=Lax
 * (not sent on cross-site POSTs, iframes or fetches), and Secure with the `__Secure-` prefix
 * when the app is served over https.
 */
export function sessionCookieFor(appUrl: string) {
  const secure = appUrl.startsWith('https://');
  return {
    name: secure ? '__Secure-next-auth.session-token' : 'next-auth.session-token',
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure },
  };
}

export function sessionCookieName(): string {
  return sessionCookieFor(loadWebEnv().NEXTAUTH_URL).name;
}

/** The session cookie's JWT, decoded (signature and expiry checked), or null. Nothing else is read. */
async function cookieToken(req: Request) {
  const cookie = req.headers.get('cookie');
  if (!cookie) return null;
  // Only the cookie is handed over: getToken would otherwise also accept a JWT in Authorization.
  return getToken({
    req: new NextRequest(req.url, { headers: { cookie } }),
    secret: loadWebEnv().NEXTAUTH_SECRET,
    secureCookie: secureCookies(),
    cookieName: sessionCookieName(),
  });
}

/**
 * The caller's live session: the cookie's JWT must be valid AND name (`sid`) a UserSession that is
 * live for the same user (sessions.ts checkSession). A JWT without `sid` (issued before sessions
 * were server-side) is refused.
 */
export async function sessionOf(req: Request, store: SessionStore = sessionStore()): Promise<{ userId: string; sessionId: string } | null> {
  const token = await cookieToken(req);
  const sub = token?.sub;
  const sid = token?.sid;
  if (typeof sub !== 'string' || sub === '' || typeof sid !== 'string' || sid === '') return null;
  const live = await checkSession(store, sid);
  return live && live.userId === sub ? { userId: sub, sessionId: sid } : null;
}

/** The signed-in user's id from a live session cookie, or null (no cookie, bad or expired JWT, ended session). */
export async function sessionUserId(req: Request): Promise<string | null> {
  return (await sessionOf(req))?.userId ?? null;
}

/**
 * The id of the caller's own live session (null for API tokens or no session): e.g. a password
 * change passes it as `except` to revokeUserSessions so this browser stays signed in.
 */
export async function currentSessionId(req: Request): Promise<string | null> {
  return (await sessionOf(req))?.sessionId ?? null;
}
