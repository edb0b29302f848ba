import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseEnvShape, EnvError, parseEnv } from './env';
import { generateKeySpec } from './crypto';

const key = generateKeySpec('k1');

describe('parseEnv', () => {
  it('applies local defaults so a newcomer sets nothing but the generated key', () => {
    const env = parseEnv(baseEnvShape, { KONNECT_ENCRYPTION_KEY: key });
    expect(env.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/konnect');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.NODE_ENV).toBe('development');
  });

  it('rejects a bad value with a message naming the variable, what it expects and what it got', () => {
    let error: unknown;
    try {
      parseEnv(baseEnvShape, { KONNECT_ENCRYPTION_KEY: key, DATABASE_URL: 'mysql://localhost/x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as EnvError).message;
    expect(message).toContain('DATABASE_URL expected a URL like postgresql://');
    expect(message).toContain('(got "mysql://localhost/x")');
  });

  it('says a required variable is required, and never echoes secrets', () => {
    expect(() => parseEnv(baseEnvShape, {})).toThrow(/KONNECT_ENCRYPTION_KEY is required/);
    try {
      parseEnv(baseEnvShape, { KONNECT_ENCRYPTION_KEY: 'k1:too-short-secret' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/KONNECT_ENCRYPTION_KEY expected "keyId:<32 bytes base64>"/);
      expect((e as Error).message).not.toContain('too-short-secret');
    }
  });

  it('lists every problem at once and treats empty strings as unset', () => {
    const shape = { ...baseEnvShape, PORT: z.coerce.number().int().min(1).max(65535).default(3000) };
    try {
      parseEnv(shape, { KONNECT_ENCRYPTION_KEY: key, PORT: 'eighty', REDIS_URL: 'http://x', DATABASE_URL: '' });
      expect.unreachable();
    } catch (e) {
      const problems = (e as EnvError).problems;
      expect(problems).toHaveLength(2);
      expect(problems.join('\n')).toMatch(/PORT/);
      expect(problems.join('\n')).toMatch(/REDIS_URL expected a URL like redis:\/\//);
    }
  });
});
