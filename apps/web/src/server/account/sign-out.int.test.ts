/**
 * Finding 1 of the security probe: sign-out did not end the session (a copied session cookie kept
 * working for 30 days). Signing in and out here goes through next-auth's own handler with the
 * app's authOptions (test/next-auth.ts), as the browser's signIn()/signOut() do.
 */
import { describe, expect, it } from 'vitest';
import { encode } from 'next-auth/jwt';
import { GET as LIST_WORKSPACES } from '@/app/api/v1/workspaces/route';
import { sessionCookieName } from '@/server/session';
import { createOwner, TEST_PASSWORD, testDb } from '@/test/fixtures';
import { AuthBrowser } from '@/test/next-auth';
import { call } from '@/test/request';

describe('sign-out ends the session', () => {
  it('finding 1: a copied session cookie is refused after sign-out', async () => {
    const { user } = await createOwner('signout');
    const browser = new AuthBrowser();
    const signedIn = await browser.signIn(user.email, TEST_PASSWORD);
    expect(signedIn.status).toBe(200);
    const copied = browser.sessionCookie();
    expect(copied).not.toBeNull();
    const cookie = copied ?? '';

    // The copied cookie works while the session lives: the API and useSession() both see the user.
    expect((await call(LIST_WORKSPACES, 'GET', '/api/v1/workspaces', { as: { cookie } })).status).toBe(200);
    expect(await browser.session()).toMatchObject({ user: { id: user.id, email: user.email } });
    const row = await testDb().userSession.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: 'desc' } });
    expect(row).toMatchObject({ ip: '203.0.113.7', revokedAt: null });
    expect(row.userAgent).toContain('Chrome/131');

    const out = await browser.signOut();
    expect(out.status).toBe(200);
    expect(browser.sessionCookie()).toBeNull();

    // The attacker's copy of the cookie no longer works, anywhere.
    const after = await call(LIST_WORKSPACES, 'GET', '/api/v1/workspaces', { as: { cookie } });
    expect(after.status).toBe(401);
    const thief = new AuthBrowser('curl/8.5.0', '198.51.100.9');
    thief.cookies.set(sessionCookieName(), cookie.slice(cookie.indexOf('=') + 1));
    expect(await thief.session()).toEqual({});
    expect(thief.sessionCookie()).toBeNull(); // next-auth cleared it

    const ended = await testDb().userSession.findUniqueOrThrow({ where: { id: row.id } });
    expect(ended.revokedReason).toBe('sign_out');
    expect(ended.revokedAt).toBeInstanceOf(Date);
    const events = await testDb().accountEvent.findMany({ where: { userId: user.id, action: 'sign_out' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ ip: '203.0.113.7', details: { sessionId: row.id } });
  });

  it('a session JWT without a session id (issued before server-side sessions) is refused', async () => {
    const { user } = await createOwner('legacy');
    const jwt = await encode({ token: { sub: user.id, email: user.email, name: user.name }, secret: process.env.NEXTAUTH_SECRET ?? '' });
    const cookie = `${sessionCookieName()}=${jwt}`;
    expect((await call(LIST_WORKSPACES, 'GET', '/api/v1/workspaces', { as: { cookie } })).status).toBe(401);
    const browser = new AuthBrowser();
    browser.cookies.set(sessionCookieName(), jwt);
    expect(await browser.session()).toEqual({});
  });

  it('a JWT naming another user\'s session is refused', async () => {
    const a = await createOwner('a');
    const b = await createOwner('b');
    const browser = new AuthBrowser();
    await browser.signIn(a.user.email, TEST_PASSWORD);
    const sid = (await testDb().userSession.findFirstOrThrow({ where: { userId: a.user.id } })).id;
    const forged = await encode({ token: { sub: b.user.id, email: b.user.email, name: b.user.name, sid }, secret: process.env.NEXTAUTH_SECRET ?? '' });
    expect((await call(LIST_WORKSPACES, 'GET', '/api/v1/workspaces', { as: { cookie: `${sessionCookieName()}=${forged}` } })).status).toBe(401);
  });

  it('each sign-in is its own session; signing out one leaves the other signed in', async () => {
    const { user } = await createOwner('two');
    const laptop = new AuthBrowser();
    const phone = new AuthBrowser('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', '198.51.100.20');
    await laptop.signIn(user.email, TEST_PASSWORD);
    await phone.signIn(user.email, TEST_PASSWORD);
    expect(await testDb().userSession.count({ where: { userId: user.id, revokedAt: null } })).toBe(2);
    const phoneCookie = phone.sessionCookie() ?? '';
    await laptop.signOut();
    expect((await call(LIST_WORKSPACES, 'GET', '/api/v1/workspaces', { as: { cookie: phoneCookie } })).status).toBe(200);
    expect(await phone.session()).toMatchObject({ user: { id: user.id } });
  });

  it('a failed sign-in creates no session', async () => {
    const { user } = await createOwner('wrong');
    const browser = new AuthBrowser();
    await browser.signIn(user.email, 'not the password');
    expect(browser.sessionCookie()).toBeNull();
    expect(await testDb().userSession.count({ where: { userId: user.id } })).toBe(0);
  });
});
