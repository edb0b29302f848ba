/**
 * Contract tests of the dynamic options lists against the simulator over real HTTP: the requests
 * they make, paging by cursor, what each value is, and that a chosen value is what the fields
 * that name the list accept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKit, dynamicOptionsNames, fieldMeta, type OptionItem, type TestKit } from '@konnect/sdk';
import type { z } from 'zod';
import type { Harness } from './harness.fixture';
import { HEX24, startHarness } from './harness.fixture';
import { custify } from './index';
import { OPTIONS_PAGE_SIZE } from './options';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** Every item of a list, page by page, with the requests made. */
async function all(kit: TestKit, name: string): Promise<{ items: OptionItem[]; cursors: (string | undefined)[] }> {
  const items: OptionItem[] = [];
  const cursors: (string | undefined)[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    cursors.push(cursor);
    const page = await kit.options(name, cursor ? { cursor } : {});
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { items, cursors };
}

describe('Custify dynamic options', () => {
  it('people: GET /people/all a page of 100 at a time; value = internal id, label = name, hint = email', async () => {
    h.sim.reset('empty');
    const people = Array.from({ length: 150 }, (_, i) =>
      h.sim.store.insert('people', { email: `p${i}@example.com`, user_id: `u${i}`, ...(i % 2 ? { name: `Person ${i}` } : {}) }),
    );
    const { result: first, requests } = await h.trace(() => h.kit.options('people'));
    expect(requests).toMatchObject([{ method: 'GET', path: '/people/all', query: { page: '1', itemsPerPage: String(OPTIONS_PAGE_SIZE) }, status: 200 }]);
    expect(first.items).toHaveLength(OPTIONS_PAGE_SIZE);
    expect(first.nextCursor).toBe('2');

    const { result: second, requests: more } = await h.trace(() => h.kit.options('people', { cursor: '2' }));
    expect(more).toMatchObject([{ path: '/people/all', query: { page: '2', itemsPerPage: '100' } }]);
    expect(second.items).toHaveLength(50);
    expect(second.nextCursor).toBeUndefined();

    const byValue = new Map([...first.items, ...second.items].map((i) => [i.value, i]));
    expect(byValue.size).toBe(150);
    const named = people[1];
    const unnamed = people[2];
    expect(byValue.get(named?.id ?? '')).toEqual({ value: named?.id, label: 'Person 1', hint: 'p1@example.com' });
    // No name: the email is the label, and is not repeated as the hint.
    expect(byValue.get(unnamed?.id ?? '')).toEqual({ value: unnamed?.id, label: 'p2@example.com' });
  });

  it('companies and company_ids: GET /company/all paged; internal id vs the company\'s own company_id', async () => {
    h.sim.reset('empty');
    const acme = h.sim.store.insert('companies', { company_id: 'acme-1', name: 'Acme' });
    const bare = h.sim.store.insert('companies', { name: 'No key Ltd' });
    for (let i = 0; i < 120; i++) h.sim.store.insert('companies', { company_id: `co-${i}` });

    const { result, requests } = await h.trace(() => all(h.kit, 'companies'));
    expect(result.cursors).toEqual([undefined, '2']);
    expect(requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/company/all', { page: '1', itemsPerPage: '100' }],
      ['GET', '/company/all', { page: '2', itemsPerPage: '100' }],
    ]);
    expect(result.items).toHaveLength(122);
    expect(result.items.every((i) => HEX24.test(i.value))).toBe(true);
    expect(result.items).toContainEqual({ value: acme.id, label: 'Acme', hint: 'company_id acme-1' });
    expect(result.items).toContainEqual({ value: bare.id, label: 'No key Ltd' });
    expect(result.items).toContainEqual({ value: expect.stringMatching(HEX24), label: 'co-7' });

    const keys = await all(h.kit, 'company_ids');
    // A company without a company_id cannot be named by one.
    expect(keys.items).toHaveLength(121);
    expect(keys.items).toContainEqual({ value: 'acme-1', label: 'Acme', hint: 'company_id acme-1' });
    expect(keys.items.some((i) => i.label === 'No key Ltd')).toBe(false);
  });

  it('tags and tag_names: GET /tag; internal id vs the exact name, the category as hint', async () => {
    h.sim.reset('empty');
    const vip = h.sim.store.insert('tags', { name: 'VIP', category: 'people' });
    const churn = h.sim.store.insert('tags', { name: 'Churn risk', category: 'company' });
    const { result: tags, requests } = await h.trace(() => h.kit.options('tags'));
    expect(requests).toMatchObject([{ method: 'GET', path: '/tag', query: { page: '1', itemsPerPage: '100' } }]);
    expect(tags.items).toEqual(
      expect.arrayContaining([
        { value: vip.id, label: 'VIP', hint: 'People tag' },
        { value: churn.id, label: 'Churn risk', hint: 'Company tag' },
      ]),
    );
    expect(tags.nextCursor).toBeUndefined();
    const names = await h.kit.options('tag_names');
    expect(names.items).toEqual(expect.arrayContaining([{ value: 'VIP', label: 'VIP', hint: 'People tag' }]));
  });

  it('an empty list is an empty page; a cursor it did not hand out is refused before any request', async () => {
    h.sim.reset('empty');
    expect(await h.kit.options('people')).toEqual({ items: [] });
    for (const cursor of ['0', 'abc', '2; DROP', '1e3']) {
      const { result, requests } = await h.trace(() => h.kit.options('companies', { cursor }).then(() => 'loaded', (e: unknown) => e));
      expect(result, cursor).toMatchObject({ kind: 'config', message: expect.stringContaining('is not a page of this list') });
      expect(requests).toHaveLength(0);
    }
  });

  it('no list searches (Custify has no text search): a search is refused, naming it', async () => {
    for (const name of Object.keys(custify.options ?? {})) {
      expect(custify.options?.[name]?.searchable ?? false, name).toBe(false);
      await expect(h.kit.options(name, { search: 'acme' })).rejects.toMatchObject({ kind: 'config', message: expect.stringMatching(/^search: /) });
    }
  });

  it('a refused key fails as auth, without the key in the message', async () => {
    const kit = createTestKit(custify, { auth: { apiKey: 'wrong-key-options-0000', baseUrl: h.sim.url } });
    const err: unknown = await kit.options('people').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth', status: 401 });
    expect(String((err as Error).message)).not.toContain('wrong-key-options-0000');
  });

  it('a 503 from Custify surfaces as a server error once its retries are spent', async () => {
    const kit = createTestKit(custify, { auth: { apiKey: 'demo-custify-key', baseUrl: h.sim.url }, http: { retry: { retries: 0 } } });
    h.sim.addFault({ status: 503, times: 1 });
    await expect(kit.options('tags')).rejects.toMatchObject({ kind: 'server', status: 503 });
  });
});

