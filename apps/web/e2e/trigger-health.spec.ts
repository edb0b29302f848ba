/**
 * Trigger health as a person sees it: a konnector whose Custify key is replaced by a wrong one is
 * not shown as a green "Active" — the library row and the builder say "Paused — Custify rejected the
 * credentials (401) …"; after the key is fixed and the connection tested, it resumes by itself.
 */
import { expect, test, type Page } from '@playwright/test';
import { addCustifyConnection, shot, signUp, simUrl } from './helpers';

const TEMPLATE = 'Attach new people to their company';

async function api(page: Page, method: 'GET' | 'PATCH', path: string, data?: unknown): Promise<unknown> {
  const origin = new URL(page.url()).origin;
  const res = method === 'GET' ? await page.request.get(path) : await page.request.patch(path, { data, headers: { origin } });
  expect(res.ok(), await res.text()).toBe(true);
  return res.json();
}

test('a refused key pauses the trigger visibly; fixing and testing the connection resumes it', async ({ page }, info) => {
  test.setTimeout(150_000);
  const sim = simUrl(info);
  const workspaceId = await signUp(page, 'Hal Health', 'health');
  const base = `/api/v1/workspaces/${workspaceId}`;
  await addCustifyConnection(page, sim);
  await expect(page.getByRole('button', { name: /^Test connection/ })).toBeVisible();
  const [connection] = (await api(page, 'GET', `${base}/connections`)) as { id: string }[];

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Konnectors' }).click();
  await page.getByRole('button', { name: `Use template ${TEMPLATE}` }).click();
  await expect(page.getByRole('row', { name: new RegExp(TEMPLATE) })).toBeVisible();
  const konnector = ((await api(page, 'GET', `${base}/konnectors`)) as { id: string; name: string }[]).find((k) => k.name === TEMPLATE);
  const detail = (await api(page, 'GET', `${base}/konnectors/${konnector?.id}`)) as { draft: { trigger: object } };
  await api(page, 'PATCH', `${base}/konnectors/${konnector?.id}`, { draft: { ...detail.draft, trigger: { ...detail.draft.trigger, pollSeconds: 10 } } });
  await page.getByRole('switch', { name: `${TEMPLATE}: inactive` }).click();
  await expect(page.getByRole('switch', { name: `${TEMPLATE}: active` })).toBeEnabled({ timeout: 20_000 });

  await test.step('the key is replaced by a wrong one: the next poll pauses the trigger, in words', async () => {
    await api(page, 'PATCH', `${base}/connections/${connection?.id}`, { fields: { apiKey: 'a-revoked-key', baseUrl: sim } });
    // The worker polls every 10 s; the library refreshes on focus and reload.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('switch', { name: `${TEMPLATE}: paused` })).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 60_000 });
    const row = page.getByRole('row', { name: new RegExp(TEMPLATE) });
    await expect(row.getByRole('status')).toContainText(/Paused since \d\d:\d\d — Custify rejected the credentials/);
    await expect(row.getByRole('status')).toContainText(/401/);
    await shot(page, info, 'trigger-health-1-library-paused');

    await row.getByRole('link', { name: TEMPLATE }).click();
    await expect(page.getByRole('switch', { name: `${TEMPLATE}: paused` })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('status').filter({ hasText: /Paused since \d\d:\d\d — Custify rejected the credentials/ }).first()).toBeVisible();
    await shot(page, info, 'trigger-health-2-builder-paused');
  });

  await test.step('the key is fixed and the connection tested: the trigger resumes without a toggle', async () => {
    await api(page, 'PATCH', `${base}/connections/${connection?.id}`, { fields: { apiKey: 'demo-custify-key', baseUrl: sim } });
    await page.goto(`/app/${workspaceId}/connections`);
    await page.getByRole('button', { name: /^Test connection/ }).click();
    await expect(page.getByRole('status').filter({ hasText: /1 paused konnector resumed/ })).toBeVisible({ timeout: 20_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Konnectors' }).click();
    await expect(page.getByRole('switch', { name: `${TEMPLATE}: active` })).toBeVisible({ timeout: 20_000 });
    await shot(page, info, 'trigger-health-3-resumed');
  });
});
