import { describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY } from '@konnect/custify-sim';
import { addMember, createOwner, createUser, testDb, type TestUser } from '@/test/fixtures';
import { custifyConnection } from '@/test/konnectors';
import { call, errorOf } from '@/test/request';
import { POST as CREATE } from '../route';
import { GET as EXPORT } from '../[konnectorId]/export/route';
import { POST as IMPORT } from './route';

const SIM_URL = 'http://127.0.0.1:4999';

type Exported = { format: string; name: string; description: string; tags: string[]; definition: { trigger: Record<string, unknown>; steps: Record<string, unknown>[] } };
type Imported = { konnector: { id: string; name: string; status: string; draft: Exported['definition']; problems: { stepId: string; code: string }[] }; unresolved: { stepId: string; connectorKey: string; name: string }[] };

/** A template konnector whose trigger uses one connection and whose steps use another. */
async function exported(user: TestUser, workspaceId: string): Promise<{ file: Exported; text: string; connectionIds: string[] }> {
  const triggerConn = await custifyConnection(user, workspaceId, SIM_URL, 'Custify prod');
  const actionConn = await custifyConnection(user, workspaceId, SIM_URL, 'Custify sandbox');
  const created = await call(CREATE, 'POST', '/k', { as: { user }, params: { workspaceId }, body: { templateKey: 'custify-person-created-company', connectionId: triggerConn, tags: ['crm'] } });
  const id = (created.json as { id: string }).id;
  const row = await testDb().konnector.findUniqueOrThrow({ where: { id } });
  const draft = row.draft as { trigger: object; steps: { connectionId: string }[] };
  const secondStep = draft.steps[1];
  if (secondStep) secondStep.connectionId = actionConn;
  await testDb().konnector.update({ where: { id }, data: { draft } });

  const res = await call(EXPORT, 'GET', '/e', { as: { user }, params: { workspaceId, konnectorId: id } });
  expect(res.status, res.text).toBe(200);
  return { file: res.json as Exported, text: res.text, connectionIds: [triggerConn, actionConn] };
}

