import { describe, expect, it } from 'vitest';
import { EnvError, generateKeySpec, parseEnv } from '@konnect/db';
import { applySandboxEnv, limitsFromEnv, outboundGuardFromEnv, platformEnvShape, sandboxOptionsFromEnv, workerSettingsEnvShape, workerSettingsFromEnv } from './env';
import { DEFAULT_LIMITS } from './platform';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, DEFAULT_WORKER_SETTINGS } from './workers';

const KEY = generateKeySpec();
const platformEnv = (vars: Record<string, string> = {}) => parseEnv(platformEnvShape, { KONNECT_ENCRYPTION_KEY: KEY, ...vars });

describe('platform env', () => {
  it('defaults to the platform\'s own limits and worker settings (declared once)', () => {
    const env = platformEnv();
    expect(limitsFromEnv(env)).toEqual({
      workspaceConcurrency: DEFAULT_LIMITS.workspaceConcurrency,
      connectionRate: DEFAULT_LIMITS.connectionRate,
      hookRate: { perSecond: 100, burst: 200 },
      hookRateMax: DEFAULT_LIMITS.hookRateMax,
      hookWorkspaceRate: DEFAULT_LIMITS.hookWorkspaceRate,
      maxQueuedRunsPerWorkspace: DEFAULT_LIMITS.maxQueuedRunsPerWorkspace,
      konnectMailDailyLimit: DEFAULT_LIMITS.konnectMailDailyLimit,
      storeMaxKeys: 10_000,
      storeMaxBytes: 50 * 1024 * 1024,
      pollPagesPerMinute: DEFAULT_LIMITS.pollPagesPerMinute,
    });
    expect(env).toMatchObject({ OUTBOUND_ALLOW_HOSTS: [], OUTBOUND_ALLOW_PRIVATE: false, DB_POOL_SIZE: 20 });
    expect(env.CUSTIFY_SIM_URL).toBeUndefined();

    const worker = parseEnv(workerSettingsEnvShape, {});
    const { maxStalledCount: _notFromEnv, ...fromEnv } = DEFAULT_WORKER_SETTINGS;
    expect(workerSettingsFromEnv(worker)).toEqual(fromEnv);
    expect(worker.SHUTDOWN_TIMEOUT_MS).toBe(DEFAULT_SHUTDOWN_TIMEOUT_MS);
  });

  it('reads every limit from its variable', () => {
    const env = platformEnv({ WORKSPACE_CONCURRENCY: '3', CONNECTION_RATE_PER_SEC: '2.5', CONNECTION_RATE_BURST: '4', KONNECT_MAX_QUEUED_RUNS_PER_WORKSPACE: '50', KONNECT_MAIL_DAILY_LIMIT: '0', STORE_MAX_KEYS_PER_WORKSPACE: '7', STORE_MAX_BYTES_PER_WORKSPACE: '2048', POLL_PAGES_PER_MINUTE_PER_CONNECTION: '30', HOOK_RATE_PER_SEC: '40', HOOK_RATE_BURST: '80', HOOK_RATE_MAX_PER_SEC: '400', HOOK_RATE_MAX_BURST: '800', HOOK_RATE_PER_WORKSPACE_PER_SEC: '250', HOOK_RATE_PER_WORKSPACE_BURST: '500' });
    expect(limitsFromEnv(env)).toEqual({
      workspaceConcurrency: 3,
      connectionRate: { perSecond: 2.5, burst: 4 },
      hookRate: { perSecond: 40, burst: 80 },
      hookRateMax: { perSecond: 400, burst: 800 },
      hookWorkspaceRate: { perSecond: 250, burst: 500 },
      maxQueuedRunsPerWorkspace: 50, konnectMailDailyLimit: 0, storeMaxKeys: 7, storeMaxBytes: 2048, pollPagesPerMinute: 30 });
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      platformEnv({ WORKSPACE_CONCURRENCY: '0', CONNECTION_RATE_PER_SEC: 'fast', OUTBOUND_ALLOW_PRIVATE: 'maybe', CUSTIFY_SIM_URL: 'sim', KONNECT_MAIL_DAILY_LIMIT: '-1', STORE_MAX_KEYS_PER_WORKSPACE: 'lots', POLL_PAGES_PER_MINUTE_PER_CONNECTION: '1', HOOK_RATE_MAX_PER_SEC: '0' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as EnvError).message;
    for (const name of ['WORKSPACE_CONCURRENCY', 'CONNECTION_RATE_PER_SEC', 'OUTBOUND_ALLOW_PRIVATE expected true or false', 'CUSTIFY_SIM_URL', 'KONNECT_MAIL_DAILY_LIMIT', 'STORE_MAX_KEYS_PER_WORKSPACE', 'POLL_PAGES_PER_MINUTE_PER_CONNECTION', 'HOOK_RATE_MAX_PER_SEC']) expect(message).toContain(name);
  });
});

describe('sandbox settings from the environment', () => {
  it('passes on only the SANDBOX_* variables that are set, and names the variables of a bad combination', () => {
    expect(sandboxOptionsFromEnv(platformEnv())).toEqual({});
    applySandboxEnv(platformEnv());
    const env = platformEnv({ SANDBOX_THREADS: '4', SANDBOX_THREADS_PER_WORKSPACE: '2', SANDBOX_MAX_THREADS: '6', SANDBOX_QUEUE_PER_WORKSPACE: '50', SANDBOX_QUEUE_TIMEOUT_MS: '30000' });
    expect(sandboxOptionsFromEnv(env)).toEqual({ threads: 4, ownerThreads: 2, maxThreads: 6, ownerQueue: 50, queueTimeoutMs: 30_000 });
    expect(() => applySandboxEnv(platformEnv({ SANDBOX_THREADS: '4', SANDBOX_MAX_THREADS: '2' }))).toThrow('Invalid code sandbox options: SANDBOX_MAX_THREADS: must be at least SANDBOX_THREADS (4)');
    expect(() => platformEnv({ SANDBOX_QUEUE_TIMEOUT_MS: '5' })).toThrow(/SANDBOX_QUEUE_TIMEOUT_MS/);
  });
});

describe('outboundGuardFromEnv', () => {
  const refused = /Refused to connect to 127\.0\.0\.1 \(loopback address\)/;

  it('lets through the hosts OUTBOUND_ALLOW_HOSTS names and the Custify simulator, nothing else private', async () => {
    const guard = outboundGuardFromEnv(platformEnv({ OUTBOUND_ALLOW_HOSTS: '127.0.0.1:8080', CUSTIFY_SIM_URL: 'http://127.0.0.1:4010' }));
    await expect(guard(new URL('http://127.0.0.1:8080/x'))).resolves.toBeUndefined();
    await expect(guard(new URL('http://127.0.0.1:4010/people/all'))).resolves.toBeUndefined();
    await expect(guard(new URL('http://127.0.0.1:9/'))).rejects.toThrow(refused);
    await expect(guard(new URL('http://10.0.0.1/'))).rejects.toThrow(/private/);
  });

  it('lets through the Slack simulator SLACK_SIM_URL names', async () => {
    const guard = outboundGuardFromEnv(platformEnv({ SLACK_SIM_URL: 'http://127.0.0.1:4020' }));
    await expect(guard(new URL('http://127.0.0.1:4020/api/chat.postMessage'))).resolves.toBeUndefined();
    await expect(guard(new URL('http://127.0.0.1:4010/people/all'))).rejects.toThrow(refused);
  });

  it('allows no simulator unless CUSTIFY_SIM_URL says where it is; OUTBOUND_ALLOW_PRIVATE allows every private address', async () => {
    await expect(outboundGuardFromEnv(platformEnv())(new URL('http://127.0.0.1:4010/'))).rejects.toThrow(refused);
    const open = outboundGuardFromEnv(platformEnv({ OUTBOUND_ALLOW_PRIVATE: 'true' }));
    await expect(open(new URL('http://127.0.0.1:4010/'))).resolves.toBeUndefined();
    await expect(open(new URL('http://10.0.0.1/'))).resolves.toBeUndefined();
  });
});
