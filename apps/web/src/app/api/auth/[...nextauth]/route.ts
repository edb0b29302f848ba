import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions } from '@/server/auth-options';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request (not at import), so `next build` needs no secrets.
function handler(req: NextRequest, context: Context): Promise<Response> {
  return NextAuth(authOptions())(req, context);
}

export { handler as GET, handler as POST };
