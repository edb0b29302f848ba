/** Two-factor sign-in end to end through the API routes and sign-in, on the real Postgres and Redis. */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { open } from '@konnect/db';
import { uniqueSuffix } from '@konnect/db/testing';
import { GET as EVENTS } from '@/app/api/v1/account/events/route';
import { POST as CONFIRM } from '@/app/api/v1/account/two-factor/confirm/route';
import { POST as DISABLE } from '@/app/api/v1/account/two-factor/disable/route';
import { POST as CODES } from '@/app/api/v1/account/two-factor/recovery-codes/route';
import { GET as STATUS } from '@/app/api/v1/account/two-factor/route';
import { POST as SETUP } from '@/app/api/v1/account/two-factor/setup/route';
import { POST as CREATE_TOKEN } from '@/app/api/v1/workspaces/[workspaceId]/tokens/route';
import { keyring, redis } from '@/server/services';
import { createOwner, createUser, TEST_PASSWORD, testDb, type TestUser } from '@/test/fixtures';
import { GET as WORKSPACES } from '@/app/api/v1/workspaces/route';
import { call, errorOf, sessionCookie } from '@/test/request';
import { type AuthLimits, type Limiter, TooManyAttempts } from './rate-limit';
import { signIn, TWO_FACTOR_REQUIRED, TWO_FACTOR_WRONG } from './sign-in';
import { totpCode } from './totp';

