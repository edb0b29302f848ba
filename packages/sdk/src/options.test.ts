import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bindAuth, defineConnector } from './define';
import { ConnectorError } from './errors';
import { checkOptionsPage, dynamicOptionsNames, findOptions, loadOptions, OPTIONS_LIMITS } from './options';
import { describeConnector } from './schema';
import { createTestKit } from './testkit';
import { sendJson, startServer, type TestServer } from './test-server';
import type { ApiKeyAuth, OptionsPage } from './types';

const KEY = 'key_live_options_0123456789';
const fields = z.object({
  apiKey: z.string().min(1).meta({ label: 'API key', secret: true }),
  baseUrl: z.string().url().meta({ label: 'Base URL' }),
});
const auth: ApiKeyAuth<typeof fields> = {
  kind: 'apiKey',
  fields,
  http: (a) => ({ baseURL: a.baseUrl, headers: { Authorization: `Bearer ${a.apiKey}` } }),
  validate: async () => ({}),
};
const { action } = bindAuth(auth);

/** What the `raw` loader answers (set per test). */
let rawAnswer: unknown = { items: [] };
let lastCtx: { search?: string; cursor?: string } = {};

const sendMessage = action({
  key: 'send',
  name: 'Send',
  description: 'Sends a message to a channel.',
  input: z.object({
    channel: z.string().meta({ label: 'Channel', dynamicOptions: 'channels' }),
    cc: z.array(z.object({ user: z.string().optional().meta({ label: 'User', dynamicOptions: 'users' }) })).optional(),
    text: z.string().meta({ label: 'Text' }),
  }),
  run: async () => ({ ok: true }),
});

const chat = defineConnector({
  key: 'chat',
  name: 'Chat',
  description: 'A chat app for tests.',
  category: 'app',
  icon: '<svg/>',
  auth,
  triggers: [],
  actions: [sendMessage],
  options: {
    // Real HTTP: `/channels?page=&q=` answers 2 channels per page.
    channels: {
      searchable: true,
      async load({ http, search, cursor }) {
        const res = await http.request<{ channels: { id: string; name: string; private: boolean }[]; next?: number }>({
          method: 'GET',
          url: '/channels',
          params: { page: cursor ?? '1', ...(search ? { q: search } : {}) },
        });
        return {
          items: res.data.channels.map((c) => ({ value: c.id, label: `#${c.name}`, ...(c.private ? { hint: 'private' } : {}) })),
          ...(res.data.next ? { nextCursor: String(res.data.next) } : {}),
        };
      },
    },
    users: {
      async load(ctx) {
        lastCtx = { ...(ctx.search !== undefined ? { search: ctx.search } : {}), ...(ctx.cursor !== undefined ? { cursor: ctx.cursor } : {}) };
        return rawAnswer as OptionsPage;
      },
    },
  },
});

const CHANNELS = ['general', 'random', 'sales', 'support', 'dev'].map((name, i) => ({ id: `C${i}`, name, private: name === 'sales' }));
let server: TestServer;
const connection = () => ({ apiKey: KEY, baseUrl: server.url });

