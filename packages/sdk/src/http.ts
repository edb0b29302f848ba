import { ConnectorError, isRetryableStatus } from './errors';
import { statusError, transportError } from './http-errors';
import { checkUrl, connectorCause, guardAgents, refusal, type GuardAgents } from './http-guard';
import { headerOf, parseBody, plainHeaders, requestHeaders, withoutHeaders } from './http-message';
import { exchange, ResponseTooLarge, type RawResponse } from './http-transport';
import { createRedactor, type Redactor } from './redact';
import {
  DEFAULT_RATE_LIMIT_WAIT_MS,
  backoffDelay,
  defaultSleep,
  parseRetryAfter,
  resolveRetryPolicy,
} from './retry';
import type { HttpClient, HttpClientOptions, HttpRequest, HttpResponse, OutboundGuard, RetryPolicy } from './types';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_REDIRECTS = 5;

const ABSOLUTE_URL = /^[a-z][a-z\d+\-.]*:\/\//i;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that never go to another origin than the one they were meant for (plus a client's credential headers). */
const CROSS_ORIGIN_DROPPED = ['authorization', 'cookie', 'proxy-authorization'];
const BODY_HEADERS = new Set(['content-type', 'content-length']);
/** Socket errors raised before a connection exists (refused, name not resolved): nothing was sent. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** Largest response body read. */
export const MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

interface SendOptions {
  timeoutMs: number;
  signal: AbortSignal | undefined;
  /** Read the body as raw bytes (a Buffer). */
  bytes: boolean;
  /** Largest body read; default MAX_RESPONSE_BYTES. */
  maxBytes: number | undefined;
}

interface Sent {
  /** The answer, its body parsed (JSON or text; a Buffer for bytes). */
  response: { status: number; headers: RawResponse['headers']; data: unknown };
  method: string;
  url: string;
  body: unknown;
}

class HttpClientImpl implements HttpClient {
  /** Sockets that resolve names through the guard's lookup; undefined: the transport's own keep-alive agents. */
  private readonly agents: GuardAgents | undefined;
  private readonly baseURL: string | undefined;
  private readonly headers: Record<string, string>;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly redactor: Redactor;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly guard: OutboundGuard | undefined;
  private readonly secrets: string[] | undefined;
  /** Lower-case names of the headers dropped before a request leaves the base URL's origin. */
  private readonly credentialHeaders: Set<string>;
  /** The base URL parsed (undefined without one, or when it is not a URL: every request then fails as invalid). */
  private readonly base: URL | undefined;

  constructor(options: HttpClientOptions) {
    this.baseURL = options.baseURL ? options.baseURL.replace(/\/+$/, '') : undefined;
    this.base = parseUrl(this.baseURL);
    this.credentialHeaders = new Set([...CROSS_ORIGIN_DROPPED, ...(options.credentialHeaders ?? []).map((name) => name.toLowerCase())]);
    this.headers = { 'User-Agent': 'Konnect', ...options.headers };
    this.policy = resolveRetryPolicy(options.retry);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    this.secrets = options.secrets;
    this.redactor = createRedactor(options.secrets);
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.guard = options.guard;
    // The guard's lookup resolves every name a socket connects to, and refuses internal addresses.
    this.agents = guardAgents(options.guard);
  }

  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const redactor = req.secrets?.length ? createRedactor(this.secrets, req.secrets) : this.redactor;
    const url = this.resolveUrl(req, redactor);
    let headers = requestHeaders(this.headers, req);
    // An absolute URL of another origin than the base URL's gets none of the connection's credentials.
    if (this.base && url.origin !== this.base.origin) headers = this.withoutCredentials(headers, redactor);
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const { policy } = this;

