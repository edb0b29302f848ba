/**
 * Respond to Hook through the web app: the Catch Hook option and the Respond step are validated by
 * the konnector API (400 naming the field, or the step), and POST /hooks/<token> of a konnector that
 * responds waits for the answer a worker (here: processRun in this process, on the web's platform)
 * gives. Another workspace cannot reach a run's answer by its run id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenForAnswer, processRun, closeHookListener } from '@konnect/platform';
import { platform } from '@/server/services';
import { createOwner, testDb, type TestUser } from '@/test/fixtures';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';
import { POST as CREATE } from '../../api/v1/workspaces/[workspaceId]/konnectors/route';
import { PATCH } from '../../api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/route';
import { POST as ACTIVATE } from '../../api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/activate/route';
import { GET as EXPORT } from '../../api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/export/route';
import { POST as IMPORT } from '../../api/v1/workspaces/[workspaceId]/konnectors/import/route';
import { POST as HOOK } from './route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('respond-route');
});
afterAll(async () => {
  await closeHookListener(platform());
  await env.close();
});

const trigger = (respond?: unknown) => ({ id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {}, ...(respond === undefined ? {} : { respond }) });
const answerStep = { type: 'respond', id: 'answer', status: 200, body: { kind: 'json', value: { hello: '{{trigger.name}}' } } };

async function create(user: TestUser, workspaceId: string, definition: unknown) {
  return call(CREATE, 'POST', '/k', { as: { user }, params: { workspaceId }, body: { name: 'Respond', definition } });
}

describe('Respond to Hook: the konnector API', () => {
  it('refuses a bad timeout with a 400 naming the field', async () => {
    const { user, workspaceId } = await createOwner();
    const res = await create(user, workspaceId, { trigger: trigger({ timeoutSeconds: 500 }), steps: [] });
    expect(res.status).toBe(400);
    expect(errorOf(res).field).toBe('definition.trigger.respond.timeoutSeconds');
    expect(errorOf(res).message).toContain('at most 120');
  });

  it('refuses Set-Cookie in a Respond step with a 400 naming the header and why', async () => {
    const { user, workspaceId } = await createOwner();
    const res = await create(user, workspaceId, { trigger: trigger({}), steps: [{ ...answerStep, headers: { 'Set-Cookie': 'sid=1' } }] });
    expect(res.status).toBe(400);
    expect(errorOf(res).field).toBe('definition.steps.0.headers.Set-Cookie');
    expect(errorOf(res).message).toContain("cookie on Konnect's domain");
  });

  it('lists a Respond step without "Respond from the konnector" as a problem, and refuses to turn it on', async () => {
    const { user, workspaceId } = await createOwner();
    const res = await create(user, workspaceId, { trigger: trigger(), steps: [answerStep] });
    expect(res.status, res.text).toBe(201);
    const konnector = res.json as { id: string; problems: { stepId: string; code: string }[] };
    expect(konnector.problems).toEqual([expect.objectContaining({ stepId: 'answer', code: 'respond_without_hook' })]);
    const on = await call(ACTIVATE, 'POST', '/k', { as: { user }, params: { workspaceId, konnectorId: konnector.id } });
    expect(on.status).toBe(400);
    const fixed = await call(PATCH, 'PATCH', '/k', { as: { user }, params: { workspaceId, konnectorId: konnector.id }, body: { draft: { trigger: trigger({ timeoutSeconds: 20 }), steps: [answerStep] } } });
    expect(fixed.status, fixed.text).toBe(200);
    expect((fixed.json as { problems: unknown[] }).problems).toEqual([]);
  });
});

describe('Respond to Hook: export and import', () => {
  it('round-trips the trigger option and the Respond step into another workspace', async () => {
    const source = await createOwner('respond-src');
    const definition = { trigger: trigger({ timeoutSeconds: 45 }), steps: [{ ...answerStep, status: 201, headers: { 'X-Id': '{{trigger.id}}' } }] };
    const made = await create(source.user, source.workspaceId, definition);
    const konnectorId = (made.json as { id: string }).id;
    const file = (await call(EXPORT, 'GET', '/e', { as: { user: source.user }, params: { workspaceId: source.workspaceId, konnectorId } })).json as { definition: unknown };
    const target = await createOwner('respond-dst');
    const res = await call(IMPORT, 'POST', '/i', { as: { user: target.user }, params: { workspaceId: target.workspaceId }, body: file });
    expect(res.status, res.text).toBe(201);
    const imported = (res.json as { konnector: { draft: { trigger: unknown; steps: unknown[] }; problems: unknown[] } }).konnector;
    expect(imported.draft.trigger).toMatchObject({ respond: { timeoutSeconds: 45 } });
    expect(imported.draft.steps[0]).toMatchObject({ type: 'respond', status: 201, headers: { 'X-Id': '{{trigger.id}}' }, body: answerStep.body });
    expect(imported.problems).toEqual([]);
  });
});

describe('Respond to Hook: POST /hooks/<token>', () => {
  it('waits for the run and answers with the Respond step; another workspace cannot read that answer', async () => {
    const { user, workspaceId } = await createOwner();
    const made = await create(user, workspaceId, { trigger: trigger({ timeoutSeconds: 30 }), steps: [answerStep] });
    const konnectorId = (made.json as { id: string }).id;
    const on = await call(ACTIVATE, 'POST', '/k', { as: { user }, params: { workspaceId, konnectorId } });
    expect(on.status, on.text).toBe(200);
    const token = (await testDb().webhookEndpoint.findFirstOrThrow({ where: { konnectorId } })).token;
    const pending = call((req, ctx) => HOOK(req, { params: ctx.params as Promise<{ token: string }> }), 'POST', `/hooks/${token}`, { params: { token }, body: { name: 'Ada' } });
    // The worker's part, on the web's platform: run the queued run.
    const run = await (async () => {
      for (let i = 0; i < 400; i++) {
        const found = await testDb().run.findFirst({ where: { konnectorId } });
        if (found) return found;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('no run');
    })();
    await processRun(platform(), { workspaceId, runId: run.id, deferrals: 0 });
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ hello: 'Ada' });

    const stranger = await createOwner();
    const wait = await listenForAnswer(platform(), { runId: run.id, workspaceId: stranger.workspaceId });
    const other = await wait.response(1, { checkNow: true });
    expect(other.status).toBe(504);
  }, 60_000);
});
