/**
 * The headers every answer of /hooks/… carries, as the web app's next.config gives them to every
 * response, its own Catch Hook route's included (apps/web/src/security-headers.ts). The web app's list
 * is the source; headers.test.ts fails when the two differ. The Content-Security-Policy is the
 * answer's own (@konnect/platform hook-answer.ts), here only for /healthz and the ingress's 404/405.
 */
export const HOOK_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
  'cross-origin-opener-policy': 'same-origin',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

/** Two years, subdomains included, when the public URL is https (never over plain http); as the web app. */
export function transportSecurityFor(publicUrl: string): string | null {
  try {
    return new URL(publicUrl).protocol === 'https:' ? 'max-age=63072000; includeSubDomains' : null;
  } catch {
    return null;
  }
}
