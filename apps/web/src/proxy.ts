/**
 * Runs before every page (not API routes or static files): a fresh CSP nonce per request, put
 * in the request's Content-Security-Policy header, where Next.js finds it and stamps it on its
 * scripts, and in the response's; HSTS when the public URL is https. The other security headers
 * come from next.config.ts.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { newNonce, pageContentSecurityPolicy, transportSecurity, withTransportSecurity } from './security-headers';

export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const policy = pageContentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV === 'development',
    https: transportSecurity(process.env.NEXTAUTH_URL) !== null,
  });
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return withTransportSecurity(response);
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|hooks/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
