import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestHook } from '@konnect/platform';
import { platform } from '@/server/services';
import { createOwner, testDb, type TestUser } from '@/test/fixtures';
import { HOOK_DEFINITION, custifyConnection } from '@/test/konnectors';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';
import { POST as CREATE_CONNECTION } from '../connections/route';
import { POST as ACTIVATE } from '../konnectors/[konnectorId]/activate/route';
import { GET as GET_ONE, PATCH } from '../konnectors/[konnectorId]/route';
import { POST as CREATE } from '../konnectors/route';
import { POST as SAMPLE } from './route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('samples');
});
afterAll(async () => {
  await env.close();
});

type Field = { path: string; label: string; type: string; example: unknown };
type Sample = { connector: string; event: string; connectionId: string | null; records: Record<string, unknown>[]; fields: Field[]; fetchedAt: string };

const sample = (user: TestUser, workspaceId: string, body: unknown) => call(SAMPLE, 'POST', '/s', { as: { user }, params: { workspaceId }, body });

describe('POST /trigger-samples', () => {
  it('fetches the newest records live from the app with the workspace\'s connection, and their fields', async () => {
    const { user, workspaceId } = await createOwner();
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    const email = `sample-${Date.now()}@example.com`;
    const person = env.sim.store.insert('people', { email, custom_attributes: { plan: 'scale' } });
    env.sim.clearRequests();

    const res = await sample(user, workspaceId, { connector: 'custify', event: 'person_created', connectionId });
    expect(res.status, res.text).toBe(200);
    const body = res.json as Sample;
    expect(body).toMatchObject({ connector: 'custify', event: 'person_created', connectionId });
    expect(body.records[0]).toMatchObject({ id: person.id, email });
    expect(body.records.length).toBeGreaterThan(0);
    expect(body.records.length).toBeLessThanOrEqual(10);
    expect(body.fields).toContainEqual(expect.objectContaining({ path: 'email', label: 'Email', type: 'string', example: email }));
    expect(body.fields).toContainEqual(expect.objectContaining({ path: 'custom_attributes.plan', type: 'string' }));
    expect(body.fields.find((f) => f.path === 'created_at')?.type).toBe('date');
    expect(Date.parse(body.fetchedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Really fetched from the app with the connection's key.
    expect(env.sim.requests.some((r) => r.path.startsWith('/people') && r.status === 200)).toBe(true);
    expect(res.text).not.toContain('demo-custify-key');
  });

  it('answers an app error with the app\'s message; names bad fields; 404 for another workspace\'s connection', async () => {
    const { user, workspaceId } = await createOwner();
    const wrong = await call(CREATE_CONNECTION, 'POST', '/c', {
      as: { user },
      params: { workspaceId },
      body: { connectorKey: 'custify', name: 'Wrong key', fields: { apiKey: 'not-the-right-key-0000', baseUrl: env.sim.url } },
    });
    expect(wrong.status, wrong.text).toBe(201);
    const bad = await sample(user, workspaceId, { connector: 'custify', event: 'person_created', connectionId: (wrong.json as { id: string }).id });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toMatch(/invalid api key/i);
    expect(bad.text).not.toContain('not-the-right-key-0000');

    expect(errorOf(await sample(user, workspaceId, { connector: 'nope', event: 'x' }))).toMatchObject({ code: 'bad_request', field: 'connector' });
    expect(errorOf(await sample(user, workspaceId, { connector: 'custify', event: 'nope' }))).toMatchObject({ code: 'bad_request', field: 'event' });
    expect(errorOf(await sample(user, workspaceId, { connector: 'custify', event: 'person_created' }))).toMatchObject({ field: 'connectionId' });
    expect(errorOf(await sample(user, workspaceId, { connector: 'custify' }))).toMatchObject({ field: 'event' });

    const other = await createOwner('other');
    const theirs = await custifyConnection(other.user, other.workspaceId, env.sim.url);
    const res = await sample(user, workspaceId, { connector: 'custify', event: 'person_created', connectionId: theirs });
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('not_found');
  });

  it('needs no connection for tools: the Scheduler samples its next fire, a Catch Hook its example or the requests it caught', async () => {
    const { user, workspaceId } = await createOwner();
    const schedule = (await sample(user, workspaceId, { connector: 'scheduler', event: 'schedule', input: { everyMinutes: 30 } })).json as Sample;
    expect(schedule).toMatchObject({ connectionId: null, records: [expect.objectContaining({ scheduled_at: expect.any(String) })] });

    const example = (await sample(user, workspaceId, { connector: 'catch_hook', event: 'catch_hook' })).json as Sample;
    expect(example.records[0]).toHaveProperty('example_email');

    const created = await call(CREATE, 'POST', '/k', { as: { user }, params: { workspaceId }, body: { name: 'Hook', definition: HOOK_DEFINITION } });
    const konnectorId = (created.json as { id: string }).id;
    const on = await call(ACTIVATE, 'POST', '/a', { as: { user }, params: { workspaceId, konnectorId }, body: {} });
    const token = String((on.json as { webhookUrl: string }).webhookUrl.split('/hooks/')[1]);
    for (const n of [1, 2]) await ingestHook(platform(), token, { body: { order: n, customer: { email: `c${n}@example.com` } }, headers: { 'content-type': 'application/json' }, query: {} });

    const caught = (await sample(user, workspaceId, { connector: 'catch_hook', event: 'catch_hook', konnectorId })).json as Sample;
    expect(caught.records.map((r) => r.order)).toEqual([2, 1]);
    expect(caught.fields).toContainEqual(expect.objectContaining({ path: 'customer.email', type: 'string' }));

    const other = await createOwner('other');
    expect((await sample(other.user, other.workspaceId, { connector: 'catch_hook', event: 'catch_hook', konnectorId })).status).toBe(404);
  });

  it('is stored with the konnector through create and PATCH, returned by GET, and cleared with null', async () => {
    const { user, workspaceId } = await createOwner();
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    const fetched = (await sample(user, workspaceId, { connector: 'custify', event: 'person_created', connectionId })).json as Sample;
    const definition = { trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId, input: {} }, steps: [] };
    const created = await call(CREATE, 'POST', '/k', { as: { user }, params: { workspaceId }, body: { name: 'With sample', definition, sample: fetched } });
    expect(created.status, created.text).toBe(201);
    const id = (created.json as { id: string; sample: Sample }).id;
    expect((created.json as { sample: Sample }).sample).toEqual(fetched);

    const on = { as: { user }, params: { workspaceId, konnectorId: id } };
    expect(((await call(GET_ONE, 'GET', '/k', on)).json as { sample: Sample }).sample).toEqual(fetched);
    const replaced = { ...fetched, records: [{ id: 'given' }], fields: [{ path: 'id', label: 'ID', type: 'string', example: 'given' }] };
    expect(((await call(PATCH, 'PATCH', '/k', { ...on, body: { sample: replaced } })).json as { sample: Sample }).sample).toEqual(replaced);
    expect(errorOf(await call(PATCH, 'PATCH', '/k', { ...on, body: { sample: { ...fetched, records: Array.from({ length: 11 }, () => ({})) } } }))).toMatchObject({ field: 'sample.records' });
    expect(((await call(PATCH, 'PATCH', '/k', { ...on, body: { sample: null } })).json as { sample: Sample | null }).sample).toBeNull();
    expect((await testDb().konnector.findUniqueOrThrow({ where: { id } })).sample).toBeNull();
  });
});
