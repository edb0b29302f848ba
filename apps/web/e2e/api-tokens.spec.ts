/**
 * Settings → API tokens: a token created with the read scope and a 30-day expiry is listed with
 * both; it reads the workspace and is refused a change (403 naming "write"); a write token renames
 * it; revoking ends it. HSTS is not sent over plain http.
 */
import { expect, test } from '@playwright/test';
import { shot, signUp } from './helpers';

test('API tokens: scopes and expiry chosen in Settings are enforced by the API', async ({ page }, info) => {
  const workspaceId = await signUp(page, 'Tess Tokens', 'tokens');
  const url = `/api/v1/workspaces/${workspaceId}`;
  const origin = new URL(page.url()).origin;
  await page.goto(`/app/${workspaceId}/settings`);
  const section = page.getByRole('region', { name: 'API tokens' });

  async function createToken(name: string, scopes: Record<'read' | 'write' | 'run', boolean>, expiry: string): Promise<string> {
    await section.getByLabel('Token name').fill(name);
    for (const [scope, on] of Object.entries(scopes)) await section.locator(`#token-scope-${scope}`).setChecked(on);
    await section.getByLabel('Expires after').selectOption(expiry);
    await section.getByRole('button', { name: 'Create token' }).click();
    const value = await section.getByLabel('New API token').inputValue();
    expect(value).toMatch(/^kn_/);
    await section.getByRole('button', { name: 'Done' }).click();
    return value;
  }

  const reader = await createToken('Read-only dashboard', { read: true, write: false, run: false }, '30');
  const row = section.getByRole('listitem').filter({ hasText: 'Read-only dashboard' });
  await expect(row).toContainText('read');
  await expect(row).not.toContainText('write');
  await expect(row).toContainText(/expires \d/);
  await expect(row).toContainText('last used never');

  const read = await page.request.get(url, { headers: { authorization: `Bearer ${reader}` } });
  expect(read.status()).toBe(200);
  expect(read.headers()['strict-transport-security']).toBeUndefined();
  const refused = await page.request.patch(url, { headers: { authorization: `Bearer ${reader}`, origin }, data: { name: 'Renamed by a reader' } });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('This API token lacks the "write" scope');

  const writer = await createToken('Deploys', { read: false, write: true, run: true }, 'never');
  const deploys = section.getByRole('listitem').filter({ hasText: 'Deploys' });
  await expect(deploys).toContainText('never expires');
  const renamed = await page.request.patch(url, { headers: { authorization: `Bearer ${writer}`, origin }, data: { name: 'Renamed by CI' } });
  expect(renamed.status()).toBe(200);

  await page.reload();
  await expect(section.getByRole('listitem').filter({ hasText: 'Read-only dashboard' })).not.toContainText('last used never');
  await shot(page, info, 'api-tokens-0-list');

  await section.getByRole('button', { name: 'Revoke token Read-only dashboard' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
  await expect(section.getByRole('listitem').filter({ hasText: 'Read-only dashboard' })).toHaveCount(0);
  expect((await page.request.get(url, { headers: { authorization: `Bearer ${reader}` } })).status()).toBe(401);
});
