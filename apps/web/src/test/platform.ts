/**
 * For integration tests that reach the execution backend (activation, test runs, replay): a
 * Custify simulator, and a Redis key prefix of this test file for the platform's queues (set
 * before the web app's env is first read). `close()` stops the simulator and deletes the keys.
 */
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import { uniqueSuffix } from '@konnect/db/testing';
import { queues, redis } from '@/server/services';

export interface PlatformTestEnv {
  sim: Simulator;
  prefix: string;
  close(): Promise<void>;
}

export async function platformTestEnv(label: string): Promise<PlatformTestEnv> {
  const prefix = `${process.env.REDIS_PREFIX ?? 'ktest'}-${label}-${uniqueSuffix()}`.slice(0, 64);
  process.env.REDIS_PREFIX = prefix;
  const sim = await startSimulator({ port: 0, seed: 'demo' });
  // The outbound guard refuses loopback addresses except the configured simulator.
  process.env.CUSTIFY_SIM_URL = sim.url;
  if (queues().prefix !== prefix) throw new Error(`platformTestEnv() must run before anything reads the web env (queues use "${queues().prefix}")`);
  return {
    sim,
    prefix,
    async close() {
      await sim.close();
      await queues().close();
      const r = redis();
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length > 0) await r.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    },
  };
}
