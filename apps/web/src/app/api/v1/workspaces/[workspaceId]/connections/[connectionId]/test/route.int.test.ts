/**
 * Test connection goes through the platform's outbound guard, built from the same environment as
 * the worker's: a private host named in OUTBOUND_ALLOW_HOSTS is reached (a run could reach it), any
 * other private address is refused before a request is made. The limits come from the same shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import { connectorDeps } from '@/server/connectors';
import { platform } from '@/server/services';
import { createOwner } from '@/test/fixtures';
import { call } from '@/test/request';
import { POST as CREATE } from '../../route';
import { POST as TEST } from './route';

const API_KEY = 'sk-live-custify-allowlist-0123456789';
let allowed: Simulator;
let other: Simulator;

beforeAll(async () => {
  [allowed, other] = await Promise.all([startSimulator({ port: 0, apiKeys: [API_KEY] }), startSimulator({ port: 0, apiKeys: [API_KEY] })]);
  // Set before the web app first reads its environment; no simulator is configured, only the allowlist.
  delete process.env.CUSTIFY_SIM_URL;
  delete process.env.OUTBOUND_ALLOW_PRIVATE;
  process.env.OUTBOUND_ALLOW_HOSTS = `example.invalid, ${new URL(allowed.url).host}`;
  process.env.WORKSPACE_CONCURRENCY = '3';
  process.env.CONNECTION_RATE_PER_SEC = '7';
});
afterAll(async () => {
  await Promise.all([allowed.close(), other.close()]);
});

describe('POST …/connections/:id/test: the outbound guard', () => {
  it('honours OUTBOUND_ALLOW_HOSTS as runs do, and refuses other private addresses', async () => {
    const { user, workspaceId } = await createOwner();
    const test = async (baseUrl: string) => {
      const created = await call(CREATE, 'POST', '/c', { as: { user }, params: { workspaceId }, body: { connectorKey: 'custify', name: baseUrl, fields: { apiKey: API_KEY, baseUrl } } });
      expect(created.status, created.text).toBe(201);
      const res = await call(TEST, 'POST', '/t', { as: { user }, params: { workspaceId, connectionId: (created.json as { id: string }).id } });
      expect(res.status).toBe(200);
      return res.json as { ok: boolean; status: string; message: string };
    };

    expect(await test(allowed.url)).toMatchObject({ ok: true, status: 'ok', message: expect.stringContaining('Connected') });
    expect(allowed.requests.length).toBeGreaterThan(0);

    // The same address on a port the list does not name.
    const refused = await test(other.url);
    expect(refused).toMatchObject({ ok: false, status: 'needs_attention', message: expect.stringMatching(/Refused to connect to 127\.0\.0\.1 \(loopback address\)/) });
    expect(other.requests).toHaveLength(0);

    // One guard: the connection test's is the one runs, samples and test runs use.
    expect(connectorDeps().httpOptions?.guard).toBe(platform().httpOptions?.guard);
  });

  it('gives the web app\'s platform (samples, test runs, Catch Hook) the configured limits, as the worker\'s', () => {
    expect(platform().limits).toMatchObject({ workspaceConcurrency: 3, connectionRate: { perSecond: 7, burst: 20 } });
  });
});
