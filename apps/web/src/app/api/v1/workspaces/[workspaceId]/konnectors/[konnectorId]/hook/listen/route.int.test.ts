/** Catch Hook URL before activation and "Listen for a test request": the API end to end, tenant-scoped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as HOOK_CALL } from '@/app/hooks/[token]/route';
import { createOwner, type TestUser } from '@/test/fixtures';
import { HOOK_DEFINITION } from '@/test/konnectors';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';
import { POST as CREATE } from '../../../route';
import { GET as GET_ONE, PATCH } from '../../route';
import { POST as HOOK } from '../route';
import { DELETE as STOP, GET as STATUS, POST as LISTEN } from './route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('hook-listen');
});
afterAll(async () => {
  await env.close();
});

interface Konnector {
  id: string;
  webhook: { url: string; enabled: boolean } | null;
  sample: { records: unknown[]; fields: { path: string; type: string }[] } | null;
}

async function hookKonnector(user: TestUser, workspaceId: string): Promise<Konnector> {
  const res = await call(CREATE, 'POST', '/k', { as: { user }, params: { workspaceId }, body: { name: 'Orders in', definition: HOOK_DEFINITION } });
  expect(res.status, res.text).toBe(201);
  return res.json as Konnector;
}

const tokenOf = (url: string) => url.split('/hooks/')[1] ?? '';

async function sendHook(token: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await HOOK_CALL(new Request(`http://localhost:3000/hooks/${token}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }), { params: Promise.resolve({ token }) });
  return { status: res.status, json: (await res.json()) as unknown };
}

describe('Catch Hook URL before activation', () => {
  it('a konnector created with a Catch Hook has its URL at once, and it stays the same', async () => {
    const { user, workspaceId } = await createOwner();
    const k = await hookKonnector(user, workspaceId);
    expect(k.webhook).toMatchObject({ url: expect.stringContaining('/hooks/'), enabled: false });
    const again = await call(HOOK, 'POST', '/h', { as: { user }, params: { workspaceId, konnectorId: k.id } });
    expect(again.status, again.text).toBe(200);
    expect(again.json).toEqual({ url: k.webhook?.url, enabled: false });
    const read = await call(GET_ONE, 'GET', '/k', { as: { user }, params: { workspaceId, konnectorId: k.id } });
    expect((read.json as Konnector).webhook?.url).toBe(k.webhook?.url);
  });

  it('a saved draft that switches to a Catch Hook gets its URL with the save', async () => {
    const { user, workspaceId } = await createOwner();
    const res = await call(CREATE, 'POST', '/k', { as: { user }, params: { workspaceId }, body: { name: 'Blank' } });
    const blank = res.json as Konnector;
    expect(blank.webhook).toBeNull();
    const saved = await call(PATCH, 'PATCH', '/k', { as: { user }, params: { workspaceId, konnectorId: blank.id }, body: { draft: HOOK_DEFINITION } });
    expect(saved.status, saved.text).toBe(200);
    expect((saved.json as Konnector).webhook).toMatchObject({ url: expect.stringContaining('/hooks/'), enabled: false });
  });
});

describe('/konnectors/:id/hook/listen', () => {
  it('listens, catches the next call as the sample (fields for the picker), and reports it', async () => {
    const { user, workspaceId } = await createOwner();
    const k = await hookKonnector(user, workspaceId);
    const as = { user };
    const params = { workspaceId, konnectorId: k.id };
    expect((await call(STATUS, 'GET', '/l', { as, params })).json).toMatchObject({ state: 'idle', sample: null });

    const started = await call(LISTEN, 'POST', '/l', { as, params, body: { seconds: 60 } });
    expect(started.status, started.text).toBe(200);
    expect(started.json).toMatchObject({ state: 'listening', url: k.webhook?.url });

    const hook = await sendHook(tokenOf(k.webhook?.url ?? ''), { order_id: 'A-17', placed_at: '2026-12-01T10:00:00.000Z' });
    expect(hook).toMatchObject({ status: 200, json: { caught: 'caught', runId: null } });

    const status = await call(STATUS, 'GET', '/l', { as, params });
    expect(status.json).toMatchObject({ state: 'caught', sample: { connector: 'catch_hook', event: 'catch_hook', records: [{ order_id: 'A-17' }] } });
    const fields = (status.json as { sample: Konnector['sample'] }).sample?.fields ?? [];
    expect(fields).toContainEqual(expect.objectContaining({ path: 'placed_at', type: 'date' }));
    // Kept with the konnector too.
    const read = await call(GET_ONE, 'GET', '/k', { as, params });
    expect((read.json as Konnector).sample?.records).toEqual([{ order_id: 'A-17', placed_at: '2026-12-01T10:00:00.000Z' }]);

    const stopped = await call(STOP, 'DELETE', '/l', { as, params });
    expect(stopped.status).toBe(200);
  });

  it('an empty body listens for two minutes; a bad window is a 400 naming seconds', async () => {
    const { user, workspaceId } = await createOwner();
    const k = await hookKonnector(user, workspaceId);
    const params = { workspaceId, konnectorId: k.id };
    const started = await call(LISTEN, 'POST', '/l', { as: { user }, params });
    expect(started.status, started.text).toBe(200);
    const until = Date.parse((started.json as { until: string }).until);
    expect(until - Date.now()).toBeGreaterThan(60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(120_000);
    for (const seconds of [5, 601, 12.5, 'soon']) {
      const bad = await call(LISTEN, 'POST', '/l', { as: { user }, params, body: { seconds } });
      expect(bad.status, String(seconds)).toBe(400);
      expect(errorOf(bad)).toMatchObject({ code: 'bad_request', field: 'seconds' });
    }
    const stopped = await call(STOP, 'DELETE', '/l', { as: { user }, params });
    expect(stopped.json).toMatchObject({ state: 'idle' });
  });

  it('refuses another workspace (404) and writes nothing there', async () => {
    const { user, workspaceId } = await createOwner();
    const k = await hookKonnector(user, workspaceId);
    const other = await createOwner('other');
    const theirs = { workspaceId: other.workspaceId, konnectorId: k.id };
    for (const [handler, method] of [[STATUS, 'GET'], [LISTEN, 'POST'], [STOP, 'DELETE'], [HOOK, 'POST']] as const) {
      const res = await call(handler, method, '/x', { as: { user: other.user }, params: theirs });
      expect(res.status, method).toBe(404);
      expect(res.text).not.toContain(tokenOf(k.webhook?.url ?? ''));
    }
    // Nor with the owner's own session on the other workspace's path (not a member there).
    const notMember = await call(LISTEN, 'POST', '/x', { as: { user }, params: theirs });
    expect([403, 404]).toContain(notMember.status);
    // Nothing listens: a call to the hook is an ordinary call to an inactive konnector.
    expect((await sendHook(tokenOf(k.webhook?.url ?? ''), { x: 1 })).status).toBe(404);
  });
});
