/** Deletes this run's Redis keys (the worker's queues and the platform's limits) after the browser tests. */
import { Redis } from 'ioredis';

export default async function teardown(): Promise<void> {
  const prefix = process.env.E2E_REDIS_PREFIX;
  if (!prefix) return;
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch (err) {
    console.warn(`e2e teardown: could not clean Redis keys under ${prefix}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    redis.disconnect();
  }
}
