/**
 * The HTTP side of POST /hooks/<token>, on web-standard Request/Response so the Next.js route
 * stays a one-liner: per-token rate limit and a full workspace queue (429 + Retry-After), body size limit (413), JSON, form
 * and multipart bodies, 202 `{ runId }` at once, 404 for unknown or inactive tokens. Errors use the
 * API's one shape, `{ error: { code, message } }`; a body PostgreSQL cannot store (NUL, lone
 * surrogates) is a 400 naming the field, not a 500.
 */
import { BodyTooLarge, readLimited } from './body';
import { AppError, errorMessage } from './errors';
import { listenForAnswer, type AnswerWait } from './hook-respond-wait';
import { catchTestRequest } from './hook-listen';
import { ingestHook, type HookRequest } from './hooks';
import { dependencyOf, isInfrastructureError } from './infrastructure';
import { takeTokenOrLocal } from './limits';
import type { Platform } from './platform';
import { redisKey } from './queues';
import { unstorableText } from './storable-text';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } });

type ErrorCode = 'bad_request' | 'not_found' | 'payload_too_large' | 'rate_limited' | 'unavailable' | 'internal';

/** Retry-After (seconds) while PostgreSQL is unreachable. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;
const failure = (status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}) => json(status, { error: { code, message } }, headers);

function where(part: string, path: (string | number)[]): string {
  return [part, ...path].map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/**
 * Form fields as an object; a repeated field becomes an array. The object has no prototype, so
 * every key the caller sends is an ordinary key: `__proto__` is stored as sent (on `{}` it set
 * the prototype and was lost), `constructor` or `toString` are not taken for inherited functions
 * (they were stored as `[null, "x"]`). Hasty readers are safe either way: they find own data.
 */
function formObject(entries: Iterable<[string, FormDataEntryValue | string]>): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, raw] of entries) {
    const value = typeof raw === 'string' ? raw : { filename: raw.name, size: raw.size, type: raw.type };
    const prior = Object.hasOwn(out, key) ? out[key] : undefined;
    if (prior === undefined) out[key] = value;
    else if (Array.isArray(prior)) prior.push(value);
    else out[key] = [prior, value];
  }
  return out;
}

/** The body by content type; a bad JSON body is an AppError 'invalid'. */
async function parseBody(bytes: Uint8Array, contentType: string): Promise<unknown> {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const text = Buffer.from(bytes).toString('utf8');
  if (type === 'application/json' || type.endsWith('+json') || (type === '' && /^\s*[[{]/.test(text))) {
    if (text.trim() === '') return {};
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new AppError('invalid', `The body is not valid JSON: ${errorMessage(err)}`);
    }
  }
  if (type === 'application/x-www-form-urlencoded') return formObject(new URLSearchParams(text));
  if (type === 'multipart/form-data') {
    try {
      const form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData();
      return formObject(form.entries());
    } catch (err) {
      throw new AppError('invalid', `The multipart body could not be read: ${errorMessage(err)}`);
    }
  }
  return text === '' ? {} : text;
}

export async function handleHookRequest(p: Platform, token: string, request: Request): Promise<Response> {
  const started = Date.now();
  let caught: 'caught' | 'failed' | null = null;
  try {
    const limit = await takeTokenOrLocal(p.queues.redis, p.deps, redisKey(p.queues, 'rate', 'hook', token.slice(0, 100)), p.limits.hookRate);
    if (!limit.allowed) {
      const seconds = Math.max(1, Math.ceil(limit.waitMs / 1000));
      return failure(429, 'rate_limited', 'Too many calls to this hook; slow down', { 'retry-after': String(seconds) });
    }
    let bytes: Uint8Array;
    try {
      bytes = await readLimited(request, p.limits.hookBodyLimitBytes);
    } catch (err) {
      if (err instanceof BodyTooLarge) return failure(413, 'payload_too_large', err.message);
      throw err;
    }
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const hook: HookRequest = {
      body: await parseBody(bytes, request.headers.get('content-type') ?? ''),
      headers,
      query: Object.fromEntries(url.searchParams),
    };
    for (const part of ['body', 'query', 'headers'] as const) {
      const bad = unstorableText(hook[part]);
      if (bad) return failure(400, 'bad_request', `${where(part, bad.path)}: ${bad.reason}`);
    }
    // "Listen for a test request": the awaited call becomes the trigger's sample (it still runs when the konnector is on).
    caught = await catchTestRequest(p, token, hook);
    let wait: AnswerWait | undefined;
    let result;
    try {
      result = await ingestHook(p, token, hook, async (run) => {
        wait = await listenForAnswer(p, run);
      });
    } catch (err) {
      wait?.cancel();
      throw err;
    }
    // The call was stored: Postgres answers (again). Without this a web process that met an outage
    // (the 503 path below marks it down) never logged its end, nor the next outage's start.
    p.deps.up('postgres', started);
    // Respond from the konnector: the caller gets the run's answer (or the documented default).
    if (wait && result.respond) return await wait.response(result.respond.timeoutSeconds, { checkNow: result.duplicate });
    return json(202, { runId: result.runId, ...(result.runIds.length > 1 ? { runIds: result.runIds } : {}), ...(caught ? { caught } : {}) });
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found' && caught === 'caught') return json(200, { runId: null, caught, message: 'Caught as the sample of a konnector that is off: it starts runs once it is turned on' });
    if (err instanceof AppError && err.code === 'not_found' && caught === 'failed') return failure(400, 'bad_request', 'The request could not be read as a sample; the builder says why');
    if (err instanceof AppError && err.code === 'not_found') return failure(404, 'not_found', err.message);
    if (err instanceof AppError && err.code === 'invalid') return failure(400, 'bad_request', err.message);
    if (err instanceof AppError && err.code === 'rate_limited') {
      const ms = typeof err.details?.retryAfterMs === 'number' ? err.details.retryAfterMs : 30_000;
      return failure(429, 'rate_limited', err.message, { 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) });
    }
    if (isInfrastructureError(err)) {
      // Nothing was stored: the caller sends it again (Retry-After), as webhook senders do.
      p.deps.down(dependencyOf(err), err, started);
      return failure(503, 'unavailable', 'Konnect cannot take this call right now; send it again shortly', { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_S) });
    }
    p.log.error(`hook ${token.slice(0, 6)}…: ${errorMessage(err)}`);
    return failure(500, 'internal', 'The hook could not take this call; try again');
  }
}
