import { describe, expect, it } from 'vitest';
import { generateKeySpec } from '@konnect/db';
import { DEFAULT_WORKER_SETTINGS } from '@konnect/platform';
import { loadWorkerEnv } from './env';

describe('worker env', () => {
  it('starts with local defaults and the generated key only', () => {
    const env = loadWorkerEnv({ KONNECT_ENCRYPTION_KEY: generateKeySpec() });
    // The platform's default, declared once (DEFAULT_WORKER_SETTINGS says why it is 20).
    expect(env.WORKER_CONCURRENCY).toBe(DEFAULT_WORKER_SETTINGS.concurrency.run);
    expect(env.WORKER_CONCURRENCY).toBe(20);
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('stops start-up with a message naming the bad variable and what it expects', () => {
    const bad = () => loadWorkerEnv({ KONNECT_ENCRYPTION_KEY: generateKeySpec(), WORKER_CONCURRENCY: '0', REDIS_URL: 'localhost:6379' });
    expect(bad).toThrow(/WORKER_CONCURRENCY Too small: expected number to be >=1 \(got "0"\)/);
    expect(bad).toThrow(/REDIS_URL expected a URL like redis:\/\/127\.0\.0\.1:6379 \(got "localhost:6379"\)/);
  });

  it('takes the test-only delay scale, and refuses it in production', () => {
    const key = generateKeySpec();
    expect(loadWorkerEnv({ KONNECT_ENCRYPTION_KEY: key, KONNECT_TEST_DELAY_SCALE: '0.05', NODE_ENV: 'test' }).KONNECT_TEST_DELAY_SCALE).toBe(0.05);
    expect(() => loadWorkerEnv({ KONNECT_ENCRYPTION_KEY: key, KONNECT_TEST_DELAY_SCALE: '0.05', NODE_ENV: 'production' })).toThrow(/KONNECT_TEST_DELAY_SCALE is a test-only setting/);
    expect(() => loadWorkerEnv({ KONNECT_ENCRYPTION_KEY: key, KONNECT_TEST_DELAY_SCALE: '2' })).toThrow(/KONNECT_TEST_DELAY_SCALE is at most 1/);
  });
});
