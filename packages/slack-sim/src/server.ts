import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerApi, type ApiState } from './api';
import { answerControl, type ControlState } from './control';
import { FaultList, type ActiveFault, type Fault } from './faults';
import { readBody, send, type Reply } from './http-io';
import { appendRequest, type RecordedRequest } from './request-log';
import { chatter, loadSeed, SEED_NAMES, type SeedName } from './seed';
import { Sleeper } from './sleeper';
import { SlackStore } from './store';

export interface SlackSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 'demo'. */
  seed?: SeedName;
  /** The clock every new message ts is taken from. Default: real time. */
  clock?: () => Date;
  /** Added delay before every Web API answer, in ms. */
  latencyMs?: number;
  /** Post a chatter message in #cs every this many ms (the demo's "New Message" trigger then fires on its own). */
  chatterMs?: number;
}

export interface SlackSimulator {
  /** The server's root, e.g. http://127.0.0.1:4020. */
  url: string;
  /** The Web API base, `${url}/api` (what a connection's base URL is set to). */
  apiUrl: string;
  port: number;
  store: SlackStore;
  /** The request log (live array; control requests are not recorded). */
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  addFault(fault: Fault): ActiveFault;
  clearFaults(): void;
  reset(seed: SeedName): void;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 100;

function checkOptions(o: SlackSimulatorOptions): Required<Omit<SlackSimulatorOptions, 'clock' | 'chatterMs'>> & Pick<SlackSimulatorOptions, 'clock' | 'chatterMs'> {
  const port = o.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('port: must be an integer from 0 to 65535');
  const seed = o.seed ?? 'demo';
  if (!SEED_NAMES.includes(seed)) throw new Error(`seed: must be one of ${SEED_NAMES.join(', ')}`);
  const latencyMs = o.latencyMs ?? 0;
  if (!Number.isInteger(latencyMs) || latencyMs < 0) throw new Error('latencyMs: must be a whole number >= 0');
  if (o.chatterMs !== undefined && (!Number.isInteger(o.chatterMs) || o.chatterMs < 10)) throw new Error('chatterMs: must be a whole number >= 10');
  return { port, host: o.host ?? '127.0.0.1', seed, latencyMs, clock: o.clock, chatterMs: o.chatterMs };
}

/** Starts the Slack Web API simulator: a real HTTP server over an in-memory workspace. */
export async function startSlackSimulator(options: SlackSimulatorOptions = {}): Promise<SlackSimulator> {
  const opts = checkOptions(options);
  const store = new SlackStore(opts.clock ?? (() => new Date()));
  loadSeed(store, opts.seed);
  const faults = new FaultList();
  const requests: RecordedRequest[] = [];
  const sleeper = new Sleeper();
  let chatterTimer: NodeJS.Timeout | null = null;
  let chatterCount = 0;
  const setChatter = (intervalMs: number | null) => {
    if (chatterTimer) clearInterval(chatterTimer);
    chatterTimer = intervalMs === null ? null : setInterval(() => chatter(store, ++chatterCount), intervalMs);
  };
  const reset = (seed: SeedName) => loadSeed(store, seed);
  const api: ApiState = { store, faults, sleeper, latencyMs: opts.latencyMs };
  const control: ControlState = { store, faults, requests, reset, setChatter };
  let closing = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    let reply: Reply;
    let entry: RecordedRequest | null = null;
    try {
      const raw = await readBody(req);
      if (url.pathname.startsWith('/__control/')) {
        reply = answerControl(control, req.method ?? 'GET', url.pathname, raw?.toString('utf8') ?? '');
      } else if (url.pathname.startsWith('/api/')) {
        entry = {
          at: new Date().toISOString(),
          httpMethod: req.method ?? 'GET',
          method: url.pathname.slice('/api/'.length),
          query: Object.fromEntries([...url.searchParams].map(([k, v]) => [k, k === 'token' ? '***' : v])),
          contentType: req.headers['content-type'] ?? null,
          body: null,
          authorization: null,
          tokenSource: null,
          status: 0,
          ok: null,
          error: null,
        };
        appendRequest(requests, entry);
        reply = await answerApi(api, req, url, raw, entry);
      } else {
        reply = { status: 404, body: { ok: false, error: 'unknown_method' } };
      }
    } catch (err) {
      console.error('[slack-sim] unexpected error', err);
      reply = { status: 500, body: { ok: false, error: 'fatal_error' } };
    }
    if (entry) {
      entry.status = reply.status;
      const body = reply.body as { ok?: unknown; error?: unknown };
      entry.ok = typeof body.ok === 'boolean' ? body.ok : null;
      entry.error = typeof body.error === 'string' ? body.error : null;
    }
    if (closing) reply.headers = { ...reply.headers, connection: 'close' };
    send(res, reply);
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${shownHost}:${port}`;
  if (opts.chatterMs !== undefined) setChatter(opts.chatterMs);

  let closed: Promise<void> | null = null;
  return {
    url,
    apiUrl: `${url}/api`,
    port,
    store,
    get requests() {
      return requests;
    },
    clearRequests: () => {
      requests.length = 0;
    },
    addFault: (fault) => faults.add(fault),
    clearFaults: () => void faults.clear(),
    reset,
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        closing = true;
        setChatter(null);
        const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close((err) => {
          clearTimeout(grace);
          if (err) reject(err);
          else resolve();
        });
        sleeper.cancelAll();
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}
