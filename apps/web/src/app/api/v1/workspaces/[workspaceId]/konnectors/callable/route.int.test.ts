/**
 * Sub-konnectors through the API: the callable konnectors of a workspace (declared inputs, Return
 * fields), a test run that runs the called konnector as a test too, and cross-tenant refusal: a
 * call step naming another workspace's konnector is a problem on its konnectorId (validate, test,
 * turn on: 400), and the list never shows another workspace's konnectors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwner, type TestUser } from '@/test/fixtures';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';
import { POST as ACTIVATE } from '../[konnectorId]/activate/route';
import { GET as EXPORT } from '../[konnectorId]/export/route';
import { POST as IMPORT } from '../import/route';
import { POST as TEST } from '../[konnectorId]/test/route';
import { POST as CREATE } from '../route';
import { POST as VALIDATE } from '../validate/route';
import { GET as CALLABLE } from './route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('callable');
});
afterAll(async () => {
  await env.close();
});

type Problem = { stepId: string; path: (string | number)[]; code: string; message: string };
type Callable = { id: string; name: string; status: string; inputs: { name: string; type: string; required: boolean }[]; outputs: string[] };

const CHILD = {
  trigger: { id: 'trigger', connector: 'subkonnector', event: 'called', input: { inputs: [{ name: 'email', type: 'text', required: true }, { name: 'count', type: 'number', required: false }] } },
  steps: [{ type: 'return', id: 'ret', output: { greeting: 'Hello {{trigger.email}}', doubled: '{{trigger.count}}' } }],
};
const parent = (konnectorId: string, mode = 'wait') => ({
  trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
  steps: [{ type: 'call', id: 'call_1', konnectorId, mode, timeoutSeconds: 60, input: { email: '{{trigger.email}}', count: '{{trigger.n}}' } }],
});

function client(user: TestUser, workspaceId: string) {
  const as = { user };
  const on = (konnectorId: string) => ({ as, params: { workspaceId, konnectorId } });
  return {
    create: async (name: string, definition: unknown): Promise<string> => {
      const res = await call(CREATE, 'POST', '/k', { as, params: { workspaceId }, body: { name, definition } });
      expect(res.status, res.text).toBe(201);
      return (res.json as { id: string }).id;
    },
    callable: () => call(CALLABLE, 'GET', '/c', { as, params: { workspaceId } }),
    validate: (draft: unknown) => call(VALIDATE, 'POST', '/v', { as, params: { workspaceId }, body: { draft } }),
    activate: (id: string) => call(ACTIVATE, 'POST', '/a', { ...on(id), body: {} }),
    test: (id: string, body: unknown) => call(TEST, 'POST', '/t', { ...on(id), body }),
    exportFile: async (id: string) => (await call(EXPORT, 'GET', '/e', on(id))).json as Record<string, unknown>,
    importFile: (body: unknown) => call(IMPORT, 'POST', '/i', { as, params: { workspaceId }, body }),
  };
}

describe('callable konnectors', () => {
  it('lists the workspace\'s konnectors that start with "Called by another konnector", with inputs and Return fields', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const child = await k.create('Greeter', CHILD);
    await k.create('Plain', { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [] });
    const res = await k.callable();
    expect(res.status, res.text).toBe(200);
    expect((res.json as { konnectors: Callable[] }).konnectors).toEqual([
      { id: child, name: 'Greeter', status: 'inactive', inputs: [{ name: 'email', type: 'text', required: true }, { name: 'count', type: 'number', required: false }], outputs: ['doubled', 'greeting'] },
    ]);
  });

  it('a test run runs the called konnector as a test: its Return output is the step output', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const child = await k.create('Greeter', CHILD);
    const caller = await k.create('Caller', parent(child));
    const res = await k.test(caller, { sample: { email: 'ada@example.com', n: 4 } });
    expect(res.status, res.text).toBe(200);
    const result = res.json as { status: string; steps: { stepId: string; status: string; output: unknown; calledRunId: string | null }[] };
    expect(result.status).toBe('succeeded');
    expect(result.steps[0]).toMatchObject({ stepId: 'call_1', status: 'succeeded', output: { greeting: 'Hello ada@example.com', doubled: 4 }, calledRunId: null });
  });

  it('a test run with a missing required input fails the step naming the input', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const child = await k.create('Greeter', CHILD);
    const caller = await k.create('Caller', parent(child));
    const res = await k.test(caller, { sample: { n: 4 } });
    const result = res.json as { status: string; error: { message: string } };
    expect(result.status).toBe('failed');
    expect(result.error.message).toBe('Input "email" of "Greeter" is required but has no value');
  });
});

describe('cross-workspace refusal', () => {
  it("another workspace's konnector id is a problem on konnectorId: validate lists it, test and turning on answer 400", async () => {
    const a = await createOwner('a');
    const b = await createOwner('b');
    const theirs = await client(a.user, a.workspaceId).create('Their child', CHILD);
    const mine = client(b.user, b.workspaceId);

    const listed = (await mine.callable()).json as { konnectors: Callable[] };
    expect(listed.konnectors.map((c) => c.id)).not.toContain(theirs);

    const expected: Problem = { stepId: 'call_1', path: ['konnectorId'], code: 'missing_konnector', message: 'The konnector to run does not exist in this workspace; choose another' };
    const validated = await mine.validate(parent(theirs));
    expect(validated.status, validated.text).toBe(200);
    expect((validated.json as { problems: Problem[] }).problems).toContainEqual(expected);

    const caller = await mine.create('Caller', parent(theirs, 'fire'));
    const tested = await mine.test(caller, { sample: { email: 'x@y.z' } });
    expect(tested.status).toBe(400);
    expect((tested.json as { error: { problems: Problem[] } }).error.problems).toContainEqual(expected);

    const activated = await mine.activate(caller);
    expect(activated.status).toBe(400);
    expect(errorOf(activated).code).toBe('invalid_definition');
    expect((activated.json as { error: { problems: Problem[] } }).error.problems).toContainEqual(expected);
  });
});

describe('export and import of Run konnector steps', () => {
  it('an export names the called konnector; an import into another workspace points the step at its konnector of that name, or leaves it to choose', async () => {
    const a = await createOwner('a');
    const b = await createOwner('b');
    const ka = client(a.user, a.workspaceId);
    const kb = client(b.user, b.workspaceId);
    const child = await ka.create('Greeter', CHILD);
    const file = await ka.exportFile(await ka.create('Caller', parent(child)));
    expect(file.calledKonnectors).toEqual({ [child]: 'Greeter' });

    const stepOf = (res: { json: unknown }) => (res.json as { konnector: { draft: { steps: { konnectorId: string }[] } } }).konnector.draft.steps[0]?.konnectorId;
    const without = await kb.importFile(file);
    expect(without.status, without.text).toBe(201);
    expect(stepOf(without)).toBe('');
    expect((without.json as { unresolvedCalls: unknown }).unresolvedCalls).toEqual([{ stepId: 'call_1', name: 'Greeter' }]);

    const theirs = await kb.create('Greeter', CHILD);
    const matched = await kb.importFile(file);
    expect(stepOf(matched)).toBe(theirs);
    expect((matched.json as { unresolvedCalls: unknown }).unresolvedCalls).toEqual([]);
  });
});
