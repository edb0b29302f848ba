import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollSchedulerId } from '@konnect/platform';
import { queues } from '@/server/services';
import { addMember, createOwner, createUser, testDb, type TestUser } from '@/test/fixtures';
import { HOOK_DEFINITION, custifyConnection } from '@/test/konnectors';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';
import { POST as CREATE } from '../../route';
import { DELETE, GET as GET_ONE } from '../route';
import { POST as ACTIVATE } from './route';
import { POST as DEACTIVATE } from '../deactivate/route';
import { POST as TEST } from '../test/route';
import { GET as VERSIONS } from '../versions/route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('activate');
});
afterAll(async () => {
  await env.close();
});

type Problem = { stepId: string; code: string; message: string };
type Konnector = { id: string; status: string; publishedVersion: { number: number } | null; hasUnpublishedChanges: boolean; webhook: { url: string; enabled: boolean } | null };
type Activation = Konnector & { version: number; trigger: string; webhookUrl?: string };
type StepView = { stepId: string; status: string; input: Record<string, unknown>; output: Record<string, unknown> | null };
type TestResult = { status: string; sample: Record<string, unknown>; steps: StepView[]; tree: { stepId: string; step: number | null }[] };

function client(user: TestUser, workspaceId: string) {
  const as = { user };
  const on = (konnectorId: string) => ({ as, params: { workspaceId, konnectorId } });
  return {
    create: async (body: unknown): Promise<string> => {
      const res = await call(CREATE, 'POST', '/k', { as, params: { workspaceId }, body });
      expect(res.status, res.text).toBe(201);
      return (res.json as { id: string }).id;
    },
    activate: (id: string, body: unknown = {}) => call(ACTIVATE, 'POST', '/a', { ...on(id), body }),
    deactivate: (id: string) => call(DEACTIVATE, 'POST', '/d', on(id)),
    test: (id: string, body: unknown = {}) => call(TEST, 'POST', '/t', { ...on(id), body }),
    versions: (id: string) => call(VERSIONS, 'GET', '/v', on(id)),
    get: (id: string) => call(GET_ONE, 'GET', '/k', on(id)),
    remove: (id: string) => call(DELETE, 'DELETE', '/k', on(id)),
  };
}

async function pollSchedulers(): Promise<string[]> {
  const schedulers = await queues().queue('poll').getJobSchedulers();
  return schedulers.map((s) => s.key);
}

