/**
 * A connection's credentials go only to its base URL: never to another origin (redirects, absolute
 * URLs), never out of its base path (dot segments), and never shown in any spelling (base64,
 * URL-encoded, JSON-escaped). Real HTTP to two local servers on different ports (two origins).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConnector } from './define';
import { ConnectorError } from './errors';
import { createHttpClient, hasDotSegment } from './http';
import { createRedactor } from './redact';
import { connectionHttp, connectionSecretValues, testConnection } from './runtime';
import { sendJson, startServer, type TestServer } from './test-server';
import type { ApiKeyAuth } from './types';

let app: TestServer;
let elsewhere: TestServer;
beforeAll(async () => {
  app = await startServer();
  elsewhere = await startServer((req, res) => sendJson(res, 200, { headers: req.headers }));
});
afterAll(async () => {
  await app.close();
  await elsewhere.close();
});

const KEY = 'hdr_key_5f3a9c21';

/** An API whose key travels in a header of the connection's choosing, not Authorization. */
const fields = z.object({
  baseUrl: z.string().meta({ label: 'Base URL' }),
  headerName: z.string().meta({ label: 'Header name' }),
  key: z.string().meta({ label: 'Key', secret: true }),
  username: z.string().optional().meta({ label: 'Username' }),
  password: z.string().optional().meta({ label: 'Password', secret: true }),
});
const auth: ApiKeyAuth<typeof fields> = {
  kind: 'apiKey',
  fields,
  http: (a) => ({
    baseURL: a.baseUrl,
    headers: (a.username
      ? { Authorization: `Basic ${Buffer.from(`${a.username}:${a.password ?? ''}`).toString('base64')}` }
      : { [a.headerName]: a.key, 'X-Tenant': 'acme' }) as Record<string, string>,
  }),
  async validate({ http }) {
    await http.request({ method: 'GET', url: '/me' });
    return {};
  },
};
const connector = defineConnector({ key: 'hdr', name: 'Header API', description: 'test', category: 'app', icon: '', auth, triggers: [], actions: [] });

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const err: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

describe('credential headers stay on the base URL origin', () => {
  it('finding 5: a connection\'s "X-Api-Key" header is dropped on a cross-origin redirect (and every other header its auth set)', async () => {
    app.handle((req, res) => res.writeHead(302, { location: `${elsewhere.url}/landing` }).end());
    elsewhere.handle((req, res) => sendJson(res, 200, { headers: req.headers }));
    const http = connectionHttp(connector, { baseUrl: app.url, headerName: 'X-Api-Key', key: KEY });
    const res = await http.request<{ headers: Record<string, string> }>({ method: 'GET', url: '/go', headers: { 'X-Request': 'kept' } });
    // The app itself got the key; the other origin got neither it, nor the other auth header.
    expect(app.received[0]?.headers['x-api-key']).toBe(KEY);
    expect(res.data.headers['x-api-key']).toBeUndefined();
    expect(res.data.headers['x-tenant']).toBeUndefined();
    expect(res.data.headers['x-request']).toBe('kept');
    expect(JSON.stringify(elsewhere.received)).not.toContain(KEY);
  });

  it('keeps the credential headers on a same-origin redirect', async () => {
    app.handle((req, res) => {
      if (req.path === '/old') return res.writeHead(301, { location: '/new' }).end();
      sendJson(res, 200, { key: req.headers['x-api-key'] ?? null });
    });
    const http = connectionHttp(connector, { baseUrl: app.url, headerName: 'X-Api-Key', key: KEY });
    const res = await http.request({ method: 'GET', url: '/old' });
    expect(res.data).toEqual({ key: KEY });
  });

  it('an absolute URL of another origin gets none of the connection\'s credential headers', async () => {
    elsewhere.handle((req, res) => sendJson(res, 200, { headers: req.headers }));
    const http = connectionHttp(connector, { baseUrl: app.url, headerName: 'X-Api-Key', key: KEY });
    const res = await http.request<{ headers: Record<string, string> }>({ method: 'GET', url: `${elsewhere.url}/abs` });
    expect(res.data.headers['x-api-key']).toBeUndefined();
    expect(elsewhere.received).toHaveLength(1);
  });

  it('drops a request header whose value holds a secret (in any spelling) on a cross-origin hop', async () => {
    app.handle((req, res) => res.writeHead(307, { location: `${elsewhere.url}/landing` }).end());
    elsewhere.handle((req, res) => sendJson(res, 200, { headers: req.headers }));
    const client = createHttpClient({ baseURL: app.url, secrets: ['tok_in_custom_header'] });
    const encoded = Buffer.from('tok_in_custom_header').toString('base64');
    const res = await client.request<{ headers: Record<string, string> }>({ method: 'GET', url: '/x', headers: { 'X-Custom': 'tok_in_custom_header', 'X-Encoded': encoded, 'X-Plain': 'ok' } });
    expect(res.data.headers['x-custom']).toBeUndefined();
    expect(res.data.headers['x-encoded']).toBeUndefined();
    expect(res.data.headers['x-plain']).toBe('ok');
  });
});

