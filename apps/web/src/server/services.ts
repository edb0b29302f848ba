/** Process-wide handles to Postgres and Redis for route handlers. */
import { Redis } from 'ioredis';
import { parseKeyring, sharedDb, type Db, type Keyring } from '@konnect/db';
import { registry } from '@konnect/connectors';
import { createOutboundGuard, createPlatform, createQueues, hostOf, type Platform, type Queues } from '@konnect/platform';
import { loadWebEnv } from '../env';

export function db(): Db {
  return sharedDb(loadWebEnv().DATABASE_URL);
}

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

/** The BullMQ queues (poll, run, schedule, maintenance) under REDIS_PREFIX, on the shared Redis connection. */
export function queues(): Queues {
  const g = globalThis as unknown as { __konnectQueues?: Queues };
  g.__konnectQueues ??= createQueues(redis(), loadWebEnv().REDIS_PREFIX);
  return g.__konnectQueues;
}

/** The execution backend's services (activation, hooks, replay) for route handlers. */
export function platform(): Platform {
  const g = globalThis as unknown as { __konnectPlatform?: Platform };
  const env = loadWebEnv();
  const simHost = hostOf(env.CUSTIFY_SIM_URL);
  g.__konnectPlatform ??= createPlatform({
    db: db(),
    queues: queues(),
    registry,
    keyring: keyring(),
    httpOptions: { guard: createOutboundGuard({ allowHosts: [...env.OUTBOUND_ALLOW_HOSTS, ...(simHost ? [simHost] : [])], allowPrivate: env.OUTBOUND_ALLOW_PRIVATE }) },
    limits: { maxQueuedRunsPerWorkspace: env.KONNECT_MAX_QUEUED_RUNS_PER_WORKSPACE },
  });
  return g.__konnectPlatform;
}
