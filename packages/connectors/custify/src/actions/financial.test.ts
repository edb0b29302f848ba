import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../harness.fixture';
import { HEX24, startHarness } from '../harness.fixture';

let h: Harness;
let companyId: string;
beforeAll(async () => {
  h = await startHarness();
  ({ companyId } = h.seedEntities());
});
afterAll(() => h.close());

const KINDS = [
  {
    kind: 'deal',
    collection: 'deals',
    create: { name: 'Expansion', amount: 12000, currency: 'USD', stage: 'open' },
    change: { stage: 'won', closedAt: '2026-12-01T00:00:00.000Z' },
  },
  {
    kind: 'invoice',
    collection: 'invoices',
    create: { number: 'INV-7', amount: 990, currency: 'EUR', status: 'open', issuedAt: '2026-11-01T00:00:00.000Z' },
    change: { status: 'paid' },
  },
  {
    kind: 'subscription',
    collection: 'subscriptions',
    create: { plan: 'Growth', mrr: 499, currency: 'GBP', status: 'active', startedAt: '2026-01-01T00:00:00.000Z' },
    change: { status: 'canceled', endedAt: '2026-12-31T00:00:00.000Z' },
  },
] as const;

describe.each(KINDS)('Financial $kind actions', ({ kind, collection, create, change }) => {
  const base = `/financial/${kind}`;

  it(`create_financial_${kind}: POST ${base} with externalId + entity`, async () => {
    const input = { externalId: `${kind}-1`, entity: companyId, ...create };
    const { result, requests } = await h.trace(() => h.kit.runAction(`create_financial_${kind}`, input));
    expect(requests).toMatchObject([{ method: 'POST', path: base, body: input, status: 200 }]);
    expect(result).toMatchObject({ ...input, id: expect.stringMatching(HEX24) });
    await expect(h.kit.runAction(`create_financial_${kind}`, { entity: companyId })).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringContaining('externalId'),
    });
  });

  it(`update_financial_${kind}: POST ${base}/{id} with only the changed fields`, async () => {
    const record = h.sim.store.insert(collection, { externalId: `${kind}-2`, entity: companyId });
    const { result, requests } = await h.trace(() =>
      h.kit.runAction(`update_financial_${kind}`, { id: record.id, ...change }),
    );
    expect(requests).toMatchObject([{ method: 'POST', path: `${base}/${record.id}`, body: change }]);
    expect(requests[0]?.body).toEqual(change);
    expect(result).toMatchObject({ id: record.id, externalId: `${kind}-2`, ...change });
  });

  it(`update_financial_${kind}: by externalId in the body → POST ${base} (finding 3)`, async () => {
    const record = h.sim.store.insert(collection, { externalId: `${kind}-ext`, entity: companyId });
    const { result, requests } = await h.trace(() =>
      h.kit.runAction(`update_financial_${kind}`, { externalId: `${kind}-ext`, ...change }),
    );
    expect(requests).toMatchObject([{ method: 'POST', path: base }]);
    expect(requests[0]?.body).toEqual({ externalId: `${kind}-ext`, ...change });
    expect(result).toMatchObject({ id: record.id, ...change });
    await expect(h.kit.runAction(`update_financial_${kind}`, change)).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringContaining('id'),
    });
  });

  it(`upsert_financial_${kind}: an id Custify does not have falls back to the externalId`, async () => {
    const missing = 'c'.repeat(24);
    const { result, requests } = await h.trace(() =>
      h.kit.runAction(`upsert_financial_${kind}`, { id: missing, externalId: `${kind}-fb`, entity: companyId, ...create }),
    );
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${base}/${missing}`, `POST ${base}`]);
    expect(result).toMatchObject({ externalId: `${kind}-fb` });
  });

  it(`upsert_financial_${kind}: by externalId creates then updates the same record; by id updates`, async () => {
    const first = await h.trace(() =>
      h.kit.runAction(`upsert_financial_${kind}`, { externalId: `${kind}-3`, entity: companyId, ...create }),
    );
    expect(first.requests).toMatchObject([{ method: 'POST', path: base, body: { externalId: `${kind}-3` } }]);
    const again = await h.kit.runAction(`upsert_financial_${kind}`, { externalId: `${kind}-3`, ...change });
    expect(again).toMatchObject({ id: first.result.id, ...change });
    const byId = await h.trace(() =>
      h.kit.runAction(`upsert_financial_${kind}`, { id: String(first.result.id), currency: 'CAD' }),
    );
    expect(byId.requests).toMatchObject([{ method: 'POST', path: `${base}/${first.result.id}`, body: { currency: 'CAD' } }]);
    expect(h.sim.store.list(collection).filter((r) => r.externalId === `${kind}-3`)).toHaveLength(1);
  });

  it(`delete_financial_${kind}: by externalId (query) and by id; repeating → not_found`, async () => {
    h.sim.store.insert(collection, { externalId: `${kind}-4`, entity: companyId });
    const b = h.sim.store.insert(collection, { externalId: `${kind}-5`, entity: companyId });
    const byKey = await h.trace(() => h.kit.runAction(`delete_financial_${kind}`, { externalId: `${kind}-4` }));
    expect(byKey.requests).toMatchObject([{ method: 'DELETE', path: base, query: { externalId: `${kind}-4` } }]);
    expect(byKey.result).toMatchObject({ deleted: 1 });
    const byId = await h.trace(() => h.kit.runAction(`delete_financial_${kind}`, { id: b.id }));
    expect(byId.requests).toMatchObject([{ method: 'DELETE', path: `${base}/${b.id}` }]);
    expect(byId.result).toMatchObject({ deleted: 1 });
    await expect(h.kit.runAction(`delete_financial_${kind}`, { id: b.id })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(h.kit.runAction(`delete_financial_${kind}`, {})).rejects.toMatchObject({ kind: 'config' });
  });
});
