/**
 * Cross-site request refusal. A state-changing request (POST, PUT, PATCH, DELETE) that does not
 * carry an API token must come from the app's own pages: its `Origin` must be the app's origin
 * (NEXTAUTH_URL), or, without `Origin`, `Sec-Fetch-Site` must say `same-origin`. Browsers send
 * one or both on every such request, so a page on another site cannot make a signed-in user's
 * browser change anything. API-token (Bearer) calls are exempt: a browser never attaches those
 * on its own. Catch Hook (/hooks/…) does not go through route() and is not checked.
 */
import { AppError } from './errors';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** Whether `req` may go on, for an app served at `appUrl`. */
export function isSameOriginOrExempt(req: Request, appUrl: string): boolean {
  if (!UNSAFE.has(req.method.toUpperCase())) return true;
  if (req.headers.has('authorization')) return true;
  const origin = req.headers.get('origin');
  if (origin !== null) return origin !== 'null' && originOf(origin) === originOf(appUrl);
  return req.headers.get('sec-fetch-site') === 'same-origin';
}

export function assertSameOrigin(req: Request, appUrl: string): void {
  if (!isSameOriginOrExempt(req, appUrl)) throw new AppError('forbidden', 'Cross-site request refused');
}
