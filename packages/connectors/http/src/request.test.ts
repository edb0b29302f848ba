import { ConnectorError, describeConnector, runAction, type HttpClientOptions } from '@konnect/sdk';
import { sendJson, startServer, type TestServer } from '@konnect/sdk/test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpConnector } from './index';

let server: TestServer;
let base: string;
const seen = () => server.received;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const { path } = req;
    const body = req.body.toString('utf8');
    const pathname = path.split('?')[0];
    if (pathname === '/echo') return sendJson(res, 200, { method: req.method, path, body, type: req.headers['content-type'] ?? null }, { 'X-Served-By': 'test' });
    if (pathname === '/text') return res.writeHead(200, { 'content-type': 'text/plain' }).end('plain answer');
    if (pathname === '/empty') return res.writeHead(204).end();
    if (pathname === '/missing') return sendJson(res, 404, { error: 'no such item' });
    if (pathname === '/broken') return sendJson(res, 500, { message: 'upstream down' });
    if (pathname === '/echo-auth') return sendJson(res, 403, { error: `token ${req.headers.authorization ?? ''} not allowed` });
    if (pathname === '/silent') return;
    sendJson(res, 200, {});
  });
  base = server.url;
});
afterAll(() => server.close());

const waits: number[] = [];
const httpOptions: Partial<HttpClientOptions> = { sleep: async (ms) => void waits.push(ms) };

function call(input: Record<string, unknown>, extra: Partial<HttpClientOptions> = {}) {
  return runAction({ connector: httpConnector, actionKey: 'request', auth: undefined, input, idempotencyKey: 'r:s:0', httpOptions: { ...httpOptions, ...extra } });
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const err: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

describe('HTTP Request: requests', () => {
  it('sends a GET with query and headers and returns status, headers and body', async () => {
    const out = await call({ url: `${base}/echo?fixed=1#frag`, query: { page: 2, q: 'a b', on: true }, headers: { 'X-Api-Version': '3' } });
    expect(out).toMatchObject({ status: 200, body: { method: 'GET', path: '/echo?fixed=1&page=2&q=a+b&on=true', body: '' } });
    expect((out.headers as Record<string, string>)['x-served-by']).toBe('test');
    expect(seen().at(-1)?.headers['x-api-version']).toBe('3');
  });

  it.each([
    ['json object', { bodyType: 'json', body: { a: [1, 2] } }, '{"a":[1,2]}', 'application/json'],
    ['json text', { bodyType: 'json', body: '{"b":true}' }, '{"b":true}', 'application/json'],
    ['form', { bodyType: 'form', body: { name: 'Ada L', tag: ['x', 'y'], n: 3 } }, 'name=Ada+L&tag=x&tag=y&n=3', 'application/x-www-form-urlencoded'],
    ['text', { bodyType: 'text', body: 'hello\nworld' }, 'hello\nworld', 'text/plain; charset=utf-8'],
  ])('sends a %s body', async (_name, input, body, type) => {
    const out = await call({ method: 'POST', url: `${base}/echo`, ...input });
    expect(out.body).toMatchObject({ method: 'POST', body, type });
  });

  it('lets a Content-Type header win over the body type default', async () => {
    const out = await call({ method: 'PUT', url: `${base}/echo`, bodyType: 'text', body: '<a/>', headers: { 'content-type': 'application/xml' } });
    expect(out.body).toMatchObject({ method: 'PUT', type: 'application/xml', body: '<a/>' });
  });

  it('returns text and empty bodies', async () => {
    expect(await call({ url: `${base}/text` })).toMatchObject({ status: 200, body: 'plain answer' });
    expect(await call({ method: 'DELETE', url: `${base}/empty` })).toMatchObject({ status: 204, body: '' });
  });

  it('adds bearer and basic authentication', async () => {
    await call({ url: `${base}/echo`, auth: 'bearer', token: 'tok_123456' });
    expect(seen().at(-1)?.headers.authorization).toBe('Bearer tok_123456');
    await call({ url: `${base}/echo`, auth: 'basic', username: 'ada', password: 'p4ss:word' });
    expect(seen().at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('ada:p4ss:word').toString('base64')}`);
  });
});

describe('HTTP Request: failures', () => {
  it('fails a 404 with the status and the body', async () => {
    const err = await failure(call({ url: `${base}/missing?key=abc` }));
    expect(err.kind).toBe('not_found');
    expect(err.status).toBe(404);
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(`HTTP 404 from GET ${base}/missing: no such item`);
    expect(err.exchange?.response).toEqual({ status: 404, body: { error: 'no such item' } });
  });

  it('retries a 500 through the client, then fails retryable', async () => {
    waits.length = 0;
    const before = seen().length;
    const err = await failure(call({ method: 'POST', url: `${base}/broken`, bodyType: 'json', body: { a: 1 } }, { retry: { retries: 2 } }));
    expect(err).toMatchObject({ kind: 'server', status: 500, retryable: true, message: `HTTP 500 from POST ${base}/broken: upstream down` });
    expect(seen().length - before).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('redacts the token from a failure', async () => {
    const err = await failure(call({ url: `${base}/echo-auth`, auth: 'bearer', token: 'tok_secret_987' }));
    expect(err.kind).toBe('forbidden');
    expect(JSON.stringify(err.toJSON())).not.toContain('tok_secret_987');
    expect(err.message).toContain('[redacted]');
  });

  it('times out', async () => {
    const err = await failure(call({ url: `${base}/silent`, timeoutMs: 150 }, { retry: { retries: 0 } }));
    expect(err.kind).toBe('timeout');
  });

  it('goes through the outbound guard it is handed', async () => {
    const err = await failure(
      call({ url: `${base}/echo` }, { guard: async (url) => { if (url.hostname === '127.0.0.1') throw new Error('loopback address'); } }),
    );
    expect(err).toMatchObject({ kind: 'refused', message: 'Outbound request refused: loopback address' });
  });

  it.each([
    [{ url: 'ftp://example.com/x' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'https://x.io', auth: 'bearer' }, 'token'],
    [{ url: 'https://x.io', auth: 'basic' }, 'username'],
    [{ url: 'https://x.io', method: 'POST', bodyType: 'json', body: '{oops' }, 'body'],
    [{ url: 'https://x.io', method: 'POST', bodyType: 'form', body: { nested: { a: 1 } } }, 'body'],
    [{ url: 'https://x.io', bodyType: 'json', body: {} }, 'bodyType'],
    [{ url: 'https://x.io', headers: { 'Bad Header': 'x' } }, 'headers.Bad Header'],
    [{ url: 'https://x.io', timeoutMs: 5 }, 'timeoutMs'],
  ])('rejects %j naming %s', async (input, field) => {
    const err = await failure(call(input));
    expect(err.kind).toBe('config');
    expect(err.message).toContain(`Input "${field}": `);
  });
});

describe('HTTP connector', () => {
  it('is a tool without auth whose token and password fields are marked secret', () => {
    const entry = describeConnector(httpConnector);
    expect(entry).toMatchObject({ key: 'http', category: 'tool', auth: { kind: 'none' } });
    const props = entry.actions[0]?.input.properties as Record<string, Record<string, unknown>>;
    expect(props.token).toMatchObject({ secret: true });
    expect(props.password).toMatchObject({ secret: true });
    expect(entry.actions[0]?.input.required).toEqual(['url']);
  });
});
