/** checkSession: revoked, expired and idle sessions are dead; the Redis cache and its fallback. */
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { uniqueSuffix } from '@konnect/db/testing';
import { redis } from '@/server/services';
import { createUser, testDb } from '@/test/fixtures';
import { checkSession, createUserSession, LAST_SEEN_RESOLUTION_MS, revokeSession, revokeUserSessions, SESSION_CACHE_SECONDS, sessionCacheKey, type SessionStore } from './sessions';

const prefix = `ktest-sessions-${uniqueSuffix()}`;
const store = (): SessionStore => ({ db: testDb(), redis: redis(), prefix });
const DAY = 86_400_000;

/** A Redis client for a port nobody listens on, failing at once: "Redis is down". */
const deadRedis = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
deadRedis.on('error', () => undefined);
const downStore = (): SessionStore => ({ db: testDb(), redis: deadRedis, prefix });

afterAll(async () => {
  const keys = await redis().keys(`${prefix}:*`);
  if (keys.length) await redis().del(...keys);
  deadRedis.disconnect();
});

describe('checkSession', () => {
  it('a live session answers its user and is cached (with a TTL) as a live verdict', async () => {
    const user = await createUser('live');
    const s = await createUserSession(store(), { userId: user.id });
    expect(await checkSession(store(), s.id)).toEqual({ userId: user.id });
    const key = sessionCacheKey(store(), s.id);
    expect(JSON.parse((await redis().get(key)) ?? 'null')).toMatchObject({ u: user.id });
    const ttl = await redis().ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(SESSION_CACHE_SECONDS);
    // Served from the cache: a row deleted behind its back still answers until the entry expires.
    await testDb().userSession.delete({ where: { id: s.id } });
    expect(await checkSession(store(), s.id)).toEqual({ userId: user.id });
  });

  it('unknown, empty and over-long ids are dead, and dead verdicts are not cached', async () => {
    for (const id of ['no-such-session', '', 'x'.repeat(200)]) expect(await checkSession(store(), id)).toBeNull();
    expect(await redis().exists(sessionCacheKey(store(), 'no-such-session'))).toBe(0);
  });

  it('revoked: the cached live verdict is replaced at once, and a stale check cannot put it back', async () => {
    const user = await createUser('revoked');
    const s = await createUserSession(store(), { userId: user.id });
    expect(await checkSession(store(), s.id)).toEqual({ userId: user.id });
    expect(await revokeSession(store(), user.id, s.id, 'revoked')).toBe(true);
    expect(await checkSession(store(), s.id)).toBeNull();
    // Revoking another user's session does nothing.
    const other = await createUser('other');
    const mine = await createUserSession(store(), { userId: other.id });
    expect(await revokeSession(store(), user.id, mine.id, 'revoked')).toBe(false);
    expect(await checkSession(store(), mine.id)).toEqual({ userId: other.id });
    // A check that read Postgres before the revocation and writes its verdict after it: refused by the mark.
    const key = sessionCacheKey(store(), s.id);
    await redis().eval(
      "if redis.call('GET', KEYS[1]) == ARGV[3] then return 0 end redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) return 1",
      1,
      key,
      JSON.stringify({ u: user.id, e: Date.now() + DAY, s: Date.now() }),
      '30',
      'revoked',
    );
    expect(await checkSession(store(), s.id)).toBeNull();
  });

  it('revokeUserSessions ends every cached session but the one kept', async () => {
    const user = await createUser('everywhere');
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createUserSession(store(), { userId: user.id })));
    for (const s of [a, b, c]) expect(await checkSession(store(), s?.id ?? '')).toEqual({ userId: user.id });
    expect(await revokeUserSessions(store(), user.id, { reason: 'password_changed', except: b?.id ?? '' })).toBe(2);
    expect(await checkSession(store(), a?.id ?? '')).toBeNull();
    expect(await checkSession(store(), b?.id ?? '')).toEqual({ userId: user.id });
    expect(await checkSession(store(), c?.id ?? '')).toBeNull();
    const rows = await testDb().userSession.findMany({ where: { userId: user.id, revokedAt: { not: null } } });
    expect(rows.map((r) => r.revokedReason)).toEqual(['password_changed', 'password_changed']);
  });

  it('expired: dead after its absolute lifetime, even when used a moment ago', async () => {
    const user = await createUser('expired');
    const now = new Date();
    const s = await createUserSession(store(), { userId: user.id, now: new Date(now.getTime() - 31 * DAY), maxAgeSeconds: 30 * 86_400 });
    await testDb().userSession.update({ where: { id: s.id }, data: { lastSeenAt: new Date(now.getTime() - 1000) } });
    expect(await checkSession(store(), s.id, { now })).toBeNull();
    // A session used every day stays live until its 30 days are over, and not a second longer
    // (a cached live verdict is never trusted past expiresAt).
    const daily = await createUserSession(store(), { userId: user.id, maxAgeSeconds: 30 * 86_400 });
    const end = daily.expiresAt.getTime();
    expect(await checkSession(store(), daily.id, { now: new Date(end - 2000), idleSeconds: 31 * 86_400 })).toEqual({ userId: user.id });
    expect(await checkSession(store(), daily.id, { now: new Date(end + 1000), idleSeconds: 31 * 86_400 })).toBeNull();
  });

  it('idle: dead when unused for longer than the idle lifetime (7 days by default)', async () => {
    const user = await createUser('idle');
    const s = await createUserSession(store(), { userId: user.id });
    await testDb().userSession.update({ where: { id: s.id }, data: { lastSeenAt: new Date(Date.now() - 8 * DAY) } });
    expect(await checkSession(store(), s.id)).toBeNull();
    await testDb().userSession.update({ where: { id: s.id }, data: { lastSeenAt: new Date(Date.now() - 6 * DAY) } });
    expect(await checkSession(store(), s.id)).toEqual({ userId: user.id });
    // The check touched it (it was days old): idle counts from now again.
    const row = await testDb().userSession.findUniqueOrThrow({ where: { id: s.id } });
    expect(Date.now() - row.lastSeenAt.getTime()).toBeLessThan(DAY);
    // A shorter idle lifetime applies when configured.
    await testDb().userSession.update({ where: { id: s.id }, data: { lastSeenAt: new Date(Date.now() - 2 * DAY) } });
    await redis().del(sessionCacheKey(store(), s.id));
    expect(await checkSession(store(), s.id, { idleSeconds: 86_400 })).toBeNull();
  });

  it('lastSeenAt is written at most once a minute', async () => {
    const user = await createUser('touch');
    const t0 = new Date();
    const s = await createUserSession(store(), { userId: user.id, now: t0 });
    const seen = async () => (await testDb().userSession.findUniqueOrThrow({ where: { id: s.id } })).lastSeenAt.getTime();
    await checkSession(store(), s.id, { now: new Date(t0.getTime() + 10_000) });
    expect(await seen()).toBe(t0.getTime());
    await redis().del(sessionCacheKey(store(), s.id));
    await checkSession(store(), s.id, { now: new Date(t0.getTime() + 30_000) });
    expect(await seen()).toBe(t0.getTime());
    // Past the resolution the check goes to Postgres (even with a cached verdict) and writes it.
    const later = t0.getTime() + LAST_SEEN_RESOLUTION_MS + 5_000;
    await checkSession(store(), s.id, { now: new Date(later) });
    expect(await seen()).toBe(later);
  });

  it('Redis down: Postgres alone answers, revoked sessions included', async () => {
    const user = await createUser('noredis');
    const s = await createUserSession(downStore(), { userId: user.id });
    expect(await checkSession(downStore(), s.id)).toEqual({ userId: user.id });
    expect(await revokeSession(downStore(), user.id, s.id, 'sign_out')).toBe(true);
    expect(await checkSession(downStore(), s.id)).toBeNull();
    const other = await createUserSession(downStore(), { userId: user.id });
    expect(await revokeUserSessions(downStore(), user.id, { reason: 'sign_out_everywhere' })).toBe(1);
    expect(await checkSession(downStore(), other.id)).toBeNull();
  });
});
