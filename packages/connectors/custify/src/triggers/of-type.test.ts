import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../harness.fixture';
import { startHarness } from '../harness.fixture';

/** Finding 6 of issue 18: people segments and playbooks never fired (only type=companies was read). */
// Records are stamped from now on: an empty first poll sets the cursor at the real "now".
let tick = Date.now();
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock: () => new Date((tick += 1000)) });
});
afterAll(() => h.close());

describe.each([
  ['segment_created', 'segments', '/segment'],
  ['playbook_created', 'playbooks', '/playbook'],
] as const)('%s', (key, collection, path) => {
  it(`finding 6: "${key}" fires for people when the trigger is set to people, and for companies by default`, async () => {
    const people0 = await h.kit.poll(key, { type: 'people' }, null);
    const companies0 = await h.kit.poll(key, {}, null);
    const forPeople = h.sim.store.insert(collection, { name: 'Champions', type: 'people' });
    const forCompanies = h.sim.store.insert(collection, { name: 'At risk', type: 'companies' });

    const people = await h.trace(() => h.kit.poll(key, { type: 'people' }, people0.cursor));
    expect(people.requests.every((r) => r.path === path && r.query.type === 'people')).toBe(true);
    expect(people.result.events.map((e) => e.data.id)).toEqual([forPeople.id]);

    const companies = await h.trace(() => h.kit.poll(key, {}, companies0.cursor));
    expect(companies.requests.every((r) => r.query.type === 'companies')).toBe(true);
    expect(companies.result.events.map((e) => e.data.id)).toEqual([forCompanies.id]);
  });
});
