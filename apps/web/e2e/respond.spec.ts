/**
 * Respond to Hook in the browser (issue 16, item 2): with the canvas only, build "Catch Hook
 * (respond from the konnector) → Storage Increment → Respond to Hook { count }", save and turn it
 * on, call the hook twice over HTTP and get 1 then 2, and find both runs in the event log with what
 * was answered.
 */
import { expect, test, type Page } from '@playwright/test';
import { shot, signUp } from './helpers';

const NAME = 'Count the visits';

const panel = (page: Page, title: string) => page.getByRole('complementary', { name: `${title} settings` });

async function addAfter(page: Page, after: string, type: string): Promise<void> {
  await page.getByRole('button', { name: `Add step after ${after}`, exact: true }).first().click();
  await page.getByRole('menu', { name: 'Add a step' }).getByRole('menuitem', { name: type }).click();
}

/** Types into a chip input; `{{ref}}` typed becomes a chip. */
async function typeInto(page: Page, scope: ReturnType<typeof panel>, label: string, text: string): Promise<void> {
  const box = scope.getByRole('textbox', { name: label, exact: true });
  await box.click();
  await page.keyboard.type(text);
}

test('Catch Hook (respond) → Storage Increment → Respond {count}: answers 1 then 2, the event log shows the answers', async ({ page }, info) => {
  test.setTimeout(180_000);
  await signUp(page, 'Rita Respond', 'respond');
  const key = `visits-${Date.now()}`;
  await page.getByRole('link', { name: 'New konnector' }).click();
  const canvas = page.getByTestId('builder-canvas');

  await test.step('the trigger: Catch Hook, responding from the konnector within 20 s', async () => {
    await canvas.getByRole('button', { name: 'Open Trigger' }).click();
    const trigger = panel(page, 'Trigger');
    await trigger.getByRole('tab', { name: 'Tools' }).click();
    await trigger.getByRole('button', { name: 'Webhooks', exact: true }).click();
    // Choosing a Catch Hook saves the new konnector as a draft (its URL exists at once): the builder
    // moves to the saved konnector, so the panel is set only once that is done.
    await expect(page.getByRole('status').filter({ hasText: 'Saved as a draft' })).toBeVisible({ timeout: 30_000 });
    const hook = panel(page, 'Catch Hook');
    await expect(hook.getByTestId('webhook-url')).toContainText('/hooks/', { timeout: 30_000 });
    await hook.getByRole('checkbox', { name: 'Respond from the konnector' }).check();
    await hook.getByLabel('Wait at most (seconds)').fill('20');
    await hook.getByRole('button', { name: 'Continue' }).click();
  });

  await test.step('Storage: Increment the visit counter', async () => {
    await addAfter(page, 'Catch Hook', 'Action');
    const setup = panel(page, 'Action');
    await setup.getByRole('tab', { name: 'Tools' }).click();
    await setup.getByRole('searchbox', { name: 'Search apps' }).fill('Storage');
    await setup.getByRole('button', { name: 'Storage', exact: true }).click();
    await setup.getByLabel('Event').selectOption({ label: 'Increment' });
    const p = panel(page, 'Increment');
    await p.getByRole('button', { name: 'Continue' }).click();
    await typeInto(page, p, 'Key', key);
    await p.getByRole('button', { name: 'Continue' }).click();
  });

  await test.step('Respond to Hook: 200 with { count }', async () => {
    await addAfter(page, 'Increment', 'Respond to Hook');
    const p = panel(page, 'Respond to Hook');
    await p.getByRole('button', { name: '+ Add body fields row' }).click();
    await p.getByLabel('Body fields key 1').fill('count');
    await typeInto(page, p, 'Body fields value 1', '{{steps.action_1.value}}');
    await p.getByRole('button', { name: 'Continue' }).click();
    await expect(canvas.getByTestId('node-respond_1')).toContainText('200 · JSON');
    await expect(page.getByRole('button', { name: 'No problems' })).toBeVisible({ timeout: 20_000 });
  });

  await test.step('save and turn it on', async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const save = page.getByRole('dialog', { name: 'Save konnector' });
    await save.getByLabel('Konnector Name').fill(NAME);
    await save.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { name: NAME, level: 1 })).toBeVisible();
    await page.getByRole('switch', { name: `${NAME}: inactive` }).click();
    await expect(page.getByRole('switch', { name: `${NAME}: active` })).toBeVisible({ timeout: 20_000 });
    await shot(page, info, 'respond-1-canvas');
  });

  await test.step('two calls answer 1 then 2', async () => {
    await canvas.getByRole('button', { name: 'Open Catch Hook' }).click();
    const shown = panel(page, 'Catch Hook').getByTestId('webhook-url');
    await expect(shown).toContainText('/hooks/');
    const url = (await shown.textContent())?.trim() ?? '';
    expect(url).toMatch(/\/hooks\//);
    for (const count of [1, 2]) {
      const res = await page.request.post(url, { data: { visitor: 'ada' } });
      expect(res.status(), await res.text()).toBe(200);
      expect(res.headers()['content-type']).toContain('application/json');
      expect(await res.json()).toEqual({ count });
    }
  });

  await test.step('the event log shows each run and what it answered', async () => {
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Konnectors' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Event log' }).click();
    const rows = page.getByRole('table', { name: 'Runs, newest first' }).getByRole('row', { name: new RegExp(NAME) });
    await expect(rows).toHaveCount(2, { timeout: 30_000 });
    await rows.first().getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 1 }).getByText('Succeeded')).toBeVisible({ timeout: 30_000 });
    const steps = page.getByRole('region', { name: 'Steps' });
    const respond = steps.getByRole('group').filter({ hasText: 'Respond to Hook' });
    await respond.getByText('Respond to Hook').first().click();
    await expect(respond.getByTestId('respond-summary')).toContainText('Answered 200');
    await expect(respond.getByTestId('respond-summary')).toContainText('{"count":2}');
    await shot(page, info, 'respond-2-event-log');
  });
});
