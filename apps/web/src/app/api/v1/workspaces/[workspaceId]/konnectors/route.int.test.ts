import { describe, expect, it } from 'vitest';
import { addMember, createOwner, createUser, testDb, type TestUser } from '@/test/fixtures';
import { HOOK_DEFINITION, custifyConnection, insertRuns, konnectorWithVersion } from '@/test/konnectors';
import { call, errorOf } from '@/test/request';
import { GET, POST } from './route';
import { DELETE, GET as GET_ONE, PATCH } from './[konnectorId]/route';
import { POST as DUPLICATE } from './[konnectorId]/duplicate/route';
import { GET as TEMPLATES } from '../../../templates/route';
import { POST as CREATE_CONNECTION } from '../connections/route';

const SIM_URL = 'http://127.0.0.1:4999';
const TEMPLATE = 'custify-person-created-company';

type Problem = { stepId: string; path: (string | number)[]; code: string; message: string };
type Konnector = { id: string; name: string; description: string; tags: string[]; status: string; apps: string[]; draft: { trigger: { connector: string } }; problems: Problem[] };
type Summary = { id: string; name: string; status: string; apps: string[]; tags: string[]; lastRun: { id: string; status: string } | null; runs24h: number; runs24hCapped: boolean };

function api(user: TestUser, workspaceId: string) {
  const as = { user };
  return {
    create: (body: unknown) => call(POST, 'POST', '/k', { as, params: { workspaceId }, body }),
    list: (query: Record<string, string> = {}) => call(GET, 'GET', '/k', { as, params: { workspaceId }, query }),
    get: (konnectorId: string) => call(GET_ONE, 'GET', '/k', { as, params: { workspaceId, konnectorId } }),
    patch: (konnectorId: string, body: unknown) => call(PATCH, 'PATCH', '/k', { as, params: { workspaceId, konnectorId }, body }),
    remove: (konnectorId: string) => call(DELETE, 'DELETE', '/k', { as, params: { workspaceId, konnectorId } }),
    duplicate: (konnectorId: string) => call(DUPLICATE, 'POST', '/k', { as, params: { workspaceId, konnectorId } }),
  };
}

async function created(res: Awaited<ReturnType<typeof call>>): Promise<Konnector> {
  expect(res.status, res.text).toBe(201);
  return res.json as Konnector;
}

