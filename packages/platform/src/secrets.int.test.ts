/**
 * A connection secret never reaches the event log, whatever path it takes: an app echoing the
 * auth header, an action returning the key, an app error quoting it, a thrown message carrying
 * it, a code step logging or returning it, and a secret-marked action input (the HTTP Request's
 * bearer token). Real Postgres, Redis and a local HTTP server. An action's output is redacted
 * before later steps see it, so a code step cannot launder an echoed secret (reverse it, split it)
 * past the scrubber.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registry as shipped } from '@konnect/connectors';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { createRegistry, defineConnector, type ApiKeyAuth } from '@konnect/sdk';
import { activate } from './activation';
import { ingestHook } from './hooks';
import { processRun } from './run';
import { secretScrubber } from './secrets';
import { markConnectionNeedsAttention } from './trigger-health';
import { createConnection, createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

const API_KEY = 'sk_live_9f8e7d6c5b4a';
const TOKEN = 'tok_http_1234567890';

const fields = z.object({
  apiKey: z.string().meta({ label: 'API key', secret: true }),
  baseUrl: z.string().meta({ label: 'Base URL' }),
});
const auth: ApiKeyAuth<typeof fields> = {
  kind: 'apiKey',
  fields,
  http: (a) => ({ baseURL: a.baseUrl, headers: { Authorization: `Bearer ${a.apiKey}` } }),
  validate: async () => ({}),
};
const none = z.object({});
/** A careless connector: every action leaks the key one way or another. */
const leaky = defineConnector({
  key: 'leaky',
  name: 'Leaky',
  description: 'Leaks its key.',
  category: 'app',
  icon: '<svg/>',
  auth,
  triggers: [],
  actions: [
    {
      key: 'echo_header',
      name: 'Echo header',
      description: 'The app echoes the auth header.',
      input: none,
      run: async ({ http }) => (await http.request<Record<string, unknown>>({ method: 'GET', url: '/echo' })).data,
    },
    {
      key: 'return_key',
      name: 'Return key',
      description: 'Returns the key itself.',
      input: none,
      run: async ({ auth: a }) => ({ key: (a as { apiKey: string }).apiKey, query: `?api_key=${encodeURIComponent((a as { apiKey: string }).apiKey)}` }),
    },
    {
      key: 'app_error',
      name: 'App error',
      description: 'The app answers 400 quoting the key.',
      input: none,
      run: async ({ http }) => (await http.request<Record<string, unknown>>({ method: 'GET', url: '/reject' })).data,
    },
    {
      key: 'throw_key',
      name: 'Throw',
      description: 'Throws a plain error carrying the key.',
      input: none,
      run: async ({ auth: a }) => {
        throw new Error(`upstream refused key ${(a as { apiKey: string }).apiKey}`);
      },
    },
  ],
});

let t: TestPlatform;
let server: Server;
let base = '';
let workspaceId: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = req.url === '/reject' ? { error: `key ${String(req.headers.authorization).slice(7)} is not valid` } : { authorization: req.headers.authorization ?? null };
    res.writeHead(req.url === '/reject' ? 400 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = shipped.connector('http');
  const webApi = shipped.connector('web_api');
  if (!http || !webApi) throw new Error('no http or web_api connector');
  t = await testPlatform('secrets', createRegistry([leaky, catchHookConnector, http, webApi]));
  workspaceId = await createWorkspace(t.db);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
});

