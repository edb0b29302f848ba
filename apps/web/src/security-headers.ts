/**
 * The app's security headers, in one place (no imports: next.config.ts loads this file too).
 *
 * - Pages get a Content-Security-Policy with a fresh nonce per request (proxy.ts): scripts run
 *   only with the nonce Next.js stamps on its own tags ('strict-dynamic' lets those load their
 *   chunks). No 'unsafe-eval' in production (React needs it only in development). Styles allow
 *   'unsafe-inline': React Flow and CodeMirror set inline styles (and a nonce in style-src would
 *   switch 'unsafe-inline' off).
 * - API responses are JSON: a policy that allows nothing. The Catch Hook (/hooks/…) sets its own on
 *   every answer (the same policy, or the sandbox of a Respond to Hook answer: @konnect/platform
 *   hook-answer.ts): a next.config header would replace the route's, and did replace the sandbox.
 * - Every response: no framing, no MIME sniffing, a strict referrer, and no powerful features.
 * - HSTS only when the public URL (NEXTAUTH_URL) is https, decided at run time (next.config's
 *   headers are fixed at build time): pages get it in proxy.ts, API routes in route(), the Catch
 *   Hook and /api/health in their handlers. Never over plain http.
 */

export interface PagePolicyOptions {
  nonce: string;
  /** Development: React's eval-based debugging and the HMR websocket. */
  dev: boolean;
  /** Served over https: ask the browser to upgrade any http:// subresource. */
  https: boolean;
}

export function pageContentSecurityPolicy({ nonce, dev, https }: PagePolicyOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** For JSON APIs (and the Catch Hook's JSON answers, which set it themselves): nothing may load or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** For next.config.ts `headers()`: the common headers everywhere, the API policy on API routes (the Catch Hook sets its own). */
export function headerRules(): { source: string; headers: { key: string; value: string }[] }[] {
  const api = [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }];
  return [
    { source: '/:path*', headers: SECURITY_HEADERS },
    { source: '/api/:path*', headers: api },
  ];
}

/** Two years, subdomains included (the hstspreload.org minimum is one year). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

function isHttps(url: string | undefined): boolean {
  try {
    return url !== undefined && new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The Strict-Transport-Security value for a public URL, or null when it is not https. */
export function transportSecurity(publicUrl: string | undefined): string | null {
  return isHttps(publicUrl) ? STRICT_TRANSPORT_SECURITY : null;
}

/** Adds Strict-Transport-Security to `res` when the public URL is https (read at call time). */
export function withTransportSecurity<R extends Response>(res: R, publicUrl: string | undefined = process.env.NEXTAUTH_URL): R {
  const value = transportSecurity(publicUrl);
  if (value) res.headers.set('Strict-Transport-Security', value);
  return res;
}

/** A nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
