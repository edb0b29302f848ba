/**
 * The ingress's HTTP server on node:http: POST /hooks/<token> goes to the platform's transport-free
 * Catch Hook core (answerHook, the one the Next.js route calls too), so answers, limits and errors
 * are the same; GET /healthz says whether Postgres and Redis answer (503 while stopping, so a load
 * balancer stops sending). No web-standard Request/Response on the hot path: the headers are read
 * from the raw list, the body as bytes, and the answer written with its length.
 *
 * `close()` is the graceful shutdown: stop accepting connections, close idle keep-alive ones, answer
 * the calls in flight (with `Connection: close`), and after `timeoutMs` close whatever is left.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerHook, BodyTooLarge, jsonAnswer, type HookAnswer, type HookCall, type Platform } from '@konnect/platform';
import { HOOK_SECURITY_HEADERS } from './headers';

export interface IngressOptions {
  /** Strict-Transport-Security for every answer (the public URL is https), or null. */
  transportSecurity: string | null;
}

export interface Ingress {
  server: Server;
  /** Starts listening; resolves with the bound port. */
  listen(port: number, host: string): Promise<number>;
  /** Calls being answered now. */
  inFlight(): number;
  /** Graceful shutdown; `finished` is false when calls were still in flight at the deadline. */
  close(timeoutMs: number): Promise<{ finished: boolean }>;
}

const HOOK_PATH = /^\/hooks\/([^/]+)$/;
const CHECK_TIMEOUT_MS = 2000;

/** Header names in lower case, a repeated header's values joined with ", " (as web Headers do); no prototype. */
function headersOf(req: IncomingMessage): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    const value = raw[i + 1] ?? '';
    const prior = out[name];
    out[name] = prior === undefined ? value : `${prior}, ${value}`;
  }
  return out;
}

/** The body's bytes, at most `limit` (checked on Content-Length and while reading), leaving the socket usable for the answer. */
function bodyReader(req: IncomingMessage): (limit: number) => Promise<Uint8Array> {
  return async (limit) => {
    const declared = Number(req.headers['content-length'] ?? '');
    if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit);
    const chunks: Buffer[] = [];
    let size = 0;
    // destroyOnReturn false: stopping early (413) must not destroy the socket the answer goes out on.
    for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new BodyTooLarge(limit);
      chunks.push(chunk);
    }
    return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size);
  };
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export function createIngress(p: Platform, opts: IngressOptions): Ingress {
  let stopping = false;
  let inFlight = 0;
  let idle: (() => void) | null = null;

  function send(req: IncomingMessage, res: ServerResponse, answer: HookAnswer): void {
    const headers: Record<string, string | number> = { ...HOOK_SECURITY_HEADERS, ...answer.headers };
    if (opts.transportSecurity) headers['strict-transport-security'] = opts.transportSecurity;
    // A body left unread past its limit (413) is not drained: the connection closes after the answer.
    // Node drains a small unread body (an early 429) by itself and keeps the connection.
    if (stopping || (!req.readableEnded && answer.status === 413)) headers.connection = 'close';
    const body = answer.body === null ? undefined : Buffer.from(answer.body);
    headers['content-length'] = body?.length ?? 0;
    res.writeHead(answer.status, headers);
    res.end(body);
  }

  async function health(): Promise<HookAnswer> {
    if (stopping) return jsonAnswer(503, { status: 'stopping', db: 'unknown', redis: 'unknown', down: [] });
    const [d, r] = await Promise.allSettled([within(CHECK_TIMEOUT_MS, p.db.$queryRaw`SELECT 1`), within(CHECK_TIMEOUT_MS, p.queues.redis.ping())]);
    const db = d.status === 'fulfilled' ? 'ok' : 'error';
    const redis = r.status === 'fulfilled' && r.value === 'PONG' ? 'ok' : 'error';
    const down = [...(db === 'ok' ? [] : ['postgres']), ...(redis === 'ok' ? [] : ['redis'])];
    return jsonAnswer(down.length === 0 ? 200 : 503, { status: 'ok', db, redis, down });
  }

  async function route(req: IncomingMessage): Promise<HookAnswer> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const token = HOOK_PATH.exec(path)?.[1];
    if (token !== undefined) {
      if (req.method !== 'POST') return jsonAnswer(405, { error: { code: 'method_not_allowed', message: 'A hook takes POST requests' } }, { allow: 'POST' });
      let decoded: string;
      try {
        decoded = decodeURIComponent(token);
      } catch {
        return jsonAnswer(404, { error: { code: 'not_found', message: 'No active hook at this address' } });
      }
      const call: HookCall = { token: decoded, headers: headersOf(req), search: q < 0 ? '' : url.slice(q + 1), body: bodyReader(req) };
      return answerHook(p, call);
    }
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) return health();
    return jsonAnswer(404, { error: { code: 'not_found', message: 'This server answers POST /hooks/<token> and GET /healthz only' } });
  }

  const server = createServer((req, res) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    route(req).then(
      (answer) => send(req, res, answer),
      (err: unknown) => {
        // answerHook answers every failure itself; this is a bug in the ingress.
        p.log.error(`ingress: ${req.method} ${req.url?.split('?')[0]}: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) send(req, res, jsonAnswer(500, { error: { code: 'internal', message: 'The hook could not take this call; try again' } }));
        else res.destroy();
      },
    );
  });
  // A Respond from the konnector call may wait up to 120 s for its answer.
  server.requestTimeout = 180_000;

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    inFlight: () => inFlight,
    async close(timeoutMs) {
      stopping = true;
      // Stops accepting and closes idle keep-alive connections; busy ones close after their answer (Connection: close).
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const drained = inFlight === 0 ? Promise.resolve(true) : new Promise<boolean>((resolve) => (idle = () => resolve(true)));
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      const finished = await Promise.race([drained, deadline]);
      clearTimeout(timer);
      if (!finished) server.closeAllConnections();
      await closed;
      return { finished };
    },
  };
}
