/**
 * Security in the browser: the pages work under the nonce-based Content-Security-Policy (no
 * violation is reported while signing up and using settings), the headers are sent, the session
 * cookie is HttpOnly and SameSite=Lax, a change shows up in the audit log with the caller's
 * address, and repeated failed sign-ins end in "Too many attempts, try again in N s".
 */
import { expect, test, type Page } from '@playwright/test';

/** Console messages in which the browser reports something the policy blocked. */
function cspViolations(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(msg.text())) found.push(msg.text());
  });
  return found;
}

const nonceOf = (policy: string | undefined) => /'nonce-([^']+)'/.exec(policy ?? '')?.[1];

test('pages work under the CSP; headers, cookie flags and the audit log', async ({ page }) => {
  const violations = cspViolations(page);
  const first = await page.goto('/signup');
  const headers = first?.headers() ?? {};
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).not.toContain('unsafe-eval');
  expect(headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin' });
  expect(headers['permissions-policy']).toContain('camera=()');
  const again = await page.request.get('/signup');
  expect(nonceOf(again.headers()['content-security-policy'])).not.toBe(nonceOf(headers['content-security-policy']));
  const api = await page.request.get('/api/health');
  expect(api.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(api.headers()['x-frame-options']).toBe('DENY');

  await test.step('sign up (the form needs its scripts, which the policy must let run)', async () => {
    await page.getByLabel('Your name').fill('Sam Secure');
    await page.getByLabel('Email').fill(`e2e-security-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: 'Konnectors', level: 1 })).toBeVisible({ timeout: 20_000 });
  });

  const session = (await page.context().cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

  await test.step('rename the workspace and find it in the audit log, from 127.0.0.1', async () => {
    const workspaceId = /\/app\/([^/]+)\//.exec(page.url())?.[1] ?? '';
    await page.goto(`/app/${workspaceId}/settings`);
    await page.getByLabel('Workspace name').fill('Security Team');
    await page.getByRole('button', { name: 'Rename' }).click();
    const row = page.getByRole('region', { name: 'Audit log' }).getByRole('row', { name: /Renamed workspace to Security Team/ });
    await expect(row).toBeVisible();
    await expect(row).toContainText('Sam Secure');
    await expect(row).toContainText('127.0.0.1');
  });
  expect(violations).toEqual([]);
});

test('failed sign-ins from one address are limited per account with a clear message', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(`nobody-${Date.now()}@example.test`);
  await page.getByLabel('Password').fill('not the password');
  // Scoped to the form: Next's route announcer is an alert too.
  const alert = page.locator('form').getByRole('alert');
  const submit = async () => {
    const answered = page.waitForResponse((r) => r.url().includes('/api/auth/callback/credentials'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await answered;
  };
  for (let i = 0; i < 10; i++) {
    await submit();
    await expect(alert).toHaveText('Wrong email or password.');
  }
  await submit();
  await expect(alert).toHaveText(/^Too many attempts, try again in \d+ s\.$/);
});