describe('export / import', () => {
  it('exports connections as { connectorKey, name } placeholders and never a secret or an id', async () => {
    const { user, workspaceId } = await createOwner();
    const { file, text, connectionIds } = await exported(user, workspaceId);
    expect(file).toMatchObject({ format: 'konnect.konnector/v1', name: 'Attach new people to their company', tags: ['crm'] });
    expect(file.definition.trigger.connectionId).toEqual({ connectorKey: 'custify', name: 'Custify prod' });
    expect(file.definition.steps.map((s) => s.connectionId)).toEqual([
      { connectorKey: 'custify', name: 'Custify prod' },
      { connectorKey: 'custify', name: 'Custify sandbox' },
    ]);
    const secrets = await testDb().connection.findMany({ where: { workspaceId }, select: { secret: true } });
    for (const needle of [DEFAULT_API_KEY, ...connectionIds, ...secrets.map((s) => s.secret)]) expect(text).not.toContain(needle);
  });

  it('imports into another workspace, mapping placeholders by app and name, and round-trips', async () => {
    const source = await createOwner('source');
    const { file } = await exported(source.user, source.workspaceId);

    const target = await createOwner('target');
    const prod = await custifyConnection(target.user, target.workspaceId, SIM_URL, 'custify PROD');
    const res = await call(IMPORT, 'POST', '/i', { as: { user: target.user }, params: { workspaceId: target.workspaceId }, body: file });
    expect(res.status, res.text).toBe(201);
    const imported = res.json as Imported;
    expect(imported.konnector).toMatchObject({ name: file.name, status: 'inactive' });
    expect(imported.konnector.draft.trigger.connectionId).toBe(prod);
    expect(imported.konnector.draft.steps[0]?.connectionId).toBe(prod);
    // No "Custify sandbox" here: left empty, reported, and a problem until a connection is chosen.
    expect(imported.konnector.draft.steps[1]).not.toHaveProperty('connectionId');
    expect(imported.unresolved).toEqual([{ stepId: 'a2', connectorKey: 'custify', name: 'Custify sandbox' }]);
    expect(imported.konnector.problems).toEqual([expect.objectContaining({ stepId: 'a2', code: 'missing_connection' })]);

    // Round trip: exporting the import gives the same file (bar the unresolved connection).
    const again = (await call(EXPORT, 'GET', '/e', { as: { user: target.user }, params: { workspaceId: target.workspaceId, konnectorId: imported.konnector.id } })).json as Exported;
    const expected = structuredClone(file.definition);
    const step2 = expected.steps[1];
    if (step2) delete step2.connectionId;
    for (const c of [expected.trigger, expected.steps[0]]) if (c) c.connectionId = { connectorKey: 'custify', name: 'custify PROD' };
    expect(again.definition).toEqual(expected);
    expect({ name: again.name, tags: again.tags, description: again.description }).toEqual({ name: file.name, tags: file.tags, description: file.description });
  });

  it('keeps plain ids only when they are this workspace\'s, and names the bad field', async () => {
    const { user, workspaceId } = await createOwner();
    const mine = await custifyConnection(user, workspaceId, SIM_URL);
    const other = await createOwner('other');
    const theirs = await custifyConnection(other.user, other.workspaceId, SIM_URL);
    const body = (triggerConn: string) => ({ name: 'Hand written', definition: { trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId: triggerConn, input: {} }, steps: [] } });
    const post = (b: unknown, as: TestUser = user) => call(IMPORT, 'POST', '/i', { as: { user: as }, params: { workspaceId }, body: b });

    expect(((await post(body(mine))).json as Imported).konnector.draft.trigger.connectionId).toBe(mine);
    const stolen = (await post(body(theirs))).json as Imported;
    expect(stolen.konnector.draft.trigger).not.toHaveProperty('connectionId');
    expect(stolen.konnector.problems).toEqual([expect.objectContaining({ stepId: 'trigger', code: 'missing_connection' })]);

    expect(errorOf(await post({ name: 'x' }))).toMatchObject({ field: 'definition' });
    expect(errorOf(await post({ name: 'x', format: 'zapier', definition: {} }))).toMatchObject({ field: 'format' });
    expect(errorOf(await post({ name: 'x', definition: { trigger: { id: 'trigger', connector: 'custify', event: 'e' }, steps: [{ type: 'teleport', id: 's' }] } }))).toMatchObject({ field: 'definition.steps.0.type' });

    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    expect((await post(body(mine), member)).status).toBe(201);
    expect((await call(IMPORT, 'POST', '/i', { params: { workspaceId }, body: body(mine) })).status).toBe(401);
    expect((await post(body(mine), other.user)).status).toBe(404);
    const created = ((await post(body(mine))).json as Imported).konnector.id;
    expect((await call(EXPORT, 'GET', '/e', { as: { user: other.user }, params: { workspaceId: other.workspaceId, konnectorId: created } })).status).toBe(404);
    expect((await call(EXPORT, 'GET', '/e', { params: { workspaceId, konnectorId: created } })).status).toBe(401);
  });
  it('empties secret-marked action inputs (the HTTP Request token and password) in an export', async () => {
    const { user, workspaceId } = await createOwner('secret-inputs');
    const token = 'tok_export_secret_4242';
    const definition = {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [{ type: 'action', id: 'call', connector: 'http', action: 'request', input: { url: 'https://example.com/x', method: 'GET', auth: 'bearer', token, password: 'pw_secret_77' } }],
    };
    const created = await call(CREATE, 'POST', '/k', { as: { user }, params: { workspaceId }, body: { name: 'HTTP with a token', definition } });
    expect(created.status, created.text).toBe(201);
    const res = await call(EXPORT, 'GET', '/e', { as: { user }, params: { workspaceId, konnectorId: (created.json as { id: string }).id } });
    expect(res.status, res.text).toBe(200);
    expect(res.text).not.toContain(token);
    expect(res.text).not.toContain('pw_secret_77');
    const step = (res.json as Exported).definition.steps[0] as { input: Record<string, unknown> };
    expect(step.input).toMatchObject({ url: 'https://example.com/x', auth: 'bearer', token: '', password: '' });
  });

  it('round-trips a konnector with Delay steps ("for" and "until"), and refuses an out-of-range Delay naming the field', async () => {
    const { user, workspaceId } = await createOwner('delay');
    const definition = {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [
        { type: 'delay', id: 'wait', name: 'Three days', mode: 'for', amount: 3, unit: 'days' },
        { type: 'delay', id: 'until_due', mode: 'until', at: '{{trigger.due}}', timezone: 'Europe/Paris' },
        { type: 'action', id: 'inc', connector: 'storage', action: 'increment', input: { key: 'n' }, onError: 'stop' },
      ],
    };
    const created = await call(CREATE, 'POST', '/k', { as: { user }, params: { workspaceId }, body: { name: 'Follow-up', definition } });
    expect(created.status, created.text).toBe(201);
    const id = (created.json as { id: string }).id;
    const res = await call(EXPORT, 'GET', '/e', { as: { user }, params: { workspaceId, konnectorId: id } });
    const file = res.json as Exported;
    expect(file.definition.steps.slice(0, 2)).toEqual(definition.steps.slice(0, 2));
    const back = await call(IMPORT, 'POST', '/i', { as: { user }, params: { workspaceId }, body: file });
    expect(back.status, back.text).toBe(201);
    const imported = back.json as Imported;
    expect(imported.konnector.draft.steps.slice(0, 2)).toEqual(definition.steps.slice(0, 2));
    expect(imported.konnector.problems).toEqual([]);

    const tooLong = { ...file, definition: { ...file.definition, steps: [{ type: 'delay', id: 'wait', mode: 'for', amount: 31, unit: 'days' }, ...file.definition.steps.slice(2)] } };
    const refused = await call(IMPORT, 'POST', '/i', { as: { user }, params: { workspaceId }, body: tooLong });
    expect(refused.status).toBe(400);
    expect(errorOf(refused)).toEqual({ code: 'bad_request', message: 'definition.steps.0.amount: Amount is at most 30 days', field: 'definition.steps.0.amount' });
  });
});