    for (let retries = 0; ; retries++) {
      let sent: Sent;
      try {
        sent = await this.send(req.method, url, req.body, headers, { timeoutMs, signal: req.signal, bytes: req.responseType === 'bytes', maxBytes: req.maxResponseBytes }, redactor);
      } catch (err) {
        if (!(err instanceof ConnectorError) || !err.retryable || retries >= policy.retries) throw err;
        await this.wait(backoffDelay(retries + 1, policy, this.random), req.signal, err);
        continue;
      }

      const { response } = sent;
      const status = response.status;
      if (status < 400) {
        return { status, data: response.data as T, headers: plainHeaders(response.headers) };
      }

      let retryAfterMs: number | undefined;
      if (status === 429 || status === 503) {
        retryAfterMs = parseRetryAfter(headerOf(response.headers, 'retry-after'));
        if (retryAfterMs === undefined && status === 429) retryAfterMs = DEFAULT_RATE_LIMIT_WAIT_MS;
      }
      if (status === 429) await req.onRateLimited?.(retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS);
      const retryable = isRetryableStatus(status);
      const canWaitHere =
        (status !== 429 || req.waitOnRateLimit !== false) && (retryAfterMs === undefined || retryAfterMs <= policy.maxRetryAfterMs);
      const error = (): ConnectorError =>
        statusError({
          status,
          method: sent.method,
          url: sent.url,
          requestBody: sent.body,
          // A failed download's body is the app's message: text, not bytes.
          responseBody: Buffer.isBuffer(response.data) ? parseBody(response.data.toString('utf8'), response.headers) : response.data,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          redactor,
        });
      if (!retryable || !canWaitHere || retries >= policy.retries) throw error();
      await this.wait(retryAfterMs ?? backoffDelay(retries + 1, policy, this.random), req.signal, error);
    }
  }

  private resolveUrl(req: HttpRequest, redactor: Redactor): URL {
    if (typeof req.url !== 'string' || req.url === '') {
      throw new ConnectorError({ kind: 'config', message: 'HTTP request: url is required', retryable: false });
    }
    let full: string;
    const relative = !ABSOLUTE_URL.test(req.url) && this.baseURL !== undefined;
    if (!relative || !this.baseURL) full = req.url;
    else {
      // A path joined onto the base URL stays under it: no "." or ".." segment, in any spelling.
      if (hasDotSegment(req.url)) {
        throw new ConnectorError({
          kind: 'config',
          message: `HTTP request: the path "${redactor.text(req.url)}" has a "." or ".." segment (plain or encoded); paths cannot leave the connection's base URL`,
          retryable: false,
        });
      }
      full = `${this.baseURL}/${req.url.replace(/^\/+/, '')}`;
    }
    let url: URL;
    try {
      url = new URL(full);
    } catch {
      throw new ConnectorError({
        kind: 'config',
        message: `HTTP request: invalid url "${redactor.text(full)}"`,
        retryable: false,
      });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConnectorError({
        kind: 'config',
        message: `HTTP request: unsupported protocol "${url.protocol}" (use http or https)`,
        retryable: false,
      });
    }
    if (relative && this.base && !isUnder(url, this.base)) {
      throw new ConnectorError({
        kind: 'config',
        message: `HTTP request: the path "${redactor.text(req.url)}" leads outside the connection's base URL`,
        retryable: false,
      });
    }
    if (req.params) {
      for (const [name, value] of Object.entries(req.params)) {
        if (value !== undefined) url.searchParams.append(name, String(value));
      }
    }
    return url;
  }

  /** One attempt: the request and its redirect hops, each one passed to the guard first. */
  private async send(
    method: string,
    start: URL,
    body: unknown,
    headers: Record<string, string>,
    options: SendOptions,
    redactor: Redactor,
  ): Promise<Sent> {
    const { timeoutMs, signal } = options;
    let url = start;
    let currentMethod = method;
    let currentBody = body;
    let currentHeaders = headers;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (let hop = 0; ; hop++) {
        if (signal?.aborted) throw abortedError(currentMethod, url.href, redactor);
        if (this.guard) await checkUrl(this.guard, url, currentMethod, redactor);
        let response: Sent['response'];
        try {
          const raw = await exchange(
            { method: currentMethod, url, headers: currentHeaders, body: currentBody, signal: controller.signal, maxBytes: options.maxBytes ?? MAX_RESPONSE_BYTES, bytes: options.bytes },
            this.agents,
          );
          response = { status: raw.status, headers: raw.headers, data: typeof raw.data === 'string' ? parseBody(raw.data, raw.headers) : raw.data };
        } catch (err) {
          throw this.transportFailure(err, { timedOut, timeoutMs, signal, firstHop: hop === 0 }, currentMethod, url.href, currentBody, redactor);
        }
        const location = REDIRECTS.has(response.status) ? headerOf(response.headers, 'location') : undefined;
        if (location === undefined) return { response, method: currentMethod, url: url.href, body: currentBody };
        if (hop >= this.maxRedirects) {
          throw transportError({
            kind: 'network',
            detail: `Too many redirects (more than ${this.maxRedirects})`,
            retryable: false,
            method: currentMethod,
            url: url.href,
            requestBody: currentBody,
            redactor,
          });
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw transportError({
            kind: 'network',
            detail: `Invalid redirect location "${location}"`,
            retryable: false,
            method: currentMethod,
            url: url.href,
            requestBody: currentBody,
            redactor,
          });
        }
        const toGet =
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && currentMethod === 'POST');
        if (toGet && currentMethod !== 'GET') {
          currentMethod = 'GET';
          currentBody = undefined;
          currentHeaders = withoutHeaders(currentHeaders, BODY_HEADERS);
        }
        if (next.origin !== url.origin) currentHeaders = this.withoutCredentials(currentHeaders, redactor);
        url = next;
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private transportFailure(
    err: unknown,
    state: { timedOut: boolean; timeoutMs: number; signal: AbortSignal | undefined; firstHop: boolean },
    method: string,
    url: string,
    body: unknown,
    redactor: Redactor,
  ): ConnectorError {
    if (state.timedOut) {
      return transportError({
        kind: 'timeout',
        detail: `Request timed out after ${state.timeoutMs} ms`,
        retryable: true,
        method,
        url,
        requestBody: body,
        redactor,
      });
    }
    if (state.signal?.aborted) return abortedError(method, url, redactor);
    // The guard's lookup refused the address the name resolves to (or could not resolve it).
    const fromGuard = connectorCause(err);
    if (fromGuard) return refusal(fromGuard, method, url, redactor);
    if (err instanceof ResponseTooLarge) {
      return transportError({ kind: 'network', detail: err.message, retryable: false, method, url, requestBody: body, redactor });
    }
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    const message = err instanceof Error ? err.message : String(err);
    const timeout = code === 'ETIMEDOUT';
    // Errors about the request itself (a bad header value, a body that cannot be serialised) will
    // not improve with another attempt; node raises them as TypeErrors.
    const permanent = err instanceof TypeError || code === 'ERR_INVALID_URL';
    return transportError({
      kind: timeout ? 'timeout' : 'network',
      detail: code && !message.includes(code) ? `${code}: ${message}` : message || 'Network error',
      retryable: !permanent,
      // No connection was made, so the app never saw the request; after a redirect it may have acted on an earlier hop.
      unprocessed: state.firstHop && code !== undefined && NOT_CONNECTED.has(code),
      method,
      url,
      requestBody: body,
      redactor,
    });
  }

  /**
   * The headers without the ones that must not leave the base URL's origin: Authorization, Cookie,
   * Proxy-Authorization, the client's credential headers (whatever their names), and any header
   * whose value holds a secret the client redacts.
   */
  private withoutCredentials(headers: Record<string, string>, redactor: Redactor): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (this.credentialHeaders.has(name.toLowerCase()) || redactor.text(value) !== value) continue;
      out[name] = value;
    }
    return out;
  }

  /** Waits before the next attempt; an abort during the wait ends the request. */
  private async wait(ms: number, signal: AbortSignal | undefined, last: ConnectorError | (() => ConnectorError)): Promise<void> {
    await this.sleep(ms);
    if (signal?.aborted) throw typeof last === 'function' ? last() : last;
  }
}

