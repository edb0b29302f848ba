/** Process-wide handles to Postgres, Redis and the platform for route handlers. */
import { Redis } from 'ioredis';
import { parseKeyring, sharedDb, type Db, type Keyring } from '@konnect/db';
import { registry } from '@konnect/connectors';
import { platformFromEnv, type Platform, type Queues } from '@konnect/platform';
import { loadWebEnv } from '../env';

export function db(): Db {
  const env = loadWebEnv();
  return sharedDb(env.DATABASE_URL, { max: env.DB_POOL_SIZE });
}

/** Fails fast (one retry, 2 s to connect): a request answers instead of waiting for Redis. */
export function redis(): Redis {
  const g = globalThis as unknown as { __konnectRedis?: Redis };
  g.__konnectRedis ??= new Redis(loadWebEnv().REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false });
  return g.__konnectRedis;
}

let keys: Keyring | undefined;

/** The secret-encryption keyring from KONNECT_ENCRYPTION_KEY (first key seals, all keys open). */
export function keyring(): Keyring {
  keys ??= parseKeyring(loadWebEnv().KONNECT_ENCRYPTION_KEY);
  return keys;
}

/**
 * The execution backend (activation, Catch Hook, replay, samples, test runs, Test connection),
 * built from the same environment shape as the worker's (@konnect/platform platformFromEnv): the
 * same limits and outbound guard, on this app's database client and Redis connection.
 */
export function platform(): Platform {
  const g = globalThis as unknown as { __konnectPlatform?: Platform };
  g.__konnectPlatform ??= platformFromEnv(loadWebEnv(), { registry, db: db(), redis: redis() });
  return g.__konnectPlatform;
}

/** The BullMQ queues (poll, run, schedule, maintenance) under REDIS_PREFIX, on the shared Redis connection. */
export function queues(): Queues {
  return platform().queues;
}
