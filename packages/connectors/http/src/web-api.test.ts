import { ConnectorError, describeConnector, runAction, testConnection } from '@konnect/sdk';
import { sendJson, startServer, type TestServer } from '@konnect/sdk/test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApiConnector } from './index';

let server: TestServer;
let base: string;
const seen = () => server.received;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const { path } = req;
    const pathname = path.split('?')[0] ?? '';
    const key = req.headers['x-api-key'] ?? req.headers.authorization;
    if (pathname.startsWith('/locked')) return sendJson(res, 401, { error: 'who are you?' });
    if (pathname.endsWith('/echo-auth')) return sendJson(res, 403, { error: `credentials ${String(key)} not allowed` });
    if (pathname === '/v1/') return sendJson(res, 404, { error: 'nothing at the root' });
    sendJson(res, 200, { method: req.method, path, body: req.body.toString('utf8') });
  });
  base = server.url;
});
afterAll(() => server.close());

const bearer = () => ({ baseUrl: `${base}/v1`, scheme: 'bearer', token: 'tok_web_api_123' });

function call(auth: Record<string, unknown>, input: Record<string, unknown>) {
  return runAction({ connector: webApiConnector, actionKey: 'request', auth, input, idempotencyKey: 'r:s:0', httpOptions: { retry: { retries: 0 } } });
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const err: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

describe('Web API: requests with the connection', () => {
  it('sends the request to a path under the base URL with the bearer token', async () => {
    const out = await call(bearer(), { method: 'POST', path: '/items', query: { page: 2 }, bodyType: 'json', body: { a: 1 } });
    expect(out).toMatchObject({ status: 200, body: { method: 'POST', path: '/v1/items?page=2', body: '{"a":1}' } });
    expect(seen().at(-1)?.headers.authorization).toBe('Bearer tok_web_api_123');
  });

  it('sends basic auth, or an API key in the header the connection names', async () => {
    await call({ baseUrl: base, scheme: 'basic', username: 'ada', password: 'p4ss:word' }, { path: '/x' });
    expect(seen().at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('ada:p4ss:word').toString('base64')}`);
    await call({ baseUrl: base, scheme: 'header', headerName: 'X-Api-Key', headerValue: 'key_42' }, { path: '/y' });
    expect(seen().at(-1)?.headers['x-api-key']).toBe('key_42');
    expect(seen().at(-1)?.headers.authorization).toBeUndefined();
  });

  it.each([['https://evil.example/steal'], ['//evil.example/steal'], ['/\\evil.example'], ['items'], ['/a b']])(
    'refuses the path %j: the credentials only ever go to the base URL',
    async (path) => {
      const before = seen().length;
      const err = await failure(call(bearer(), { path }));
      expect(err.kind).toBe('config');
      expect(err.message).toContain('Input "path": ');
      expect(seen().length).toBe(before);
    },
  );

  it('redacts the credentials from a failure, also the derived Basic header', async () => {
    const token = await failure(call(bearer(), { path: '/echo-auth' }));
    expect(token.kind).toBe('forbidden');
    expect(JSON.stringify(token.toJSON())).not.toContain('tok_web_api_123');
    const basic = await failure(call({ baseUrl: base, scheme: 'basic', username: 'ada', password: 'pw_secret_9' }, { path: '/echo-auth' }));
    const text = JSON.stringify(basic.toJSON());
    expect(text).not.toContain('pw_secret_9');
    expect(text).not.toContain(Buffer.from('ada:pw_secret_9').toString('base64'));
    expect(basic.message).toContain('[redacted]');
  });
});

describe('Web API: the credentials stay under the base URL', () => {
  it('finding 5: a "header" scheme key (X-Api-Key) is not sent on to another origin a redirect points at', async () => {
    const other = await startServer((req, res) => sendJson(res, 200, { key: req.headers['x-api-key'] ?? null, auth: req.headers.authorization ?? null }));
    const hop = await startServer((_req, res) => res.writeHead(302, { location: `${other.url}/collect` }).end());
    try {
      const out = await call({ baseUrl: hop.url, scheme: 'header', headerName: 'X-Api-Key', headerValue: 'key_redirected_77' }, { path: '/start' });
      expect(hop.received[0]?.headers['x-api-key']).toBe('key_redirected_77');
      expect(out).toMatchObject({ status: 200, body: { key: null, auth: null } });
      expect(JSON.stringify(other.received.map((r) => r.headers))).not.toContain('key_redirected_77');
    } finally {
      await other.close();
      await hop.close();
    }
  });

  it.each([['/../../people'], ['/%2e%2e/%2e%2e/people'], ['/%2E./people'], ['/.%2e/people'], ['/v1/..%2f..%2fpeople'], ['/..\\people'], ['/./people']])(
    'finding 9: the path %j is refused naming the field, and nothing is sent',
    async (path) => {
      const before = seen().length;
      const err = await failure(call(bearer(), { path }));
      expect(err.kind).toBe('config');
      expect(err.message).toContain('Input "path": ');
      expect(err.message).toContain('".." segments');
      expect(seen().length).toBe(before);
    },
  );
});

describe('Web API connection', () => {
  it('"Test connection" fails refused credentials and accepts any other answer of the base URL', async () => {
    expect(await testConnection(webApiConnector, { baseUrl: `${base}/locked`, scheme: 'bearer', token: 't' })).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(await testConnection(webApiConnector, bearer())).toEqual({ ok: true, account: new URL(base).host });
    expect(await testConnection(webApiConnector, { baseUrl: `${base}/ok`, scheme: 'bearer', token: 't' })).toEqual({ ok: true, account: new URL(base).host });
  });

  it.each([
    [{ baseUrl: 'ftp://x.io', scheme: 'bearer', token: 't' }, 'baseUrl'],
    [{ baseUrl: 'https://x.io', scheme: 'bearer' }, 'token'],
    [{ baseUrl: 'https://x.io', scheme: 'basic' }, 'username'],
    [{ baseUrl: 'https://x.io', scheme: 'header', headerValue: 'k' }, 'headerName'],
    [{ baseUrl: 'https://x.io', scheme: 'header', headerName: 'X-Key' }, 'headerValue'],
  ])('refuses the connection %j naming %s', async (auth, field) => {
    const result = await testConnection(webApiConnector, auth);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toContain(`${field}: `);
  });

  it('is a tool with an API-key connection whose token, password and header value are secret', () => {
    const entry = describeConnector(webApiConnector);
    expect(entry).toMatchObject({ key: 'web_api', category: 'tool', auth: { kind: 'apiKey' } });
    const props = entry.auth.fields.properties as Record<string, Record<string, unknown>>;
    expect([props.token?.secret, props.password?.secret, props.headerValue?.secret, props.username?.secret]).toEqual([true, true, true, undefined]);
    expect(entry.actions.map((a) => a.key)).toEqual(['request']);
  });
});
