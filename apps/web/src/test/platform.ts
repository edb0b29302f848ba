/**
 * For integration tests that reach the execution backend (activation, test runs, replay): a
 * Custify simulator, and a Redis key prefix of this test file for the platform's queues (set
 * before the web app's env is first read). `close()` stops the simulator and deletes the keys.
 */
import { startSimulator, type Simulator, type SimulatorOptions } from '@konnect/custify-sim';
import { uniqueSuffix } from '@konnect/db/testing';
import { queues, redis } from '@/server/services';

export interface PlatformTestEnv {
  sim: Simulator;
  prefix: string;
  close(): Promise<void>;
}

/** `sim`: options for the simulator (e.g. more valid API keys). */
export async function platformTestEnv(label: string, sim: SimulatorOptions = {}): Promise<PlatformTestEnv> {
  const prefix = `${process.env.REDIS_PREFIX ?? 'ktest'}-${label}-${uniqueSuffix()}`.slice(0, 64);
  process.env.REDIS_PREFIX = prefix;
  const simulator = await startSimulator({ port: 0, seed: 'demo', ...sim });
  // The outbound guard refuses loopback addresses except the configured simulator.
  process.env.CUSTIFY_SIM_URL = simulator.url;
  if (queues().prefix !== prefix) throw new Error(`platformTestEnv() must run before anything reads the web env (queues use "${queues().prefix}")`);
  return {
    sim: simulator,
    prefix,
    async close() {
      await simulator.close();
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
