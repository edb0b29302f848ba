import { describe, expect, it } from 'vitest';
import { createOwner, createUser, testDb, type TestUser } from '@/test/fixtures';
import { call, errorOf } from '@/test/request';
import { PATCH, GET as GET_ONE } from '../[konnectorId]/route';
import { POST as CREATE } from '../route';
import { POST as VALIDATE } from './route';

type Problem = { stepId: string; path: (string | number)[]; code: string; message: string };
type Konnector = { id: string; draft: { trigger: Record<string, unknown>; steps: Record<string, unknown>[] }; problems: Problem[] };

/** Steps exactly as the builder inserts them: every choice still empty. */
const emptyAction = (id: string) => ({ type: 'action', id, connector: '', action: '', input: {}, onError: 'stop' });
const emptyFilter = (id: string) => ({ type: 'filter', id, conditions: { all: [] } });
const emptyCode = (id: string) => ({ type: 'code', id, source: '' });
const emptyRepeater = (id: string, steps: unknown[] = []) => ({ type: 'repeater', id, items: '', steps, maxIterations: 100 });
const emptyPath = (id: string) => ({
  type: 'path',
  id,
  branches: [
    { id: `${id}_a`, name: 'Branch A', conditions: { all: [] }, steps: [emptyRepeater(`${id}_loop`, [emptyAction(`${id}_deep`)])] },
    { id: `${id}_b`, name: 'Branch B', conditions: { all: [] }, steps: [emptyCode(`${id}_code`)] },
  ],
  otherwise: [emptyFilter(`${id}_filter`)],
});

const BLANK_TRIGGER = { id: 'trigger', connector: '', event: '', input: {} };
const INCOMPLETE = { trigger: BLANK_TRIGGER, steps: [emptyAction('a1'), emptyFilter('f1'), emptyCode('c1'), emptyRepeater('r1'), emptyPath('p1')] };

function client(user: TestUser, workspaceId: string) {
  const as = { user };
  return {
    create: (body: unknown) => call(CREATE, 'POST', '/k', { as, params: { workspaceId }, body }),
    patch: (konnectorId: string, body: unknown) => call(PATCH, 'PATCH', '/k', { as, params: { workspaceId, konnectorId }, body }),
    get: (konnectorId: string) => call(GET_ONE, 'GET', '/k', { as, params: { workspaceId, konnectorId } }),
    validate: (body: unknown) => call(VALIDATE, 'POST', '/v', { as, params: { workspaceId }, body }),
  };
}

const where = (problems: Problem[]) => problems.map((p) => `${p.stepId}:${p.path.join('.')}:${p.code}`);

