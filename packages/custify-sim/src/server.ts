import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { apiRouter } from './api-router';
import type { Ctx, Reply } from './context';
import { controlRouter } from './control';
import { DEFAULT_EVENTS_INTERVAL_MS, EventsMode } from './events-mode';
import { FAULT_BODIES, FaultList, isSlowKey, keyFault, type AppliedFault, type Fault } from './faults';
import { bearerKey, errorReply, parseBody, readBody, send, type ParsedBody } from './http-io';
import { appendRequest, formSummary, maskAuthorization, type RecordedRequest } from './request-log';
import type { Router } from './router';
import { loadSeed, SEED_NAMES, type SeedName } from './seed';
import { SimStore } from './store';
import { parseInput } from './validate';
import { Sleeper } from './sleeper';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 'demo'. */
  seed?: SeedName;
  /** Valid Bearer keys. Default ['demo-custify-key']. */
  apiKeys?: string[];
  /** Start "events" mode (default interval 5 s). */
  events?: boolean | { intervalMs: number };
  /** The server's clock for every timestamp it writes. Default: real time. */
  clock?: () => Date;
  /** Added delay before every API answer, in ms. */
  latencyMs?: number;
}

export interface Simulator {
  url: string;
  port: number;
  close(): Promise<void>;
  store: SimStore;
  /** The request log (live array; control requests are not recorded). */
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  addFault(fault: Fault): void;
  clearFaults(): void;
  setEvents(on: boolean, intervalMs?: number): void;
  reset(seed: SeedName): void;
}

export const DEFAULT_API_KEY = 'demo-custify-key';
const CLOSE_GRACE_MS = 100;

const Options = z.object({
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  seed: z.enum(SEED_NAMES as [SeedName, ...SeedName[]]).default('demo'),
  apiKeys: z.array(z.string().min(1)).min(1).default(() => [DEFAULT_API_KEY]),
  events: z.union([z.boolean(), z.object({ intervalMs: z.number().int().min(10) })]).default(false),
  clock: z.custom<() => Date>((v) => typeof v === 'function', { message: 'must be a function returning a Date' }).optional(),
  latencyMs: z.number().int().min(0).default(0),
});

interface State {
  store: SimStore;
  faults: FaultList;
  events: EventsMode;
  requests: RecordedRequest[];
  apiKeys: Set<string>;
  latencyMs: number;
  api: Router;
  control: Router;
  sleeper: Sleeper;
  closing: boolean;
}

function dispatch(router: Router, method: string, path: string, ctx: Omit<Ctx, 'params'>): Reply {
  const match = router.match(method, path);
  if (match.kind === 'not-found') return { status: 404, body: { error: 'Not found' } };
  if (match.kind === 'method-not-allowed') return { status: 405, body: { error: `Method ${method} not allowed on ${path}` } };
  return match.handler({ ...ctx, params: match.params });
}

function faultReply(fault: AppliedFault & { status: NonNullable<AppliedFault['status']> }): Reply {
  return {
    status: fault.status,
    body: FAULT_BODIES[fault.status],
    headers: fault.retryAfter === null ? {} : { 'retry-after': fault.retryAfter },
  };
}

async function answerApi(state: State, req: IncomingMessage, url: URL, parsed: ParsedBody | Error): Promise<Reply> {
  const apiKey = bearerKey(req.headers.authorization);
  if (state.latencyMs > 0) await state.sleeper.sleep(state.latencyMs);
  for (const fault of [keyFault(apiKey), state.faults.take(url.pathname, apiKey)]) {
    if (!fault) continue;
    if (fault.delayMs > 0) await state.sleeper.sleep(fault.delayMs);
    if (fault.status !== null) return faultReply({ ...fault, status: fault.status });
  }
  if (apiKey === null || !(state.apiKeys.has(apiKey) || isSlowKey(apiKey))) {
    return { status: 401, body: { error: 'Invalid API key' } };
  }
  if (parsed instanceof Error) return errorReply(parsed);
  return dispatch(state.api, req.method ?? 'GET', url.pathname, { query: url.searchParams, ...parsed, store: state.store });
}

async function handle(state: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const method = req.method ?? 'GET';
  const isControl = url.pathname === '/__control' || url.pathname.startsWith('/__control/');
  let entry: RecordedRequest | null = null;
  let reply: Reply;
  try {
    const raw = await readBody(req);
    let parsed: ParsedBody | Error;
    try {
      parsed = parseBody(req.headers['content-type'], raw);
    } catch (err) {
      parsed = err instanceof Error ? err : new Error(String(err));
    }
    if (isControl) {
      if (parsed instanceof Error) throw parsed;
      reply = dispatch(state.control, method, url.pathname, { query: url.searchParams, ...parsed, store: state.store });
    } else {
      entry = {
        at: new Date().toISOString(),
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: parsed instanceof Error ? raw.toString('utf8') : parsed.form ? formSummary(parsed.form) : parsed.body ?? null,
        authorization: maskAuthorization(req.headers.authorization),
        status: 0,
      };
      appendRequest(state.requests, entry);
      reply = await answerApi(state, req, url, parsed);
    }
  } catch (err) {
    reply = errorReply(err);
  }
  if (entry) entry.status = reply.status ?? 200;
  if (state.closing) reply.headers = { ...reply.headers, connection: 'close' };
  send(res, reply);
}

/** Start the Custify simulator: a real HTTP server over an in-memory store. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const opts = parseInput(Options, options);
  const store = new SimStore(opts.clock ?? (() => new Date()));
  loadSeed(store, opts.seed);
  const events = new EventsMode(store);
  const faults = new FaultList();
  const requests: RecordedRequest[] = [];
  const reset = (seed: SeedName) => loadSeed(store, parseInput(Options.shape.seed, seed));
  const state: State = {
    store,
    faults,
    events,
    requests,
    apiKeys: new Set(opts.apiKeys),
    latencyMs: opts.latencyMs,
    api: apiRouter(),
    control: controlRouter({ faults, events, requests, reset }),
    sleeper: new Sleeper(),
    closing: false,
  };
  const server = createServer((req, res) => void handle(state, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  if (opts.events) events.start(opts.events === true ? DEFAULT_EVENTS_INTERVAL_MS : opts.events.intervalMs);

  let closing: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    store,
    get requests() {
      return requests;
    },
    clearRequests: () => {
      requests.length = 0;
    },
    addFault: (fault) => void faults.add(fault),
    clearFaults: () => void faults.clear(),
    setEvents: (on, intervalMs) => (on ? events.start(intervalMs ?? events.intervalMs) : events.stop()),
    reset,
    close: () => {
      // Stop listening, cut short pending delays so in-flight requests get their answer,
      // then drop whatever connection is still open after a short grace period.
      closing ??= new Promise<void>((resolve, reject) => {
        state.closing = true;
        events.stop();
        const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close((err) => {
          clearTimeout(grace);
          if (err) reject(err);
          else resolve();
        });
        state.sleeper.cancelAll();
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
