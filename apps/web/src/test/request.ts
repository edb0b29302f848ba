/**
 * Calls route handlers directly with `new Request(...)`, as a signed-in user (a real UserSession
 * row and a next-auth JWT naming it as `sid`, minted with `encode` as next-auth does), with an API
 * token, or anonymously. Writes get the app's
 * `Origin` unless the test sets `origin` or `sec-fetch-site` itself.
 */
import { encode } from 'next-auth/jwt';
import { createUserSession, sessionStore } from '@/server/account/sessions';
import { sessionCookieName } from '@/server/session';
import type { RouteContext } from '@/server/handler';
import type { TestUser } from './fixtures';

type Handler = (req: Request, context: RouteContext) => Promise<Response>;

export type As = { user: TestUser } | { token: string } | { cookie: string } | undefined;

export interface CallOptions {
  as?: As;
  params?: Record<string, string>;
  body?: unknown;
  /** Sent as-is (no JSON encoding), e.g. malformed JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  /** The raw body text: assert secrets never appear in it. */
  text: string;
  json: unknown;
}

/** The origin the tests' app runs at (NEXTAUTH_URL in test/env.ts). */
export const APP_ORIGIN = 'http://localhost:3000';

/** Cookies already minted per user id, reused while their session is live (one row per user, not per call). */
const minted = new Map<string, { cookie: string; sessionId: string }>();

/** The cookie for a session of `user`: a new UserSession when `fresh` (or the last one has ended). */
export async function sessionCookie(user: TestUser, opts: { fresh?: boolean; userAgent?: string } = {}): Promise<string> {
  const store = sessionStore();
  const known = opts.fresh ? undefined : minted.get(user.id);
  if (known) {
    const row = await store.db.userSession.findUnique({ where: { id: known.sessionId }, select: { revokedAt: true, expiresAt: true } });
    if (row && !row.revokedAt && row.expiresAt > new Date()) return known.cookie;
  }
  const session = await createUserSession(store, { userId: user.id, userAgent: opts.userAgent ?? 'vitest' });
  const jwt = await encode({ token: { sub: user.id, email: user.email, name: user.name, sid: session.id }, secret: process.env.NEXTAUTH_SECRET ?? '' });
  const cookie = `${sessionCookieName()}=${jwt}`;
  if (!opts.fresh) minted.set(user.id, { cookie, sessionId: session.id });
  return cookie;
}

export async function call(handler: Handler, method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
  const headers = new Headers(opts.headers);
  const as = opts.as;
  if (as && 'user' in as) headers.set('cookie', await sessionCookie(as.user));
  if (as && 'cookie' in as) headers.set('cookie', as.cookie);
  if (as && 'token' in as) headers.set('authorization', `Bearer ${as.token}`);
  // Like a browser on the app's own pages: writes carry Origin (route() refuses cross-site ones).
  const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
  if (unsafe && !headers.has('origin') && !headers.has('sec-fetch-site')) headers.set('origin', APP_ORIGIN);
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined && method !== 'GET' && method !== 'HEAD') {
    body = JSON.stringify(opts.body);
    headers.set('content-type', 'application/json');
  }
  const url = new URL(path, 'http://localhost:3000');
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const res = await handler(new Request(url, { method, headers, ...(body !== undefined ? { body } : {}) }), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: unknown = null;
  if (text) json = JSON.parse(text) as unknown;
  return { status: res.status, headers: res.headers, text, json };
}

/** The `error` object of an error response. */
export function errorOf(result: CallResult): { code: string; message: string; field?: string } {
  const e = (result.json as { error?: { code: string; message: string; field?: string } } | null)?.error;
  if (!e) throw new Error(`expected an error body, got ${result.status} ${result.text.slice(0, 200)}`);
  return e;
}
