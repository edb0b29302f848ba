/** "Your sessions": list, revoke one, sign out everywhere (else); only the owner, only from a browser. */
import { describe, expect, it } from 'vitest';
import { GET as LIST_WORKSPACES } from '@/app/api/v1/workspaces/route';
import { generateApiToken } from '@/server/token-secret';
import { createOwner, TEST_PASSWORD, testDb, type TestUser } from '@/test/fixtures';
import { AuthBrowser } from '@/test/next-auth';
import { call, errorOf } from '@/test/request';
import { DELETE as REVOKE } from './[sessionId]/route';
import { POST as REVOKE_ALL } from './revoke-all/route';
import { POST as REVOKE_OTHERS } from './revoke-others/route';
import { GET as LIST } from './route';

const LINUX_CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

interface SessionItem {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  device: string;
  current: boolean;
}

/** Two real sign-ins of the same user (laptop, phone). */
async function twoBrowsers(user: TestUser) {
  const laptop = new AuthBrowser(LINUX_CHROME, '203.0.113.7');
  const phone = new AuthBrowser(IPHONE_SAFARI, '198.51.100.20');
  await laptop.signIn(user.email, TEST_PASSWORD);
  await phone.signIn(user.email, TEST_PASSWORD);
  return { laptop: laptop.sessionCookie() ?? '', phone: phone.sessionCookie() ?? '' };
}

const works = async (cookie: string) => (await call(LIST_WORKSPACES, 'GET', '/api/v1/workspaces', { as: { cookie } })).status;

describe('GET /api/v1/account/sessions', () => {
  it('lists the caller\'s live sessions with device, IP and last seen, marking the current one', async () => {
    const { user } = await createOwner('lister');
    const { laptop, phone } = await twoBrowsers(user);
    // Ended sessions are not listed; neither are another user's.
    const ended = await testDb().userSession.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 86_400_000), revokedAt: new Date(), revokedReason: 'sign_out' } });
    await twoBrowsers((await createOwner('stranger')).user);

    const res = await call(LIST, 'GET', '/api/v1/account/sessions', { as: { cookie: laptop } });
    expect(res.status).toBe(200);
    const items = res.json as SessionItem[];
    expect(items).toHaveLength(2);
    expect(items.map((s) => s.id)).not.toContain(ended.id);
    for (const item of items) expect(Object.keys(item).sort()).toEqual(['createdAt', 'current', 'device', 'id', 'ip', 'lastSeenAt']);
    const current = items.find((s) => s.current);
    expect(current).toMatchObject({ device: 'Chrome on Linux', ip: '203.0.113.7' });
    expect(items.find((s) => !s.current)).toMatchObject({ device: 'Safari on iPhone', ip: '198.51.100.20' });
    expect(Number.isNaN(Date.parse(current?.lastSeenAt ?? ''))).toBe(false);
    // From the phone, the phone is current.
    const fromPhone = (await call(LIST, 'GET', '/api/v1/account/sessions', { as: { cookie: phone } })).json as SessionItem[];
    expect(fromPhone.find((s) => s.current)?.device).toBe('Safari on iPhone');
  });

  it('refuses API-token callers (403) and anonymous callers (401)', async () => {
    const { user, workspaceId } = await createOwner('tokener');
    const t = generateApiToken();
    await testDb().apiToken.create({ data: { workspaceId, userId: user.id, name: 'ci', hash: t.hash, prefix: t.prefix } });
    const list = await call(LIST, 'GET', '/api/v1/account/sessions', { as: { token: t.token } });
    expect(list.status).toBe(403);
    expect(errorOf(list).code).toBe('forbidden');
    expect((await call(REVOKE_OTHERS, 'POST', '/x', { as: { token: t.token } })).status).toBe(403);
    expect((await call(REVOKE_ALL, 'POST', '/x', { as: { token: t.token } })).status).toBe(403);
    const { laptop } = await twoBrowsers(user);
    const id = (await testDb().userSession.findFirstOrThrow({ where: { userId: user.id } })).id;
    expect((await call(REVOKE, 'DELETE', '/x', { as: { token: t.token }, params: { sessionId: id } })).status).toBe(403);
    expect(await works(laptop)).toBe(200);
    expect((await call(LIST, 'GET', '/api/v1/account/sessions')).status).toBe(401);
  });
});