const prefix = `ktest-2fa-${uniqueSuffix()}`;
const limits: AuthLimits = {
  loginPerAddress: { max: 4, seconds: 60 },
  loginPerIp: { max: 50, seconds: 60 },
  loginPerAccount: { max: 50, seconds: 60 },
  slowdown: { stepMs: 1, maxMs: 1, addressAfter: 100 },
  signupPerIp: { max: 2, seconds: 60 },
};
const limiter = (): Limiter => ({ redis: redis(), prefix, limits, sleep: async () => undefined });
const ip = () => `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

afterAll(async () => {
  const keys = await redis().keys(`${prefix}:*`);
  if (keys.length) await redis().del(...keys);
});

async function login(user: TestUser, code?: string, from = ip(), password = TEST_PASSWORD): Promise<string> {
  try {
    const ok = await signIn({ db: testDb(), limiter: limiter(), keyring: keyring() }, { email: user.email, password, code }, { ip: from, userAgent: '2FA/1' });
    return ok ? 'ok' : 'wrong';
  } catch (err) {
    if (err instanceof TooManyAttempts) return 'too many';
    if (err instanceof Error) return err.message;
    throw err;
  }
}

/** Enrols `user` through the API; returns the secret and the recovery codes. */
async function enrol(user: TestUser): Promise<{ secret: string; codes: string[] }> {
  const setup = await call(SETUP, 'POST', '/s', { as: { user } });
  expect(setup.status, setup.text).toBe(200);
  const { secret, uri, qrCode } = setup.json as { secret: string; uri: string; qrCode: string };
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(uri).toMatch(/^otpauth:\/\/totp\/Konnect:.+\?/);
  expect(uri).toContain(`secret=${secret}`);
  expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(Buffer.from(qrCode.split(',')[1] ?? '', 'base64').toString('utf8')).toContain('<svg');
  const confirmed = await call(CONFIRM, 'POST', '/c', { as: { user }, body: { code: totpCode(secret) } });
  expect(confirmed.status, confirmed.text).toBe(200);
  const { recoveryCodes } = confirmed.json as { recoveryCodes: string[] };
  return { secret, codes: recoveryCodes };
}

const actions = async (user: TestUser) => (await testDb().accountEvent.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map((e) => e.action);

describe('two-factor enrolment', { timeout: 60_000 }, () => {
  it('starts with a QR code and key, turns on with a code, stores the secret sealed to the user and 10 hashed recovery codes', async () => {
    const user = await createUser('enrol');
    expect((await call(STATUS, 'GET', '/t', { as: { user } })).json).toMatchObject({ enabled: false, pending: false, recoveryCodesLeft: 0 });
    // A wrong code does not turn it on.
    await call(SETUP, 'POST', '/s', { as: { user } });
    const wrong = await call(CONFIRM, 'POST', '/c', { as: { user }, body: { code: '000000' } });
    expect(errorOf(wrong)).toMatchObject({ code: 'bad_request', field: 'code' });
    expect(errorOf(await call(CONFIRM, 'POST', '/c', { as: { user }, body: { code: '12' } }))).toMatchObject({ field: 'code' });

    const { secret, codes } = await enrol(user);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);
    expect((await call(STATUS, 'GET', '/t', { as: { user } })).json).toMatchObject({ enabled: true, pending: false, recoveryCodesLeft: 10 });

    const row = await testDb().userTwoFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.secret).not.toContain(secret);
    expect(row.keyVersion).toBe(keyring().currentKeyId);
    expect(open(keyring(), row.secret, user.id)).toBe(secret);
    expect(() => open(keyring(), row.secret, 'another-user')).toThrow(/failed authentication/);
    const stored = JSON.stringify(await testDb().recoveryCode.findMany({ where: { userId: user.id } }));
    for (const c of codes) expect(stored).not.toContain(c.replace(/-/g, ''));

    // Already on: a second setup is refused (turn it off first).
    expect(errorOf(await call(SETUP, 'POST', '/s', { as: { user } }))).toMatchObject({ code: 'conflict' });
    expect(await actions(user)).toContain('two_factor.enabled');
  });

  it('turning two-factor on or off ends every other session of the person (this browser stays signed in)', async () => {
    const user = await createUser('sessions');
    const other = await sessionCookie(user, { fresh: true, userAgent: 'Other browser' });
    expect((await call(WORKSPACES, 'GET', '/w', { as: { cookie: other } })).status).toBe(200);
    const { secret } = await enrol(user);
    expect((await call(WORKSPACES, 'GET', '/w', { as: { cookie: other } })).status).toBe(401);
    expect((await call(WORKSPACES, 'GET', '/w', { as: { user } })).status).toBe(200);

    const another = await sessionCookie(user, { fresh: true, userAgent: 'Third browser' });
    // A fresh TOTP step: the one used to enrol is never accepted twice.
    const code = totpCode(secret, Date.now() + 30_000);
    const off = await call(DISABLE, 'POST', '/d', { as: { user }, body: { password: TEST_PASSWORD, code } });
    expect(off.status, off.text).toBe(204);
    expect((await call(WORKSPACES, 'GET', '/w', { as: { cookie: another } })).status).toBe(401);
    expect((await call(WORKSPACES, 'GET', '/w', { as: { user } })).status).toBe(200);
    const reasons = await testDb().userSession.findMany({ where: { userId: user.id, revokedAt: { not: null } }, select: { revokedReason: true } });
    expect(reasons.map((r) => r.revokedReason)).toEqual(['two_factor_changed', 'two_factor_changed']);
  });

  it('refuses API tokens on account routes', async () => {
    const { user, workspaceId } = await createOwner('token');
    const created = await call(CREATE_TOKEN, 'POST', '/t', { as: { user }, params: { workspaceId }, body: { name: 'CI' } });
    const { token } = created.json as { token: string };
    expect(errorOf(await call(STATUS, 'GET', '/t', { as: { token } }))).toMatchObject({ code: 'forbidden', message: expect.stringContaining('API tokens') });
    expect((await call(SETUP, 'POST', '/s', { as: { token } })).status).toBe(403);
    expect((await call(STATUS, 'GET', '/t')).status).toBe(401);
    expect((await call(STATUS, 'GET', '/t', { as: { user } })).status).toBe(200);
  });
});

describe('two-factor sign-in', { timeout: 60_000 }, () => {
  it('asks for the code, accepts a TOTP code once, then a recovery code once', async () => {
    const user = await createUser('signin2fa');
    const { secret, codes } = await enrol(user);
    // Password alone: the specific message the form recognises (not a failure: no event, nothing counted).
    expect(await login(user)).toBe(TWO_FACTOR_REQUIRED);
    // The wrong password still says only "wrong": no hint that 2FA is on.
    expect(await login(user, undefined, ip(), 'not the password')).toBe('wrong');

    // The enrolment used the current step; the next step's code is new.
    const next = totpCode(secret, Date.now() + 30_000);
    expect(await login(user, next)).toBe('ok');
    // A used TOTP step is never accepted again, from anywhere.
    expect(await login(user, next)).toBe(TWO_FACTOR_WRONG);
    expect(await login(user, totpCode(secret))).toBe(TWO_FACTOR_WRONG);

    const recovery = codes[3] ?? '';
    expect(await login(user, recovery.toUpperCase().replace(/-/g, ' '))).toBe('ok');
    expect(await login(user, recovery)).toBe(TWO_FACTOR_WRONG);
    expect((await call(STATUS, 'GET', '/t', { as: { user } })).json).toMatchObject({ recoveryCodesLeft: 9 });

    const events = await testDb().accountEvent.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    expect(events.map((e) => e.action)).toEqual([
      'two_factor.enabled',
      'sign_in.failed',
      'sign_in.succeeded',
      'sign_in.failed',
      'sign_in.failed',
      'two_factor.recovery_code_used',
      'sign_in.succeeded',
      'sign_in.failed',
    ]);
    expect(events[2]?.details).toEqual({ method: 'totp' });
    expect(events[3]?.details).toEqual({ reason: 'two_factor_code' });
    expect(events[5]?.details).toEqual({ remaining: 9, purpose: 'sign_in' });
    expect(events[6]?.details).toEqual({ method: 'recovery_code' });
    expect(JSON.stringify(events)).not.toContain(recovery.slice(0, 4) + recovery.slice(5, 9));

    // The security log API lists them, newest first, paged.
    const page = (await call(EVENTS, 'GET', '/e', { as: { user }, query: { limit: '3' } })).json as { events: { action: string }[]; nextCursor: string | null };
    expect(page.events.map((e) => e.action)).toEqual(['sign_in.failed', 'sign_in.succeeded', 'two_factor.recovery_code_used']);
    expect(page.nextCursor).toBeTruthy();
    const rest = (await call(EVENTS, 'GET', '/e', { as: { user }, query: { limit: '100', cursor: page.nextCursor ?? '' } })).json as { events: unknown[] };
    expect(rest.events).toHaveLength(5);
    expect(errorOf(await call(EVENTS, 'GET', '/e', { as: { user }, query: { cursor: '!!' } }))).toMatchObject({ field: 'cursor' });
  });

  it('counts wrong codes against the throttle: guessing codes ends in "too many" for that address', async () => {
    const user = await createUser('guess2fa');
    const { secret } = await enrol(user);
    const from = ip();
    for (let i = 0; i < 4; i++) expect(await login(user, String(100000 + i), from)).toBe(TWO_FACTOR_WRONG);
    expect(await login(user, totpCode(secret, Date.now() + 30_000), from)).toBe('too many');
    // Another address with the right code still gets in.
    expect(await login(user, totpCode(secret, Date.now() + 30_000))).toBe('ok');
  });
});

describe('recovery codes and turning off', { timeout: 60_000 }, () => {
  it('regenerates codes with the password (old ones stop working) and turns off with password + code', async () => {
    const user = await createUser('manage2fa');
    const { secret, codes } = await enrol(user);
    expect(errorOf(await call(CODES, 'POST', '/r', { as: { user }, body: {} }))).toMatchObject({ field: 'password' });
    expect(errorOf(await call(CODES, 'POST', '/r', { as: { user }, body: { password: 'wrong' } }))).toMatchObject({ code: 'bad_request', field: 'password' });
    const fresh = await call(CODES, 'POST', '/r', { as: { user }, body: { password: TEST_PASSWORD } });
    expect(fresh.status, fresh.text).toBe(200);
    const newCodes = (fresh.json as { recoveryCodes: string[] }).recoveryCodes;
    expect(newCodes).toHaveLength(10);
    expect(newCodes.some((c) => codes.includes(c))).toBe(false);
    expect(await login(user, codes[0])).toBe(TWO_FACTOR_WRONG);

    // Turning off: the password and a code are both needed.
    expect(errorOf(await call(DISABLE, 'POST', '/d', { as: { user }, body: { password: TEST_PASSWORD } }))).toMatchObject({ field: 'code' });
    expect(errorOf(await call(DISABLE, 'POST', '/d', { as: { user }, body: { password: 'wrong', code: newCodes[0] } }))).toMatchObject({ field: 'password' });
    expect(errorOf(await call(DISABLE, 'POST', '/d', { as: { user }, body: { password: TEST_PASSWORD, code: '123456' } }))).toMatchObject({ field: 'code' });
    const off = await call(DISABLE, 'POST', '/d', { as: { user }, body: { password: TEST_PASSWORD, code: totpCode(secret, Date.now() + 30_000) } });
    expect(off.status, off.text).toBe(204);
    expect((await call(STATUS, 'GET', '/t', { as: { user } })).json).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect(await testDb().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await login(user)).toBe('ok');
    expect(await actions(user)).toEqual(expect.arrayContaining(['two_factor.enabled', 'two_factor.recovery_codes_regenerated', 'two_factor.disabled']));
  });

  it('limits wrong passwords on these forms (a stolen session cannot guess the password)', async () => {
    const user = await createUser('bruteforce2fa');
    await enrol(user);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await call(CODES, 'POST', '/r', { as: { user }, body: { password: `guess-${i}` } })).status);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
