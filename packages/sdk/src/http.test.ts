import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from './errors';
import { createHttpClient } from './http';
import { closedPort, sendJson, startServer, type TestServer } from './test-server';
import type { HttpClientOptions } from './types';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

/** A client whose waits are recorded instead of slept. */
function recordingClient(options: HttpClientOptions = {}) {
  const waits: number[] = [];
  const client = createHttpClient({
    baseURL: server.url,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
  return { client, waits };
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorError);
    return err as ConnectorError;
  }
  throw new Error('expected the request to fail');
}

describe('createHttpClient: success', () => {
  it('joins base URL and path, sends params, returns JSON and lower-cased headers', async () => {
    server.handle((req, res) => sendJson(res, 200, { path: req.path }, { 'X-Trace-Id': 'abc' }));
    const client = createHttpClient({ baseURL: `${server.url}/api/`, headers: { Authorization: 'Bearer k' } });
    const res = await client.request<{ path: string }>({
      method: 'GET',
      url: '/people/all',
      params: { page: 2, q: 'a b', skip: undefined },
    });
    expect(res.status).toBe(200);
    expect(res.data.path).toBe('/api/people/all?page=2&q=a+b');
    expect(res.headers['x-trace-id']).toBe('abc');
    expect(server.received[0]?.headers.authorization).toBe('Bearer k');
  });

  it('sends a plain object as JSON and keeps text responses as text', async () => {
    server.handle((req, res) => {
      res.writeHead(201, { 'content-type': 'text/plain' });
      res.end(`got ${req.headers['content-type']} ${req.body.toString()}`);
    });
    const res = await createHttpClient({ baseURL: server.url }).request({ method: 'POST', url: '/x', body: { a: 1 } });
    expect(res.status).toBe(201);
    expect(res.data).toBe('got application/json {"a":1}');
  });

  it('sends FormData as multipart/form-data with the file bytes', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}));
    const form = new FormData();
    form.append('title', 'Quarterly report');
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252]);
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'report.pdf');
    // The connection's JSON content type must not win over multipart.
    const client = createHttpClient({ baseURL: server.url, headers: { 'Content-Type': 'application/json' } });
    await client.request({ method: 'POST', url: '/files', body: form });

    const got = server.received[0];
    expect(got?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const parsed = await new Response(new Uint8Array(got?.body ?? []), { headers: { 'content-type': String(got?.headers['content-type']) } }).formData();
    expect(parsed.get('title')).toBe('Quarterly report');
    const file = parsed.get('file');
    expect(file).toBeInstanceOf(Blob);
    expect((file as File).name).toBe('report.pdf');
    expect(new Uint8Array(await (file as Blob).arrayBuffer())).toEqual(bytes);
  });
});

