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
  down(name: Dependency, err: unknown): void;
  up(name: Dependency): void;
  /** False while the dependency is known to be down. */
  isUp(name: Dependency): boolean;
  /** Calls `listener` each time `name` comes back; returns the unsubscribe function. */
  onBack(name: Dependency, listener: () => void): () => void;
}

export function dependencyStates(log: Logger): DependencyStates {
  const down = new Map<Dependency, number>();
  const listeners = new Set<{ name: Dependency; listener: () => void }>();
  return {
    down(name, err) {
      if (down.has(name)) return;
      down.set(name, Date.now());
      log.warn(`${LABEL[name]} is unreachable (${errorMessage(err)}): work waits and is retried, nothing is dropped`);
    },
    up(name) {
      const since = down.get(name);
      if (since === undefined) return;
      down.delete(name);
      log.info(`${LABEL[name]} is reachable again after ${Math.round((Date.now() - since) / 1000)} s`);
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

/** Follows a Redis connection: down when it errs or closes, up when it is ready again. */
export function watchRedis(redis: Redis, states: DependencyStates): () => void {
  const onError = (err: Error) => states.down('redis', err);
  const onClose = () => {
    if (redis.status !== 'end') states.down('redis', new Error('connection closed'));
  };
  const ready = () => states.up('redis');
  redis.on('error', onError);
  redis.on('close', onClose);
  redis.on('ready', ready);
  return () => {
    redis.off('error', onError);
    redis.off('close', onClose);
    redis.off('ready', ready);
  };
}