describe('konnectors: create and list', () => {
  it('creates blank, with a definition and from a template; lists them with search and filters', async () => {
    const { user, workspaceId } = await createOwner();
    const k = api(user, workspaceId);
    const connectionId = await custifyConnection(user, workspaceId, SIM_URL, 'Custify prod');

    const blank = await created(await k.create({ name: '  Blank one ' }));
    expect(blank).toMatchObject({ name: 'Blank one', status: 'inactive', tags: [], apps: [], draft: { trigger: { connector: '' } } });
    expect(blank.problems.length).toBeGreaterThan(0);
    expect(blank.problems).toEqual([
      { stepId: 'trigger', path: ['connector'], code: 'missing_field', message: 'Choose the app whose event starts this konnector' },
      { stepId: 'trigger', path: ['event'], code: 'missing_field', message: 'Choose the trigger event' },
    ]);

    const hook = await created(await k.create({ name: 'Hook intake', description: 'Catches leads', tags: ['ops', 'crm', 'ops'], definition: HOOK_DEFINITION }));
    expect(hook).toMatchObject({ tags: ['ops', 'crm'], apps: ['catch_hook'], problems: [] });

    const fromTemplate = await created(await k.create({ templateKey: TEMPLATE, connectionId }));
    expect(fromTemplate).toMatchObject({ name: 'Attach new people to their company', status: 'inactive', apps: ['custify'], problems: [] });
    const stored = await testDb().konnector.findUniqueOrThrow({ where: { id: fromTemplate.id } });
    expect(JSON.stringify(stored.draft)).toContain(connectionId);

    const all = (await k.list()).json as Summary[];
    expect(all.map((s) => s.name).sort()).toEqual(['Attach new people to their company', 'Blank one', 'Hook intake']);
    const names = async (query: Record<string, string>) => ((await k.list(query)).json as Summary[]).map((s) => s.name);
    expect(await names({ q: 'HOOK' })).toEqual(['Hook intake']);
    expect(await names({ q: 'leads' })).toEqual(['Hook intake']);
    expect(await names({ app: 'custify' })).toEqual(['Attach new people to their company']);
    expect(await names({ tag: 'crm' })).toEqual(['Hook intake']);
    expect(await names({ status: 'active' })).toEqual([]);
    expect(errorOf(await k.list({ status: 'paused' }))).toMatchObject({ code: 'bad_request', field: 'status' });
  });

  it('shows each konnector\'s last run and its runs in the last 24 hours', async () => {
    const { user, workspaceId } = await createOwner();
    const { konnectorId, versionId } = await konnectorWithVersion(workspaceId, HOOK_DEFINITION, 'With runs');
    const quiet = await konnectorWithVersion(workspaceId, HOOK_DEFINITION, 'Quiet');
    const now = Date.now();
    const ids = await insertRuns(workspaceId, konnectorId, versionId, [
      { createdAt: new Date(now - 2 * 86_400_000), status: 'succeeded' },
      { createdAt: new Date(now - 3_600_000), status: 'succeeded' },
      { createdAt: new Date(now - 60_000), status: 'failed' },
    ]);
    const busy = await konnectorWithVersion(workspaceId, HOOK_DEFINITION, 'Busy');
    await insertRuns(workspaceId, busy.konnectorId, busy.versionId, Array.from({ length: 1001 }, (_, i) => ({ createdAt: new Date(now - i * 1000) })));
    const list = (await api(user, workspaceId).list()).json as Summary[];
    const byName = Object.fromEntries(list.map((s) => [s.name, s]));
    expect(byName['With runs']).toMatchObject({ lastRun: { id: ids[2], status: 'failed' }, runs24h: 2, runs24hCapped: false });
    expect(byName.Quiet).toMatchObject({ id: quiet.konnectorId, lastRun: null, runs24h: 0 });
    // Counting stops at 1,000 so a busy konnector costs no more than a quiet one.
    expect(byName.Busy).toMatchObject({ runs24h: 1000, runs24hCapped: true });
  });

  it('refuses bad bodies naming the field, and templates on a connection that is not usable', async () => {
    const { user, workspaceId } = await createOwner();
    const other = await createOwner('other');
    const theirConnection = await custifyConnection(other.user, other.workspaceId, SIM_URL);
    const k = api(user, workspaceId);
    const cases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 'x', tags: 'ops' }, 'tags'],
      [{ name: 'x', tags: [''] }, 'tags.0'],
      [{ name: 'x', definition: { trigger: { id: 'trigger', connector: 'custify', event: 'person_created' } } }, 'definition.steps'],
      [{ name: 'x', definition: { ...HOOK_DEFINITION, steps: [{ type: 'filter', id: 'bad id!', conditions: { all: [] } }] } }, 'definition.steps.0.id'],
      [{ templateKey: TEMPLATE }, 'connectionId'],
      [{ templateKey: 'nope', connectionId: 'c1' }, 'templateKey'],
      [{ templateKey: TEMPLATE, connectionId: theirConnection }, 'connectionId'],
    ];
    for (const [body, field] of cases) {
      const res = await k.create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(res), JSON.stringify(body)).toMatchObject({ code: 'bad_request', field });
    }
    expect(await testDb().konnector.count({ where: { workspaceId } })).toBe(0);
  });

  it('lists the four Custify templates and the two Custify → Slack ones', async () => {
    const user = await createUser();
    const res = await call(TEMPLATES, 'GET', '/t', { as: { user } });
    const templates = res.json as { key: string; connectorKey: string; connectorKeys: string[]; trigger: { name: string } }[];
    expect(templates).toHaveLength(6);
    expect(templates.find((t) => t.key === TEMPLATE)).toMatchObject({ connectorKey: 'custify', connectorKeys: ['custify'], trigger: { name: expect.any(String) } });
    expect(templates.find((t) => t.key === 'custify-ticket-created-slack-channel')).toMatchObject({ connectorKey: 'custify', connectorKeys: ['custify', 'slack'] });
    expect((await call(TEMPLATES, 'GET', '/t')).status).toBe(401);
  });
});

describe('konnectors: cross-app templates', () => {
  it("puts the workspace's one Slack connection on the Slack steps; without one the draft asks for it", async () => {
    const { user, workspaceId } = await createOwner();
    const k = api(user, workspaceId);
    const custifyId = await custifyConnection(user, workspaceId, SIM_URL);
    const template = 'custify-person-health-drop-slack-dm';

    const without = await created(await k.create({ templateKey: template, connectionId: custifyId }));
    expect(without.problems).toEqual([expect.objectContaining({ stepId: 'a2', path: ['connectionId'], code: 'missing_connection' })]);

    const res = await call(CREATE_CONNECTION, 'POST', '/c', { as: { user }, params: { workspaceId }, body: { connectorKey: 'slack', name: 'Slack', fields: { token: 'xoxb-test-token', baseUrl: 'http://127.0.0.1:4998/api' } } });
    expect(res.status, res.text).toBe(201);
    const slackId = (res.json as { id: string }).id;
    const withSlack = await created(await k.create({ templateKey: template, connectionId: custifyId }));
    expect(withSlack).toMatchObject({ apps: ['custify', 'slack'], problems: [] });
    const stored = await testDb().konnector.findUniqueOrThrow({ where: { id: withSlack.id } });
    const draft = stored.draft as { trigger: { connectionId: string }; steps: { id: string; connectionId?: string }[] };
    expect(draft.trigger.connectionId).toBe(custifyId);
    expect(draft.steps.map((s) => [s.id, s.connectionId])).toEqual([['f1', undefined], ['a1', custifyId], ['a2', slackId]]);
  });
});