describe('secret redaction in the event log', () => {
  it('no RunStep or Run field holds the key or the token, in any spelling, and code steps see them redacted too', async () => {
    const connectionId = await createConnection(t.db, workspaceId, 'leaky', { apiKey: API_KEY, baseUrl: base });
    const act = (id: string, action: string, onError: 'continue' | 'stop' = 'continue') =>
      ({ type: 'action' as const, id, connector: 'leaky', action, connectionId, input: {}, onError });
    const id = await createKonnector(t.db, workspaceId, {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [
        // A code step before any action: the connection is opened up front, so this is redacted too.
        { type: 'code', id: 'early', source: 'console.log("guess", input.trigger.guess); return { guess: input.trigger.guess };' },
        act('echo', 'echo_header'),
        act('ret', 'return_key'),
        {
          type: 'code',
          id: 'code',
          source: 'console.log("the key is", input.steps.ret.key);\nreturn { again: input.steps.ret.key, length: input.steps.ret.key.length, header: input.steps.echo.authorization };',
        },
        { type: 'action', id: 'web', connector: 'http', action: 'request', input: { url: `${base}/echo`, auth: 'bearer', token: TOKEN } },
        act('rejected', 'app_error'),
        act('thrown', 'throw_key', 'stop'),
      ],
    });
    const { hookToken } = await activate(t.p, workspaceId, id);
    const { runId } = await ingestHook(t.p, hookToken ?? '', { body: { guess: API_KEY }, headers: {}, query: {} });
    expect(await processRun(t.p, { workspaceId, runId: runId ?? '', deferrals: 0 })).toEqual({ status: 'finished', runStatus: 'failed' });

    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId ?? '' } });
    const steps = await t.db.runStep.findMany({ where: { runId: runId ?? '' }, orderBy: { seq: 'asc' } });
    expect(steps.map((s) => s.stepId)).toEqual(['early', 'echo', 'ret', 'code', 'web', 'rejected', 'thrown']);
    const stored = JSON.stringify({ steps: steps.map(({ input, output, error, logs }) => ({ input, output, error, logs })), summary: run.summary, error: run.error });
    for (const secret of [API_KEY, TOKEN, encodeURIComponent(API_KEY), Buffer.from(API_KEY).toString('base64')]) expect(stored).not.toContain(secret);

    const byId = Object.fromEntries(steps.map((s) => [s.stepId, s]));
    expect(byId.early?.logs).toEqual(['[console.log] guess [redacted]']);
    // The whole header built from the key is a secret too.
    expect(byId.echo?.output).toEqual({ authorization: '[redacted]' });
    expect(byId.ret?.output).toEqual({ key: '[redacted]', query: '?api_key=[redacted]' });
    expect(byId.code?.logs).toEqual(['[console.log] the key is [redacted]']);
    // The code step saw the redacted output, as stored: not the key's real length.
    expect(byId.code?.output).toEqual({ again: '[redacted]', length: '[redacted]'.length, header: '[redacted]' });
    expect(byId.web?.input).toMatchObject({ token: '[redacted]' });
    expect(byId.web?.output).toMatchObject({ body: { authorization: 'Bearer [redacted]' } });
    expect(JSON.stringify(byId.rejected?.error)).toContain('[redacted] is not valid');
    expect(byId.thrown?.error).toMatchObject({ message: expect.stringContaining('upstream refused key [redacted]') });
    expect(run.summary).toContain('[redacted]');
    expect(run.error).toMatchObject({ message: expect.stringContaining('[redacted]') });
  });
});

describe('secret redaction before any action runs', () => {
  it('a run that stops before its action still never stores the connection key a code step logged', async () => {
    const connectionId = await createConnection(t.db, workspaceId, 'leaky', { apiKey: API_KEY, baseUrl: base });
    const id = await createKonnector(t.db, workspaceId, {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [
        { type: 'code', id: 'early', source: 'console.log(input.trigger.guess); return { seen: input.trigger.guess };' },
        { type: 'filter', id: 'stop', conditions: { all: [{ left: '{{trigger.go}}', op: 'equals', right: 'yes' }] } },
        { type: 'action', id: 'never', connector: 'leaky', action: 'return_key', connectionId, input: {} },
      ],
    });
    const { hookToken } = await activate(t.p, workspaceId, id);
    const { runId } = await ingestHook(t.p, hookToken ?? '', { body: { guess: API_KEY, go: 'no' }, headers: {}, query: {} });
    expect(await processRun(t.p, { workspaceId, runId: runId ?? '', deferrals: 0 })).toEqual({ status: 'finished', runStatus: 'filtered' });
    const early = await t.db.runStep.findFirstOrThrow({ where: { runId: runId ?? '', stepId: 'early' } });
    expect(early.logs).toEqual(['[console.log] [redacted]']);
    expect(early.output).toEqual({ seen: '[redacted]' });
    expect(await t.db.runStep.count({ where: { runId: runId ?? '', stepId: 'never' } })).toBe(0);
  });
});

