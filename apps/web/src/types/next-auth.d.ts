import type { DefaultSession } from 'next-auth';

declare module 'next-auth' {
  interface Session {
    user?: DefaultSession['user'] & { id?: string };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    /** The UserSession this JWT stands for (server/account/sessions.ts): checked on every request. */
    sid?: string;
  }
}
