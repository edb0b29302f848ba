/**
 * The HTTP side of POST /hooks/<token>, without a transport: `answerHook` takes the token, the
 * headers, the query string and a body reader, and gives a status, headers and body (hook-answer.ts).
 * The node:http ingress (apps/ingress) and the Next.js route (`handleHookRequest`, on web-standard
 * Request/Response) both call it, so their answers, limits and errors are the same by construction:
 * rate limits per hook and per workspace and a full workspace queue (429 + Retry-After,
 * hook-rate.ts), body size limit (413), JSON, form and multipart bodies, 202 `{ runId }` at once, 404
 * for unknown or inactive tokens. Errors use the API's one shape, `{ error: { code, message } }`; a
 * body PostgreSQL cannot store (NUL, lone surrogates) is a 400 naming the field, not a 500.
 */
import { BodyTooLarge, readLimited } from './body';
import { AppError, errorMessage } from './errors';
import { jsonAnswer as json, toWebResponse, type HookAnswer } from './hook-answer';
import { catchTestRequest } from './hook-listen';
import { takeHookToken } from './hook-rate';
import { listenForAnswer, type AnswerWait } from './hook-respond-wait';
import { activeHook, ingestHook, knownFull, type HookRequest } from './hooks';
import { queueFull } from './backlog';
import { dependencyOf, isInfrastructureError } from './infrastructure';
import type { Platform } from './platform';
import { unstorableText } from './storable-text';

/** One call to /hooks/<token>, as any HTTP server sees it. */
export interface HookCall {
  token: string;
  /** Lower-case names; a repeated header's values joined with ", " (as web Headers do). */
  headers: Record<string, string>;
  /** The query string, without "?". */
  search: string;
  /** The body's bytes, at most `limit` (BodyTooLarge past it); called at most once, after the rate limit. */
  body(limit: number): Promise<Uint8Array>;
}

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

export async function answerHook(p: Platform, call: HookCall): Promise<HookAnswer> {
  const started = Date.now();
  const { token } = call;
  let caught: 'caught' | 'failed' | null = null;
  try {
    // The token's hook (cached with the lookup ingestion uses anyway) carries its rate limit and workspace.
    const active = await activeHook(p, token);
    if (active && !call.headers['idempotency-key'] && knownFull(p, active.workspaceId)) throw queueFull(p);
    const limit = await takeHookToken(p, token, active);
    if (!limit.allowed) {
      const seconds = Math.max(1, Math.ceil(limit.waitMs / 1000));
      const message = limit.by === 'workspace' ? 'Too many calls to the hooks of this workspace; slow down' : 'Too many calls to this hook; slow down';
      return failure(429, 'rate_limited', message, { 'retry-after': String(seconds) });
    }
    let bytes: Uint8Array;
    try {
      bytes = await call.body(p.limits.hookBodyLimitBytes);
    } catch (err) {
      if (err instanceof BodyTooLarge) return failure(413, 'payload_too_large', err.message);
      throw err;
    }
    const hook: HookRequest = {
      body: await parseBody(bytes, call.headers['content-type'] ?? ''),
      headers: call.headers,
      query: Object.fromEntries(new URLSearchParams(call.search)),
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
        // A run this process executes itself hands its answer over in-process: no Redis subscription.
        wait = await listenForAnswer(p, run, { subscribe: !run.likelyHere });
      });
    } catch (err) {
      wait?.cancel();
      throw err;
    }
    // The call was stored: Postgres answers (again). Without this a web process that met an outage
    // (the 503 path below marks it down) never logged its end, nor the next outage's start.
    p.deps.up('postgres', started);
    // Respond from the konnector: the caller gets the run's answer (or the documented default).
    if (wait && result.respond) {
      // It went to a worker after all (no room here, its workspace full): its answer comes over Redis.
      if (!result.here) await wait.subscribe();
      return await wait.response(result.respond.timeoutSeconds, { checkNow: result.duplicate });
    }
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

/** The Next.js route's entry (web-standard Request/Response): the same core, answers as a Response. */
export async function handleHookRequest(p: Platform, token: string, request: Request): Promise<Response> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const call: HookCall = { token, headers, search: new URL(request.url).search.slice(1), body: (limit) => readLimited(request, limit) };
  return toWebResponse(await answerHook(p, call));
}
