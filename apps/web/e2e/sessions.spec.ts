/**
 * Sessions you can end (finding 1): two browsers signed in as the same person; the account page
 * lists both ("This browser" marked), "Sign out everywhere else" ends the other one at once, and
 * after signing out, a copy of the cookie taken before is refused by the API.
 */
import { expect, test } from '@playwright/test';
import { shot } from './helpers';

const PASSWORD = 'correct horse battery';

test('sessions: list, sign out everywhere else, and a copied cookie is refused after sign-out', async ({ page, browser, baseURL }, info) => {
  const email = `e2e-sessions-${Date.now()}@example.test`;
  await page.goto('/signup');
  await page.getByLabel('Your name').fill('Sam Sessions');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Konnectors', level: 1 })).toBeVisible({ timeout: 20_000 });
  const workspaceId = /\/app\/([^/]+)\//.exec(page.url())?.[1] ?? '';

  // A second browser (another device) signs in with the same account.
  const other = await browser.newContext({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1' });
  const phone = await other.newPage();
  await phone.goto('/signin');
  await phone.getByLabel('Email').fill(email);
  await phone.getByLabel('Password').fill(PASSWORD);
  await phone.getByRole('button', { name: 'Sign in' }).click();
  await expect(phone.getByRole('heading', { name: 'Konnectors', level: 1 })).toBeVisible({ timeout: 20_000 });
  expect((await other.request.get('/api/v1/workspaces')).status()).toBe(200);

  await page.getByRole('link', { name: 'Your account' }).click();
  const list = page.getByRole('list', { name: 'Sessions' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('listitem').filter({ hasText: 'This browser' })).toContainText('Chrome on Linux');
  await expect(list.getByRole('listitem').filter({ hasText: 'Safari on iPhone' })).toContainText('127.0.0.1');
  await shot(page, info, 'sessions-two-browsers');

  await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Sign out others' }).click();
  await expect(page.getByText('Signed out 1 other session')).toBeVisible();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  // The phone is signed out at once: its API calls fail and its next page load goes to sign-in.
  expect((await other.request.get('/api/v1/workspaces')).status()).toBe(401);
  await phone.goto(`/app/${workspaceId}/konnectors`);
  await expect(phone).toHaveURL(/\/signin/);
  await other.close();

  // Finding 1: copy this browser's cookie, sign out, and replay the copy.
  const cookie = (await page.context().cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
  expect(cookie).toBeDefined();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/signin/);
  const replay = await page.request.fetch(`${baseURL}/api/v1/workspaces`, { headers: { cookie: `${cookie?.name}=${cookie?.value}` } });
  expect(replay.status()).toBe(401);
});
