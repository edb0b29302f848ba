/**
 * Sub-konnectors in the browser, built with the canvas only: a "Greeter" konnector started by
 * "Called by another konnector" (input `email`, required) that returns `{ greeting }`, and a
 * Catch Hook konnector whose "Run konnector" step runs it and waits for its result. A call to the
 * hook runs both; the caller's run shows the called run's output and links to it, and the called
 * run says which run called it.
 */
import { expect, test, type Page } from '@playwright/test';
import { shot, signUp } from './helpers';

const panel = (page: Page, title: string) => page.getByRole('complementary', { name: `${title} settings` });

async function addStep(page: Page, label: string, type: 'Run konnector' | 'Return'): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).first().click();
  await page.getByRole('menu', { name: 'Add a step' }).getByRole('menuitem', { name: type }).click();
}

async function saveAndTurnOn(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const save = page.getByRole('dialog', { name: 'Save konnector' });
  await save.getByLabel('Konnector Name').fill(name);
  await save.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await page.getByRole('switch', { name: `${name}: inactive` }).click();
  await expect(page.getByRole('switch', { name: `${name}: active` })).toBeVisible({ timeout: 20_000 });
}

async function toolTrigger(page: Page, tool: string): Promise<void> {
  await page.getByRole('link', { name: 'New konnector' }).click();
  await page.getByTestId('builder-canvas').getByRole('button', { name: 'Open Trigger' }).click();
  const trigger = panel(page, 'Trigger');
  await trigger.getByRole('tab', { name: 'Tools' }).click();
  await trigger.getByRole('button', { name: tool, exact: true }).click();
}

test('a konnector runs another one, waits for its Return, and both runs link to each other', async ({ page }, info) => {
  test.setTimeout(180_000);
  const workspaceId = await signUp(page, 'Sam Sub', 'subkonnector');

  await test.step('the called konnector: declared input, Return', async () => {
    await toolTrigger(page, 'Sub-konnector');
    const trigger = panel(page, 'Called by another konnector');
    await trigger.getByRole('button', { name: '+ Add input' }).click();
    await trigger.getByLabel('Input 1 name').fill('email');
    await trigger.getByLabel('required').check();
    await trigger.getByRole('button', { name: 'Continue' }).click();
    await addStep(page, 'Add step after Called by another konnector', 'Return');
    const ret = panel(page, 'Return');
    await ret.getByLabel('Output field name 1').fill('greeting');
    await ret.getByRole('textbox', { name: 'Output field value 1' }).click();
    await page.keyboard.type('Hello {{Email}}');
    await expect(ret.getByRole('textbox', { name: 'Output field value 1' }).locator('[data-ref="trigger.email"]')).toHaveCount(1);
    await shot(page, info, 'subkonnector-1-return');
    await saveAndTurnOn(page, 'Greeter');
  });

  await test.step('the caller: Catch Hook → Run konnector (wait)', async () => {
    await page.goto(`/app/${workspaceId}/konnectors`);
    await toolTrigger(page, 'Webhooks');
    await panel(page, 'Catch Hook').getByRole('button', { name: 'Continue' }).click();
    await addStep(page, 'Add step after Catch Hook', 'Run konnector');
    const callPanel = panel(page, 'Run konnector');
    await callPanel.getByLabel('Konnector to run').selectOption({ label: 'Greeter' });
    await callPanel.getByRole('textbox', { name: 'email' }).click();
    await page.keyboard.type('ada@example.com');
    await expect(callPanel.getByLabel('Wait for its result')).toBeChecked();
    await expect(callPanel.getByText('Later steps can map what “Greeter” returns: greeting.')).toBeVisible();
    await shot(page, info, 'subkonnector-2-call');
    await saveAndTurnOn(page, 'Caller');
  });

  const konnectorId = /\/konnectors\/([^/?#]+)/.exec(page.url())?.[1] ?? '';
  const konnector = (await (await page.request.get(`/api/v1/workspaces/${workspaceId}/konnectors/${konnectorId}`)).json()) as { webhook: { url: string } | null };
  expect(konnector.webhook?.url).toBeTruthy();
  const hook = await page.request.post(konnector.webhook?.url ?? '', { data: { from: 'e2e' } });
  expect(hook.status()).toBe(202);
  const { runId } = (await hook.json()) as { runId: string };

  await test.step('the caller run: the Run konnector step has the called run\'s output and links to it', async () => {
    await page.goto(`/app/${workspaceId}/runs/${runId}`);
    await expect(page.getByRole('heading', { name: /Run of Caller/ }).getByText('succeeded')).toBeVisible({ timeout: 90_000 });
    await expect(page.getByRole('region', { name: 'Konnectors this run ran' })).toContainText('Greeter');
    await page.getByText('Run konnector', { exact: true }).first().click();
    await expect(page.getByText('Hello ada@example.com').first()).toBeVisible();
    await shot(page, info, 'subkonnector-3-caller-run');
    await page.getByRole('link', { name: 'Open the called run' }).click();
    await expect(page.getByRole('heading', { name: /Run of Greeter/ })).toBeVisible();
    await expect(page.getByText('Called by')).toBeVisible();
    await shot(page, info, 'subkonnector-4-called-run');
    await page.getByRole('link', { name: /Caller run/ }).click();
    await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  });
});
