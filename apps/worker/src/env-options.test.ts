import { describe, expect, it } from 'vitest';
import { EnvError, generateKeySpec } from '@konnect/db';
import { loadWorkerEnv } from './env';

const KEY = generateKeySpec();

describe('worker env: execution settings', () => {
  it('defaults the lock/stall, fairness and retention settings', () => {
    expect(loadWorkerEnv({ KONNECT_ENCRYPTION_KEY: KEY })).toMatchObject({
      POLL_CONCURRENCY: 10,
      WORKSPACE_CONCURRENCY: 10,
      CONNECTION_RATE_PER_SEC: 10,
      CONNECTION_RATE_BURST: 20,
      RUN_RETENTION_DAYS: 30,
      ACCOUNT_EVENT_RETENTION_DAYS: 365,
      SHUTDOWN_TIMEOUT_MS: 20_000,
      WORKER_LOCK_MS: 5000,
      WORKER_STALLED_INTERVAL_MS: 2000,
      OUTBOUND_ALLOW_PRIVATE: false,
      OUTBOUND_ALLOW_HOSTS: [],
    });
  });

  it('parses host lists and flags', () => {
    const env = loadWorkerEnv({ KONNECT_ENCRYPTION_KEY: KEY, OUTBOUND_ALLOW_HOSTS: '127.0.0.1:4010, sim.local', OUTBOUND_ALLOW_PRIVATE: 'true' });
    expect(env.OUTBOUND_ALLOW_HOSTS).toEqual(['127.0.0.1:4010', 'sim.local']);
    expect(env.OUTBOUND_ALLOW_PRIVATE).toBe(true);
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      loadWorkerEnv({ KONNECT_ENCRYPTION_KEY: KEY, RUN_RETENTION_DAYS: '0', OUTBOUND_ALLOW_PRIVATE: 'maybe', WORKER_LOCK_MS: '10' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as EnvError).message;
    expect(message).toMatch(/RUN_RETENTION_DAYS/);
    expect(message).toMatch(/OUTBOUND_ALLOW_PRIVATE expected true or false/);
    expect(message).toMatch(/WORKER_LOCK_MS/);
  });
});
