/** Files through the HTTP client: raw bytes, a per-request size cap, and a failed download's message as text. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from './http';
import { connectorFailure, startServer, type TestServer } from './test-server';

let server: TestServer;
const BYTES = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0x0a, 0x7b]);
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.path === '/file') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(BYTES);
    if (req.path === '/big') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(4096));
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such file"}');
  });
});
afterAll(() => server.close());

const client = () => createHttpClient({ baseURL: server.url, retry: { retries: 0 } });



describe("HTTP client: responseType 'bytes'", () => {
  it('returns the body as the exact bytes', async () => {
    const res = await client().request<Buffer>({ method: 'GET', url: '/file', responseType: 'bytes' });
    expect(Buffer.isBuffer(res.data)).toBe(true);
    expect(Buffer.compare(res.data, BYTES)).toBe(0);
  });

  it('refuses a body over maxResponseBytes, not retryable', async () => {
    const err = await connectorFailure(client().request({ method: 'GET', url: '/big', responseType: 'bytes', maxResponseBytes: 1000 }));
    expect(err).toMatchObject({ kind: 'network', retryable: false });
    expect(err.message).toBe(`Response body larger than 1000 bytes (GET ${server.url}/big)`);
  });

  it("a failed download keeps the app's message, as text", async () => {
    const err = await connectorFailure(client().request({ method: 'GET', url: '/missing', responseType: 'bytes' }));
    expect(err).toMatchObject({ kind: 'not_found', status: 404 });
    expect(err.message).toContain('no such file');
    expect(err.exchange?.response?.body).toEqual({ error: 'no such file' });
  });
});
