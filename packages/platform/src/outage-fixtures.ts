/**
 * Helpers shared by the outage tests (redis-outage / postgres-outage .int.test.ts): a spare
 * loopback port, a logger that keeps its lines, the Catch Hook konnector whose action posts a note
 * to the Custify simulator, and a sender that keeps calling the hook (web Request objects, through
 * handleHookRequest as the real route does) and records every answer.
 */
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { vi } from 'vitest';
import type { Db } from '@konnect/db';
import type { Simulator } from '@konnect/custify-sim';
import { activate } from './activation';
import { handleHookRequest } from './hook-http';
import type { Logger, Platform } from './platform';
import { createKonnector } from './test-fixtures';

/** A port nothing listens on right now (the OS's pick, released at once). */
export function spareLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * What the process prints on its own (libraries included) through console.error / console.warn,
 * kept instead of printed; `restore()` puts the console back.
 */
export function captureConsole(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => void lines.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' '));
  const spies = [vi.spyOn(console, 'error').mockImplementation(keep), vi.spyOn(console, 'warn').mockImplementation(keep)];
  return { lines, restore: () => spies.forEach((s) => s.mockRestore()) };
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** A platform logger that keeps every line (and prints nothing). */
export function capturingLog(): Logger & { lines: LogLine[]; matching(re: RegExp): string[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message) => void lines.push({ level: 'info', message }),
    warn: (message) => void lines.push({ level: 'warn', message }),
    error: (message) => void lines.push({ level: 'error', message }),
    matching: (re) => lines.filter((l) => re.test(l.message)).map((l) => l.message),
  };
}

/** A Catch Hook konnector whose one action creates a Custify note with subject `hook <n>` (n from the call's body). */
export async function noteHookKonnector(p: Platform, db: Db, workspaceId: string, connectionId: string, sim: Simulator): Promise<{ konnectorId: string; token: string }> {
  const anchorId = sim.store.insert('people', { name: 'Notes go here' }).id;
  const konnectorId = await createKonnector(db, workspaceId, {
    trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
    steps: [
      {
        type: 'action',
        id: 'note',
        connector: 'custify',
        action: 'create_note',
        connectionId,
        input: { entity: anchorId, entityModel: 'People', subject: 'hook {{trigger.n}}', text: 'from an outage test' },
      },
    ],
  });
  const { hookToken } = await activate(p, workspaceId, konnectorId);
  if (!hookToken) throw new Error('no hook token');
  return { konnectorId, token: hookToken };
}

/** POST /note requests the simulator received, per subject (every one, whatever it answered). */
export function notesBySubject(sim: Simulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of sim.requests) {
    if (r.method !== 'POST' || r.path !== '/note') continue;
    const subject = String((r.body as { subject?: unknown } | undefined)?.subject ?? '');
    counts.set(subject, (counts.get(subject) ?? 0) + 1);
  }
  return counts;
}

export interface Answer {
  n: number;
  /** HTTP status, or 0 when no answer came within the sender's limit. */
  status: number;
  runId: string | null;
  retryAfter: string | null;
  ms: number;
  /** When the call was sent (ms since the epoch). */
  at: number;
}

/** One call to the hook, as the Next.js route passes it: a web Request with a JSON body `{ n }`. */
export async function callHook(p: Platform, token: string, n: number, limitMs: number, headers: Record<string, string> = {}): Promise<Answer> {
  const at = Date.now();
  const request = new Request(`http://konnect.test/hooks/${token}?source=outage`, {
    method: 'POST',
    body: JSON.stringify({ n }),
    headers: { 'content-type': 'application/json', ...headers },
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), limitMs);
  });
  try {
    const response = await Promise.race([handleHookRequest(p, token, request), late]);
    if (!response) return { n, status: 0, runId: null, retryAfter: null, ms: Date.now() - at, at };
    const body = (await response.json()) as { runId?: string | null };
    return { n, status: response.status, runId: body.runId ?? null, retryAfter: response.headers.get('retry-after'), ms: Date.now() - at, at };
  } finally {
    clearTimeout(timer);
  }
}

export interface HookSender {
  answers: Answer[];
  /** Calls sent so far. */
  sent(): number;
  /** Stops sending and waits for the calls in progress. */
  stop(): Promise<Answer[]>;
}

/**
 * Keeps calling the hook, one call at a time per lane with `pauseMs` between calls, numbering the
 * calls 1, 2, 3… (`headers(n)` adds per-call headers). A call without an answer after `limitMs`
 * is recorded with status 0 (a hang), and the lane goes on.
 */
export function keepCalling(p: Platform, token: string, opts: { lanes: number; pauseMs: number; limitMs: number; headers?: (n: number) => Record<string, string> }): HookSender {
  const answers: Answer[] = [];
  let n = 0;
  let stopped = false;
  const lane = async () => {
    while (!stopped) {
      const mine = ++n;
      answers.push(await callHook(p, token, mine, opts.limitMs, opts.headers?.(mine) ?? {}));
      await new Promise((resolve) => setTimeout(resolve, opts.pauseMs));
    }
  };
  const lanes = Array.from({ length: opts.lanes }, () => lane());
  return {
    answers,
    sent: () => n,
    async stop() {
      stopped = true;
      await Promise.all(lanes);
      return answers.sort((a, b) => a.n - b.n);
    },
  };
}

export interface HoldingProxy {
  url: string;
  /** From now on, answers are kept back (the request has reached the app: its effect happened). */
  hold(): void;
  /** Answers kept back so far. */
  held(): number;
  /** Sends the kept answers and stops holding; returns the request bodies they answer. */
  release(): string[];
  close(): Promise<void>;
}

/**
 * A pass-through HTTP proxy in front of `target` that can keep answers back: a test can hold an
 * action whose request the app already carried out, stop Postgres, then let the answer through —
 * the run must then record that action while Postgres is away, and must not send it again.
 */
export async function holdingProxy(target: string): Promise<HoldingProxy> {
  let holding = false;
  let kept: { send(): void; request: string }[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', target);
      const out = httpRequest(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => {
          const send = () => {
            const headers = { ...answer.headers };
            delete headers['transfer-encoding'];
            res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': String(Buffer.concat(body).length) });
            res.end(Buffer.concat(body));
          };
          if (holding) kept.push({ send, request: Buffer.concat(chunks).toString() });
          else send();
        });
      });
      out.on('error', (err) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    hold: () => {
      holding = true;
    },
    held: () => kept.length,
    release: () => {
      holding = false;
      const sending = kept;
      kept = [];
      for (const k of sending) k.send();
      return sending.map((k) => k.request);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
