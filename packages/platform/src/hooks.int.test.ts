/** Catch Hook ingestion over real HTTP (a local server in front of handleHookRequest), Postgres and Redis. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import type { KonnectorDefinitionInput } from '@konnect/schemas';
import { createRegistry } from '@konnect/sdk';
import { runCode } from '@konnect/engine';
import { activate, deactivate } from './activation';
import { handleHookRequest } from './hook-http';
import { ingestHook } from './hooks';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';
import { serve, type TestServer } from './test-http';

const registry = createRegistry([catchHookConnector]);
let t: TestPlatform;
let server: TestServer;
let workspaceId: string;

const hookDraft: KonnectorDefinitionInput = {
  trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
  steps: [{ type: 'code', id: 'echo', source: 'return { ok: true };' }],
};

async function hookKonnector(): Promise<{ id: string; token: string }> {
  const id = await createKonnector(t.db, workspaceId, hookDraft);
  const result = await activate(t.p, workspaceId, id);
  if (!result.hookToken) throw new Error('no hook token');
  return { id, token: result.hookToken };
}

const post = (token: string, body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${server.url}/hooks/${token}?source=test`, { method: 'POST', body, headers });

beforeAll(async () => {
  t = await testPlatform('hooks', registry, { hookRate: { perSecond: 0.05, burst: 12 } });
  workspaceId = await createWorkspace(t.db);
  server = await serve(async (request) => {
    const token = /^\/hooks\/([^/]+)$/.exec(new URL(request.url).pathname)?.[1] ?? '';
    return handleHookRequest(t.p, token, request);
  });
});

afterAll(async () => {
  await server.close();
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
});

describe('POST /hooks/<token>', () => {
  it('answers 202 with the run id, stores the body as the trigger event and enqueues the run', async () => {
    const { id, token } = await hookKonnector();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const res = await post(token, JSON.stringify({ email: 'ada@example.com', amount: 42 }));
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ konnectorId: id, workspaceId, status: 'queued' });
    expect(run.trigger).toMatchObject({ email: 'ada@example.com', amount: 42, query: { source: 'test' } });
    expect((await t.p.queues.queue('run').getJob(runId))?.data).toMatchObject({ runId, workspaceId });
  });

  it('dedupes on the Idempotency-Key header: the same key answers with the same run', async () => {
    const { id, token } = await hookKonnector();
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'order-123' };
    const first = (await (await post(token, '{"n":1}', headers)).json()) as { runId: string };
    const second = (await (await post(token, '{"n":2}', headers)).json()) as { runId: string };
    expect(second.runId).toBe(first.runId);
    expect(await t.db.run.count({ where: { konnectorId: id } })).toBe(1);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: first.runId } })).eventKey).toBe('order-123');
  });

  it('accepts form and multipart bodies', async () => {
    const { token } = await hookKonnector();
    const form = await post(token, 'name=Ada&tag=a&tag=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(202);
    const formRun = await t.db.run.findUniqueOrThrow({ where: { id: ((await form.json()) as { runId: string }).runId } });
    expect(formRun.trigger).toMatchObject({ name: 'Ada', tag: ['a', 'b'] });

    const data = new FormData();
    data.set('name', 'Grace');
    data.set('file', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
    const multipart = await fetch(`${server.url}/hooks/${token}`, { method: 'POST', body: data });
    expect(multipart.status).toBe(202);
    const multiRun = await t.db.run.findUniqueOrThrow({ where: { id: ((await multipart.json()) as { runId: string }).runId } });
    expect(multiRun.trigger).toMatchObject({ name: 'Grace', file: { filename: 'hello.txt', size: 5 } });
  });

  it('finding 10: form, multipart and JSON bodies with keys __proto__, constructor and toString are stored as sent', async () => {
    const { token } = await hookKonnector();
    /** What was sent, as JSON text (`post` adds ?source=test, which the Catch Hook keeps as `query`). */
    const SENT = '{"__proto__":["x","y"],"constructor":"x","toString":"t","hasOwnProperty":"h","name":"Ada"';
    const withQuery = `${SENT},"query":{"source":"test"}}`;
    const stored = async (res: Response) => {
      expect(res.status, await res.clone().text()).toBe(202);
      const { runId } = (await res.json()) as { runId: string };
      const [row] = await t.db.$queryRaw<{ trigger: string }[]>`SELECT "trigger"::text AS "trigger" FROM "Run" WHERE "id" = ${runId}`;
      const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
      const read = run.trigger as Record<string, unknown>;
      // Read back, `__proto__` is an own key holding the data, not the object's prototype.
      expect(Object.hasOwn(read, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
      return { column: JSON.stringify(JSON.parse(row?.trigger ?? 'null')), read: JSON.stringify(read) };
    };

    const form = await stored(await post(token, '__proto__=x&__proto__=y&constructor=x&toString=t&hasOwnProperty=h&name=Ada', { 'content-type': 'application/x-www-form-urlencoded' }));
    // jsonb orders keys by length, then bytes; the same keys and values either way.
    expect(JSON.parse(form.column)).toEqual(JSON.parse(withQuery));
    expect(JSON.parse(form.read)).toEqual(JSON.parse(withQuery));
    expect(form.column).toContain('"__proto__": ["x", "y"]'.replace(/ /g, ''));

    const data = new FormData();
    for (const [key, value] of [['__proto__', 'x'], ['__proto__', 'y'], ['constructor', 'x'], ['toString', 't'], ['hasOwnProperty', 'h'], ['name', 'Ada']] as const) data.append(key, value);
    const multipart = await stored(await fetch(`${server.url}/hooks/${token}`, { method: 'POST', body: data }));
    expect(JSON.parse(multipart.read)).toEqual(JSON.parse(`${SENT}}`));

    const json = await stored(await post(token, `${SENT}}`));
    expect(JSON.parse(json.read)).toEqual(JSON.parse(withQuery));
    // Nothing was polluted on the way.
    expect(({} as Record<string, unknown>).name).toBeUndefined();

    // A code step gets them as ordinary data (templates refuse __proto__ and constructor as paths, by design).
    const code = await runCode({
      source: "return { p: input.trigger['__proto__'], c: input.trigger.constructor, t: input.trigger.toString, keys: Object.keys(input.trigger).sort() };",
      input: { trigger: JSON.parse(form.read) as unknown },
    });
    expect(code).toEqual({ ok: true, logs: [], output: { p: ['x', 'y'], c: 'x', t: 't', keys: ['__proto__', 'constructor', 'hasOwnProperty', 'name', 'query', 'toString'] } });
  });

  it('answers 404 for unknown tokens and for a deactivated konnector', async () => {
    expect((await post('A'.repeat(43), '{}')).status).toBe(404);
    expect((await post('short', '{}')).status).toBe(404);
    const { id, token } = await hookKonnector();
    await deactivate(t.p, workspaceId, id);
    const res = await post(token, '{}');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No active hook at this address' } });
    await expect(ingestHook(t.p, token, { body: {}, headers: {}, query: {} })).rejects.toMatchObject({ code: 'not_found' });
    // Turned on again, the same URL works.
    expect((await activate(t.p, workspaceId, id)).hookToken).toBe(token);
    expect((await post(token, '{}')).status).toBe(202);
  });

  it('answers 413 above 256 KB and 400 for broken JSON', async () => {
    const { id, token } = await hookKonnector();
    const big = JSON.stringify({ blob: 'x'.repeat(256 * 1024) });
    expect((await post(token, big)).status).toBe(413);
    const broken = await post(token, '{"a":');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toMatch(/not valid JSON/);
    expect(await t.db.run.count({ where: { konnectorId: id } })).toBe(0);
  });

  it('rate limits per token with 429 and Retry-After', async () => {
    const { token } = await hookKonnector();
    const other = await hookKonnector();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(token, JSON.stringify({ i }))));
    const statuses = answers.map((r) => r.status);
    // The burst of 12, plus at most one token refilled (0.05/s) on a slow machine.
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThanOrEqual(12);
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(13);
    const limited = answers.find((r) => r.status === 429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another hook is not affected.
    expect((await post(other.token, '{}')).status).toBe(202);
  });
});
