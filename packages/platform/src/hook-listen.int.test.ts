/** "Listen for a test request" over real HTTP (handleHookRequest), Postgres and Redis. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import type { KonnectorDefinitionInput } from '@konnect/schemas';
import { createRegistry } from '@konnect/sdk';
import { activate } from './activation';
import { handleHookRequest } from './hook-http';
import { ensureHookEndpoint, listenStatus, startListening, stopListening } from './hook-listen';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';
import { serve, type TestServer } from './test-http';

const registry = createRegistry([catchHookConnector]);
let t: TestPlatform;
let server: TestServer;
let workspaceId: string;
let otherWorkspaceId: string;

const hookDraft: KonnectorDefinitionInput = {
  trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
  steps: [{ type: 'code', id: 'echo', source: 'return { ok: true };' }],
};

const post = (token: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${server.url}/hooks/${token}`, { method: 'POST', body, headers });

async function sampleOf(konnectorId: string): Promise<{ connector: string; event: string; records: unknown[]; fields: { path: string }[] } | null> {
  const row = await t.db.konnector.findUniqueOrThrow({ where: { id: konnectorId }, select: { sample: true } });
  return row.sample as never;
}

beforeAll(async () => {
  t = await testPlatform('hook-listen', registry);
  workspaceId = await createWorkspace(t.db);
  otherWorkspaceId = await createWorkspace(t.db);
  server = await serve(async (request) => {
    const token = /^\/hooks\/([^/]+)$/.exec(new URL(request.url).pathname)?.[1] ?? '';
    return handleHookRequest(t.p, token, request);
  });
});

afterAll(async () => {
  await server.close();
  await t.db.workspace.deleteMany({ where: { id: { in: [workspaceId, otherWorkspaceId] } } }).catch(() => undefined);
  await t.close();
});

describe('hook endpoint before activation', () => {
  it('is created disabled and keeps its token when the konnector is turned on', async () => {
    const id = await createKonnector(t.db, workspaceId, hookDraft);
    const token = await ensureHookEndpoint(t.p, workspaceId, id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await ensureHookEndpoint(t.p, workspaceId, id)).toBe(token);
    expect((await post(token, '{"a":1}')).status).toBe(404);
    const result = await activate(t.p, workspaceId, id);
    expect(result.hookToken).toBe(token);
    expect((await post(token, '{"a":1}')).status).toBe(202);
  });
});

describe('Listen for a test request', () => {
  it('catches the next call to an inactive konnector as its sample, once, and says so', async () => {
    const id = await createKonnector(t.db, workspaceId, hookDraft);
    const token = await ensureHookEndpoint(t.p, workspaceId, id);
    expect((await listenStatus(t.p, workspaceId, id)).state).toBe('idle');
    const started = await startListening(t.p, workspaceId, id, 60);
    expect(started.state).toBe('listening');
    expect(Date.parse(started.until ?? '')).toBeGreaterThan(Date.now());

    const res = await post(token, JSON.stringify({ order_id: 'A-17', customer: { email: 'ada@example.com' }, placed_at: '2026-12-01T10:00:00.000Z' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ runId: null, caught: 'caught' });
    expect(await t.db.run.count({ where: { konnectorId: id } })).toBe(0);

    const status = await listenStatus(t.p, workspaceId, id);
    expect(status.state).toBe('caught');
    expect(status.caughtAt).not.toBeNull();
    const sample = await sampleOf(id);
    expect(sample).toMatchObject({ connector: 'catch_hook', event: 'catch_hook', records: [{ order_id: 'A-17', customer: { email: 'ada@example.com' } }] });
    expect(sample?.fields.map((f) => f.path)).toEqual(expect.arrayContaining(['order_id', 'customer.email', 'placed_at']));

    // Only the next call: the one after it is an ordinary call to an inactive hook.
    expect((await post(token, '{"second":true}')).status).toBe(404);
    expect((await sampleOf(id))?.records).toEqual([{ order_id: 'A-17', customer: { email: 'ada@example.com' }, placed_at: '2026-12-01T10:00:00.000Z' }]);
  });

  it('on an active konnector the caught call also starts its run', async () => {
    const id = await createKonnector(t.db, workspaceId, hookDraft);
    const { hookToken } = await activate(t.p, workspaceId, id);
    await startListening(t.p, workspaceId, id, 30);
    const res = await post(hookToken ?? '', '{"n":1}');
    expect(res.status).toBe(202);
    const body = (await res.json()) as { runId: string; caught: string };
    expect(body.caught).toBe('caught');
    expect(await t.db.run.count({ where: { id: body.runId, konnectorId: id } })).toBe(1);
    expect((await sampleOf(id))?.records).toEqual([{ n: 1 }]);
  });

  it('many calls at once: exactly one is caught', async () => {
    const id = await createKonnector(t.db, workspaceId, hookDraft);
    const token = await ensureHookEndpoint(t.p, workspaceId, id);
    await startListening(t.p, workspaceId, id, 30);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => post(token, JSON.stringify({ i }))));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 404, 404, 404, 404, 404, 404, 404]);
  });

  it('stopping closes the window; a window that ends says timed_out', async () => {
    const id = await createKonnector(t.db, workspaceId, hookDraft);
    const token = await ensureHookEndpoint(t.p, workspaceId, id);
    await startListening(t.p, workspaceId, id, 30);
    expect((await stopListening(t.p, workspaceId, id)).state).toBe('idle');
    expect((await post(token, '{"late":true}')).status).toBe(404);
    expect(await sampleOf(id)).toBeNull();

    await startListening(t.p, workspaceId, id, 10);
    // The window's end as Redis will see it, moved into the past (no waiting in the test).
    const key = `${t.p.queues.prefix}:konnect:listen:k:${id}`;
    await t.p.queues.redis.set(key, JSON.stringify({ until: Date.now() - 1000 }), 'PX', 60_000);
    expect((await listenStatus(t.p, workspaceId, id)).state).toBe('timed_out');
  });

  it('a konnector whose draft trigger is no longer a hook still reads the call as a Catch Hook', async () => {
    const id = await createKonnector(t.db, workspaceId, hookDraft);
    const token = await ensureHookEndpoint(t.p, workspaceId, id);
    await startListening(t.p, workspaceId, id, 30);
    await t.db.konnector.update({ where: { id }, data: { draft: { trigger: { id: 'trigger', connector: '', event: '', input: {} }, steps: [] } } });
    const res = await post(token, '{"still":"read"}');
    expect(res.status).toBe(200);
    expect((await sampleOf(id))?.records).toEqual([{ still: 'read' }]);
  });

  it('refuses another workspace, unknown konnectors and windows out of range', async () => {
    const id = await createKonnector(t.db, workspaceId, hookDraft);
    await expect(startListening(t.p, otherWorkspaceId, id, 30)).rejects.toMatchObject({ code: 'not_found' });
    await expect(listenStatus(t.p, otherWorkspaceId, id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(stopListening(t.p, otherWorkspaceId, id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(ensureHookEndpoint(t.p, otherWorkspaceId, id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(startListening(t.p, workspaceId, id, 5)).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('seconds') });
    await expect(startListening(t.p, workspaceId, id, 601)).rejects.toMatchObject({ code: 'invalid' });
    expect(await t.db.webhookEndpoint.count({ where: { konnectorId: id, workspaceId: otherWorkspaceId } })).toBe(0);
  });
});