function parseUrl(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Decodes percent-escapes until nothing changes (a few rounds), byte by byte and leniently as some
 * servers do: a malformed escape elsewhere (`%zz`) does not hide an encoded dot or slash.
 */
function decodedFully(segment: string): string {
  let out = segment;
  for (let round = 0; round < 4 && out.includes('%'); round++) {
    const next = out.replace(/%([0-9a-f]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === out) break;
    out = next;
  }
  return out;
}

/** A dot segment as servers read it: "." or "..", also with a ";param" tail (Tomcat reads "..;" as ".."). */
const DOT_SEGMENT = /^\.{1,2}(;.*)?$/;

/**
 * Whether a path (before its query or fragment) has a "." or ".." segment in any spelling: plain,
 * percent-encoded once or more (`%2e%2e`, `.%2E`, `%252e`), or split by backslashes or an encoded
 * slash (`..%2f`, `..\`).
 */
export function hasDotSegment(path: string): boolean {
  const end = path.search(/[?#]/);
  const pathPart = end < 0 ? path : path.slice(0, end);
  return pathPart.split(/[/\\]/).some((segment) => decodedFully(segment).split(/[/\\]/).some((part) => DOT_SEGMENT.test(part.trim())));
}

/** The URL is on the base's origin, at or below its path. */
function isUnder(url: URL, base: URL): boolean {
  if (url.origin !== base.origin) return false;
  const root = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return url.pathname === base.pathname || url.pathname.startsWith(root);
}

function abortedError(method: string, url: string, redactor: Redactor): ConnectorError {
  return new ConnectorError({
    kind: 'network',
    message: `Request aborted (${method} ${redactor.text(url)})`,
    retryable: false,
    exchange: { request: { method, url: redactor.text(url) } },
  });
}

/**
 * The HTTP client connectors get: timeouts, bounded retries with backoff and jitter (`retry`;
 * `{ retries: 0 }` sends every request once and leaves retrying to the caller, as the run path
 * does), Retry-After, redirects checked by the outbound guard hop by hop, and ConnectorErrors
 * with the app's message and a redacted record of the exchange.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  return new HttpClientImpl(options);
}
