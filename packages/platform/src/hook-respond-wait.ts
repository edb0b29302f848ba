/**
 * Respond to Hook, the side that took the call (the hook ingress or the web app): the request of a Catch
 * Hook that responds from the konnector waits for its run's answer. Each such process has one subscriber
 * connection (not one per request); a request subscribes to its run's channel before the run's job is
 * enqueued, so no answer can come before it listens. Postgres is the fallback: while requests wait, one statement a second reads the
 * answers and outcomes of all of them (a message lost with a Redis outage or a reconnect is found
 * there), and a request whose time is up reads once more before it gets its 504.
 */
import { Prisma, queryRows } from '@konnect/db';
import type { Redis } from 'ioredis';
import type { StepError } from '@konnect/schemas';
import { hookChannel, localAnswers, shortRunError, type HookMessage } from './hook-respond';
import type { HookAnswer } from './hook-answer';
import { answerResponse, defaultResponse, timeoutResponse } from './hook-respond-http';
import { perOwner } from './per-owner';
import type { Platform } from './platform';

/** How often the waiting requests of a process read Postgres (the fallback for a missed message). */
export const ANSWER_POLL_MS = 1000;
/** Longest a request waits for its SUBSCRIBE to be acknowledged before it relies on Postgres alone. */
const SUBSCRIBE_DEADLINE_MS = 500;

interface Pending {
  runId: string;
  workspaceId: string;
  settled: boolean;
  settle(message: HookMessage): void;
  outcome: Promise<HookMessage>;
}

interface Listener {
  sub: Redis | null;
  /** Runs whose channel this process subscribed to. */
  subscribed: Set<string>;
  waiters: Map<string, Pending[]>;
  poll: NodeJS.Timeout | null;
  polling: boolean;
}

const listenerOf = perOwner<Platform, Listener>((p) => {
  const listener: Listener = { sub: null, subscribed: new Set(), waiters: new Map(), poll: null, polling: false };
  // A run executed in this process hands its answer over here (hook-respond.ts publish).
  localAnswers(p).deliver = (runId, message) => {
    if (!listener.waiters.has(runId)) return false;
    deliver(p, runId, message);
    return true;
  };
  return listener;
});

function subscriber(p: Platform, listener: Listener): Redis {
  if (listener.sub) return listener.sub;
  const sub = p.queues.redis.duplicate();
  const prefix = hookChannel(p, '');
  sub.on('message', (channel: string, text: string) => {
    if (!channel.startsWith(prefix)) return;
    let message: HookMessage;
    try {
      message = JSON.parse(text) as HookMessage;
    } catch {
      return;
    }
    deliver(p, channel.slice(prefix.length), message);
  });
  // Outages are followed on the main connection (dependencies.ts); waiting requests fall back to Postgres.
  sub.on('error', () => undefined);
  listener.sub = sub;
  return sub;
}

/** A message for a run: its answer settles the waiting requests; an end makes them read Postgres first (an answer may have been missed). */
function deliver(p: Platform, runId: string, message: HookMessage): void {
  const pending = listenerOf(p).waiters.get(runId);
  if (!pending?.length) return;
  if (message.kind === 'answer') {
    for (const w of [...pending]) w.settle(message);
    return;
  }
  void readOutcomes(p, pending).then(
    (found) => {
      for (const w of pending) w.settle(found.get(w.runId) ?? message);
    },
    () => {
      for (const w of pending) w.settle(message);
    },
  );
}

interface OutcomeRow {
  id: string;
  status: string;
  error: StepError | null;
  answerStatus: number | null;
  headers: Record<string, string> | null;
  contentType: string | null;
  body: string | null;
}

const UNFINISHED = new Set(['queued', 'running']);

/** The answers or outcomes Postgres holds for these runs (each in its own workspace); runs still going are left out. */
async function readOutcomes(p: Platform, waiting: readonly Pending[]): Promise<Map<string, HookMessage>> {
  const rows = await queryRows<OutcomeRow>(p.db, Prisma.sql`
    SELECT r."id", r."status"::text AS "status", r."error", h."status" AS "answerStatus", h."headers", h."contentType", h."body"
    FROM unnest(${waiting.map((w) => w.runId)}::text[], ${waiting.map((w) => w.workspaceId)}::text[]) AS w(id, workspace_id)
    JOIN "Run" r ON r."id" = w.id AND r."workspaceId" = w.workspace_id
    LEFT JOIN "HookResponse" h ON h."runId" = r."id"`);
  const found = new Map<string, HookMessage>();
  for (const row of rows) {
    if (row.answerStatus !== null) {
      found.set(row.id, { kind: 'answer', status: row.answerStatus, headers: row.headers ?? {}, contentType: row.contentType ?? 'application/octet-stream', body: row.body ?? '' });
    } else if (!UNFINISHED.has(row.status)) {
      found.set(row.id, { kind: 'ended', status: row.status, ...(row.status === 'failed' ? { error: shortRunError(row.error) } : {}) });
    }
  }
  return found;
}

