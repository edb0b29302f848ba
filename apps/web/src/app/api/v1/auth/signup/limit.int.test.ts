import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import { authLimiter, limitKey } from '@/server/account/rate-limit';
import { PEER_HEADER } from '@/server/client-ip';
import { redis } from '@/server/services';
import { testDb } from '@/test/fixtures';
import { call, errorOf } from '@/test/request';
import { POST } from './route';

const ip = `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
const signup = (from: string) => call(POST, 'POST', '/api/v1/auth/signup', { body: { name: 'Limit', email: `limit-${uniqueSuffix()}@example.test`, password: 'password123' }, headers: { [PEER_HEADER]: from } });

afterAll(async () => {
  await redis().del(limitKey(authLimiter(), 'signup', 'ip', ip));
});

describe('POST /api/v1/auth/signup: per-IP limit', () => {
  it('allows SIGNUPS_PER_IP (default 5) an hour from one IP, then 429 with a clear message and Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await signup(ip)).status).toBe(202);
    const refused = await signup(ip);
    expect(refused.status).toBe(429);
    const error = errorOf(refused);
    expect(error.code).toBe('rate_limited');
    expect(error.message).toMatch(/^Too many attempts, try again in \d+ s$/);
    const seconds = Number(/in (\d+) s/.exec(error.message)?.[1]);
    expect(seconds).toBeGreaterThan(3500);
    expect(seconds).toBeLessThanOrEqual(3600);
    // Refused sign-ups create nothing; another IP is not affected.
    const email = `limit-${uniqueSuffix()}@example.test`;
    const again = await call(POST, 'POST', '/s', { body: { name: 'Limit', email, password: 'password123' }, headers: { [PEER_HEADER]: ip } });
    expect(again.status).toBe(429);
    expect(await testDb().user.count({ where: { email } })).toBe(0);
    expect((await signup(`2001:db8::${randomBytes(2).toString('hex')}`)).status).toBe(202);

    // The 429 carries Retry-After.
    const res = await POST(
      new Request('http://localhost:3000/api/v1/auth/signup', {
        method: 'POST',
        headers: { origin: 'http://localhost:3000', 'content-type': 'application/json', [PEER_HEADER]: ip },
        body: JSON.stringify({ name: 'Limit', email: `limit-${uniqueSuffix()}@example.test`, password: 'password123' }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(3500);
  });
});
