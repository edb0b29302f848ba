/**
 * Issue 16, item 3, in the browser: on a blank canvas, a Catch Hook → Custify "Create Note" whose
 * On error is "Run error branch", and in the red "On error" branch a "Fail run" step whose message
 * maps the error from the data picker. Turned on, the hook is called while the Custify simulator
 * answers the note endpoint 500 (fault injection): the note is tried 1 + 2 times, the branch runs,
 * and the event log shows the failed action, its error branch under it and the Fail run message.
 */
import { DEFAULT_API_KEY } from '@konnect/custify-sim';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { shot, signUp, simUrl } from './helpers';

const NAME = 'Note or fail';

const panel = (page: Page, title: string) => page.getByRole('complementary', { name: `${title} settings` });

/** Opens a "+" on the canvas and picks a step type from its menu. */
async function addStep(page: Page, label: string, type: 'Action' | 'Fail run'): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).first().click();
  await page.getByRole('menu', { name: 'Add a step' }).getByRole('menuitem', { name: type }).click();
}

async function typeInto(scope: Locator, target: string, text: string): Promise<void> {
  await scope.getByRole('textbox', { name: target, exact: true }).click();
  await scope.page().keyboard.type(text);
}

test('an action with an error branch ending in Fail run: built on the canvas, failing in a live run, shown in the event log', async ({ page }, info) => {
  test.setTimeout(150_000);
  const sim = simUrl(info);
  const canvas = page.getByTestId('builder-canvas');
  const workspaceId = await signUp(page, 'Erin Error', 'error-branch');
  const origin = new URL(page.url()).origin;
  const connection = await page.request.post(`/api/v1/workspaces/${workspaceId}/connections`, {
    data: { connectorKey: 'custify', name: 'Custify', fields: { apiKey: DEFAULT_API_KEY, baseUrl: sim } },
    headers: { origin },
  });
  expect(connection.ok(), await connection.text()).toBe(true);
  const people = (await (await page.request.get(`${sim}/__control/records/people`)).json()) as { records: { id: string }[] };
  const personId = people.records[0]?.id ?? '';
  expect(personId).not.toBe('');
  // The connection was made outside the page: load the app again so its lists know it.
  await page.reload();

  await test.step('trigger: Catch Hook', async () => {
    await page.getByRole('link', { name: 'New konnector' }).click();
    await canvas.getByRole('button', { name: 'Open Trigger' }).click();
    const trigger = panel(page, 'Trigger');
    await trigger.getByRole('tab', { name: 'Tools' }).click();
    await trigger.getByRole('button', { name: 'Webhooks', exact: true }).click();
    await panel(page, 'Catch Hook').getByRole('button', { name: 'Continue' }).click();
  });

  await test.step('Custify "Create Note" with On error "Run error branch"', async () => {
    await addStep(page, 'Add step after Catch Hook', 'Action');
    const setup = panel(page, 'Action');
    await setup.getByRole('searchbox', { name: 'Search apps' }).fill('Custify');
    await setup.getByRole('button', { name: 'Custify', exact: true }).click();
    await setup.getByLabel('Event').selectOption({ label: 'Create Note' });
    const p = panel(page, 'Create Note');
    await expect(p.getByLabel('Connection')).not.toHaveValue('');
    await p.getByLabel('On error').selectOption({ label: 'Run error branch' });
    await p.getByRole('button', { name: 'Continue' }).click();
    await typeInto(p, 'Entity ID', personId);
    await p.getByLabel('Entity type').selectOption('People');
    await typeInto(p, 'Subject', 'Hook call');
    await typeInto(p, 'Text', 'Called from the hook');
    await p.getByRole('button', { name: 'Continue' }).click();
    await expect(canvas.getByTestId('branch-action_1-error')).toHaveText('On error');
    await expect(canvas.getByTestId('node-action_1')).toContainText('mapped · error branch');
  });

  await test.step('in the red branch, Fail run with the error message from the data picker', async () => {
    await expect(page.getByRole('button', { name: /^1 problem/ })).toBeVisible();
    await addStep(page, 'Add step to the error branch of Create Note', 'Fail run');
    const p = panel(page, 'Fail run');
    await typeInto(p, 'Message', 'Note failed: ');
    await p.getByRole('button', { name: 'Insert field into Message' }).click();
    const picker = p.getByRole('dialog', { name: 'Fields for Message' });
    await picker.getByRole('group', { name: 'Error of Custify: Create Note', exact: true }).getByRole('option', { name: 'Error Message', exact: true }).click();
    await expect(p.getByRole('textbox', { name: 'Message', exact: true }).locator('[data-ref]')).toHaveAttribute('data-ref', 'error.message');
    await p.getByRole('button', { name: 'Continue' }).click();
    await expect(canvas.getByTestId('node-fail_1')).toContainText('Fails: Note failed: Message');
    await expect(page.getByRole('button', { name: 'No problems' })).toBeVisible();
    await shot(page, info, 'error-branch-1-canvas');
  });

  let hookUrl = '';
  await test.step('save and turn it on', async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const save = page.getByRole('dialog', { name: 'Save konnector' });
    await save.getByLabel('Konnector Name').fill(NAME);
    await save.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { name: NAME, level: 1 })).toBeVisible();
    await page.getByRole('switch', { name: `${NAME}: inactive` }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Konnector activated!' })).toBeVisible({ timeout: 20_000 });
    const konnectorId = /\/konnectors\/([^/?#]+)/.exec(page.url())?.[1] ?? '';
    const detail = (await (await page.request.get(`/api/v1/workspaces/${workspaceId}/konnectors/${konnectorId}`)).json()) as { webhook?: { url: string } };
    hookUrl = detail.webhook?.url ?? '';
    expect(hookUrl).toMatch(/\/hooks\//);
  });

  await test.step('Custify answers 500 three times: the hook call becomes a failed run, ended by Fail run', async () => {
    const fault = await page.request.post(`${sim}/__control/faults`, { data: { status: 500, pathPrefix: '/note', times: 3 } });
    expect(fault.status()).toBe(201);
    try {
      const hook = await page.request.post(hookUrl, { data: { from: 'e2e' } });
      expect(hook.status()).toBe(202);
      await page.goto(`/app/${workspaceId}/runs`);
      const row = page.getByRole('table', { name: 'Runs, newest first' }).getByRole('row', { name: new RegExp(NAME) }).first();
      await expect(row).toContainText('Failed at "Fail run": Note failed:', { timeout: 60_000 });
      await row.getByRole('link').first().click();
    } finally {
      await page.request.delete(`${sim}/__control/faults`);
    }
  });

  await test.step('the event log nests the error branch under the failed action and shows the Fail run message', async () => {
    const steps = page.getByRole('region', { name: 'Steps' });
    await expect(steps.getByText('action_1 · ').first()).toContainText('3 attempts');
    const branch = steps.getByRole('region', { name: 'Error branch' });
    await expect(branch.getByRole('heading', { name: /On error\s+ran: the step above failed/ })).toBeVisible();
    await expect(branch.getByText('Fail run').first()).toBeVisible();
    await expect(branch.getByRole('alert')).toContainText('Note failed:');
    await expect(branch.getByRole('alert')).toContainText('ended by a Fail run step');
    await shot(page, info, 'error-branch-2-event-log');
  });
});