describe('fields that name a Custify record', () => {
  type Input = z.core.$ZodType;
  const inputs: [string, Input][] = [...custify.actions.map((a) => [a.key, a.input] as [string, Input]), ...custify.triggers.map((t) => [t.key, t.input] as [string, Input])];
  const named = inputs.flatMap(([key, input]) => dynamicOptionsNames(input).map((f) => `${key}.${f.path} → ${f.name}`));

  it('are exactly these, each with the list whose values it takes', () => {
    expect(named.sort()).toEqual(
      [
        'add_remove_entity_tag.tag → tag_names',
        'add_remove_person_tag.tag → tag_names',
        'assign_csat_score.person_id → people',
        'assign_nps_score.person_id → people',
        'delete_company.company_id → company_ids',
        'delete_company.id → companies',
        'delete_person.id → people',
        'delete_tag.id → tags',
        'get_company.company_id → company_ids',
        'get_company.id → companies',
        'get_person.id → people',
        'insert_event.company_id → company_ids',
        'update_company.company_id → company_ids',
        'update_company.id → companies',
        'update_person.companies[].company_id → company_ids',
        'update_person.id → people',
        'update_tag.id → tags',
        'upsert_company.id → companies',
        'upsert_person.companies[].company_id → company_ids',
        'upsert_person.id → people',
        'upsert_tag.id → tags',
        ...['deal', 'invoice', 'subscription'].flatMap((k) => [`create_financial_${k}.entity → companies`, `update_financial_${k}.entity → companies`, `upsert_financial_${k}.entity → companies`]),
        'create_person.companies[].company_id → company_ids',
      ].sort(),
    );
  });

  it('say the identifier their list gives: internal ids for companies, people, tags; company_id for company_ids', () => {
    const expected: Record<string, string | undefined> = { companies: 'internal_id', people: 'internal_id', tags: 'internal_id', company_ids: 'company_id', tag_names: undefined };
    for (const action of custify.actions) {
      for (const [key, field] of Object.entries(action.input.shape)) {
        const meta = fieldMeta(field);
        if (meta.dynamicOptions) expect(meta.identifier, `${action.key}.${key}`).toBe(expected[meta.dynamicOptions]);
      }
    }
  });

  it('accept the values their lists offer: a chosen value runs the action', async () => {
    h.sim.reset('empty');
    const { companyId, personId } = h.seedEntities();
    h.sim.store.insert('tags', { name: 'Champion', category: 'people' });
    const pick = async (name: string, match: (i: OptionItem) => boolean) => {
      const item = (await all(h.kit, name)).items.find(match);
      if (!item) throw new Error(`${name}: nothing matched`);
      return item.value;
    };
    const company = await pick('companies', (i) => i.value === companyId);
    expect(await h.kit.runAction('get_company', { id: company })).toMatchObject({ id: companyId });
    const key = await pick('company_ids', (i) => i.label.startsWith('Seed Co'));
    expect(await h.kit.runAction('get_company', { company_id: key })).toMatchObject({ id: companyId });
    const person = await pick('people', (i) => i.value === personId);
    expect(await h.kit.runAction('get_person', { id: person })).toMatchObject({ id: personId });
    const tag = await pick('tag_names', (i) => i.label === 'Champion');
    await h.kit.runAction('add_remove_person_tag', { person_ids: person, tag, type: 'add' });
    expect(h.sim.store.get('people', personId)?.tags).toContain('Champion');
    const tagId = await pick('tags', (i) => i.label === 'Champion');
    expect(await h.kit.runAction('update_tag', { id: tagId, description: 'Loves us' })).toMatchObject({ id: tagId, name: 'Champion' });
  });
});
