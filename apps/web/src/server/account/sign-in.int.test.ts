import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import { loadWebEnv } from '@/env';
import { authOptions } from '@/server/auth-options';
import { PEER_HEADER } from '@/server/client-ip';
import { redis } from '@/server/services';
import { createUser, TEST_PASSWORD, testDb } from '@/test/fixtures';
import { accountKey, authLimiter, limitKey, type AuthLimits, type Limiter, TooManyAttempts } from './rate-limit';
import { signInWithLimits } from './sign-in';

const prefix = `ktest-signin-${uniqueSuffix()}`;
const limits: AuthLimits = {
  loginPerAccount: { max: 3, seconds: 60 },
  loginPerIp: { max: 5, seconds: 60 },
  signupPerIp: { max: 2, seconds: 60 },
};
const limiter = (): Limiter => ({ redis: redis(), prefix, limits });
const randomIp = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

afterAll(async () => {
  const keys = await redis().keys(`${prefix}:*`);
  if (keys.length) await redis().del(...keys);
});

async function attempt(email: string, password: string, ip: string | null): Promise<string> {
  try {
    return (await signInWithLimits(testDb(), limiter(), email, password, ip)) ? 'ok' : 'wrong';
  } catch (err) {
    if (err instanceof TooManyAttempts) return err.message;
    throw err;
  }
}

describe('sign-in limits', () => {
  it('locks an account after its failures, even for the right password, whatever the IP', async () => {
    const user = await createUser('limited');
    for (let i = 0; i < 3; i++) expect(await attempt(user.email, 'wrong password', randomIp())).toBe('wrong');
    const refused = await attempt(user.email.toUpperCase(), TEST_PASSWORD, randomIp());
    expect(refused).toMatch(/^Too many attempts, try again in (\d+) s$/);
    const seconds = Number(/in (\d+) s/.exec(refused)?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    // Another account is not affected.
    const other = await createUser('free');
    expect(await attempt(other.email, TEST_PASSWORD, randomIp())).toBe('ok');
  });

  it('a success clears the account count: only failures add up', async () => {
    const user = await createUser('forgetful');
    const ip = randomIp();
    // 2 failures then a success, twice: the account (limit 3) never locks.
    for (let round = 0; round < 2; round++) {
      expect(await attempt(user.email, 'nope', ip)).toBe('wrong');
      expect(await attempt(user.email, 'nope', ip)).toBe('wrong');
      expect(await attempt(user.email, TEST_PASSWORD, ip)).toBe('ok');
    }
    // The IP's successes were handed back: its 5th failure is still answered, the 6th attempt is not.
    expect(await attempt(user.email, 'nope', ip)).toBe('wrong');
    expect(await attempt(user.email, TEST_PASSWORD, ip)).toMatch(/^Too many attempts/);
  });

  it('limits one IP across many accounts (password spraying) and counts unknown emails too', async () => {
    const ip = randomIp();
    for (let i = 0; i < 5; i++) expect(await attempt(`nobody-${uniqueSuffix()}@example.test`, 'guess', ip)).toBe('wrong');
    const user = await createUser('sprayed');
    expect(await attempt(user.email, TEST_PASSWORD, ip)).toMatch(/^Too many attempts/);
    expect(await attempt(user.email, TEST_PASSWORD, randomIp())).toBe('ok');
  });

  it('cannot be raced: parallel guesses past the limit are refused before bcrypt', async () => {
    const user = await createUser('raced');
    const results = await Promise.all(Array.from({ length: 8 }, () => attempt(user.email, 'wrong', null)));
    expect(results.filter((r) => r === 'wrong')).toHaveLength(3);
    expect(results.filter((r) => r.startsWith('Too many attempts'))).toHaveLength(5);
  });

  it('keys accounts by a hash, never the email, and every key expires', async () => {
    const user = await createUser('hashed');
    await attempt(user.email, 'wrong', randomIp());
    const keys = await redis().keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join('\n')).not.toContain('@');
    for (const key of keys) expect(await redis().pttl(key)).toBeGreaterThan(0);
  });
});

describe('next-auth authorize()', () => {
  type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
  const authorize = (): Authorize => {
    const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
    return provider.options.authorize;
  };

  it('applies the configured per-account limit (default 10) with the IP from the socket header', async () => {
    const env = loadWebEnv();
    expect(env.LOGIN_FAILURES_PER_ACCOUNT).toBe(10);
    const user = await createUser('authorize');
    const ip = randomIp();
    const keys = [limitKey(authLimiter(), 'login', 'account', accountKey(user.email)), limitKey(authLimiter(), 'login', 'ip', ip)];
    try {
      const req = { headers: { [PEER_HEADER]: ip } };
      for (let i = 0; i < 10; i++) expect(await authorize()({ email: user.email, password: 'wrong' }, req)).toBeNull();
      await expect(authorize()({ email: user.email, password: TEST_PASSWORD }, req)).rejects.toThrow(/^Too many attempts, try again in \d+ s$/);
      expect(Number(await redis().get(keys[1] ?? ''))).toBe(11);
    } finally {
      await redis().del(...keys);
    }
  });
});