describe('konnectors: edit, duplicate, delete, access', () => {
  it('patches name, tags and draft; the draft is checked by schema (400 with its path) but semantic problems are returned', async () => {
    const { user, workspaceId } = await createOwner();
    const k = api(user, workspaceId);
    const hook = await created(await k.create({ name: 'Hook', definition: HOOK_DEFINITION }));

    const renamed = await k.patch(hook.id, { name: 'Renamed', description: 'New words', tags: ['a'] });
    expect(renamed.json).toMatchObject({ name: 'Renamed', description: 'New words', tags: ['a'], problems: [] });

    const withAction = { ...HOOK_DEFINITION, steps: [{ type: 'action', id: 'a1', connector: 'custify', action: 'upsert_company', input: {} }] };
    const problematic = await k.patch(hook.id, { draft: withAction });
    expect(problematic.status).toBe(200);
    const problems = (problematic.json as Konnector).problems;
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ stepId: 'a1', code: 'missing_connection' })]));
    const stored = await testDb().konnector.findUniqueOrThrow({ where: { id: hook.id } });
    expect(stored.draft).toMatchObject({ steps: [{ id: 'a1', onError: 'stop' }] });

    const bad = await k.patch(hook.id, { draft: { ...HOOK_DEFINITION, steps: [{ type: 'action', id: 'a1', connector: 'custify', action: 'x', onError: 'explode' }] } });
    expect(errorOf(bad)).toMatchObject({ code: 'bad_request', field: 'draft.steps.0.onError' });
    expect(errorOf(await k.patch(hook.id, {}))).toMatchObject({ field: 'name' });
    expect((await k.patch('missing', { name: 'x' })).status).toBe(404);
    expect(((await k.get(hook.id)).json as Konnector).name).toBe('Renamed');
  });

  it('duplicates as an inactive copy, and deletes (admins only)', async () => {
    const { user, workspaceId } = await createOwner();
    const k = api(user, workspaceId);
    const original = await created(await k.create({ name: 'Original', tags: ['x'], definition: HOOK_DEFINITION }));
    await testDb().konnector.update({ where: { id: original.id }, data: { status: 'active' } });
    const copy = await created(await k.duplicate(original.id));
    expect(copy).toMatchObject({ name: 'Copy of Original', status: 'inactive', tags: ['x'], draft: HOOK_DEFINITION });
    expect(copy.id).not.toBe(original.id);

    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    const m = api(member, workspaceId);
    expect((await m.create({ name: 'By a member' })).status).toBe(201);
    expect((await m.patch(copy.id, { name: 'Edited by a member' })).status).toBe(200);
    expect((await m.duplicate(copy.id)).status).toBe(201);
    expect((await m.remove(copy.id)).status).toBe(403);

    expect((await k.remove(copy.id)).status).toBe(204);
    expect(await testDb().konnector.findUnique({ where: { id: copy.id } })).toBeNull();
    expect((await k.remove(copy.id)).status).toBe(404);
    expect((await k.get(copy.id)).status).toBe(404);
  });

  it('401 without a session; 404 for other workspaces and their konnectors', async () => {
    const { user, workspaceId } = await createOwner();
    const mine = await created(await api(user, workspaceId).create({ name: 'Mine', definition: HOOK_DEFINITION }));
    const anonymous = [
      await call(GET, 'GET', '/k', { params: { workspaceId } }),
      await call(POST, 'POST', '/k', { params: { workspaceId }, body: { name: 'x' } }),
      await call(GET_ONE, 'GET', '/k', { params: { workspaceId, konnectorId: mine.id } }),
      await call(PATCH, 'PATCH', '/k', { params: { workspaceId, konnectorId: mine.id }, body: { name: 'x' } }),
      await call(DELETE, 'DELETE', '/k', { params: { workspaceId, konnectorId: mine.id } }),
      await call(DUPLICATE, 'POST', '/k', { params: { workspaceId, konnectorId: mine.id } }),
    ];
    for (const res of anonymous) expect(res.status).toBe(401);

    const other = await createOwner('other');
    const stranger = api(other.user, workspaceId);
    expect((await stranger.list()).status).toBe(404);
    expect((await stranger.create({ name: 'x' })).status).toBe(404);
    const viaOwn = api(other.user, other.workspaceId);
    for (const res of [await viaOwn.get(mine.id), await viaOwn.patch(mine.id, { name: 'stolen' }), await viaOwn.duplicate(mine.id), await viaOwn.remove(mine.id)]) {
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('Mine');
    }
    expect((await testDb().konnector.findUniqueOrThrow({ where: { id: mine.id } })).name).toBe('Mine');
    expect(await testDb().konnector.count({ where: { workspaceId: other.workspaceId } })).toBe(0);
  });
});
