/** Process-wide handles to Postgres and Redis for route handlers. */
import { Redis } from 'ioredis';
import { sharedDb, type Db } from '@konnect/db';
import { loadWebEnv } from '../env';

export function db(): Db {
  return sharedDb(loadWebEnv().DATABASE_URL);
}

export function redis(): Redis {
  const g = globalThis as unknown as { __konnectRedis?: Redis };
  g.__konnectRedis ??= new Redis(loadWebEnv().REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false });
  return g.__konnectRedis;
}