describe('createHttpClient: Retry-After', () => {
  it('429 with Retry-After: 2 waits about two seconds, then succeeds', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls++;
      if (calls === 1) sendJson(res, 429, { error: 'slow down' }, { 'Retry-After': '2' });
      else sendJson(res, 200, { ok: true });
    });
    const started = performance.now();
    const res = await createHttpClient({ baseURL: server.url }).request({ method: 'GET', url: '/limited' });
    const elapsed = performance.now() - started;
    expect(res.data).toEqual({ ok: true });
    expect(server.received).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(4000);
  });

  it('reads the HTTP-date form', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls++;
      const at = new Date(Date.now() + 3000).toUTCString();
      if (calls === 1) sendJson(res, 503, { message: 'maintenance' }, { 'Retry-After': at });
      else sendJson(res, 200, {});
    });
    const { client, waits } = recordingClient();
    await client.request({ method: 'GET', url: '/x' });
    expect(waits).toHaveLength(1);
    // HTTP dates have one-second resolution.
    expect(waits[0]).toBeGreaterThan(1500);
    expect(waits[0]).toBeLessThanOrEqual(3000);
  });

  it('waits 10 s on a 429 without Retry-After', async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls === 1 ? sendJson(res, 429, {}) : sendJson(res, 200, {})));
    const { client, waits } = recordingClient();
    await client.request({ method: 'GET', url: '/x' });
    expect(waits).toEqual([10_000]);
  });

  it('reports each 429 to onRateLimited; waitOnRateLimit: false surfaces it at once', async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls === 1 ? sendJson(res, 429, {}, { 'Retry-After': '3' }) : sendJson(res, 200, {})));
    const seen: number[] = [];
    const { client, waits } = recordingClient();
    await client.request({ method: 'GET', url: '/x', onRateLimited: (ms) => void seen.push(ms) });
    expect(seen).toEqual([3000]);
    expect(waits).toEqual([3000]);
    server.handle((_req, res) => sendJson(res, 429, { error: 'busy' }));
    const err = await failure(client.request({ method: 'GET', url: '/x', waitOnRateLimit: false, onRateLimited: (ms) => void seen.push(ms) }));
    expect(err).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 10_000 });
    expect(seen).toEqual([3000, 10_000]);
    expect(waits).toEqual([3000]);
  });

  it('surfaces a Retry-After longer than maxRetryAfterMs as a retryable error', async () => {
    server.handle((_req, res) => sendJson(res, 429, { error: 'quota' }, { 'Retry-After': '120' }));
    const { client, waits } = recordingClient();
    const err = await failure(client.request({ method: 'GET', url: '/x' }));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(120_000);
    expect(err.message).toBe('Rate limited (429): quota');
    expect(waits).toEqual([]);
    expect(server.received).toHaveLength(1);
  });

  it('retries a 503 and succeeds', async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls === 1 ? sendJson(res, 503, {}, { 'Retry-After': '1' }) : sendJson(res, 200, { n: calls })));
    const { client, waits } = recordingClient();
    const res = await client.request({ method: 'GET', url: '/x' });
    expect(res.data).toEqual({ n: 2 });
    expect(waits).toEqual([1000]);
  });

  it('counts Retry-After waits against the retries', async () => {
    server.handle((_req, res) => sendJson(res, 429, {}, { 'Retry-After': '1' }));
    const { client, waits } = recordingClient({ retry: { retries: 2 } });
    const err = await failure(client.request({ method: 'GET', url: '/x' }));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(1000);
    // A 429 is a refusal: the app did not act on the request.
    expect(err.unprocessed).toBe(true);
    expect(err.toJSON()).toMatchObject({ unprocessed: true });
    expect(waits).toEqual([1000, 1000]);
    expect(server.received).toHaveLength(3);
  });

  it('with retries 0 (the clients of runs) a POST answered 503 is sent once; the Retry-After is handed to the caller', async () => {
    server.handle((_req, res) => sendJson(res, 503, { error: 'maintenance' }, { 'Retry-After': '2' }));
    const { client, waits } = recordingClient({ retry: { retries: 0 } });
    const err = await failure(client.request({ method: 'POST', url: '/orders', body: { id: 1 } }));
    expect(err).toMatchObject({ kind: 'server', status: 503, retryable: true, retryAfterMs: 2000 });
    expect(err.unprocessed).toBeUndefined();
    expect(server.received).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});

