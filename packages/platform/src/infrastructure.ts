/**
 * Telling "Postgres or Redis is unreachable right now" apart from every other error. Such a failure
 * is nobody's mistake and nothing about the run or trigger is wrong: the work goes back to wait
 * (a run stays queued, a hook answers 503 with Retry-After, a poll tries at the next tick) instead
 * of being recorded as failed.
 */

/** Prisma's codes for an unreachable or lost database, and its driver adapter's kinds. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionAlreadyClosed']);
/** Socket errors, and PostgreSQL's SQLSTATEs for a server shutting down, starting up or a lost connection. */
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);
const MESSAGES = [
  /can't reach database server/i,
  /connection terminated/i,
  /connection is closed/i,
  /terminating connection/i,
  /the database system is (starting up|shutting down)/i,
  /timeout exceeded when trying to connect/i,
  /reached the max retries per request/i,
  /stream isn't writeable/i,
  /client has encountered a connection error/i,
];

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** True when `err` (or anything it wraps) says a database or Redis connection failed. */
export function isInfrastructureError(err: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (depth > 6 || value === null || typeof value !== 'object' || seen.has(value)) return false;
    if (value instanceof InfrastructureUnavailable) return true;
    seen.add(value);
    const code = fieldOf(value, 'code');
    if (typeof code === 'string' && (CODES.has(code) || PRISMA_CODES.has(code))) return true;
    const kind = fieldOf(value, 'kind');
    if (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) return true;
    const original = fieldOf(value, 'originalCode');
    if (typeof original === 'string' && CODES.has(original)) return true;
    const message = fieldOf(value, 'message');
    if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
    if (value instanceof AggregateError && value.errors.some((e) => visit(e, depth + 1))) return true;
    return ['cause', 'meta', 'driverAdapterError'].some((k) => visit(fieldOf(value, k), depth + 1));
  };
  return visit(err, 0);
}

/** A failure of our own stores, as an error for code paths that must name it. */
export class InfrastructureUnavailable extends Error {
  constructor(
    readonly dependency: 'postgres' | 'redis',
    cause: unknown,
  ) {
    super(`${dependency === 'postgres' ? 'PostgreSQL' : 'Redis'} is unreachable right now`, { cause });
    this.name = 'InfrastructureUnavailable';
  }
}

const REDIS_SIGNS = [/connection is closed/i, /max retries per request/i, /stream isn't writeable/i, /ioredis/i, /:6379\b/];

/** Which store an infrastructure error came from (ioredis' own failures name Redis; the rest is Postgres). */
export function dependencyOf(err: unknown): 'postgres' | 'redis' {
  for (let value: unknown = err, depth = 0; value && typeof value === 'object' && depth < 6; value = fieldOf(value, 'cause'), depth++) {
    if (value instanceof InfrastructureUnavailable) return value.dependency;
    const name = fieldOf(value, 'name');
    const message = fieldOf(value, 'message');
    if (name === 'MaxRetriesPerRequestError' || name === 'ReplyError') return 'redis';
    if (typeof message === 'string' && REDIS_SIGNS.some((r) => r.test(message))) return 'redis';
  }
  return 'postgres';
}

/**
 * Runs `work` again while it fails only because a store is unreachable, for up to `maxMs` (a
 * PostgreSQL restart takes seconds). Used where giving up would lose a committed side effect's
 * record: an action's step record, a run's final status.
 */
export async function untilReachable<T>(
  deps: { down(name: 'postgres' | 'redis', err: unknown, since?: number): void },
  work: () => Promise<T>,
  maxMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + maxMs;
  for (let wait = 250; ; wait = Math.min(wait * 2, 5000)) {
    const started = Date.now();
    try {
      return await work();
    } catch (err) {
      if (!isInfrastructureError(err) || Date.now() + wait > deadline) throw err;
      deps.down(dependencyOf(err), err, started);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
