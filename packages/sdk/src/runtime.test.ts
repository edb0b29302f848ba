import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction, defineConnector } from './define';
import { ConnectorError } from './errors';
import { checkAuth, connectionHttp, connectionSecrets, parseAuth, parseInput, runAction, runPoll, runSample, testConnection } from './runtime';
import { testConnector } from './test-connector';
import { sendJson, startServer, type TestServer } from './test-server';

const KEY = 'key_live_0123456789';
let server: TestServer;
let auth: { apiKey: string; baseUrl: string };
const noWait = { sleep: async () => undefined };

/** Contacts API: `/contacts` lists newest first, 2 per page. */
const contacts: { id: string; created_at: string; name: string }[] = [];
function api(): void {
  server.handle((req, res) => {
    if (req.headers.authorization !== `Bearer ${KEY}`) return sendJson(res, 401, { error: `Unknown key` });
    const url = new URL(req.path, server.url);
    if (url.pathname === '/me') return sendJson(res, 200, { account: 'Acme' });
    if (url.pathname === '/contacts' && req.method === 'GET') {
      const page = Number(url.searchParams.get('page'));
      const sorted = [...contacts].sort((a, b) => b.created_at.localeCompare(a.created_at));
      return sendJson(res, 200, { contacts: sorted.slice((page - 1) * 2, page * 2), pages: Math.ceil(sorted.length / 2) });
    }
    if (url.pathname === '/contacts' && req.method === 'POST') {
      const body: unknown = JSON.parse(req.body.toString());
      if (typeof body === 'object' && body && 'email' in body && body.email === 'taken@x.io') {
        return sendJson(res, 422, { errors: [`email taken (key ${KEY})`] });
      }
      return sendJson(res, 201, { id: 'c-new', received: body, idempotency: req.headers['idempotency-key'] });
    }
    return sendJson(res, 404, { error: 'no route' });
  });
}

