/**
 * Two-factor sign-in in the browser: set it up on the account page (the TOTP code is computed here
 * from the setup key the page shows, as an authenticator app would), sign out, sign in with a code
 * from the app, sign out, sign in with a recovery code, and that recovery code is refused the
 * second time.
 */
import { expect, test, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { shot } from './helpers';

const PASSWORD = 'correct horse battery';

function codeAt(secret: string, when: number): string {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: when });
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/** Email + password, then the code step; returns the alert's text when it is refused. */
async function signInWithCode(page: Page, email: string, code: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
  await expect(page.getByText('Enter the 6-digit code from your authenticator app')).toBeVisible();
  await page.getByLabel('Authentication code').fill(code);
  const answered = page.waitForResponse((r) => r.url().includes('/api/auth/callback/credentials'));
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await answered;
}

test('enable 2FA, then sign in with a TOTP code and with a recovery code (used once)', async ({ page }, info) => {
  const email = `e2e-2fa-${Date.now()}@example.test`;
  await page.goto('/signup');
  await page.getByLabel('Your name').fill('Tess Twofactor');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Konnectors', level: 1 })).toBeVisible({ timeout: 20_000 });
  const workspaceId = /\/app\/([^/]+)\//.exec(page.url())?.[1] ?? '';

  let secret = '';
  let recoveryCodes: string[] = [];
  await test.step('set up two-factor sign-in on the account page', async () => {
    await page.goto(`/app/${workspaceId}/account`);
    const section = page.getByRole('region', { name: 'Two-factor sign-in' });
    await expect(section.getByText('Status: off')).toBeVisible();
    await section.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await expect(section.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
    secret = (await section.getByLabel('Setup key').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await shot(page, info, 'two-factor-setup');
    await section.getByLabel('Code from the app').fill(codeAt(secret, Date.now()));
    await section.getByRole('button', { name: 'Turn on' }).click();
    const list = section.getByRole('list', { name: 'Recovery codes' });
    await expect(list.getByRole('listitem')).toHaveCount(10);
    recoveryCodes = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
    await shot(page, info, 'two-factor-recovery-codes');
    await section.getByRole('button', { name: 'I have saved them' }).click();
    await expect(section.getByText(/Status: on/)).toBeVisible();
    await expect(section.getByText(/10 recovery codes left/)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Security log' }).getByText('Two-factor sign-in turned on')).toBeVisible();
  });

  await test.step('sign out, sign in with a code from the app', async () => {
    await signOut(page);
    // The enrolment used the current 30 s step; a step is accepted once, so use the next one (within the ±1 step window).
    await signInWithCode(page, email, codeAt(secret, Date.now() + 30_000));
    await expect(page.getByRole('heading', { name: 'Konnectors', level: 1 })).toBeVisible({ timeout: 20_000 });
  });

  const recovery = recoveryCodes[0] ?? '';
  await test.step('sign out, sign in with a recovery code', async () => {
    await signOut(page);
    await signInWithCode(page, email, recovery);
    await expect(page.getByRole('heading', { name: 'Konnectors', level: 1 })).toBeVisible({ timeout: 20_000 });
    await page.goto(`/app/${workspaceId}/account`);
    await expect(page.getByRole('region', { name: 'Two-factor sign-in' }).getByText(/9 recovery codes left/)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Security log' }).getByText('Recovery code used')).toBeVisible();
    await shot(page, info, 'two-factor-security-log');
  });

  await test.step('the same recovery code does not work a second time', async () => {
    await signOut(page);
    await signInWithCode(page, email, recovery);
    await expect(page.locator('form').getByRole('alert')).toHaveText('That code is not right, or it was already used.');
    await expect(page).toHaveURL(/\/signin/);
    await shot(page, info, 'two-factor-recovery-code-refused');
  });
});
