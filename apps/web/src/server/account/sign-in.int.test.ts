import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import { loadWebEnv } from '@/env';
import { authOptions } from '@/server/auth-options';
import { PEER_HEADER } from '@/server/client-ip';
import { keyring, redis } from '@/server/services';
import { createUser, TEST_PASSWORD, testDb } from '@/test/fixtures';
import { accountKey, addressKey, authLimits, type AuthLimits, type Limiter, TooManyAttempts } from './rate-limit';
import { signIn, slowdownMs } from './sign-in';

const prefix = `ktest-signin-${uniqueSuffix()}`;
const small: AuthLimits = {
  loginPerAddress: { max: 3, seconds: 60 },
  loginPerIp: { max: 5, seconds: 60 },
  loginPerAccount: { max: 4, seconds: 60 },
  slowdown: { stepMs: 100, maxMs: 400, addressAfter: 1 },
  signupPerIp: { max: 2, seconds: 60 },
};
/** The waits a limiter asked for, instead of sleeping them (the tests assert the delays, not the clock). */
let waits: number[] = [];
const limiter = (limits: AuthLimits = small): Limiter => ({
  redis: redis(),
  prefix,
  limits,
  sleep: async (ms) => {
    waits.push(ms);
  },
});
const randomIp = () => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::1`;
const randomV4 = () => `198.51.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
const UA = 'SignInTest/1.0';

afterAll(async () => {
  const keys = await redis().keys(`${prefix}:*`);
  if (keys.length) await redis().del(...keys);
});

async function attempt(email: string, password: string, ip: string | null, limits?: AuthLimits): Promise<string> {
  try {
    return (await signIn({ db: testDb(), limiter: limiter(limits), keyring: keyring() }, { email, password }, { ip, userAgent: UA })) ? 'ok' : 'wrong';
  } catch (err) {
    if (err instanceof TooManyAttempts) return err.message;
    throw err;
  }
}

describe('sign-in throttling', { timeout: 60_000 }, () => {
  it('finding 11: ten wrong passwords from one address do not lock the owner out from another', async () => {
    // The production limits (LOGIN_* defaults), as the probe met them.
    const limits = authLimits();
    expect(limits.loginPerAddress.max).toBe(10);
    const owner = await createUser('victim');
    const attacker = randomV4();
    waits = [];
    for (let i = 0; i < 10; i++) expect(await attempt(owner.email, `guess-${i}`, attacker, limits)).toBe('wrong');
    // The attacker's address is refused for this account now, even with the right password …
    expect(await attempt(owner.email, TEST_PASSWORD, attacker, limits)).toMatch(/^Too many attempts, try again in \d+ s$/);
    const attackerWaits = [...waits];
    // … and the owner, from any other address, signs in with the right password at once.
    expect(await attempt(owner.email, TEST_PASSWORD, randomV4(), limits)).toBe('ok');
    expect(await attempt(owner.email.toUpperCase(), TEST_PASSWORD, randomIp(), limits)).toBe('ok');
    // The attacker was slowed down progressively, never by more than LOGIN_SLOWDOWN_MAX_MS; the owner at most that.
    expect(attackerWaits).toEqual([250, 500, 1000, 2000, 2000, 2000, 2000]);
    expect(waits.slice(attackerWaits.length)).toEqual([250, 250]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(loadWebEnv().LOGIN_SLOWDOWN_MAX_MS);
  });

  it('slows one address against one account progressively, then refuses that address for that account only', async () => {
    const user = await createUser('pair');
    const ip = randomV4();
    waits = [];
    for (let i = 0; i < 3; i++) expect(await attempt(user.email, 'wrong', ip)).toBe('wrong');
    expect(waits).toEqual([100, 200]);
    expect(await attempt(user.email, TEST_PASSWORD, ip)).toMatch(/^Too many attempts/);
    // The same address may still sign in to another account (until its own per-address limit).
    const other = await createUser('pair-other');
    expect(await attempt(other.email, TEST_PASSWORD, ip)).toBe('ok');
  });

  it('a distributed attack only slows the account (bounded), it never refuses the owner', async () => {
    const user = await createUser('distributed');
    waits = [];
    for (let i = 0; i < 12; i++) expect(await attempt(user.email, `guess-${i}`, randomV4())).toBe('wrong');
    expect(Math.max(...waits)).toBe(400);
    waits = [];
    expect(await attempt(user.email, TEST_PASSWORD, randomV4())).toBe('ok');
    expect(waits).toEqual([400]);
  });

  it('a success clears its address\'s count for the account: only failures add up', async () => {
    const user = await createUser('forgetful');
    const ip = randomV4();
    // 2 failures then a success, twice: the account-and-address limit (3) is never reached.
    for (let round = 0; round < 2; round++) {
      expect(await attempt(user.email, 'nope', ip)).toBe('wrong');
      expect(await attempt(user.email, 'nope', ip)).toBe('wrong');
      expect(await attempt(user.email, TEST_PASSWORD, ip)).toBe('ok');
    }
    // The address's own limit (5) counts failures only: its 5th failure is answered, the 6th attempt is not.
    expect(await attempt(user.email, 'nope', ip)).toBe('wrong');
    expect(await attempt(user.email, TEST_PASSWORD, ip)).toMatch(/^Too many attempts/);
  });

  it('limits one address across many accounts (password spraying), unknown emails included', async () => {
    const ip = randomV4();
    for (let i = 0; i < 5; i++) expect(await attempt(`nobody-${uniqueSuffix()}@example.test`, 'guess', ip)).toBe('wrong');
    const user = await createUser('sprayed');
    expect(await attempt(user.email, TEST_PASSWORD, ip)).toMatch(/^Too many attempts/);
    expect(await attempt(user.email, TEST_PASSWORD, randomV4())).toBe('ok');
  });

  it('counts an IPv6 address by its /64', async () => {
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002::9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    const user = await createUser('v6');
    for (let i = 0; i < 3; i++) expect(await attempt(user.email, 'wrong', `2001:db8:aa:bb::${i + 1}`)).toBe('wrong');
    expect(await attempt(user.email, TEST_PASSWORD, '2001:db8:aa:bb::99')).toMatch(/^Too many attempts/);
  });

  it('cannot be raced: parallel guesses past the limit are refused before bcrypt', async () => {
    const user = await createUser('raced');
    const ip = randomV4();
    const results = await Promise.all(Array.from({ length: 8 }, () => attempt(user.email, 'wrong', ip)));
    expect(results.filter((r) => r === 'wrong')).toHaveLength(3);
    expect(results.filter((r) => r.startsWith('Too many attempts'))).toHaveLength(5);
  });

  it('keys accounts by a hash, never the email, and every key expires', async () => {
    const user = await createUser('hashed');
    await attempt(user.email, 'wrong', randomV4());
    const keys = await redis().keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join('\n')).not.toContain('@');
    for (const key of keys) expect(await redis().pttl(key)).toBeGreaterThan(0);
  });

  it('the delay grows by doubling and is bounded', () => {
    const s = { stepMs: 250, maxMs: 2000, addressAfter: 3 };
    expect([0, 2, 3, 4, 5, 6, 7, 50].map((n) => slowdownMs(s, { address: n, account: 0 }, 10))).toEqual([0, 0, 250, 500, 1000, 2000, 2000, 2000]);
    expect(slowdownMs(s, { address: 0, account: 1_000_000 }, 10)).toBe(2000);
  });
});

