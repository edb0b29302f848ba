/**
 * The builder's Test run redacts an action's output before later steps see it, as a real run does:
 * an app echoing the connection's key cannot hand it to a code step, which could otherwise return
 * it reversed (past any scrubber). Real HTTP to a local echo server, real Postgres and Redis.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwner } from '@/test/fixtures';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call } from '@/test/request';
import { POST as CREATE_CONNECTION } from '@/app/api/v1/workspaces/[workspaceId]/connections/route';
import { POST as TEST_DRAFT } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/test/route';

const KEY = 'xk_testrun_echo_5a6b7c8d';
let env: PlatformTestEnv;
let echo: Server;
let echoUrl = '';

beforeAll(async () => {
  echo = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ youSent: req.headers['x-api-key'] ?? null })));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  // Set before the web env is first read (platformTestEnv reads it).
  process.env.OUTBOUND_ALLOW_HOSTS = new URL(echoUrl).host;
  env = await platformTestEnv('test-run-secrets');
});
afterAll(async () => {
  await env.close();
  echo.closeAllConnections();
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

type StepView = { stepId: string; status: string; output: Record<string, unknown> | null };

describe('Test run: action outputs are redacted before later steps see them', () => {
  it('finding 6: a code step in a Test run cannot reverse a key the API echoed back into clear text', async () => {
    const { user, workspaceId } = await createOwner('test-run-launder');
    const made = await call(CREATE_CONNECTION, 'POST', '/c', {
      as: { user },
      params: { workspaceId },
      body: { connectorKey: 'web_api', name: 'Echo API', fields: { baseUrl: echoUrl, scheme: 'header', headerName: 'X-Api-Key', headerValue: KEY } },
    });
    expect(made.status, made.text).toBe(201);
    const connectionId = (made.json as { id: string }).id;
    const draft = {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [
        { type: 'action', id: 'api', connector: 'web_api', action: 'request', connectionId, input: { path: '/echo' }, onError: 'stop' },
        { type: 'code', id: 'launder', source: 'const k = input.steps.api.body.youSent; return { reversed: k.split("").reverse().join(""), seen: k };' },
      ],
    };
    const res = await call(TEST_DRAFT, 'POST', '/t', { as: { user }, params: { workspaceId }, body: { draft, sample: { n: 1 } } });
    expect(res.status, res.text).toBe(200);
    const steps = (res.json as { status: string; steps: StepView[] }).steps;
    expect((res.json as { status: string }).status).toBe('succeeded');
    expect(steps.find((s) => s.stepId === 'api')?.output).toMatchObject({ body: { youSent: '[redacted]' } });
    expect(steps.find((s) => s.stepId === 'launder')?.output).toEqual({ reversed: ']detcader[', seen: '[redacted]' });
    for (const form of [KEY, [...KEY].reverse().join('')]) expect(res.text).not.toContain(form);
  });
});
