import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestHook, pollSchedulerId, publish } from '@konnect/platform';
import { platform, queues } from '@/server/services';
import { createOwner, testDb, type TestUser } from '@/test/fixtures';
import { HOOK_DEFINITION, custifyConnection } from '@/test/konnectors';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';
import { POST as CREATE } from '../../route';
import { POST as ACTIVATE } from '../activate/route';
import { POST as DEACTIVATE } from '../deactivate/route';
import { GET as GET_ONE, PATCH } from '../route';
import { GET as VERSIONS } from '../versions/route';
import { POST as RESTORE } from '../versions/[versionId]/restore/route';
import { POST as PUBLISH } from './route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('publish');
});
afterAll(async () => {
  await env.close();
});

type Konnector = {
  id: string;
  status: string;
  draft: { trigger: Record<string, unknown>; steps: unknown[] };
  publishedVersion: { id: string; number: number } | null;
  hasUnpublishedChanges: boolean;
  webhook: { url: string; enabled: boolean } | null;
};
type Version = { id: string; number: number; current: boolean; definition: unknown };

function client(user: TestUser, workspaceId: string) {
  const as = { user };
  const on = (konnectorId: string) => ({ as, params: { workspaceId, konnectorId } });
  return {
    create: async (body: unknown): Promise<string> => {
      const res = await call(CREATE, 'POST', '/k', { as, params: { workspaceId }, body });
      expect(res.status, res.text).toBe(201);
      return (res.json as { id: string }).id;
    },
    activate: (id: string) => call(ACTIVATE, 'POST', '/a', { ...on(id), body: {} }),
    deactivate: (id: string) => call(DEACTIVATE, 'POST', '/d', on(id)),
    publish: (id: string) => call(PUBLISH, 'POST', '/p', on(id)),
    patchDraft: async (id: string, draft: unknown) => {
      const res = await call(PATCH, 'PATCH', '/k', { ...on(id), body: { draft } });
      expect(res.status, res.text).toBe(200);
      return res.json as Konnector;
    },
    get: async (id: string) => (await call(GET_ONE, 'GET', '/k', on(id))).json as Konnector,
    versions: async (id: string) => (await call(VERSIONS, 'GET', '/v', on(id))).json as Version[],
    restore: (id: string, versionId: string) => call(RESTORE, 'POST', '/r', { as, params: { workspaceId, konnectorId: id, versionId } }),
  };
}

const codeStep = (id: string, source = 'return { seen: true }') => ({ type: 'code', id, source });

async function hook(token: string, body: object): Promise<string> {
  const result = await ingestHook(platform(), token, { body, headers: { 'content-type': 'application/json' }, query: {} });
  return result.runId ?? '';
}