describe('paths stay under the base URL', () => {
  const spellings = [
    '/../../people',
    '/v1/../../people',
    '/..',
    '/./people',
    '/%2e%2e/people',
    '/%2E%2E/people',
    '/%2E./people',
    '/.%2e/people',
    '/..%2fpeople',
    '/..%2Fpeople',
    '/%2e%2e%2fpeople',
    '/..\\people',
    '/x\\..\\..\\people',
    '/%252e%252e/people',
    '/..;/people',
    '/items/..?page=1',
    '/%2e%2e%2f%zz/people',
  ];

  it.each(spellings)('finding 9: the path %j is refused before anything is sent, the key never leaves the base path', async (path) => {
    app.handle((req, res) => sendJson(res, 200, { path: req.path }));
    const http = connectionHttp(connector, { baseUrl: `${app.url}/api/v1`, headerName: 'X-Api-Key', key: KEY });
    const err = await failure(http.request({ method: 'GET', url: path }));
    expect(err.kind).toBe('config');
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/"\." or "\.\." segment|outside the connection's base URL/);
    expect(app.received).toHaveLength(0);
  });

  it.each(['/people', '/v1.2/items', '/a..b/c', '/.well-known/x', '/...', '/items?next=../../admin', '/files/report.v2..final'])(
    'the path %j is a normal path under the base URL',
    async (path) => {
      app.handle((req, res) => sendJson(res, 200, { path: req.path }));
      const http = connectionHttp(connector, { baseUrl: `${app.url}/api`, headerName: 'X-Api-Key', key: KEY });
      const res = await http.request<{ path: string }>({ method: 'GET', url: path });
      expect(res.data.path.startsWith('/api/')).toBe(true);
    },
  );

  it('hasDotSegment reads the path only, not the query', () => {
    expect(hasDotSegment('/a/b?c=../..')).toBe(false);
    expect(hasDotSegment('/a/../b')).toBe(true);
    expect(hasDotSegment('..')).toBe(true);
  });
});

describe('every spelling of a secret is redacted', () => {
  it('raw, URL-encoded, JSON-escaped and base64 (with and without padding, base64url)', () => {
    const secret = 'p"ss/w?rd+1';
    const r = createRedactor([secret]);
    const forms = [
      secret,
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64').replace(/=+$/, ''),
      Buffer.from(secret).toString('base64url'),
    ];
    for (const form of forms) expect(r.text(`said: ${form}!`)).toBe('said: [redacted]!');
  });

  it('a connection\'s secret values include the Basic header and its base64 credential', () => {
    const values = connectionSecretValues(connector, { baseUrl: app.url, headerName: 'X', key: 'unused-key', username: 'ada', password: 'pw_9f8e7d' });
    const credential = Buffer.from('ada:pw_9f8e7d').toString('base64');
    expect(values).toEqual(expect.arrayContaining(['pw_9f8e7d', `Basic ${credential}`, credential]));
  });

  it('finding 7: a Basic credential an app quotes (base64) in its 401 body never reaches "Test connection"\'s message', async () => {
    const credential = Buffer.from('ada:pw_9f8e7d').toString('base64');
    app.handle((req, res) => sendJson(res, 401, { error: `credential ${credential} (ada:pw_9f8e7d) rejected`, raw: req.headers.authorization }));
    const result = await testConnection(connector, { baseUrl: app.url, headerName: 'X', key: 'k', username: 'ada', password: 'pw_9f8e7d' }, { retry: { retries: 0 } });
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result);
    expect(text).not.toContain(credential);
    expect(text).not.toContain('pw_9f8e7d');
    expect(text).toContain('[redacted]');
  });
});
