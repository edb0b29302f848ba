import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from './errors';
import { createTestKit } from './testkit';
import { testConnector } from './test-connector';
import { sendJson, startServer, type TestServer } from './test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.headers.authorization !== 'Bearer good') return sendJson(res, 401, { message: 'unknown key' });
    if (req.path === '/me') return sendJson(res, 200, { account: 'Kit Inc' });
    if (req.path.startsWith('/contacts?')) {
      return sendJson(res, 200, { contacts: [{ id: '1', created_at: '2026-01-01T00:00:00Z' }], pages: 1 });
    }
    return sendJson(res, 201, { ok: true, idem: req.headers['idempotency-key'] });
  });
});
afterAll(async () => {
  await server.close();
});

describe('createTestKit', () => {
  it('runs validate, actions, polls and samples against the base URL it is given', async () => {
    const kit = createTestKit(testConnector, { auth: { apiKey: 'good' }, baseURL: server.url });
    expect(await kit.validate()).toEqual({ account: 'Kit Inc' });
    const out = await kit.runAction('create_contact', { name: 'A', contact: { email: 'a@x.io' } });
    expect(out).toMatchObject({ ok: true, idem: 'test:create_contact:1' });
    const first = await kit.poll('new_contact', {}, null);
    expect(first.cursor.watermark).toBe('2026-01-01T00:00:00.000Z');
    expect((await kit.poll('new_contact', {}, first.cursor)).events).toEqual([]);
    expect((await kit.sample('new_contact', {})).fields.map((f) => f.type)).toEqual(['string', 'date']);
    const raw = await kit.http.request({ method: 'GET', url: '/me' });
    expect(raw.status).toBe(200);
  });

  it('surfaces failures as ConnectorErrors', async () => {
    const kit = createTestKit(testConnector, { auth: { apiKey: 'key-that-is-wrong' }, baseURL: server.url });
    await expect(kit.validate()).rejects.toBeInstanceOf(ConnectorError);
    await expect(kit.validate()).rejects.toMatchObject({ kind: 'auth', message: 'Invalid API key (401): unknown key' });
  });

  it('refuses invalid connection values up front', () => {
    expect(() => createTestKit(testConnector, { auth: {} })).toThrow(/apiKey/);
  });
});