describe('incomplete drafts', () => {
  it('save through create and PATCH with the builder\'s empty steps, nested too, and list what is missing', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const created = await k.create({ name: 'Half done', definition: INCOMPLETE });
    expect(created.status, created.text).toBe(201);
    const konnector = created.json as Konnector;
    expect(konnector.draft.steps).toHaveLength(5);

    const problems = where(konnector.problems);
    expect(problems).toEqual(
      expect.arrayContaining([
        'trigger:connector:missing_field',
        'trigger:event:missing_field',
        'a1:connector:missing_field',
        'a1:action:missing_field',
        'f1:conditions:no_conditions',
        'c1:source:missing_source',
        'r1:items:missing_field',
        'p1:branches.0.conditions:no_conditions',
        'p1:branches.1.conditions:no_conditions',
        'p1_deep:connector:missing_field',
        'p1_deep:action:missing_field',
        'p1_loop:items:missing_field',
        'p1_code:source:missing_source',
        'p1_filter:conditions:no_conditions',
      ]),
    );
    // Every problem says where it is and what to do, in words (no raw schema messages).
    for (const p of konnector.problems) {
      expect(p.stepId, JSON.stringify(p)).not.toBe('');
      expect(p.message).not.toMatch(/too small|expected string/i);
    }
    const byKey = new Map(konnector.problems.map((p) => [`${p.stepId}:${p.path.join('.')}`, p.message]));
    expect(byKey.get('f1:conditions')).toBe('Add at least one condition');
    expect(byKey.get('a1:action')).toBe('Choose the action this step performs');

    // PATCH the same kind of draft onto an existing konnector; GET shows it back with its problems.
    const blank = (await k.create({ name: 'Blank' })).json as Konnector;
    const patched = await k.patch(blank.id, { draft: { trigger: { ...BLANK_TRIGGER, connectionId: '' }, steps: [emptyPath('p2')] } });
    expect(patched.status, patched.text).toBe(200);
    const fetched = (await k.get(blank.id)).json as Konnector;
    expect(fetched.draft.trigger).not.toHaveProperty('connectionId');
    expect(where(fetched.problems)).toEqual(expect.arrayContaining(['p2_deep:connector:missing_field', 'p2_code:source:missing_source']));
    const stored = await testDb().konnector.findUniqueOrThrow({ where: { id: blank.id } });
    expect((stored.draft as Konnector['draft']).steps[0]).toMatchObject({ type: 'path', id: 'p2' });
  });

  it('still refuses structurally malformed drafts with a 400 naming the field', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const unknownType = errorOf(await k.create({ name: 'X', definition: { trigger: BLANK_TRIGGER, steps: [{ ...emptyPath('p'), otherwise: [{ type: 'loop', id: 'l' }] }] } }));
    expect(unknownType).toMatchObject({ code: 'bad_request', field: 'definition.steps.0.otherwise.0.type' });
    const wrongType = errorOf(await k.create({ name: 'X', definition: { trigger: BLANK_TRIGGER, steps: [{ ...emptyAction('a'), connector: 42 }] } }));
    expect(wrongType).toMatchObject({ field: 'definition.steps.0.connector' });
    const badId = errorOf(await k.create({ name: 'X', definition: { trigger: BLANK_TRIGGER, steps: [emptyRepeater('r', [emptyAction('has space')])] } }));
    expect(badId).toMatchObject({ field: 'definition.steps.0.steps.0.id' });
    const tooMany = errorOf(await k.create({ name: 'X', definition: { trigger: BLANK_TRIGGER, steps: [{ ...emptyRepeater('r'), maxIterations: 5000 }] } }));
    expect(tooMany).toMatchObject({ field: 'definition.steps.0.maxIterations' });
    const longKey = errorOf(await k.create({ name: 'X', definition: { trigger: BLANK_TRIGGER, steps: [{ ...emptyAction('a'), action: 'x'.repeat(101) }] } }));
    expect(longKey).toMatchObject({ field: 'definition.steps.0.action' });

    // Nested far deeper than any definition: a 400, not a stack overflow.
    const deep = `{"name":"Deep","definition":{"trigger":${JSON.stringify(BLANK_TRIGGER)},"steps":[${'{"type":"repeater","id":"r","items":"","steps":['.repeat(3000)}${']}'.repeat(3000)}]}}`;
    const res = await call(CREATE, 'POST', '/k', { as: { user }, params: { workspaceId }, rawBody: deep, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(errorOf(res).field).toMatch(/^definition\.steps\.0\.steps/);
  });
});

describe('POST /konnectors/validate', () => {
  it('lists the problems of unsaved edits without storing anything; members only', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const before = await testDb().konnector.count({ where: { workspaceId } });
    const res = await k.validate({ draft: INCOMPLETE });
    expect(res.status, res.text).toBe(200);
    const { problems } = res.json as { problems: Problem[] };
    expect(where(problems)).toEqual(expect.arrayContaining(['a1:connector:missing_field', 'p1_filter:conditions:no_conditions']));

    const ready = { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [{ type: 'code', id: 'c', source: 'return { ok: true }' }] };
    expect((await k.validate({ draft: ready })).json).toEqual({ problems: [] });
    const later = { ...ready, steps: [{ type: 'action', id: 'a', connector: 'formatter', action: 'text', input: { operation: 'uppercase', value: '{{steps.c.ok}}' } }, ...ready.steps] };
    const refs = ((await k.validate({ draft: later })).json as { problems: Problem[] }).problems;
    expect(refs.some((p) => p.stepId === 'a' && p.code === 'reference_out_of_scope')).toBe(true);

    expect(errorOf(await k.validate({}))).toMatchObject({ code: 'bad_request', field: 'draft' });
    expect(await testDb().konnector.count({ where: { workspaceId } })).toBe(before);

    const stranger = await createUser('stranger');
    expect((await call(VALIDATE, 'POST', '/v', { as: { user: stranger }, params: { workspaceId }, body: { draft: ready } })).status).toBe(404);
    expect((await call(VALIDATE, 'POST', '/v', { params: { workspaceId }, body: { draft: ready } })).status).toBe(401);
  });
});
