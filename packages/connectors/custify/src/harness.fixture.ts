/**
 * Test helper for this connector's tests: the Custify simulator on a free port + a test kit bound
 * to it. A `.fixture.ts` file, like the tests, so no runtime code reaches the simulator (eslint
 * refuses @konnect/custify-sim in any other file of packages/connectors).
 */
import { startSimulator } from '@konnect/custify-sim';
import type { TestKit } from '@konnect/sdk';
import { createTestKit } from '@konnect/sdk';
import { custify } from './index';

export const API_KEY = 'demo-custify-key';
export const HEX24 = /^[0-9a-f]{24}$/;

export type Sim = Awaited<ReturnType<typeof startSimulator>>;
export type SimRequest = Sim['requests'][number];

export interface Harness {
  sim: Sim;
  kit: TestKit;
  /** Runs `fn` and returns its result with the API requests it made. */
  trace<T>(fn: () => Promise<T>): Promise<{ result: T; requests: SimRequest[] }>;
  /** A company and a person (attached to it) to hang notes, tasks, files… on. */
  seedEntities(): { companyId: string; personId: string };
  close(): Promise<void>;
}

export async function startHarness(options: { clock?: () => Date } = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, seed: 'empty', ...(options.clock ? { clock: options.clock } : {}) });
  const kit = createTestKit(custify, { auth: { apiKey: API_KEY, baseUrl: sim.url } });
  let seeded = 0;
  return {
    sim,
    kit,
    async trace(fn) {
      sim.clearRequests();
      const result = await fn();
      return { result, requests: [...sim.requests] };
    },
    seedEntities() {
      seeded += 1;
      const company = sim.store.insert('companies', { company_id: `seed-co-${seeded}`, name: `Seed Co ${seeded}` });
      const person = sim.store.insert('people', {
        user_id: `seed-user-${seeded}`,
        email: `seed${seeded}@example.com`,
        companies: [company.id],
      });
      return { companyId: company.id, personId: person.id };
    },
    close: () => sim.close(),
  };
}
