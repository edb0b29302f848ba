/**
 * Opened connections kept per platform, against the test database: an unchanged connection is
 * opened once across runs (same client), any change to it (re-sealed secret, settings, connector,
 * workspace) opens it afresh, and rows handed in with the claim are used without a query. A
 * connection's client for steps sends each request once; its client for triggers retries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { seal } from '@konnect/db';
import { testKeyring } from '@konnect/db/testing';
import { DEFAULT_RETRY, createRegistry } from '@konnect/sdk';
import { sendJson, startServer } from '@konnect/sdk/test-server';
import type { ConnectionRow } from './connections';
import { createPlatform, resolverFor } from './platform';
import { createConnection, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

let t: TestPlatform;
let workspaceId: string;

const rowOf = (id: string): Promise<ConnectionRow> =>
  t.db.connection.findUniqueOrThrow({ where: { id }, select: { id: true, workspaceId: true, connectorKey: true, name: true, secret: true, settings: true } });

beforeAll(async () => {
  t = await testPlatform('connections', createRegistry([custify, catchHookConnector]));
  workspaceId = await createWorkspace(t.db);
});

afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
});

describe('opened connections', () => {
  it('an unchanged connection is opened once per platform; an edited one is opened again', async () => {
    const id = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'key-one-123456', baseUrl: 'http://127.0.0.1:1' });
    const first = await resolverFor(t.p, 'steps', workspaceId)(id, 'custify');
    const again = await resolverFor(t.p, 'steps', workspaceId)(id, 'custify');
    expect(again).toBe(first);
    expect(first.secrets).toContain('key-one-123456');
    // Another platform keeps its own.
    expect(await resolverFor(createPlatform({ ...t.p }), 'steps', workspaceId)(id, 'custify')).not.toBe(first);

    // A new secret (re-sealed: a new envelope) is opened afresh.
    const resealed = seal(testKeyring, JSON.stringify({ apiKey: 'key-two-123456', baseUrl: 'http://127.0.0.1:1' }), workspaceId);
    await t.db.connection.update({ where: { id }, data: { secret: resealed.envelope } });
    const rekeyed = await resolverFor(t.p, 'steps', workspaceId)(id, 'custify');
    expect(rekeyed).not.toBe(first);
    expect(rekeyed.auth).toMatchObject({ apiKey: 'key-two-123456' });
    expect(rekeyed.secrets).not.toContain('key-one-123456');

    // Settings are part of what it was built from too.
    await t.db.connection.update({ where: { id }, data: { settings: { label: 'eu' } } });
    const resettled = await resolverFor(t.p, 'steps', workspaceId)(id, 'custify');
    expect(resettled).not.toBe(rekeyed);
    expect(resettled.auth).toMatchObject({ apiKey: 'key-two-123456' });
    expect(await resolverFor(t.p, 'steps', workspaceId)(id, 'custify')).toBe(resettled);

    // Asked for as another connector, it is refused as before, not served from the cache.
    await expect(resolverFor(t.p, 'steps', workspaceId)(id, 'hubspot')).rejects.toThrow(/unknown connector|is a custify connection/);
  });

  it('uses rows handed in without a query, but only rows of its own workspace', async () => {
    const id = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'preloaded-123456', baseUrl: 'http://127.0.0.1:1' });
    const row = await rowOf(id);
    let queries = 0;
    const db = new Proxy(t.db, {
      get(target, prop) {
        if (prop === 'connection') {
          queries++;
          return target.connection;
        }
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const p = createPlatform({ ...t.p, db });
    const resolved = await resolverFor(p, 'steps', workspaceId, [row])(id, 'custify');
    expect(resolved.auth).toMatchObject({ apiKey: 'preloaded-123456' });
    expect(queries).toBe(0);

    // A row claiming another workspace is not used: the scoped query decides (and finds nothing there).
    const other = await createWorkspace(t.db);
    try {
      await expect(resolverFor(p, 'steps', other, [row])(id, 'custify')).rejects.toThrow(/does not exist in this workspace/);
      expect(queries).toBe(1);
    } finally {
      await t.db.workspace.delete({ where: { id: other } });
    }
  });

  it("a connection's client per use: for steps it sends a request once (the engine retries), for triggers it retries on its own", async () => {
    let failures = Infinity;
    const app = await startServer();
    const handler = () => app.handle((_req, res) => (failures-- > 0 ? sendJson(res, 503, { error: 'busy' }, { 'Retry-After': '0' }) : sendJson(res, 200, { data: [] })));
    try {
      const id = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'key-use-123456', baseUrl: app.url });
      // The platform's extras cannot turn retries back on for steps.
      const p = createPlatform({ ...t.p, httpOptions: { retry: { retries: 2 } } });
      const forSteps = await resolverFor(p, 'steps', workspaceId)(id, 'custify');
      const forTriggers = await resolverFor(p, 'triggers', workspaceId)(id, 'custify');
      expect(forTriggers).not.toBe(forSteps);

      handler();
      await expect(forSteps.http.request({ method: 'POST', url: '/note', body: { text: 'x' } })).rejects.toMatchObject({ kind: 'server', status: 503, retryable: true, retryAfterMs: 0 });
      expect(app.received).toHaveLength(1);

      handler();
      await expect(forTriggers.http.request({ method: 'GET', url: '/people' })).rejects.toMatchObject({ status: 503 });
      expect(app.received).toHaveLength(1 + 2);

      // With the default policy a poll rides out a transient 503.
      failures = 2;
      handler();
      const polled = await resolverFor(t.p, 'triggers', workspaceId)(id, 'custify');
      expect((await polled.http.request({ method: 'GET', url: '/people' })).status).toBe(200);
      expect(app.received).toHaveLength(3);
      expect(DEFAULT_RETRY.retries).toBeGreaterThanOrEqual(2);
    } finally {
      await app.close();
    }
  });
});
