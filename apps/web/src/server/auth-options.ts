/** next-auth v4: email + password (credentials provider, bcrypt), JWT sessions. */
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { loadWebEnv } from '../env';
import { authLimiter } from './account/rate-limit';
import { signIn } from './account/sign-in';
import { clientIp } from './client-ip';
import { db, keyring } from './services';
import { secureCookies, sessionCookieFor } from './session';

const THIRTY_DAYS = 30 * 24 * 60 * 60;

/** next-auth hands authorize() the request headers as a plain object. */
function headersOf(raw: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(raw ?? {})) if (typeof v === 'string') headers.set(k, v);
  return headers;
}

export function authOptions(): NextAuthOptions {
  const env = loadWebEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    useSecureCookies: secureCookies(),
    // Stated, not left to defaults: HttpOnly, SameSite=Lax, Secure over https (session.ts).
    cookies: { sessionToken: sessionCookieFor(env.NEXTAUTH_URL) },
    session: { strategy: 'jwt', maxAge: THIRTY_DAYS },
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
      // token.sub is the user id (next-auth sets it from the authorized user's id).
      session({ session, token }) {
        if (session.user && typeof token.sub === 'string') session.user.id = token.sub;
        return session;
      },
    },
  };
}