describe('createHttpClient: failures', () => {
  it('backs off on 5xx with bounded, jittered, growing waits, then fails', async () => {
    server.handle((_req, res) => sendJson(res, 500, { error: 'boom' }));
    const { client, waits } = recordingClient({ random: () => 0.999, retry: { baseDelayMs: 100, maxDelayMs: 300 } });
    const err = await failure(client.request({ method: 'GET', url: '/x' }));
    expect(server.received).toHaveLength(4);
    expect(waits).toEqual([100, 200, 300]);
    expect(err.kind).toBe('server');
    expect(err.status).toBe(500);
    expect(err.retryable).toBe(true);
    expect(err.message).toBe('Server error (500): boom');
    expect(err.exchange?.response).toEqual({ status: 500, body: { error: 'boom' } });
    // The app answered: it may have acted on the request.
    expect(err.unprocessed).toBeUndefined();
  });

  it('retries a network error (closed port), then fails with kind network', async () => {
    const port = await closedPort();
    const { client, waits } = recordingClient({ baseURL: `http://127.0.0.1:${port}`, retry: { retries: 2 } });
    const err = await failure(client.request({ method: 'GET', url: '/x' }));
    expect(err.kind).toBe('network');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.unprocessed).toBe(true);
    expect(waits).toHaveLength(2);
  });

  it('a refused connection after a redirect is not "unprocessed": the app may have acted on the first hop', async () => {
    const port = await closedPort();
    server.handle((_req, res) => {
      res.writeHead(303, { location: `http://127.0.0.1:${port}/result` });
      res.end();
    });
    const { client } = recordingClient({ retry: { retries: 0 } });
    const err = await failure(client.request({ method: 'POST', url: '/orders', body: { id: 1 } }));
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.unprocessed).toBeUndefined();
  });

  it('times out a silent server and retries the timeout', async () => {
    server.handle(() => {
      /* never answers */
    });
    const { client, waits } = recordingClient({ timeoutMs: 150, retry: { retries: 1 } });
    const err = await failure(client.request({ method: 'GET', url: '/slow' }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toContain('timed out after 150 ms');
    expect(err.unprocessed).toBeUndefined();
    expect(server.received).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it('401 is an auth error, never retried', async () => {
    server.handle((_req, res) => sendJson(res, 401, { error: 'Invalid token' }));
    const { client, waits } = recordingClient();
    const err = await failure(client.request({ method: 'GET', url: '/people/all' }));
    expect(err.kind).toBe('auth');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe('Invalid API key (401): Invalid token');
    expect(server.received).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it.each([
    [403, 'forbidden'],
    [404, 'not_found'],
    [400, 'validation'],
  ] as const)('%i is %s, never retried', async (status, kind) => {
    server.handle((_req, res) => sendJson(res, status, { message: 'nope' }));
    const err = await failure(recordingClient().client.request({ method: 'GET', url: '/x' }));
    expect(err.kind).toBe(kind);
    expect(err.retryable).toBe(false);
    expect(server.received).toHaveLength(1);
  });

  it.each([
    [{ error: 'email is invalid' }, 'email is invalid'],
    [{ errors: ['name is required', { message: 'email taken' }] }, 'name is required; email taken'],
    [{ message: 'user_id or email required' }, 'user_id or email required'],
    ['plain text failure', 'plain text failure'],
  ])('422 takes the app message from %j', async (body, expected) => {
    server.handle((_req, res) =>
      typeof body === 'string' ? (res.writeHead(422, { 'content-type': 'text/plain' }), res.end(body)) : sendJson(res, 422, body),
    );
    const err = await failure(recordingClient().client.request({ method: 'POST', url: '/people', body: { a: 1 } }));
    expect(err.kind).toBe('validation');
    expect(err.message).toBe(`Validation failed (422): ${expected}`);
    expect(err.exchange?.request).toEqual({ method: 'POST', url: `${server.url}/people`, body: { a: 1 } });
    expect(server.received).toHaveLength(1);
  });

  it('redacts secrets from the url, both bodies and the message', async () => {
    const secret = 'sk_live_S3cr3t/+=';
    server.handle((req, res) => sendJson(res, 400, { error: `bad key ${secret}`, echo: req.body.toString() }));
    const client = createHttpClient({ baseURL: server.url, secrets: [secret] });
    const err = await failure(
      client.request({ method: 'POST', url: '/hook', params: { key: secret }, body: { token: secret, nested: [`x ${secret}`] } }),
    );
    const serialised = JSON.stringify(err.toJSON());
    expect(serialised).not.toContain('S3cr3t');
    expect(err.message).toBe('Validation failed (400): bad key [redacted]');
    expect(err.exchange?.request.url).toBe(`${server.url}/hook?key=[redacted]`);
    expect(err.exchange?.request.body).toEqual({ token: '[redacted]', nested: ['x [redacted]'] });
    expect(serialised).toContain('[redacted]');
  });

  it('redacts per-request secrets too', async () => {
    server.handle((_req, res) => sendJson(res, 404, { error: 'no route for tok-abc-123' }));
    const err = await failure(
      createHttpClient({ baseURL: server.url }).request({ method: 'GET', url: '/x', secrets: ['tok-abc-123'] }),
    );
    expect(err.message).toBe('Not found (404): no route for [redacted]');
  });

  it('an abort signal ends the request without retrying', async () => {
    server.handle(() => {
      /* never answers */
    });
    const controller = new AbortController();
    const { client, waits } = recordingClient();
    const pending = client.request({ method: 'GET', url: '/x', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const err = await failure(pending);
    expect(err.kind).toBe('network');
    expect(err.retryable).toBe(false);
    expect(waits).toEqual([]);
  });

  it('rejects a bad url as a config error', async () => {
    const err = await failure(createHttpClient().request({ method: 'GET', url: 'not a url' }));
    expect(err.kind).toBe('config');
    expect(err.message).toContain('invalid url');
  });
});

describe('createHttpClient: redirects and the guard', () => {
  it('follows redirect hops itself, passing each hop to the guard', async () => {
    server.handle((req, res) => {
      if (req.path === '/a') res.writeHead(302, { location: '/b' }).end();
      else if (req.path === '/b') res.writeHead(307, { location: `${server.url}/c?x=1` }).end();
      else sendJson(res, 200, { at: req.path, method: req.method });
    });
    const seen: string[] = [];
    const client = createHttpClient({ baseURL: server.url, guard: async (url) => void seen.push(url.href) });
    const res = await client.request({ method: 'GET', url: '/a' });
    expect(res.data).toEqual({ at: '/c?x=1', method: 'GET' });
    expect(seen).toEqual([`${server.url}/a`, `${server.url}/b`, `${server.url}/c?x=1`]);
  });

  it('turns a POST into a GET on 303 and keeps it on 307', async () => {
    server.handle((req, res) => {
      if (req.path === '/see-other') res.writeHead(303, { location: '/done' }).end();
      else if (req.path === '/temporary') res.writeHead(307, { location: '/done' }).end();
      else sendJson(res, 200, { method: req.method, body: req.body.toString() });
    });
    const client = createHttpClient({ baseURL: server.url });
    const after303 = await client.request({ method: 'POST', url: '/see-other', body: { a: 1 } });
    expect(after303.data).toEqual({ method: 'GET', body: '' });
    const after307 = await client.request({ method: 'POST', url: '/temporary', body: { a: 1 } });
    expect(after307.data).toEqual({ method: 'POST', body: '{"a":1}' });
  });

  it('a guard refusal on a hop surfaces as kind refused, and the hop is never requested', async () => {
    server.handle((req, res) => {
      if (req.path === '/start') res.writeHead(301, { location: '/internal' }).end();
      else sendJson(res, 200, {});
    });
    const client = createHttpClient({
      baseURL: server.url,
      guard: async (url) => {
        if (url.pathname === '/internal') throw new Error('private address');
      },
    });
    const err = await failure(client.request({ method: 'GET', url: '/start' }));
    expect(err.kind).toBe('refused');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe('Outbound request refused: private address');
    expect(server.received.map((r) => r.path)).toEqual(['/start']);
  });

  it("sockets resolve names through the guard's lookup; its refusal is the step's error, never retried", async () => {
    server.handle((req, res) => sendJson(res, 200, { at: req.path }));
    const port = new URL(server.url).port;
    const asked: string[] = [];
    const guard = Object.assign(async () => undefined, {
      lookup: ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
        asked.push(hostname);
        if (hostname === 'app.test') {
          if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
          else callback(null, '127.0.0.1', 4);
          return;
        }
        callback(new ConnectorError({ kind: 'refused', message: `Refused to connect to ${hostname} at 10.0.0.1 (private address)`, retryable: false }), '', 0);
      }) as unknown as NonNullable<HttpClientOptions['guard']>['lookup'],
    });
    const { client, waits } = recordingClient({ guard, retry: { retries: 3 } });
    const res = await client.request({ method: 'GET', url: `http://app.test:${port}/via-lookup` });
    expect(res.data).toEqual({ at: '/via-lookup' });
    const err = await failure(client.request({ method: 'GET', url: `http://blocked.test:${port}/x?key=1` }));
    expect(err.toJSON()).toEqual({
      kind: 'refused',
      message: 'Refused to connect to blocked.test at 10.0.0.1 (private address)',
      retryable: false,
      exchange: { request: { method: 'GET', url: `http://blocked.test:${port}/x?key=1` } },
    });
    expect(asked).toEqual(['app.test', 'blocked.test']);
    expect(waits).toEqual([]);
    expect(server.received.map((r) => r.path)).toEqual(['/via-lookup']);
  });

  it('drops credentials on a cross-origin hop', async () => {
    const other = await startServer((req, res) => sendJson(res, 200, { auth: req.headers.authorization ?? null }));
    try {
      server.handle((_req, res) => res.writeHead(302, { location: `${other.url}/landing` }).end());
      const client = createHttpClient({ baseURL: server.url, headers: { Authorization: 'Bearer secret' } });
      const res = await client.request({ method: 'GET', url: '/go' });
      expect(res.data).toEqual({ auth: null });
      expect(server.received[0]?.headers.authorization).toBe('Bearer secret');
    } finally {
      await other.close();
    }
  });

  it('stops after too many redirects', async () => {
    server.handle((_req, res) => res.writeHead(302, { location: '/loop' }).end());
    const err = await failure(createHttpClient({ baseURL: server.url, maxRedirects: 3 }).request({ method: 'GET', url: '/loop' }));
    expect(err.kind).toBe('network');
    expect(err.message).toContain('Too many redirects');
    expect(server.received).toHaveLength(4);
  });
});
