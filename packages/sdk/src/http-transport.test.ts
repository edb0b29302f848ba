/**
 * The HTTP client's transport (node:http) over real HTTP: what each kind of body sends, the
 * default headers, compressed answers (gzip, deflate both ways, br) and the size limit after
 * decompression, a byte-order mark, keep-alive reuse, and an answer cut off mid-body.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from './http';
import { connectorFailure, startServer, type TestServer } from './test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const client = () => createHttpClient({ baseURL: server.url, retry: { retries: 0 } });



describe('the HTTP transport: what goes out', () => {
  it('sends the default Accept and Accept-Encoding, with the request’s own headers winning', async () => {
    server.handle((_req, res) => res.writeHead(204).end());
    await client().request({ method: 'GET', url: '/a' });
    expect(server.received[0]?.headers).toMatchObject({ accept: 'application/json, text/plain, */*', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'Konnect' });
    await client().request({ method: 'GET', url: '/b', headers: { Accept: 'text/csv' } });
    expect(server.received[1]?.headers.accept).toBe('text/csv');
  });

  it('a JSON value is sent as JSON with its length; text, bytes and a form as they are', async () => {
    server.handle((_req, res) => res.writeHead(204).end());
    const http = client();
    await http.request({ method: 'POST', url: '/json', body: { name: 'Zoë', n: [1, 2] } });
    await http.request({ method: 'POST', url: '/number', body: 42 });
    await http.request({ method: 'POST', url: '/text', body: 'plain words', headers: { 'Content-Type': 'text/plain' } });
    await http.request({ method: 'POST', url: '/bytes', body: Buffer.from([0, 1, 2, 255]) });
    await http.request({ method: 'POST', url: '/form', body: new URLSearchParams({ a: '1', b: 'x y' }) });
    const [json, number, text, bytes, form] = server.received;
    expect(json?.headers['content-type']).toBe('application/json');
    expect(json?.headers['content-length']).toBe(String(json?.body.length));
    expect(JSON.parse(json?.body.toString() ?? '')).toEqual({ name: 'Zoë', n: [1, 2] });
    expect(number?.body.toString()).toBe('42');
    expect(text?.headers['content-type']).toBe('text/plain');
    expect(text?.body.toString()).toBe('plain words');
    expect(bytes?.headers['content-type']).toBeUndefined();
    expect([...(bytes?.body ?? [])]).toEqual([0, 1, 2, 255]);
    expect(form?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=utf-8');
    expect(form?.body.toString()).toBe('a=1&b=x+y');
  });

  it('a body that cannot become JSON fails at once as a network error, not retried', async () => {
    server.handle((_req, res) => res.writeHead(204).end());
    const err = await connectorFailure(client().request({ method: 'POST', url: '/big-int', body: { n: 10n } }));
    expect(err.retryable).toBe(false);
    expect(server.received).toHaveLength(0);
  });

  it('a header value with a line break is refused before sending, not retried', async () => {
    server.handle((_req, res) => res.writeHead(204).end());
    const err = await connectorFailure(client().request({ method: 'GET', url: '/h', headers: { 'X-Bad': 'a\r\nInjected: yes' } }));
    expect(err.retryable).toBe(false);
    expect(server.received).toHaveLength(0);
  });
});

describe('the HTTP transport: what comes back', () => {
  const doc = { people: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `Person ${i}` })) };
  const text = JSON.stringify(doc);
  const encodings: Record<string, Buffer> = {
    gzip: gzipSync(text),
    deflate: deflateSync(text),
    br: brotliCompressSync(text),
  };

  for (const [encoding, bytes] of Object.entries(encodings)) {
    it(`reads a ${encoding} answer`, async () => {
      server.handle((_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding }).end(bytes));
      const res = await client().request({ method: 'GET', url: '/people' });
      expect(res.data).toEqual(doc);
    });
  }

  it('reads a raw deflate answer (no zlib header), as some servers send', async () => {
    server.handle((_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate' }).end(deflateRawSync(text)));
    expect((await client().request({ method: 'GET', url: '/people' })).data).toEqual(doc);
  });

  it('holds the size limit after decompression: a small gzip that inflates past it fails, not retried', async () => {
    const bomb = gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(10_000);
    server.handle((_req, res) => res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(bomb));
    const err = await connectorFailure(client().request({ method: 'GET', url: '/bomb', maxResponseBytes: 100_000 }));
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('Response body larger than 100000 bytes');
  });

  it('a corrupt gzip body is a network error naming it', async () => {
    server.handle((_req, res) => res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(Buffer.from('not gzip at all')));
    const err = await connectorFailure(client().request({ method: 'GET', url: '/corrupt' }));
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/header|check/i);
  });

  it('drops a UTF-8 byte-order mark before reading JSON', async () => {
    server.handle((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ok":true}')])));
    expect((await client().request({ method: 'GET', url: '/bom' })).data).toEqual({ ok: true });
  });

  it('keeps the connection alive between requests of one client', async () => {
    let connections = 0;
    const counting = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    counting.on('connection', () => connections++);
    await new Promise<void>((resolve) => counting.listen(0, '127.0.0.1', resolve));
    try {
      const http = createHttpClient({ baseURL: `http://127.0.0.1:${(counting.address() as AddressInfo).port}`, retry: { retries: 0 } });
      for (let i = 0; i < 5; i++) await http.request({ method: 'GET', url: `/k${i}` });
      expect(connections).toBe(1);
    } finally {
      counting.closeAllConnections();
      await new Promise<void>((resolve) => counting.close(() => resolve()));
    }
  });
});

describe('the HTTP transport: an answer cut off', () => {
  let raw: Server;
  let url: string;
  beforeAll(async () => {
    raw = createServer((_req, res) => {
      // Promises 1,000 bytes, sends 10, then closes the socket.
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
      res.write('0123456789');
      setTimeout(() => (res.socket as Socket | null)?.destroy(), 50);
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => raw.close(() => resolve())));

  it('fails as a retryable network error, never as a short success', async () => {
    const err = await connectorFailure(createHttpClient({ baseURL: url, retry: { retries: 0 } }).request({ method: 'GET', url: '/half' }));
    expect(err.kind).toBe('network');
    expect(err.retryable).toBe(true);
  });
});