beforeAll(async () => {
  server = await startServer();
  server.handle((req, res) => {
    if (req.headers.authorization !== `Bearer ${KEY}`) return sendJson(res, 401, { error: 'invalid_auth' });
    const url = new URL(req.path, server.url);
    if (url.pathname !== '/channels') return sendJson(res, 404, { error: 'no route' });
    const q = url.searchParams.get('q') ?? '';
    const page = Number(url.searchParams.get('page'));
    const matching = CHANNELS.filter((c) => c.name.includes(q));
    return sendJson(res, 200, { channels: matching.slice((page - 1) * 2, page * 2), ...(page * 2 < matching.length ? { next: page + 1 } : {}) });
  });
});
afterAll(async () => {
  await server.close();
});

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(err)}`);
  return err;
}

describe('loadOptions', () => {
  it('pages a real list over HTTP with the connection, passing search and the cursor back', async () => {
    const first = await loadOptions(chat, 'channels', { auth: connection() });
    expect(first).toEqual({ items: [{ value: 'C0', label: '#general' }, { value: 'C1', label: '#random' }], nextCursor: '2' });
    const second = await loadOptions(chat, 'channels', { auth: connection(), cursor: first.nextCursor });
    expect(second).toEqual({ items: [{ value: 'C2', label: '#sales', hint: 'private' }, { value: 'C3', label: '#support' }], nextCursor: '3' });
    const last = await loadOptions(chat, 'channels', { auth: connection(), cursor: '3' });
    expect(last).toEqual({ items: [{ value: 'C4', label: '#dev' }] });

    const searched = await loadOptions(chat, 'channels', { auth: connection(), search: '  su  ' });
    expect(searched.items.map((i) => i.value)).toEqual(['C3']);
    expect(server.received.at(-1)?.path).toBe('/channels?page=1&q=su');
    expect(server.received.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it('lets the app\'s refusal through as the HTTP client\'s error, without the key', async () => {
    const err = await failure(loadOptions(chat, 'channels', { auth: { apiKey: 'wrong-key-123456', baseUrl: server.url } }));
    expect(err.kind).toBe('auth');
    expect(err.status).toBe(401);
    expect(err.message).not.toContain('wrong-key-123456');
  });

  it('refuses an unknown name (inherited object keys included) and a connection that does not fit the auth fields', async () => {
    expect((await failure(loadOptions(chat, 'chanels', { auth: connection() }))).message).toBe('Chat has no options list "chanels"');
    expect((await failure(loadOptions(chat, 'constructor', { auth: connection() }))).kind).toBe('config');
    expect(findOptions(chat, 'toString')).toBeUndefined();
    const bad = await failure(loadOptions(chat, 'channels', { auth: { baseUrl: server.url } }));
    expect(bad).toMatchObject({ kind: 'config', message: expect.stringContaining('apiKey') });
  });

  it('bounds search and cursor, and refuses a search on a list that cannot search', async () => {
    const long = 'x'.repeat(OPTIONS_LIMITS.maxSearch + 1);
    expect((await failure(loadOptions(chat, 'channels', { auth: connection(), search: long }))).message).toBe(`search: must be at most ${OPTIONS_LIMITS.maxSearch} characters`);
    const cursor = 'c'.repeat(OPTIONS_LIMITS.maxCursor + 1);
    expect((await failure(loadOptions(chat, 'channels', { auth: connection(), cursor }))).message).toBe(`cursor: must be at most ${OPTIONS_LIMITS.maxCursor} characters`);
    const unsearchable = await failure(loadOptions(chat, 'users', { auth: connection(), search: 'ann' }));
    expect(unsearchable).toMatchObject({ kind: 'config', message: expect.stringMatching(/^search: .*cannot be searched/) });

    // Blank search is no search; the loader of a plain list gets neither search nor an empty cursor.
    rawAnswer = { items: [{ value: 'U1', label: 'Ann' }] };
    await loadOptions(chat, 'users', { auth: connection(), search: '   ', cursor: '' });
    expect(lastCtx).toEqual({});
  });

  it('treats a loader answer of the wrong shape as an error naming the problem, never as an empty list', async () => {
    const cases: [unknown, string][] = [
      [null, 'the page is not an object'],
      [[], 'the page is not an object'],
      [{}, 'items must be an array'],
      [{ items: [{ value: 1, label: 'One' }] }, 'items[0].value must be a non-empty string'],
      [{ items: [{ value: 'a', label: 'A' }, { value: 'b' }] }, 'items[1].label must be a non-empty string'],
      [{ items: [{ value: 'a', label: '  ' }] }, 'items[0].label must be a non-empty string'],
      [{ items: [{ value: 'a', label: 'A', hint: 3 }] }, 'items[0].hint must be a string'],
      [{ items: ['a'] }, 'items[0] is not an object'],
      [{ items: [], nextCursor: 2 }, 'nextCursor must be a non-empty string when present'],
      [{ items: [], nextCursor: '' }, 'nextCursor must be a non-empty string when present'],
      [{ items: Array.from({ length: OPTIONS_LIMITS.maxItems + 1 }, (_, i) => ({ value: `v${i}`, label: `L${i}` })) }, `items holds ${OPTIONS_LIMITS.maxItems + 1} entries, more than ${OPTIONS_LIMITS.maxItems} per page`],
    ];
    for (const [answer, problem] of cases) {
      rawAnswer = answer;
      const err = await failure(loadOptions(chat, 'users', { auth: connection() }));
      expect(err.kind, problem).toBe('server');
      expect(err.message).toBe(`chat options "users" returned an invalid page: ${problem}`);
    }
  });

  it('copies a good page without extra keys; a full page of the largest size is fine', () => {
    const items = Array.from({ length: OPTIONS_LIMITS.maxItems }, (_, i) => ({ value: `v${i}`, label: `L${i}`, extra: true }));
    const page = checkOptionsPage({ items, nextCursor: 'n', debug: 'x' });
    expect(page.items).toHaveLength(OPTIONS_LIMITS.maxItems);
    expect(page.items[0]).toEqual({ value: 'v0', label: 'L0' });
    expect(Object.keys(page)).toEqual(['items', 'nextCursor']);
  });

  it('turns a loader that throws something other than a ConnectorError into a server error', async () => {
    const broken = defineConnector({ ...chat, key: 'broken', options: { users: { load: () => Promise.reject(new TypeError('x is undefined')) }, channels: chat.options!.channels! } });
    const err = await failure(loadOptions(broken, 'users', { auth: connection() }));
    expect(err).toMatchObject({ kind: 'server', message: 'broken options "users" failed: x is undefined' });
  });

  it('is on the test kit, through the same checks', async () => {
    const kit = createTestKit(chat, { auth: connection() });
    expect((await kit.options('channels', { search: 'dev' })).items).toEqual([{ value: 'C4', label: '#dev' }]);
    rawAnswer = { items: 'nope' };
    expect((await failure(kit.options('users'))).message).toContain('items must be an array');
  });
});

describe('defineConnector and dynamic options', () => {
  it('fails at definition time when a field names options the connector does not declare', () => {
    expect(() => defineConnector({ ...chat, options: { channel: chat.options!.channels! } })).toThrow(
      'chat: action "send" field "channel" names options "channels", which the connector does not declare (it has "channel")',
    );
    expect(() => defineConnector({ ...chat, options: undefined })).toThrow(/field "channel" names options "channels".*it declares no options/);
    // Nested inside a list of objects, behind optional().
    expect(() => defineConnector({ ...chat, options: { channels: chat.options!.channels! } })).toThrow('field "cc[].user" names options "users"');
  });

  it('refuses an options entry without load()', () => {
    expect(() => defineConnector({ ...chat, options: { ...chat.options, users: {} as never } })).toThrow('chat: options "users" has no load() function');
  });

  it('finds every named field, with its path', () => {
    expect(dynamicOptionsNames(sendMessage.input)).toEqual([
      { path: 'channel', name: 'channels' },
      { path: 'cc[].user', name: 'users' },
    ]);
  });
});

describe('the catalogue', () => {
  it('keeps dynamicOptions on the field and lists each options entry with whether it is searchable', () => {
    const entry = describeConnector(chat);
    expect(entry.options).toEqual({ channels: { searchable: true }, users: { searchable: false } });
    const props = entry.actions[0]?.input.properties as Record<string, Record<string, unknown>>;
    expect(props.channel).toMatchObject({ type: 'string', label: 'Channel', dynamicOptions: 'channels' });
    expect(props.text?.dynamicOptions).toBeUndefined();
    expect(JSON.parse(JSON.stringify(entry))).toEqual(entry);
  });
});
