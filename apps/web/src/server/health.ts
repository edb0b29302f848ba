import type { Db } from '@konnect/db';
import type { Redis } from 'ioredis';

export type Check = 'ok' | 'error';

async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Checks both stores with a short deadline each; never throws. */
export async function checkHealth(db: () => Db, redis: () => Redis): Promise<{ db: Check; redis: Check }> {
  const [d, r] = await Promise.allSettled([
    within(2000, db().$queryRaw`SELECT 1`),
    within(2000, redis().ping()),
  ]);
  return { db: d.status === 'fulfilled' ? 'ok' : 'error', redis: r.status === 'fulfilled' && r.value === 'PONG' ? 'ok' : 'error' };
}