describe('activate / deactivate', () => {
  it('refuses a draft with problems, listing them', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const blank = await k.create({ name: 'Blank' });
    const res = await k.activate(blank);
    expect(res.status).toBe(400);
    const error = errorOf(res) as { code: string; problems?: Problem[] };
    expect(error.code).toBe('invalid_definition');
    expect(error.problems?.length).toBeGreaterThan(0);
    expect(error.problems?.[0]).toMatchObject({ stepId: 'trigger' });

    // A connection id of another workspace is a problem here, not a way in.
    const other = await createOwner('other');
    const theirs = await custifyConnection(other.user, other.workspaceId, env.sim.url);
    const sneaky = await k.create({ name: 'Sneaky', definition: { trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId: theirs, input: {} }, steps: [] } });
    const refused = errorOf(await k.activate(sneaky)) as { code: string; problems?: Problem[] };
    expect(refused).toMatchObject({ code: 'invalid_definition', problems: [expect.objectContaining({ stepId: 'trigger', code: 'missing_connection' })] });
    expect(await testDb().konnectorVersion.count({ where: { konnectorId: { in: [blank, sneaky] } } })).toBe(0);
    expect(await testDb().konnector.count({ where: { id: { in: [blank, sneaky] }, status: 'active' } })).toBe(0);
  });

  it('publishes a polling template as versions, registers and removes its poll scheduler', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    const id = await k.create({ templateKey: 'custify-person-created-company', connectionId });

    const first = await k.activate(id);
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({ id, status: 'active', version: 1, trigger: 'polling', publishedVersion: { number: 1 }, hasUnpublishedChanges: false });
    expect(await pollSchedulers()).toContain(pollSchedulerId(id));
    // The cursor was seeded at "now" against the simulator.
    expect((await testDb().triggerCursor.findUnique({ where: { konnectorId: id } }))?.watermark).toBeTruthy();

    const second = (await k.activate(id, { skipToNow: true })).json as Activation;
    expect(second).toMatchObject({ version: 2, status: 'active' });
    const versions = (await k.versions(id)).json as { number: number; current: boolean }[];
    expect(versions.map((v) => [v.number, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);

    const off = await k.deactivate(id);
    expect(off.json).toMatchObject({ status: 'inactive', publishedVersion: { number: 2 } });
    expect(await pollSchedulers()).not.toContain(pollSchedulerId(id));
    expect(errorOf(await k.activate(id, { skipToNow: 'yes' }))).toMatchObject({ field: 'skipToNow' });
  });

  it('gives a Catch Hook konnector its webhook URL; deleting an active konnector turns it off first', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const hook = await k.create({ name: 'Hook', definition: HOOK_DEFINITION });
    const on = (await k.activate(hook)).json as Activation;
    expect(on.trigger).toBe('webhook');
    expect(on.webhookUrl).toMatch(/^http:\/\/localhost:3000\/hooks\/[A-Za-z0-9_-]{40,}$/);
    expect(on.webhook).toEqual({ url: on.webhookUrl, enabled: true });

    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    const polling = await k.create({ templateKey: 'custify-file-created-portal', connectionId });
    expect((await k.activate(polling)).status).toBe(200);
    expect(await pollSchedulers()).toContain(pollSchedulerId(polling));
    expect((await k.remove(polling)).status).toBe(204);
    expect(await pollSchedulers()).not.toContain(pollSchedulerId(polling));
    expect(await testDb().konnector.findUnique({ where: { id: polling } })).toBeNull();

    expect((await k.remove(hook)).status).toBe(204);
    expect(await testDb().webhookEndpoint.count({ where: { konnectorId: hook } })).toBe(0);
  });

  it('lets members activate; 401 without a session; 404 for other workspaces', async () => {
    const { user, workspaceId } = await createOwner();
    const hook = await client(user, workspaceId).create({ name: 'Hook', definition: HOOK_DEFINITION });
    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    const m = client(member, workspaceId);
    expect((await m.activate(hook)).status).toBe(200);
    expect((await m.deactivate(hook)).status).toBe(200);
    expect((await m.versions(hook)).status).toBe(200);

    for (const handler of [ACTIVATE, DEACTIVATE, TEST]) expect((await call(handler, 'POST', '/x', { params: { workspaceId, konnectorId: hook }, body: {} })).status).toBe(401);
    expect((await call(VERSIONS, 'GET', '/x', { params: { workspaceId, konnectorId: hook } })).status).toBe(401);

    const other = await createOwner('other');
    const stranger = client(other.user, other.workspaceId);
    for (const res of [await stranger.activate(hook), await stranger.deactivate(hook), await stranger.test(hook), await stranger.versions(hook)]) expect(res.status).toBe(404);
    expect((await client(other.user, workspaceId).activate(hook)).status).toBe(404);
    expect((await testDb().konnector.findUniqueOrThrow({ where: { id: hook } })).status).toBe('inactive');
  });
});

describe('test run', () => {
  it('runs the draft on the trigger\'s first sample or on the given one, showing mapped inputs, storing nothing', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    const id = await k.create({ templateKey: 'custify-person-created-company', connectionId });

    const fromSample = await k.test(id);
    expect(fromSample.status, fromSample.text).toBe(200);
    const result = fromSample.json as TestResult;
    expect(result.status).toBe('succeeded');
    expect(typeof result.sample.id).toBe('string');
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['a1', 'succeeded'],
      ['a2', 'succeeded'],
    ]);
    expect(result.steps[0]?.input).toMatchObject({ company_id: `account-${String(result.sample.id)}` });
    expect(result.steps[1]?.input).toMatchObject({ id: result.sample.id, companies: [{ company_id: `account-${String(result.sample.id)}` }] });
    expect(result.tree.map((n) => [n.stepId, n.step])).toEqual([
      ['a1', 0],
      ['a2', 1],
    ]);

    const given = (await k.test(id, { sample: { id: 'person-given', name: 'Given Co' } })).json as TestResult;
    expect(given.steps[0]?.input).toMatchObject({ company_id: 'account-person-given', name: 'Given Co' });

    expect(await testDb().run.count({ where: { konnectorId: id } })).toBe(0);
    expect(await testDb().konnectorVersion.count({ where: { konnectorId: id } })).toBe(0);
    expect(errorOf(await k.test(id, { sample: 'x' }))).toMatchObject({ field: 'sample' });

    const blank = await k.create({ name: 'Blank' });
    expect(errorOf(await k.test(blank))).toMatchObject({ code: 'invalid_definition' });
  });
});
