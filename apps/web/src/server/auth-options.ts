/** next-auth v4: email + password (credentials provider, bcrypt), JWT sessions. */
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { loadWebEnv } from '../env';
import { verifyCredentials } from './account/credentials';
import { db } from './services';
import { secureCookies } from './session';

const THIRTY_DAYS = 30 * 24 * 60 * 60;

export function authOptions(): NextAuthOptions {
  return {
    secret: loadWebEnv().NEXTAUTH_SECRET,
    useSecureCookies: secureCookies(),
    session: { strategy: 'jwt', maxAge: THIRTY_DAYS },
    pages: { signIn: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials) {
          const email = credentials?.email;
          const password = credentials?.password;
          if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) return null;
          return verifyCredentials(db(), email, password);
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
