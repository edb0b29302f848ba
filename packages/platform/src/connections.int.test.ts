/**
 * Opened connections kept per platform, against the test database: an unchanged connection is
 * opened once across runs (same client), any change to it (re-sealed secret, settings, connector,
 * workspace) opens it afresh, and rows handed in with the claim are used without a query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { seal } from '@konnect/db';
import { testKeyring } from '@konnect/db/testing';
import { createRegistry } from '@konnect/sdk';
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
    const first = await resolverFor(t.p, workspaceId)(id, 'custify');
    const again = await resolverFor(t.p, workspaceId)(id, 'custify');
    expect(again).toBe(first);
    expect(first.secrets).toContain('key-one-123456');
    // Another platform keeps its own.
    expect(await resolverFor(createPlatform({ ...t.p }), workspaceId)(id, 'custify')).not.toBe(first);

    // A new secret (re-sealed: a new envelope) is opened afresh.
    const resealed = seal(testKeyring, JSON.stringify({ apiKey: 'key-two-123456', baseUrl: 'http://127.0.0.1:1' }), workspaceId);
    await t.db.connection.update({ where: { id }, data: { secret: resealed.envelope } });
    const rekeyed = await resolverFor(t.p, workspaceId)(id, 'custify');
    expect(rekeyed).not.toBe(first);
    expect(rekeyed.auth).toMatchObject({ apiKey: 'key-two-123456' });
    expect(rekeyed.secrets).not.toContain('key-one-123456');

    // Settings are part of what it was built from too.
    await t.db.connection.update({ where: { id }, data: { settings: { label: 'eu' } } });
    const resettled = await resolverFor(t.p, workspaceId)(id, 'custify');
    expect(resettled).not.toBe(rekeyed);
    expect(resettled.auth).toMatchObject({ apiKey: 'key-two-123456' });
    expect(await resolverFor(t.p, workspaceId)(id, 'custify')).toBe(resettled);

    // Asked for as another connector, it is refused as before, not served from the cache.
    await expect(resolverFor(t.p, workspaceId)(id, 'hubspot')).rejects.toThrow(/unknown connector|is a custify connection/);
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
    const resolved = await resolverFor(p, workspaceId, [row])(id, 'custify');
    expect(resolved.auth).toMatchObject({ apiKey: 'preloaded-123456' });
    expect(queries).toBe(0);

    // A row claiming another workspace is not used: the scoped query decides (and finds nothing there).
    const other = await createWorkspace(t.db);
    try {
      await expect(resolverFor(p, other, [row])(id, 'custify')).rejects.toThrow(/does not exist in this workspace/);
      expect(queries).toBe(1);
    } finally {
      await t.db.workspace.delete({ where: { id: other } });
    }
  });
});
