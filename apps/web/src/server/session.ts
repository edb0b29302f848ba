/** The next-auth session cookie (JWT strategy): its name and options, and how an API request reads it. */
import { getToken } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { loadWebEnv } from '../env';

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

/** The signed-in user's id from the session cookie, or null (no cookie, bad or expired JWT). */
export async function sessionUserId(req: Request): Promise<string | null> {
  const cookie = req.headers.get('cookie');
  if (!cookie) return null;
  // Only the cookie is handed over: getToken would otherwise also accept a JWT in Authorization.
  const token = await getToken({
    req: new NextRequest(req.url, { headers: { cookie } }),
    secret: loadWebEnv().NEXTAUTH_SECRET,
    secureCookie: secureCookies(),
    cookieName: sessionCookieName(),
  });
  return typeof token?.sub === 'string' && token.sub !== '' ? token.sub : null;
}
