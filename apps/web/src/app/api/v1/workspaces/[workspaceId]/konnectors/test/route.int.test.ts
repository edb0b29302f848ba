import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwner, testDb, type TestUser } from '@/test/fixtures';
import { custifyConnection } from '@/test/konnectors';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';
import { POST as TEST_SAVED } from '../[konnectorId]/test/route';
import { POST as CREATE } from '../route';
import { POST as TEST_DRAFT } from './route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('draft-test');
});
afterAll(async () => {
  await env.close();
});

type StepView = { stepId: string; status: string; input: Record<string, unknown> | null; output: Record<string, unknown> | null };
type TestResult = { status: string; sample: Record<string, unknown>; steps: StepView[] };
type Problem = { stepId: string; code: string };

/** Person created → code step → Create Company named after the person (a real call to the simulator). */
function draftFor(connectionId: string, prefix: string) {
  return {
    trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId, input: {} },
    steps: [
      { type: 'code', id: 'shout', source: 'return { name: String(input.trigger.email).toUpperCase() }' },
      {
        type: 'action',
        id: 'company',
        connector: 'custify',
        action: 'create_company',
        connectionId,
        input: { company_id: `${prefix}-{{trigger.id}}`, name: '{{steps.shout.name}}' },
        onError: 'stop',
      },
    ],
  };
}

function client(user: TestUser, workspaceId: string) {
  const as = { user };
  return {
    create: async (body: unknown): Promise<string> => {
      const res = await call(CREATE, 'POST', '/k', { as, params: { workspaceId }, body });
      expect(res.status, res.text).toBe(201);
      return (res.json as { id: string }).id;
    },
    testDraft: (body: unknown) => call(TEST_DRAFT, 'POST', '/t', { as, params: { workspaceId }, body }),
    testSaved: (konnectorId: string, body: unknown = {}) => call(TEST_SAVED, 'POST', '/t', { as, params: { workspaceId, konnectorId }, body }),
  };
}

const company = (companyId: string) => env.sim.store.find('companies', (c) => c.company_id === companyId);

describe('test runs on drafts', () => {
  it('tests an unsaved draft on the newest record fetched live, running its action against the app', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    const person = env.sim.store.insert('people', { email: `live-${Date.now()}@example.com` });
    const before = await testDb().konnector.count({ where: { workspaceId } });

    const res = await k.testDraft({ draft: draftFor(connectionId, 'live') });
    expect(res.status, res.text).toBe(200);
    const result = res.json as TestResult;
    expect(result.status).toBe('succeeded');
    expect(result.sample).toMatchObject({ id: person.id, email: person.email });
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['shout', 'succeeded'],
      ['company', 'succeeded'],
    ]);
    expect(result.steps[0]?.output).toEqual({ name: person.email?.toUpperCase() });
    expect(result.steps[1]?.input).toMatchObject({ company_id: `live-${person.id}`, name: person.email?.toUpperCase() });
    const made = company(`live-${person.id}`);
    expect(made?.name).toBe(person.email?.toUpperCase());
    expect(result.steps[1]?.output).toMatchObject({ id: made?.id });

    // A given sample wins over the live one; nothing is stored either way.
    const given = (await k.testDraft({ draft: draftFor(connectionId, 'given'), sample: { id: 'p-given', email: 'given@example.com' } })).json as TestResult;
    expect(given.steps[1]?.input).toMatchObject({ company_id: 'given-p-given', name: 'GIVEN@EXAMPLE.COM' });
    expect(await testDb().konnector.count({ where: { workspaceId } })).toBe(before);
    expect(await testDb().run.count({ where: { workspaceId } })).toBe(0);
  });

  it('tests a saved konnector on its stored sample, or on the draft sent instead of the saved one', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    const stored = {
      connector: 'custify',
      event: 'person_created',
      connectionId,
      records: [{ id: 'p-stored', email: 'stored@example.com' }],
      fields: [{ path: 'id', label: 'ID', type: 'string', example: 'p-stored' }],
      fetchedAt: new Date().toISOString(),
    };
    const id = await k.create({ name: 'Saved', definition: draftFor(connectionId, 'saved'), sample: stored });

    const fromStored = (await k.testSaved(id)).json as TestResult;
    expect(fromStored.sample).toEqual({ id: 'p-stored', email: 'stored@example.com' });
    expect(fromStored.steps[1]?.input).toMatchObject({ company_id: 'saved-p-stored', name: 'STORED@EXAMPLE.COM' });

    const given = (await k.testSaved(id, { sample: { id: 'p-given', email: 'given@example.com' } })).json as TestResult;
    expect(given.steps[1]?.input).toMatchObject({ company_id: 'saved-p-given', name: 'GIVEN@EXAMPLE.COM' });

    const edited = (await k.testSaved(id, { draft: draftFor(connectionId, 'edited') })).json as TestResult;
    expect(edited.steps[1]?.input).toMatchObject({ company_id: 'edited-p-stored' });

    // A stored sample of another trigger is not used: the record is fetched live.
    const other = await k.create({ name: 'Other trigger', definition: draftFor(connectionId, 'other'), sample: { ...stored, event: 'person_updated' } });
    const live = (await k.testSaved(other)).json as TestResult;
    expect(live.sample.id).not.toBe('p-stored');
    expect(typeof live.sample.email).toBe('string');
  });

  it('refuses drafts with problems (listing them), other workspaces\' connections and konnectors', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    const incomplete = { ...draftFor(connectionId, 'x'), steps: [{ type: 'action', id: 'a', connector: '', action: '', input: {}, onError: 'stop' }] };
    const refused = errorOf(await k.testDraft({ draft: incomplete })) as { code: string; problems?: Problem[] };
    expect(refused.code).toBe('invalid_definition');
    expect(refused.problems).toEqual(expect.arrayContaining([expect.objectContaining({ stepId: 'a', code: 'missing_field' })]));
    expect(errorOf(await k.testDraft({ sample: {} }))).toMatchObject({ field: 'draft' });

    const other = await createOwner('other');
    const theirs = await custifyConnection(other.user, other.workspaceId, env.sim.url);
    const sneaky = errorOf(await k.testDraft({ draft: draftFor(theirs, 'sneaky'), sample: { id: 'x' } })) as { code: string; problems?: Problem[] };
    expect(sneaky).toMatchObject({ code: 'invalid_definition', problems: expect.arrayContaining([expect.objectContaining({ stepId: 'trigger', code: 'missing_connection' })]) });
    expect(company('sneaky-x')).toBeUndefined();

    const mine = await k.create({ name: 'Mine', definition: draftFor(connectionId, 'mine') });
    expect((await client(other.user, other.workspaceId).testSaved(mine, { sample: { id: 'y' } })).status).toBe(404);
  });
  it('never returns a secret-marked input (the HTTP Request token) in the step records', async () => {
    const { user, workspaceId } = await createOwner('test-secret-input');
    const token = 'tok_testrun_secret_4711';
    const draft = {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [{ type: 'action', id: 'call', connector: 'http', action: 'request', input: { url: 'http://10.0.0.1/private', method: 'GET', auth: 'bearer', token }, onError: 'stop' }],
    };
    const res = await client(user, workspaceId).testDraft({ draft, sample: { hello: 'world' } });
    expect(res.status, res.text).toBe(200);
    expect(res.text).not.toContain(token);
    const result = res.json as TestResult;
    expect(result.status).toBe('failed');
    expect(result.steps.find((s) => s.stepId === 'call')?.input).toMatchObject({ url: 'http://10.0.0.1/private', token: '[redacted]' });
  });
});