describe('sign-in account events', { timeout: 60_000 }, () => {
  it('records succeeded, failed (by hash for an unknown email) and throttled once, with IP and user agent', async () => {
    const user = await createUser('events');
    const ip = randomV4();
    expect(await attempt(user.email, 'wrong', ip)).toBe('wrong');
    expect(await attempt(user.email, TEST_PASSWORD, ip)).toBe('ok');
    for (let i = 0; i < 3; i++) await attempt(user.email, 'wrong', ip);
    for (let i = 0; i < 3; i++) expect(await attempt(user.email, 'wrong', ip)).toMatch(/^Too many attempts/);
    const rows = await testDb().accountEvent.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    expect(rows.map((r) => r.action)).toEqual(['sign_in.failed', 'sign_in.succeeded', 'sign_in.failed', 'sign_in.failed', 'sign_in.failed', 'sign_in.throttled']);
    for (const r of rows) expect(r).toMatchObject({ ip, userAgent: UA });
    expect(rows[0]?.details).toEqual({ reason: 'password' });
    expect(rows[1]?.details).toEqual({ method: 'password' });
    expect(rows[5]?.details).toEqual({ scope: 'account_and_address' });

    const unknown = `ghost-${uniqueSuffix()}@example.test`;
    expect(await attempt(unknown, 'guess', randomV4())).toBe('wrong');
    const ghost = await testDb().accountEvent.findMany({ where: { userId: null, details: { path: ['emailHash'], equals: accountKey(unknown) } } });
    expect(ghost).toHaveLength(1);
    expect(ghost[0]?.action).toBe('sign_in.failed');
    expect(JSON.stringify(ghost)).not.toContain(unknown);
  });
});

describe('next-auth authorize()', () => {
  type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
  const authorize = (): Authorize => {
    const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
    return provider.options.authorize;
  };

  it('signs in with the IP from the socket header and the user agent, and refuses a wrong password', async () => {
    const user = await createUser('authorize');
    const ip = randomV4();
    const req = { headers: { [PEER_HEADER]: ip, 'user-agent': 'Browser/9' } };
    expect(await authorize()({ email: user.email, password: 'wrong' }, req)).toBeNull();
    expect(await authorize()({ email: user.email, password: TEST_PASSWORD }, req)).toMatchObject({ id: user.id });
    const last = await testDb().accountEvent.findFirst({ where: { userId: user.id }, orderBy: { createdAt: 'desc' } });
    expect(last).toMatchObject({ action: 'sign_in.succeeded', ip, userAgent: 'Browser/9' });
  });
});
