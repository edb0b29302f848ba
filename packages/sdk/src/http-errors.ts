import { ConnectorError, isRetryableStatus, kindForStatus } from './errors';
import type { Redactor } from './redact';
import type { ConnectorErrorKind, HttpExchange } from './types';

const MAX_MESSAGE = 500;
const MAX_BODY_TEXT = 10_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isRecord(value)) {
    for (const key of ['message', 'msg', 'detail', 'error', 'title']) {
      const found = messageOf(value[key]);
      if (found) {
        const field = typeof value.field === 'string' ? value.field : typeof value.path === 'string' ? value.path : '';
        return field && !found.includes(field) ? `${field}: ${found}` : found;
      }
    }
  }
  return undefined;
}

function stripHtml(text: string): string {
  if (!/^\s*</.test(text)) return text;
  return text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… [${text.length - max} more chars]` : text;
}

/**
 * The app's own error message from a response body: `{error}`, `{errors: [...]}` (joined),
 * `{message}`, or the body text. Empty string when the body says nothing.
 */
export function appMessage(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return clip(stripHtml(body.trim()), MAX_MESSAGE);
  if (Array.isArray(body)) return clip(joinMessages(body), MAX_MESSAGE);
  if (!isRecord(body)) return String(body);
  const error = messageOf(body.error);
  if (error) return clip(error, MAX_MESSAGE);
  if (Array.isArray(body.errors)) {
    const joined = joinMessages(body.errors);
    if (joined) return clip(joined, MAX_MESSAGE);
  } else if (isRecord(body.errors)) {
    const parts = Object.entries(body.errors).map(([field, v]) =>
      `${field}: ${Array.isArray(v) ? joinMessages(v) : (messageOf(v) ?? '')}`,
    );
    if (parts.length) return clip(parts.join('; '), MAX_MESSAGE);
  }
  const message = messageOf(body.message) ?? messageOf(body.detail) ?? messageOf(body.title);
  return message ? clip(message, MAX_MESSAGE) : '';
}

function joinMessages(list: unknown[]): string {
  return list
    .map((item) => messageOf(item))
    .filter((m): m is string => Boolean(m))
    .join('; ');
}

/** A request body as it is worth recording: bytes and forms summarised, strings clipped. */
export function describeBody(body: unknown, redactor: Redactor): unknown {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return clip(redactor.text(body), MAX_BODY_TEXT);
  if (body instanceof FormData) {
    const fields: Record<string, string> = {};
    for (const [name, value] of body.entries()) {
      fields[name] =
        typeof value === 'string'
          ? clip(redactor.text(value), 200)
          : `[file ${value.name || 'blob'}, ${value.size} bytes, ${value.type || 'application/octet-stream'}]`;
    }
    return { multipart: fields };
  }
  if (body instanceof URLSearchParams) return clip(redactor.text(body.toString()), MAX_BODY_TEXT);
  if (body instanceof Blob) return `[binary ${body.size} bytes]`;
  if (body instanceof ArrayBuffer) return `[binary ${body.byteLength} bytes]`;
  if (ArrayBuffer.isView(body)) return `[binary ${body.byteLength} bytes]`;
  return redactor.value(body);
}

const STATUS_TITLES: Record<string, string> = {
  auth: 'Invalid API key',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  rate_limited: 'Rate limited',
  server: 'Server error',
};

function titleFor(status: number, kind: ConnectorErrorKind): string {
  if (status === 400 || status === 422) return 'Validation failed';
  return STATUS_TITLES[kind] ?? 'Request failed';
}

export interface StatusErrorInput {
  status: number;
  method: string;
  url: string;
  requestBody: unknown;
  responseBody: unknown;
  retryAfterMs?: number;
  redactor: Redactor;
}

/** The ConnectorError for an HTTP status >= 400, with the exchange recorded and redacted. */
export function statusError(input: StatusErrorInput): ConnectorError {
  const { status, redactor } = input;
  const kind = kindForStatus(status);
  const said = redactor.text(appMessage(input.responseBody));
  const exchange: HttpExchange = {
    request: { method: input.method, url: redactor.text(input.url), body: describeBody(input.requestBody, redactor) },
    response: {
      status,
      body: typeof input.responseBody === 'string'
        ? clip(redactor.text(input.responseBody), MAX_BODY_TEXT)
        : redactor.value(input.responseBody),
    },
  };
  return new ConnectorError({
    kind,
    status,
    message: `${titleFor(status, kind)} (${status})${said ? `: ${said}` : ''}`,
    retryable: isRetryableStatus(status),
    ...(input.retryAfterMs !== undefined ? { retryAfterMs: input.retryAfterMs } : {}),
    // 429: the app refused the request without acting on it (RFC 6585).
    ...(status === 429 ? { unprocessed: true } : {}),
    exchange,
  });
}

export interface TransportErrorInput {
  kind: 'network' | 'timeout';
  detail: string;
  retryable: boolean;
  /** No connection was made: the app never saw the request. */
  unprocessed?: boolean;
  method: string;
  url: string;
  requestBody: unknown;
  redactor: Redactor;
}

/** The ConnectorError for a request that got no HTTP response (refused, reset, timed out). */
export function transportError(input: TransportErrorInput): ConnectorError {
  const url = input.redactor.text(input.url);
  return new ConnectorError({
    kind: input.kind,
    message: `${input.redactor.text(input.detail)} (${input.method} ${url})`,
    retryable: input.retryable,
    ...(input.unprocessed ? { unprocessed: true } : {}),
    exchange: { request: { method: input.method, url, body: describeBody(input.requestBody, input.redactor) } },
  });
}