/** The slow timer: while requests wait, one statement a second for all of them. */
function ensurePolling(p: Platform, listener: Listener): void {
  if (listener.poll) return;
  listener.poll = setInterval(() => {
    if (listener.polling) return;
    const all = [...listener.waiters.values()].flat();
    if (all.length === 0) return;
    listener.polling = true;
    readOutcomes(p, all)
      .then((found) => {
        for (const w of all) {
          const message = found.get(w.runId);
          if (message) w.settle(message);
        }
      })
      .catch(() => undefined)
      .finally(() => {
        listener.polling = false;
      });
  }, ANSWER_POLL_MS);
  listener.poll.unref();
}

function forget(p: Platform, listener: Listener, w: Pending): void {
  const list = listener.waiters.get(w.runId);
  if (!list) return;
  const rest = list.filter((x) => x !== w);
  if (rest.length > 0) {
    listener.waiters.set(w.runId, rest);
    return;
  }
  listener.waiters.delete(w.runId);
  if (listener.subscribed.delete(w.runId)) listener.sub?.unsubscribe(hookChannel(p, w.runId)).catch(() => undefined);
  if (listener.waiters.size === 0 && listener.poll) {
    clearInterval(listener.poll);
    listener.poll = null;
  }
}

export interface AnswerWait {
  runId: string;
  workspaceId: string;
  /** Listens on Redis after all (a wait started without it whose run went to a worker); once. */
  subscribe(): Promise<void>;
  /** The outcome of the wait, as an HTTP answer. */
  response(timeoutSeconds: number, opts?: { checkNow?: boolean }): Promise<HookAnswer>;
  /** Stop waiting (the call failed after all). */
  cancel(): void;
}

/**
 * Starts listening for a run's answer. Call it (and await it) before the run's job is enqueued:
 * it returns once the subscription is in place (or, with Redis away, at once: Postgres answers then).
 * `subscribe: false`: the run is about to execute in this process (run-here.ts), whose answer is
 * handed over in-process; if it goes to a worker after all, call `subscribe()` right after enqueueing
 * (an answer published before that is still read from Postgres within ANSWER_POLL_MS).
 */
export async function listenForAnswer(p: Platform, run: { runId: string; workspaceId: string }, opts: { subscribe?: boolean } = {}): Promise<AnswerWait> {
  const listener = listenerOf(p);
  let settle!: (message: HookMessage) => void;
  const outcome = new Promise<HookMessage>((resolve) => {
    settle = resolve;
  });
  const w: Pending = {
    ...run,
    settled: false,
    outcome,
    settle(message) {
      if (w.settled) return;
      w.settled = true;
      forget(p, listener, w);
      settle(message);
    },
  };
  listener.waiters.set(run.runId, [...(listener.waiters.get(run.runId) ?? []), w]);
  ensurePolling(p, listener);
  const subscribe = async () => {
    if (w.settled || listener.subscribed.has(run.runId) || !p.deps.isUp('redis')) return;
    listener.subscribed.add(run.runId);
    const sub = subscriber(p, listener);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([sub.subscribe(hookChannel(p, run.runId)).catch(() => undefined), new Promise((r) => (timer = setTimeout(r, SUBSCRIBE_DEADLINE_MS)))]);
    clearTimeout(timer);
  };
  if (opts.subscribe !== false) await subscribe();
  return {
    runId: run.runId,
    workspaceId: run.workspaceId,
    subscribe,
    cancel: () => w.settle({ kind: 'ended', status: 'cancelled' }),
    async response(timeoutSeconds, opts = {}) {
      if (opts.checkNow) {
        const found = await readOutcomes(p, [w]).catch(() => new Map<string, HookMessage>());
        const message = found.get(w.runId);
        if (message) w.settle(message);
      }
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutSeconds * 1000)));
      const first = await Promise.race([w.outcome, timedOut]);
      clearTimeout(timer);
      if (first !== 'timeout') return toResponse(first, w.runId);
      // Time is up: one last read (the answer may be in Postgres, its message lost), else 504.
      const last = await readOutcomes(p, [w]).catch(() => new Map<string, HookMessage>());
      const message = last.get(w.runId);
      w.settle(message ?? { kind: 'ended', status: 'timeout' });
      return message ? toResponse(message, w.runId) : timeoutResponse(w.runId, timeoutSeconds);
    },
  };
}

function toResponse(message: HookMessage, runId: string): HookAnswer {
  return message.kind === 'answer' ? answerResponse(message) : defaultResponse(runId, message.status, message.error);
}

/** Closes the process's subscriber connection (tests, shutdown); requests still waiting fall back to Postgres. */
export async function closeHookListener(p: Platform): Promise<void> {
  const listener = listenerOf(p);
  const sub = listener.sub;
  listener.sub = null;
  listener.subscribed.clear();
  if (sub) await sub.quit().catch(() => sub.disconnect());
}

/** Requests of this process waiting for an answer (for tests and /api/health detail). */
export function waitingHookRequests(p: Platform): number {
  return [...listenerOf(p).waiters.values()].reduce((n, list) => n + list.length, 0);
}
