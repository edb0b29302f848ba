/** Raw calls to route handlers (any headers, any body bytes) and the checks every error answer must pass. */
import { sessionCookie } from '../request';
import type { TestUser } from '../fixtures';
import { urlPath, type Endpoint } from './routes';
import { ORIGIN } from './world';

export interface RawRequest {
  params: Record<string, string>;
  query?: [string, string][];
  headers?: [string, string][];
  body?: string;
}

export interface RawResult {
  status: number;
  contentType: string;
  text: string;
}

export async function send(endpoint: Endpoint, req: RawRequest): Promise<RawResult> {
  const url = new URL(urlPath(endpoint, req.params), ORIGIN);
  for (const [k, v] of req.query ?? []) url.searchParams.append(k, v);
  const headers = new Headers();
  for (const [k, v] of req.headers ?? []) headers.append(k, v);
  const hasBody = req.body !== undefined && endpoint.method !== 'GET';
  const res = await endpoint.handler(new Request(url, { method: endpoint.method, headers, ...(hasBody ? { body: req.body } : {}) }), {
    params: Promise.resolve(req.params),
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** Headers of a signed-in browser call (session cookie, same origin). */
export async function sessionHeaders(user: TestUser): Promise<[string, string][]> {
  return [
    ['cookie', await sessionCookie(user)],
    ['origin', ORIGIN],
  ];
}

export const jsonHeaders: [string, string][] = [['content-type', 'application/json']];

/** What must never be in an answer: stack frames, file paths, driver or ORM internals. */
const INTERNALS: [string, RegExp][] = [
  ['a stack frame', /\n\s+at |\bat [\w$.<>]+ \(|\bat (?:file|node):|\.(?:ts|js|mjs):\d+:\d+/],
  ['a file path', /\/work\/|\/node_modules\/|\/src\/(?:app|server)\/|[A-Z]:\\/],
  ['an internal error name', /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|Error): /],
  ['a database or ORM message', /Prisma|prisma\.|\bP\d{4}\b|invalid byte sequence|violates|SQLSTATE|relation "|column "|duplicate key|\$queryRaw|ECONNREFUSED/],
];

/**
 * The problems with one answer: never a 5xx, never internals, and every 4xx a JSON
 * `{ error: { code, message } }`. Empty when the answer is fine.
 */
export function answerProblems(res: RawResult): string[] {
  const out: string[] = [];
  if (res.status >= 500) out.push(`status ${res.status}`);
  if (res.status < 400) return out;
  for (const [what, pattern] of INTERNALS) if (pattern.test(res.text)) out.push(`the body holds ${what}`);
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(res.contentType)) out.push(`content-type is "${res.contentType}"`);
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    out.push('the body is not JSON');
    return out;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code !== 'string' || error.code === '') out.push('error.code is missing');
  if (typeof error?.message !== 'string' || error.message === '') out.push('error.message is missing');
  return out;
}
