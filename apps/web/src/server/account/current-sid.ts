/**
 * The caller's server-side session id (the `sid` claim of the next-auth JWT in the session cookie),
 * or null. Used to keep the caller's own session when a password change signs out the others.
 * After the sessions work is merged, `currentSessionId(req)` in server/session.ts is the one to
 * use; this helper reads the same claim.
 */
import { getToken } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { loadWebEnv } from '../../env';
import { secureCookies, sessionCookieName } from '../session';

export async function currentSid(req: Request): Promise<string | null> {
  const cookie = req.headers.get('cookie');
  if (!cookie) return null;
  const token = await getToken({ req: new NextRequest(req.url, { headers: { cookie } }), secret: loadWebEnv().NEXTAUTH_SECRET, secureCookie: secureCookies(), cookieName: sessionCookieName() });
  return typeof token?.sid === 'string' && token.sid !== '' ? token.sid : null;
}
