/** One Slack Web API call over the SDK's HTTP client; an `ok: false` answer becomes a ConnectorError. */
import type { HttpClient, HttpRequest } from '@konnect/sdk';
import { ConnectorError, createRedactor, DEFAULT_RATE_LIMIT_WAIT_MS, parseRetryAfter } from '@konnect/sdk';
import { baseUrlOf, type SlackAuthValue } from './auth-fields';
import { classifySlackError, describeSlackError } from './errors';

/**
 * How arguments travel (docs/slack.md, "Requests"): write methods take a JSON body, the
 * methods Slack's own SDKs call with form fields take a form, read methods a GET query string.
 */
export type Encoding = 'json' | 'form' | 'query';

export type SlackAnswer = Record<string, unknown> & { ok: true };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formValue(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function defined(args: Record<string, unknown>): [string, unknown][] {
  return Object.entries(args).filter(([, v]) => v !== undefined && v !== null);
}

function requestFor(method: string, args: Record<string, unknown>, as: Encoding): HttpRequest {
  if (as === 'query') return { method: 'GET', url: method, params: Object.fromEntries(defined(args).map(([k, v]) => [k, formValue(v)])) };
  if (as === 'form') {
    const form = new URLSearchParams(defined(args).map(([k, v]) => [k, formValue(v)]));
    return form.size === 0 ? { method: 'POST', url: method } : { method: 'POST', url: method, body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
  }
  return { method: 'POST', url: method, body: Object.fromEntries(defined(args)), headers: { 'Content-Type': 'application/json; charset=utf-8' } };
}

/**
 * Calls `method` and returns Slack's answer when `ok` is true. `ok: false` throws a ConnectorError
 * of the kind the code means (errors.ts) with what was sent and what came back, the token
 * redacted; an answer without a boolean `ok` is not trusted as success either.
 */
export async function callSlack(http: HttpClient, auth: SlackAuthValue, method: string, args: Record<string, unknown>, as: Encoding): Promise<SlackAnswer> {
  const req = requestFor(method, args, as);
  const res = await http.request<unknown>(req);
  const data = res.data;
  if (isRecord(data) && data.ok === true) return data as SlackAnswer;

  const redactor = createRedactor([auth.token]);
  const url = new URL(`${baseUrlOf(auth)}/${method}`);
  for (const [k, v] of Object.entries(req.params ?? {})) if (v !== undefined) url.searchParams.append(k, String(v));
  const exchange = {
    request: { method: req.method, url: redactor.text(url.href), ...(req.body !== undefined ? { body: redactor.value(req.body instanceof URLSearchParams ? Object.fromEntries(req.body) : req.body) } : {}) },
    response: { status: res.status, body: redactor.value(data) },
  };
  if (!isRecord(data) || data.ok !== false) {
    throw new ConnectorError({ kind: 'server', status: res.status, message: `Slack ${method}: unexpected answer (no "ok" field); nothing is assumed to have worked`, retryable: false, exchange });
  }
  const code = typeof data.error === 'string' && data.error !== '' ? data.error : 'unknown_error';
  const { kind, retryable } = classifySlackError(code);
  const retryAfterMs = kind === 'rate_limited' ? (parseRetryAfter(res.headers['retry-after']) ?? DEFAULT_RATE_LIMIT_WAIT_MS) : undefined;
  throw new ConnectorError({
    kind,
    status: res.status,
    message: redactor.text(`Slack ${method}: ${describeSlackError(code, data)}`),
    retryable,
    ...(retryAfterMs !== undefined ? { retryAfterMs, unprocessed: true } : {}),
    exchange,
  });
}

/** The `next_cursor` of an answer, or undefined on the last page (Slack sends "" or nothing). */
export function nextCursor(answer: Record<string, unknown>): string | undefined {
  const meta = answer.response_metadata;
  const cursor = isRecord(meta) ? meta.next_cursor : undefined;
  return typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
}

/** A field of an answer that must be an array (an answer without it is an error, not an empty list). */
export function listOf(answer: Record<string, unknown>, field: string, method: string): Record<string, unknown>[] {
  const value = answer[field];
  if (!Array.isArray(value)) {
    throw new ConnectorError({ kind: 'server', message: `Slack ${method}: the answer has no "${field}" list`, retryable: false });
  }
  return value.filter(isRecord);
}

/** A field of an answer that must be an object. */
export function recordOf(answer: Record<string, unknown>, field: string, method: string): Record<string, unknown> {
  const value = answer[field];
  if (!isRecord(value)) throw new ConnectorError({ kind: 'server', message: `Slack ${method}: the answer has no "${field}" object`, retryable: false });
  return value;
}

export function stringOf(answer: Record<string, unknown>, field: string, method: string): string {
  const value = answer[field];
  if (typeof value !== 'string' || value === '') throw new ConnectorError({ kind: 'server', message: `Slack ${method}: the answer has no "${field}"`, retryable: false });
  return value;
}

/** The Slack error code a ConnectorError from `callSlack` carries (from the recorded answer), if any. */
export function slackCode(err: unknown): string | undefined {
  if (!(err instanceof ConnectorError)) return undefined;
  const body = err.exchange?.response?.body;
  return isRecord(body) && typeof body.error === 'string' ? body.error : undefined;
}
