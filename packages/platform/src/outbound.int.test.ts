/**
 * The outbound guard end to end: a Catch Hook konnector whose HTTP Request action calls a URL
 * taken from the event, run by the run processor with the platform's guarded connection HTTP
 * clients (Postgres, Redis, real local servers). A refusal is the step's error, recorded once,
 * never retried; an allowlisted host still works.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@konnect/connectors';
import { activate } from './activation';
import { ingestHook } from './hooks';
import { createOutboundGuard, hostOf } from './outbound-guard';
import { processRun } from './run';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

let t: TestPlatform;
let server: Server;
let base = '';
let hits = 0;
let workspaceId: string;
let hookToken = '';

const DNS: Record<string, string[]> = { 'intranet.example.test': ['10.0.0.1'], 'metadata.google.internal': ['169.254.169.254'] };

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
    if (to) res.writeHead(302, { location: to }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ pong: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const guard = createOutboundGuard({
    allowHosts: [hostOf(base) ?? ''],
    resolve: async (host) => {
      const found = DNS[host];
      if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return found;
    },
  });
  t = await testPlatform('outbound', registry, {}, {}, { guard });
  workspaceId = await createWorkspace(t.db);
  const id = await createKonnector(t.db, workspaceId, {
    trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
    steps: [{ type: 'action', id: 'call', connector: 'http', action: 'request', input: { url: '{{trigger.url}}' } }],
  });
  hookToken = (await activate(t.p, workspaceId, id)).hookToken ?? '';
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
});

async function runWith(url: string) {
  const { runId } = await ingestHook(t.p, hookToken, { body: { url }, headers: {}, query: {} });
  const outcome = await processRun(t.p, { workspaceId, runId: runId ?? '', deferrals: 0 });
  const run = await t.db.run.findUniqueOrThrow({ where: { id: runId ?? '' } });
  const step = await t.db.runStep.findFirstOrThrow({ where: { runId: runId ?? '', stepId: 'call' } });
  return { outcome, run, step };
}

describe('HTTP Request action behind the outbound guard', () => {
  it.each([
    ['a private address', 'http://10.0.0.1/', 'Refused to connect to 10.0.0.1 (private address)'],
    ['the metadata service, spelled in octal', 'http://0251.0376.0251.0376/latest/meta-data/', 'Refused to connect to 169.254.169.254 (cloud metadata address)'],
    ['a name that resolves to a private address', 'http://intranet.example.test/admin', 'Refused to connect to intranet.example.test at 10.0.0.1 (private address)'],
    ['a metadata name', 'http://metadata.google.internal/computeMetadata/v1/', 'Refused to connect to metadata.google.internal at 169.254.169.254 (cloud metadata address)'],
    ['loopback outside the allowlist', 'http://[::ffff:127.0.0.1]:6379/', 'Refused to connect to ::ffff:7f00:1 (loopback address)'],
  ])('refuses %s: the run fails with the refusal on the step, after one attempt', async (_name, url, message) => {
    const { outcome, run, step } = await runWith(url);
    expect(outcome).toEqual({ status: 'finished', runStatus: 'failed' });
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toMatchObject({ kind: 'refused', retryable: false, message, stepId: 'call' });
    expect(run.error).toMatchObject({ kind: 'refused', message });
    expect(run.summary).toContain(message);
    expect(step.logs).toEqual([]);
  });

  it('refuses a redirect from the allowlisted server to the metadata service; the first hop was made, the second never', async () => {
    const before = hits;
    const { step } = await runWith(`${base}/hop?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/iam/')}`);
    expect(step.error).toMatchObject({ kind: 'refused', message: 'Refused to connect to 169.254.169.254 (cloud metadata address)' });
    expect(hits).toBe(before + 1);
  });

  it('calls an allowlisted host', async () => {
    const { outcome, step } = await runWith(`${base}/ping`);
    expect(outcome).toEqual({ status: 'finished', runStatus: 'succeeded' });
    expect(step.output).toMatchObject({ status: 200, body: { pong: true } });
  });
});
