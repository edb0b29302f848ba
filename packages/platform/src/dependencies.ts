/**
 * Postgres and Redis reachability as this process sees it, logged once per change of state (not
 * once per failed command: a Redis that is down makes every client retry many times a second).
 * `watchRedis` follows a connection's own events; code paths that meet an infrastructure error
 * (infrastructure.ts) report it here and report success when it works again.
 */
import type { Redis } from 'ioredis';
import { errorMessage } from './errors';
import type { Logger } from './platform';

export type Dependency = 'postgres' | 'redis';
const LABEL: Record<Dependency, string> = { postgres: 'PostgreSQL', redis: 'Redis' };

export interface DependencyStates {
  /**
   * `since`: when the failed operation started. One started before the store was last seen back
   * met the outage that ended (its error can arrive late): it is not a new outage.
   */
  down(name: Dependency, err: unknown, since?: number): void;
  /**
   * `since`: when the successful operation started. One started before the outage was noticed may
   * have done its work before it began: it does not show the store is back.
   */
  up(name: Dependency, since?: number): void;
  /** False while the dependency is known to be down. */
  isUp(name: Dependency): boolean;
  /** Calls `listener` each time `name` comes back; returns the unsubscribe function. */
  onBack(name: Dependency, listener: () => void): () => void;
}

export function dependencyStates(log: Logger): DependencyStates {
  const down = new Map<Dependency, number>();
  const backAt = new Map<Dependency, number>();
  const listeners = new Set<{ name: Dependency; listener: () => void }>();
  return {
    down(name, err, since) {
      if (down.has(name)) return;
      // Without these checks an operation straddling the start or the end of an outage logged it twice.
      if (since !== undefined && since <= (backAt.get(name) ?? -Infinity)) return;
      down.set(name, Date.now());
      log.warn(`${LABEL[name]} is unreachable (${errorMessage(err)}): work waits and is retried, nothing is dropped`);
    },
    up(name, since) {
      const downAt = down.get(name);
      if (downAt === undefined || (since !== undefined && since <= downAt)) return;
      down.delete(name);
      backAt.set(name, Date.now());
      log.info(`${LABEL[name]} is reachable again after ${Math.round((Date.now() - downAt) / 1000)} s`);
      for (const l of listeners) if (l.name === name) l.listener();
    },
    isUp: (name) => !down.has(name),
    onBack(name, listener) {
      const entry = { name, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
  };
}

/** How often a Redis reported down while its connection stayed up is checked (see watchRedis). */
export const REDIS_PROBE_MS = 1000;

/**
 * Follows a Redis connection: down when it errs or closes, up when it is ready again. A code path
 * may report Redis down while the connection never dropped (a command that did not answer in time
 * on a busy machine): no 'ready' event follows then, and the process would keep skipping Redis for
 * good (hook calls left to the reconciler). So while it is down and the connection is ready, a
 * PING every REDIS_PROBE_MS brings it back.
 */
export function watchRedis(redis: Redis, states: DependencyStates): () => void {
  let probing = false;
  const probe = setInterval(() => {
    if (probing || states.isUp('redis') || redis.status !== 'ready') return;
    probing = true;
    const started = Date.now();
    redis
      .ping()
      .then(
        () => states.up('redis', started),
        () => undefined,
      )
      .finally(() => {
        probing = false;
      });
  }, REDIS_PROBE_MS);
  probe.unref();
  const onError = (err: Error) => states.down('redis', err);
  const onClose = () => {
    if (redis.status !== 'end') states.down('redis', new Error('connection closed'));
  };
  const ready = () => states.up('redis');
  redis.on('error', onError);
  redis.on('close', onClose);
  redis.on('ready', ready);
  return () => {
    clearInterval(probe);
    redis.off('error', onError);
    redis.off('close', onClose);
    redis.off('ready', ready);
  };
}