beforeAll(async () => {
  server = await startServer();
  auth = { apiKey: KEY, baseUrl: server.url };
  api();
});
afterAll(async () => {
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

describe('parseAuth / parseInput', () => {
  it('validates connection values and applies defaults', () => {
    expect(parseAuth(testConnector, { apiKey: 'k' })).toEqual({ apiKey: 'k', baseUrl: 'https://api.example.test' });
  });

  it('names the bad connection field', () => {
    try {
      parseAuth(testConnector, { apiKey: '', baseUrl: 'nope' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConnectorError);
      const e = err as ConnectorError;
      expect(e.kind).toBe('config');
      expect(e.message).toMatch(/^Invalid connection for Example CRM: apiKey: .+; baseUrl: /);
    }
  });

  it('checkAuth: the same check without throwing, each bad field named', () => {
    expect(checkAuth(testConnector, { apiKey: 'k' })).toEqual({ ok: true, input: { apiKey: 'k', baseUrl: 'https://api.example.test' } });
    const checked = checkAuth(testConnector, { apiKey: '', baseUrl: 'nope' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues.map((i) => i.field)).toEqual(['apiKey', 'baseUrl']);
    const tool = defineConnector({ key: 't', name: 'T', description: '', category: 'tool', icon: '', auth: { kind: 'none' }, triggers: [], actions: [] });
    expect(checkAuth(tool, { anything: 1 })).toEqual({ ok: true, input: undefined });
  });

  it('treats a missing input as an empty object', () => {
    expect(parseInput(z.object({ a: z.string().default('x') }), undefined, 'input')).toEqual({ a: 'x' });
  });
});

describe('connectionHttp', () => {
  it('uses the auth base URL and headers, and redacts secret field values', async () => {
    const a = parseAuth(testConnector, auth);
    expect(connectionSecrets(testConnector, a)).toEqual([KEY]);
    const err = await failure(
      runAction({
        connector: testConnector,
        actionKey: 'create_contact',
        auth,
        input: { name: 'Ann', contact: { email: 'taken@x.io' } },
        idempotencyKey: 'r1:s1:0',
        httpOptions: noWait,
      }),
    );
    expect(err.kind).toBe('validation');
    expect(err.message).toBe('Validation failed (422): email taken (key [redacted])');
    expect(JSON.stringify(err.toJSON())).not.toContain(KEY);
  });

  it('builds a plain client for auth kind none', async () => {
    const tool = defineConnector({
      key: 'tool',
      name: 'Tool',
      description: '',
      category: 'tool',
      icon: '',
      auth: { kind: 'none' },
      triggers: [],
      actions: [
        defineAction({
          key: 'fetch',
          name: 'Fetch',
          description: '',
          input: z.object({ url: z.string() }),
          async run({ input, http }) {
            const res = await http.request<{ account: string }>({
              method: 'GET',
              url: input.url,
              headers: { Authorization: `Bearer ${KEY}` },
            });
            return { account: res.data.account };
          },
        }),
      ],
    });
    const out = await runAction({ connector: tool, actionKey: 'fetch', auth: undefined, input: { url: `${server.url}/me` }, idempotencyKey: 'k' });
    expect(out).toEqual({ account: 'Acme' });
    const seen: string[] = [];
    const guarded = connectionHttp(tool, undefined, { guard: async (u) => void seen.push(u.host) });
    await guarded.request({ method: 'GET', url: `${server.url}/me`, headers: { Authorization: `Bearer ${KEY}` } });
    expect(seen).toEqual([`127.0.0.1:${server.port}`]);
  });
});

describe('runAction', () => {
  it('validates input, then runs with the typed input, auth and idempotency key', async () => {
    const out = await runAction({
      connector: testConnector,
      actionKey: 'create_contact',
      auth,
      input: { name: 'Ann', contact: { email: 'ann@x.io' } },
      idempotencyKey: 'run1:step2:0',
    });
    expect(out).toEqual({
      id: 'c-new',
      received: { name: 'Ann', email: 'ann@x.io', notes: null },
      idempotency: 'run1:step2:0',
      keyLength: KEY.length,
    });
  });

  it('rejects bad input with a config error naming the field path, before any request', async () => {
    server.received.length = 0;
    const err = await failure(
      runAction({ connector: testConnector, actionKey: 'create_contact', auth, input: { name: 'Ann', contact: { email: 'nope' } }, idempotencyKey: 'k' }),
    );
    expect(err.kind).toBe('config');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe('Input "contact.email": Invalid email address');
    expect(server.received).toHaveLength(0);
  });

  it('fits the input as a live run does: a blank optional field is left out, a number becomes text', async () => {
    const out = await runAction({ connector: testConnector, actionKey: 'create_contact', auth, input: { name: 42, contact: { email: 'ann@x.io' }, notes: '' }, idempotencyKey: 'k' });
    expect(out).toMatchObject({ received: { name: '42', email: 'ann@x.io', notes: null } });
  });

  it('rejects an unknown action', async () => {
    const err = await failure(runAction({ connector: testConnector, actionKey: 'nope', auth, input: {}, idempotencyKey: 'k' }));
    expect(err.message).toBe('example has no action "nope"');
  });

  it('uses a client it is handed', async () => {
    const calls: string[] = [];
    const out = await runAction({
      connector: testConnector,
      actionKey: 'delete_contact',
      auth,
      input: { id: 'c/1' },
      idempotencyKey: 'k',
      http: {
        request: async <T,>(req: { url: string }) => {
          calls.push(req.url);
          return { status: 204, data: undefined as T, headers: {} };
        },
      },
    });
    expect(out).toEqual({ deleted: true });
    expect(calls).toEqual(['/contacts/c%2F1']);
  });
});

describe('runPoll / runSample', () => {
  it('seeds the cursor on first activation, then emits only new records', async () => {
    contacts.length = 0;
    contacts.push({ id: 'a', created_at: '2026-01-01T00:00:00.000Z', name: 'A' });
    contacts.push({ id: 'b', created_at: '2026-01-02T00:00:00.000Z', name: 'B' });
    const base = { connector: testConnector, triggerKey: 'new_contact', auth, input: {} };
    const first = await runPoll({ ...base, cursor: null });
    expect(first.events).toEqual([]);
    expect(first.cursor.watermark).toBe('2026-01-02T00:00:00.000Z');

    contacts.push({ id: 'c', created_at: '2026-01-03T00:00:00.000Z', name: 'C' });
    contacts.push({ id: 'd', created_at: '2026-01-04T00:00:00.000Z', name: 'D' });
    contacts.push({ id: 'e', created_at: '2026-01-05T00:00:00.000Z', name: 'E' });
    const second = await runPoll({ ...base, cursor: first.cursor });
    expect(second.events.map((e) => e.key)).toEqual(['c', 'd', 'e']);
    expect(second.events[0]?.data).toEqual({ id: 'c', created_at: '2026-01-03T00:00:00.000Z', name: 'C' });
    expect((await runPoll({ ...base, cursor: second.cursor })).events).toEqual([]);
  });

  it('rejects a malformed cursor', async () => {
    const err = await failure(
      runPoll({ connector: testConnector, triggerKey: 'new_contact', auth, input: {}, cursor: { watermark: 5 } as never }),
    );
    expect(err.message).toContain('Invalid trigger cursor');
    const badScan = await failure(
      runPoll({ connector: testConnector, triggerKey: 'new_contact', auth, input: {}, cursor: { watermark: null, seenKeys: [], scan: { page: 0 } } as never }),
    );
    expect(badScan.message).toContain('Invalid trigger cursor');
  });

  it('samples records with fields', async () => {
    const sample = await runSample({ connector: testConnector, triggerKey: 'new_contact', auth, input: {} });
    expect(sample.records).toHaveLength(2);
    expect(sample.fields.map((f) => f.path)).toEqual(['id', 'created_at', 'name']);
  });
});

describe('testConnection', () => {
  it('returns the account on success', async () => {
    expect(await testConnection(testConnector, auth)).toEqual({ ok: true, account: 'Acme' });
  });

  it('returns an auth error for a bad key, with the key redacted', async () => {
    const result = await testConnection(testConnector, { ...auth, apiKey: 'wrong-key-value' }, noWait);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('auth');
    expect(result.error.message).toBe('Invalid API key (401): Unknown key');
    expect(JSON.stringify(result)).not.toContain('wrong-key-value');
  });

  it('returns a config error for missing values', async () => {
    const result = await testConnection(testConnector, {});
    expect(result).toMatchObject({ ok: false, error: { kind: 'config' } });
  });

  it('is ok for auth kind none', async () => {
    const tool = defineConnector({ key: 't', name: 'T', description: '', category: 'tool', icon: '', auth: { kind: 'none' }, triggers: [], actions: [] });
    expect(await testConnection(tool, undefined)).toEqual({ ok: true });
  });
});
