/** Header and body handling for the HTTP client: plain records in, plain records out. */
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpRequest } from './types';

/** JSON when the server says so (or sends no type and the text looks like JSON); text otherwise. */
export function parseBody(data: unknown, headers: unknown): unknown {
  if (typeof data !== 'string' || data === '') return data;
  const type = headerOf(headers, 'content-type');
  const looksJson = type ? type.includes('json') : data[0] === '{' || data[0] === '[';
  if (!looksJson) return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

export function headerOf(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value: unknown = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Response headers as a plain record with lower-case names (repeated ones joined). */
export function plainHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value: unknown = headers[name];
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

export function withoutHeaders(headers: Record<string, string>, drop: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!drop.has(name.toLowerCase())) out[name] = value;
  return out;
}

const CONTENT_TYPE = new Set(['content-type']);

/**
 * The client's headers overlaid with the request's (names compared case-insensitively).
 * A FormData body drops any Content-Type so the multipart boundary is set for it.
 */
export function requestHeaders(base: Record<string, string>, req: HttpRequest): Record<string, string> {
  const multipart = req.body instanceof FormData;
  if (!req.headers && !multipart) return base;
  const own = req.headers ?? {};
  const overridden = new Set(Object.keys(own).map((name) => name.toLowerCase()));
  if (multipart) overridden.add('content-type');
  const out = withoutHeaders(base, overridden);
  for (const [name, value] of Object.entries(own)) out[name] = value;
  return multipart ? withoutHeaders(out, CONTENT_TYPE) : out;
}