describe('DELETE /api/v1/account/sessions/{id}', () => {
  it('ends one session at once (its cookie gets 401) and records session.revoked', async () => {
    const { user } = await createOwner('revoker');
    const { laptop, phone } = await twoBrowsers(user);
    expect(await works(phone)).toBe(200); // its live verdict is now cached
    const items = (await call(LIST, 'GET', '/api/v1/account/sessions', { as: { cookie: laptop } })).json as SessionItem[];
    const phoneId = items.find((s) => !s.current)?.id ?? '';
    const res = await call(REVOKE, 'DELETE', `/api/v1/account/sessions/${phoneId}`, { as: { cookie: laptop }, params: { sessionId: phoneId }, headers: { 'user-agent': LINUX_CHROME } });
    expect(res.status).toBe(204);
    expect(await works(phone)).toBe(401);
    expect(await works(laptop)).toBe(200);
    expect((await testDb().userSession.findUniqueOrThrow({ where: { id: phoneId } })).revokedReason).toBe('revoked');
    const event = await testDb().accountEvent.findFirstOrThrow({ where: { userId: user.id, action: 'session.revoked' } });
    expect(event.details).toEqual({ sessionId: phoneId, current: false });
    // Again: it is no longer live.
    expect((await call(REVOKE, 'DELETE', '/x', { as: { cookie: laptop }, params: { sessionId: phoneId } })).status).toBe(404);
  });

  it('another user\'s session id is 404 and stays live', async () => {
    const a = await createOwner('a');
    const b = await createOwner('b');
    const { laptop } = await twoBrowsers(a.user);
    const bCookies = await twoBrowsers(b.user);
    const bSession = await testDb().userSession.findFirstOrThrow({ where: { userId: b.user.id } });
    const res = await call(REVOKE, 'DELETE', '/x', { as: { cookie: laptop }, params: { sessionId: bSession.id } });
    expect(res.status).toBe(404);
    expect(errorOf(res)).toMatchObject({ code: 'not_found', message: 'Session not found' });
    expect(await works(bCookies.laptop)).toBe(200);
    expect(await works(bCookies.phone)).toBe(200);
    expect((await testDb().userSession.findUniqueOrThrow({ where: { id: bSession.id } })).revokedAt).toBeNull();
    expect((await call(REVOKE, 'DELETE', '/x', { as: { cookie: laptop }, params: { sessionId: 'x'.repeat(65) } })).status).toBe(400);
  });
});

describe('sign out everywhere', () => {
  it('revoke-others ends every other session and keeps this one', async () => {
    const { user } = await createOwner('others');
    const { laptop, phone } = await twoBrowsers(user);
    const third = await twoBrowsers(user);
    const res = await call(REVOKE_OTHERS, 'POST', '/api/v1/account/sessions/revoke-others', { as: { cookie: laptop } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ revoked: 3 });
    expect(await works(laptop)).toBe(200);
    for (const cookie of [phone, third.laptop, third.phone]) expect(await works(cookie)).toBe(401);
    const listed = (await call(LIST, 'GET', '/x', { as: { cookie: laptop } })).json as SessionItem[];
    expect(listed).toHaveLength(1);
    expect(listed[0]?.current).toBe(true);
    const event = await testDb().accountEvent.findFirstOrThrow({ where: { userId: user.id, action: 'sessions.revoked_all' } });
    expect(event.details).toEqual({ revoked: 3, keptCurrent: true });
  });

  it('revoke-all ends every session, this one included', async () => {
    const { user } = await createOwner('all');
    const { laptop, phone } = await twoBrowsers(user);
    const res = await call(REVOKE_ALL, 'POST', '/api/v1/account/sessions/revoke-all', { as: { cookie: laptop } });
    expect(res.json).toEqual({ revoked: 2 });
    expect(await works(laptop)).toBe(401);
    expect(await works(phone)).toBe(401);
    const rows = await testDb().userSession.findMany({ where: { userId: user.id } });
    expect(rows.map((r) => r.revokedReason)).toEqual(['sign_out_everywhere', 'sign_out_everywhere']);
  });

  it('a cross-site POST riding on the cookie is refused', async () => {
    const { user } = await createOwner('csrf');
    const { laptop, phone } = await twoBrowsers(user);
    const res = await call(REVOKE_OTHERS, 'POST', '/x', { as: { cookie: laptop }, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(await works(phone)).toBe(200);
  });
});
