/**
 * next-auth v4: email + password (credentials provider, bcrypt), JWT sessions backed by a
 * server-side UserSession (account/sessions.ts): signing in creates one and puts its id in the
 * JWT as `sid`; every read of the session (useSession, getServerSession) checks it is still live,
 * and signing out revokes it, so a copied cookie stops working at sign-out.
 */
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { loadWebEnv } from '../env';
import { authLimiter } from './account/rate-limit';
import { signIn } from './account/sign-in';
import { clientIp } from './client-ip';
import { recordAccountEvent } from './account/account-events';
import { checkSession, createUserSession, revokeSession, sessionLifetimes, sessionStore } from './account/sessions';
import { db, keyring } from './services';
import { secureCookies, sessionCookieFor } from './session';

/**
 * Thrown from the jwt callback when the cookie's session has ended: next-auth then answers "no
 * session" and clears the cookie. Expected, so not logged as an error.
 */
class SessionEnded extends Error {
  constructor() {
    super('The session has ended (signed out, revoked or expired)');
    this.name = 'SessionEnded';
  }
}

/** The request being handled, when there is one (the auth route): where a sign-in or sign-out came from. */
export interface AuthRequestContext {
  headers: Headers;
}

/** next-auth hands authorize() the request headers as a plain object. */
function headersOf(raw: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(raw ?? {})) if (typeof v === 'string') headers.set(k, v);
  return headers;
}

export function authOptions(request?: AuthRequestContext): NextAuthOptions {
  const env = loadWebEnv();
  const lifetimes = sessionLifetimes();
  const origin = () => ({
    ip: request ? clientIp(request.headers, env.TRUSTED_PROXIES) : null,
    userAgent: request?.headers.get('user-agent')?.slice(0, 512) ?? null,
  });
  return {
    secret: env.NEXTAUTH_SECRET,
    useSecureCookies: secureCookies(),
    // Stated, not left to defaults: HttpOnly, SameSite=Lax, Secure over https (session.ts).
    cookies: { sessionToken: sessionCookieFor(env.NEXTAUTH_URL) },
    // The cookie lives as long as the absolute lifetime; the UserSession decides whether it is still good.
    session: { strategy: 'jwt', maxAge: lifetimes.maxAgeSeconds },
    pages: { signIn: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
          code: { label: 'Authentication code', type: 'text' },
        },
        // Throwing (over a limit, a code needed or wrong) makes next-auth answer with the message as the error the form shows.
        async authorize(credentials, req) {
          const email = credentials?.email;
          const password = credentials?.password;
          if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) return null;
          const headers = headersOf(req?.headers);
          const userAgent = headers.get('user-agent');
          const client = { ip: clientIp(headers, env.TRUSTED_PROXIES), userAgent: userAgent ? userAgent.slice(0, 512) : null };
          const code = typeof credentials?.code === 'string' ? credentials.code.slice(0, 64) : undefined;
          return signIn({ db: db(), limiter: authLimiter(), keyring: keyring() }, { email, password, code }, client);
        },
      }),
    ],
    callbacks: {
      // token.sub is the user id (next-auth sets it from the authorized user's id). `user` is
      // present only at sign-in: a new UserSession; every later call checks the one in `sid`.
      async jwt({ token, user }) {
        if (user) {
          const created = await createUserSession(sessionStore(), { userId: user.id, ...origin(), maxAgeSeconds: lifetimes.maxAgeSeconds });
          return { ...token, sub: user.id, sid: created.id };
        }
        const live = typeof token.sid === 'string' ? await checkSession(sessionStore(), token.sid) : null;
        if (!live || live.userId !== token.sub) throw new SessionEnded();
        return token;
      },
      session({ session, token }) {
        if (session.user && typeof token.sub === 'string') session.user.id = token.sub;
        return session;
      },
    },
    events: {
      // POST /api/auth/signout (next-auth's signOut(), with its CSRF token) hands over the cookie's token.
      async signOut({ token }) {
        const sid = token?.sid;
        const userId = token?.sub;
        if (typeof sid !== 'string' || typeof userId !== 'string') return;
        if (await revokeSession(sessionStore(), userId, sid, 'sign_out')) {
          await recordAccountEvent(db(), { userId, action: 'sign_out', details: { sessionId: sid }, ...origin() });
        }
      },
    },
    logger: {
      error(code, metadata) {
        if (metadata instanceof SessionEnded) return;
        console.error(`[next-auth][error][${code}]`, metadata);
      },
      warn(code) {
        console.warn(`[next-auth][warn][${code}]`);
      },
      debug() {},
    },
  };
}
