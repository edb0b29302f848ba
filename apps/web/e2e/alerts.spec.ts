/**
 * A failure reaches a person: a konnector whose Custify step cannot find its person fails; the
 * bell in the app shell counts it, the notification leads to the failed run, and the alert mail —
 * caught by the development mailbox at /dev/mailbox — names the konnector and the step, says what
 * Custify answered and what to do, and links to the same run.
 */
import { expect, test, type Page } from '@playwright/test';
import { addCustifyConnection, shot, signUpVerified, simUrl } from './helpers';

const NAME = 'Look up the person who wrote in';

async function api<T>(page: Page, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const origin = new URL(page.url()).origin;
  const res = method === 'GET' ? await page.request.get(path) : await page.request.post(path, { data: data ?? {}, headers: { origin } });
  expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

test('a failed run rings the bell and mails an alert whose link opens the run', async ({ page }, info) => {
  test.setTimeout(150_000);
  const sim = simUrl(info);
  const workspaceId = await signUpVerified(page, info, 'Ada Alerts', 'alerts');
  const base = `/api/v1/workspaces/${workspaceId}`;
  await addCustifyConnection(page, sim);
  await expect(page.getByRole('button', { name: /^Test connection/ })).toBeVisible();
  const [connection] = await api<{ id: string }[]>(page, 'GET', `${base}/connections`);

  await test.step('Settings → Alerts: the owner changes the digest interval; it is kept', async () => {
    await page.goto(`/app/${workspaceId}/settings#alerts`);
    const alerts = page.getByRole('region', { name: 'Alerts' });
    const digest = alerts.getByLabel('Digest at most every (minutes)');
    await expect(digest).toHaveValue('60');
    await digest.fill('15');
    await alerts.getByRole('button', { name: 'Save alert settings' }).click();
    await expect(alerts.getByRole('button', { name: 'Save alert settings' })).toBeEnabled();
    await page.reload();
    await expect(page.getByRole('region', { name: 'Alerts' }).getByLabel('Digest at most every (minutes)')).toHaveValue('15');
    await shot(page, info, 'alerts-0-settings');
  });

  // Catch Hook → Custify "Get Person" by the id the hook sends: an unknown id makes Custify answer 404.
  const created = await api<{ id: string }>(page, 'POST', `${base}/konnectors`, {
    name: NAME,
    definition: {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [{ id: 'find', type: 'action', name: 'Find the person', connector: 'custify', action: 'get_person', connectionId: connection?.id, input: { id: '{{trigger.person_id}}' } }],
    },
  });
  const activated = await api<{ webhookUrl?: string }>(page, 'POST', `${base}/konnectors/${created.id}/activate`);
  expect(activated.webhookUrl).toBeTruthy();
  await expect(page.getByTestId('notification-count')).toHaveCount(0);

  const hook = await page.request.post(activated.webhookUrl ?? '', { data: { person_id: '0123456789abcdef01234567' } });
  expect(hook.status()).toBeLessThan(300);

  let runUrl = '';
  await test.step('the bell counts the failure; its notification opens the failed run', async () => {
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('notification-count')).toHaveText('1', { timeout: 2000 });
    }).toPass({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Notifications' }).click();
    const panel = page.getByRole('region', { name: 'Notification list' });
    await expect(panel.getByRole('link', { name: new RegExp(NAME) })).toBeVisible();
    await shot(page, info, 'alerts-1-bell');
    await panel.getByRole('link', { name: new RegExp(NAME) }).click();
    await expect(page).toHaveURL(new RegExp(`/app/${workspaceId}/runs/[^/?#]+`));
    runUrl = new URL(page.url()).pathname;
    await expect(page.getByText(/failed/i).first()).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('notification-count')).toHaveCount(0);
  });

  await test.step('the alert mail in the dev mailbox says what happened and links to the same run', async () => {
    await expect(async () => {
      await page.goto('/dev/mailbox');
      await expect(page.getByRole('link', { name: new RegExp(`Konnector failed: ${NAME}`) }).first()).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 60_000 });
    await page.getByRole('link', { name: new RegExp(`Konnector failed: ${NAME}`) }).first().click();
    await page.getByRole('link', { name: 'Text' }).click();
    const text = page.locator('pre');
    await expect(text).toContainText(NAME);
    await expect(text).toContainText('Find the person');
    await expect(text).toContainText(/404/);
    await shot(page, info, 'alerts-2-mailbox');
    const runLink = page.getByRole('link', { name: new RegExp(`${runUrl}$`) }).first();
    await expect(runLink).toBeVisible();
    await runLink.click();
    await expect(page).toHaveURL(new RegExp(`${runUrl}$`));
    await expect(page.getByText(/failed/i).first()).toBeVisible({ timeout: 20_000 });
    await shot(page, info, 'alerts-3-run-from-mail');
  });
});