describe('Web API: credentials in a connection, not in the konnector', () => {
  it('the draft holds no credential, and the Basic header the app echoes is redacted in the event log', async () => {
    const PASSWORD = 'pw_web_api_5566';
    const connectionId = await createConnection(t.db, workspaceId, 'web_api', { baseUrl: base, scheme: 'basic', username: 'ada', password: PASSWORD });
    const draft = {
      trigger: { id: 'trigger' as const, connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [{ type: 'action' as const, id: 'api', connector: 'web_api', action: 'request', connectionId, input: { path: '/echo' } }],
    };
    const id = await createKonnector(t.db, workspaceId, draft);
    expect(JSON.stringify((await t.db.konnector.findUniqueOrThrow({ where: { id } })).draft)).not.toContain(PASSWORD);
    const { hookToken } = await activate(t.p, workspaceId, id);
    const { runId } = await ingestHook(t.p, hookToken ?? '', { body: {}, headers: {}, query: {} });
    expect(await processRun(t.p, { workspaceId, runId: runId ?? '', deferrals: 0 })).toEqual({ status: 'finished', runStatus: 'succeeded' });
    const step = await t.db.runStep.findFirstOrThrow({ where: { runId: runId ?? '', stepId: 'api' } });
    expect(step.output).toMatchObject({ status: 200, body: { authorization: '[redacted]' } });
    const stored = JSON.stringify(step);
    for (const secret of [PASSWORD, Buffer.from(`ada:${PASSWORD}`).toString('base64')]) expect(stored).not.toContain(secret);
  });
});

describe('action outputs are redacted before later steps see them', () => {
  it('finding 6: a code step that reverses a key an API echoed back cannot store it in clear', async () => {
    const KEY = 'xk_echoed_back_8c1d2e3f';
    const connectionId = await createConnection(t.db, workspaceId, 'web_api', { baseUrl: base, scheme: 'header', headerName: 'Authorization', headerValue: `Bearer ${KEY}` });
    const id = await createKonnector(t.db, workspaceId, {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [
        { type: 'action', id: 'api', connector: 'web_api', action: 'request', connectionId, input: { path: '/echo' } },
        {
          type: 'code',
          id: 'launder',
          source: [
            'const seen = input.steps.api.body.authorization;',
            'const reversed = seen.split("").reverse().join("");',
            'const spaced = seen.split("").join(" ");',
            'console.log(reversed);',
            'return { seen, reversed, spaced, codes: seen.split("").map((c) => c.charCodeAt(0)).join(",") };',
          ].join('\n'),
        },
        // A later action's body mapped from the echoed value gets the redacted value too.
        { type: 'action', id: 'post', connector: 'http', action: 'request', input: { url: `${base}/echo`, method: 'POST', bodyType: 'json', body: { value: '{{steps.api.body.authorization}}' } } },
      ],
    });
    const { hookToken } = await activate(t.p, workspaceId, id);
    const { runId } = await ingestHook(t.p, hookToken ?? '', { body: {}, headers: {}, query: {} });
    expect(await processRun(t.p, { workspaceId, runId: runId ?? '', deferrals: 0 })).toEqual({ status: 'finished', runStatus: 'succeeded' });
    const steps = await t.db.runStep.findMany({ where: { runId: runId ?? '' }, orderBy: { seq: 'asc' } });
    const byId = Object.fromEntries(steps.map((s) => [s.stepId, s]));
    // The app really echoed the key; the stored output and what the code step saw are the same redacted value.
    expect(byId.api?.output).toMatchObject({ status: 200, body: { authorization: '[redacted]' } });
    expect(byId.launder?.output).toMatchObject({ seen: '[redacted]', reversed: ']detcader[' });
    expect(byId.post?.input).toMatchObject({ body: { value: '[redacted]' } });
    const reversed = [...KEY].reverse().join('');
    const codes = [...KEY].map((c) => c.charCodeAt(0)).join(',');
    const stored = JSON.stringify(steps.map(({ input, output, error, logs }) => ({ input, output, error, logs })));
    for (const form of [KEY, reversed, [...KEY].join(' '), codes]) expect(stored).not.toContain(form);
  });
});

describe('connection status messages', () => {
  it('finding 7: a message quoting the key (base64, URL-encoded, JSON-escaped) is stored on the connection scrubbed', async () => {
    const connectionId = await createConnection(t.db, workspaceId, 'leaky', { apiKey: API_KEY, baseUrl: base });
    const quoted = [Buffer.from(API_KEY).toString('base64'), encodeURIComponent(API_KEY), JSON.stringify(`Bearer ${API_KEY}`)];
    await markConnectionNeedsAttention(t.p, workspaceId, connectionId, `Leaky rejected the credentials (401): ${quoted.join(' / ')}`);
    const row = await t.db.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { status: true, statusMessage: true, lastFailureMessage: true } });
    expect(row.status).toBe('needs_attention');
    expect(row.statusMessage).toContain('Leaky rejected the credentials (401): [redacted]');
    for (const form of [API_KEY, ...quoted]) expect(JSON.stringify(row)).not.toContain(form);
  });
});

describe('secretScrubber', () => {
  it('replaces secrets inside JSON text and keeps it valid, including secrets with quotes and backslashes', () => {
    const scrub = secretScrubber(['ab"c\\d-secret', 'short', 'x']);
    const value = { a: 'pre ab"c\\d-secret post', b: ['short!'], c: 'x marks' };
    expect(scrub.value(value)).toEqual({ a: 'pre [redacted] post', b: ['[redacted]!'], c: 'x marks' });
    expect(scrub.text(`url?k=${encodeURIComponent('ab"c\\d-secret')}`)).toBe('url?k=[redacted]');
    expect(JSON.parse(scrub.json(JSON.stringify({ k: 'ab"c\\d-secret' })))).toEqual({ k: '[redacted]' });
    const untouched = { n: 1 };
    expect(secretScrubber().value(untouched)).toBe(untouched);
  });
});
