import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions } from '@/server/auth-options';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request (not at import), so `next build` needs no secrets; the request's
// headers tell a new session (and a sign-out) where it came from.
function handler(req: NextRequest, context: Context): Promise<Response> {
  return NextAuth(authOptions({ headers: req.headers }))(req, context);
}

export { handler as GET, handler as POST };