describe('POST /konnectors/:id/publish', () => {
  it('publishes the draft of an active konnector as version n+1: queued runs keep theirs, the next run uses it', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const id = await k.create({ name: 'Hook', definition: HOOK_DEFINITION });

    const off = await k.publish(id);
    expect(off.status).toBe(409);
    expect(errorOf(off).message).toMatch(/turn it on/i);

    const on = (await k.activate(id)).json as Konnector & { webhookUrl: string };
    const token = String(on.webhookUrl.split('/hooks/')[1]);
    const v1 = on.publishedVersion?.id ?? '';
    const before = await hook(token, { n: 1 });

    const edited = await k.patchDraft(id, { ...HOOK_DEFINITION, steps: [codeStep('c1')] });
    expect(edited.hasUnpublishedChanges).toBe(true);
    const res = await k.publish(id);
    expect(res.status, res.text).toBe(200);
    const published = res.json as Konnector;
    expect(published).toMatchObject({ status: 'active', publishedVersion: { number: 2 }, hasUnpublishedChanges: false, webhook: { url: on.webhookUrl, enabled: true } });
    const v2 = published.publishedVersion?.id ?? '';
    expect(v2).not.toBe(v1);
    expect((await k.versions(id)).map((v) => [v.number, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);

    const after = await hook(token, { n: 2 });
    const runs = await testDb().run.findMany({ where: { id: { in: [before, after] } }, select: { id: true, versionId: true } });
    expect(Object.fromEntries(runs.map((r) => [r.id, r.versionId]))).toEqual({ [before]: v1, [after]: v2 });

    // Nothing changed since: publishing again makes no version.
    expect(((await k.publish(id)).json as Konnector).publishedVersion?.number).toBe(2);
    expect(await testDb().konnectorVersion.count({ where: { konnectorId: id } })).toBe(2);
    const audited = await testDb().auditEvent.findMany({ where: { workspaceId, action: 'konnector.published' }, select: { targetId: true, details: true } });
    expect(audited).toEqual([{ targetId: id, details: { version: 2 } }]);
  });

  it('refuses a draft with problems, listing them, and keeps the running version', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const id = await k.create({ name: 'Hook', definition: HOOK_DEFINITION });
    expect((await k.activate(id)).status).toBe(200);
    await k.patchDraft(id, { ...HOOK_DEFINITION, steps: [{ type: 'action', id: 'a', connector: '', action: '', input: {}, onError: 'stop' }, codeStep('c', '')] });
    const refused = errorOf(await k.publish(id)) as { code: string; problems?: { stepId: string; code: string }[] };
    expect(refused.code).toBe('invalid_definition');
    expect(refused.problems?.map((p) => `${p.stepId}:${p.code}`)).toEqual(expect.arrayContaining(['a:missing_field', 'c:missing_source']));
    const konnector = await k.get(id);
    expect(konnector).toMatchObject({ status: 'active', publishedVersion: { number: 1 }, hasUnpublishedChanges: true });

    expect((await k.deactivate(id)).status).toBe(200);
    expect((await k.publish(id)).status).toBe(409);
    // The platform refuses too (it re-checks under the row lock, so a concurrent "off" wins).
    await expect(publish(platform(), workspaceId, id)).rejects.toMatchObject({ code: 'conflict' });
    expect(await testDb().konnectorVersion.count({ where: { konnectorId: id } })).toBe(1);
    const stranger = await createOwner('other');
    expect((await client(stranger.user, stranger.workspaceId).publish(id)).status).toBe(404);
  });

  it('moves a polling trigger\'s schedule to the new poll interval, keeping its cursor', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    const id = await k.create({ templateKey: 'custify-person-created-company', connectionId });
    expect((await k.activate(id)).status).toBe(200);
    const every = async () => (await queues().queue('poll').getJobSchedulers()).find((s) => s.key === pollSchedulerId(id))?.every;
    expect(Number(await every())).toBe(60_000);
    const cursor = await testDb().triggerCursor.findUniqueOrThrow({ where: { konnectorId: id } });

    const draft = (await k.get(id)).draft;
    await k.patchDraft(id, { ...draft, trigger: { ...draft.trigger, pollSeconds: 300 } });
    expect(((await k.publish(id)).json as Konnector).publishedVersion?.number).toBe(2);
    expect(Number(await every())).toBe(300_000);
    expect((await testDb().triggerCursor.findUniqueOrThrow({ where: { konnectorId: id } })).watermark).toBe(cursor.watermark);
    await k.deactivate(id);
  });
});

describe('POST /konnectors/:id/versions/:versionId/restore', () => {
  it('puts an old version back in the draft without publishing it; other konnectors\' versions are not found', async () => {
    const { user, workspaceId } = await createOwner();
    const k = client(user, workspaceId);
    const id = await k.create({ name: 'Hook', definition: { ...HOOK_DEFINITION, steps: [codeStep('first')] } });
    expect((await k.activate(id)).status).toBe(200);
    await k.patchDraft(id, { ...HOOK_DEFINITION, steps: [codeStep('second')] });
    expect((await k.publish(id)).status).toBe(200);
    await k.patchDraft(id, { ...HOOK_DEFINITION, steps: [codeStep('third')] });
    const [v2, v1] = await k.versions(id);

    const res = await k.restore(id, v1?.id ?? '');
    expect(res.status, res.text).toBe(200);
    const restored = res.json as Konnector;
    expect(restored.draft).toEqual(v1?.definition);
    expect(restored.draft.steps).toEqual([{ type: 'code', id: 'first', source: 'return { seen: true }' }]);
    expect(restored).toMatchObject({ status: 'active', publishedVersion: { id: v2?.id, number: 2 }, hasUnpublishedChanges: true });
    expect(await testDb().konnectorVersion.count({ where: { konnectorId: id } })).toBe(2);
    const audited = await testDb().auditEvent.findMany({ where: { workspaceId, action: 'konnector.restored' }, select: { targetId: true, details: true } });
    expect(audited).toEqual([{ targetId: id, details: { version: 1 } }]);

    // Publishing the restored draft makes it version 3.
    expect(((await k.publish(id)).json as Konnector).publishedVersion?.number).toBe(3);

    const other = await k.create({ name: 'Other', definition: HOOK_DEFINITION });
    expect((await k.restore(other, v1?.id ?? '')).status).toBe(404);
    expect((await k.restore(id, 'no-such-version')).status).toBe(404);
    const stranger = await createOwner('other');
    expect((await client(stranger.user, stranger.workspaceId).restore(id, v1?.id ?? '')).status).toBe(404);
    expect((await k.get(id)).draft.steps).toEqual([{ type: 'code', id: 'first', source: 'return { seen: true }' }]);
  });
});
