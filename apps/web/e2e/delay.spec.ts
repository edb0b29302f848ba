/**
 * Issue 16, item 1 in the browser, with the canvas only: "Custify Ticket Created → Delay 1 minute →
 * Create Task". The test run does not wait (the Delay says so); turned on, a ticket created in
 * Custify (the simulator) becomes a run that the event log shows as "Waiting until …" (with Resume
 * now / Cancel for admins), and that then goes on by itself and creates the task.
 *
 * The worker started by playwright.config.ts runs with KONNECT_TEST_DELAY_SCALE=0.4 (a test-only
 * setting the worker refuses in production): the 1-minute Delay lasts 24 s here. The trigger polls
 * every 10 s (set in the trigger panel).
 */
import { DEFAULT_API_KEY } from '@konnect/custify-sim';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { shot, signUp, simUrl } from './helpers';

const NAME = 'Follow up tickets after a minute';
const panel = (page: Page, title: string) => page.getByRole('complementary', { name: `${title} settings` });

async function addStep(page: Page, label: string, type: 'Delay' | 'Action'): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).first().click();
  await page.getByRole('menu', { name: 'Add a step' }).getByRole('menuitem', { name: type }).click();
}

async function insertField(scope: Locator, target: string, field: string, from = 'Trigger'): Promise<void> {
  await scope.getByRole('button', { name: `Insert field into ${target}` }).click();
  const picker = scope.getByRole('dialog', { name: `Fields for ${target}` });
  await picker.getByRole('group', { name: from, exact: true }).getByRole('option', { name: field, exact: true }).click();
  await expect(picker).toBeHidden();
}

test('Ticket Created → Delay 1 minute → Create Task: built on the canvas, the run waits, then creates the task', async ({ page }, info) => {
  test.setTimeout(240_000);
  const sim = simUrl(info);
  const canvas = page.getByTestId('builder-canvas');
  await signUp(page, 'Della Delay', 'delay');

  await test.step('trigger: Custify "Ticket Created", connection added inline, poll every 10 s, Refresh Fields', async () => {
    await page.getByRole('link', { name: 'New konnector' }).click();
    await canvas.getByRole('button', { name: 'Open Trigger' }).click();
    const trigger = panel(page, 'Trigger');
    await trigger.getByRole('tab', { name: 'Apps' }).click();
    await trigger.getByRole('searchbox', { name: 'Search apps' }).fill('custify');
    await trigger.getByRole('button', { name: 'Custify', exact: true }).click();
    await panel(page, 'Trigger').getByLabel('Event').selectOption({ label: 'Ticket Created' });
    const p = panel(page, 'Ticket Created');
    await p.getByRole('button', { name: '+ Add new connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect Custify' });
    await dialog.getByLabel('Connection name').fill('Custify (simulator)');
    await dialog.getByLabel('API Key').fill(DEFAULT_API_KEY);
    await dialog.getByLabel('Base URL').fill(sim);
    await dialog.getByRole('button', { name: 'Save and test' }).click();
    await expect(dialog).toBeHidden({ timeout: 20_000 });
    await p.getByLabel('Poll every (seconds)').fill('10');
    await p.getByRole('button', { name: 'Refresh Fields' }).click();
    await expect(p.getByRole('table', { name: 'Sample fields of Custify' })).toBeVisible({ timeout: 20_000 });
    await p.getByRole('button', { name: 'Continue' }).click();
  });

  await test.step('a Delay of 1 minute, from the "+" menu', async () => {
    await addStep(page, 'Add step after Ticket Created', 'Delay');
    const p = panel(page, 'Delay');
    await expect(p.getByLabel('Wait')).toHaveValue('for');
    await p.getByLabel('Amount').fill('1');
    await p.getByLabel('Unit').selectOption('minutes');
    await p.getByRole('button', { name: 'Continue' }).click();
    await expect(canvas.getByTestId('node-delay_1')).toContainText('for 1 minute');
  });

  await test.step('Custify "Create Task" on the ticket\'s person, its name mapped from the ticket', async () => {
    await addStep(page, 'Add step after Delay', 'Action');
    const setup = panel(page, 'Action');
    await setup.getByRole('searchbox', { name: 'Search apps' }).fill('Custify');
    await setup.getByRole('button', { name: 'Custify', exact: true }).click();
    await setup.getByLabel('Event').selectOption({ label: 'Create Task' });
    const p = panel(page, 'Create Task');
    await expect(p.getByLabel('Connection')).not.toHaveValue('');
    await p.getByRole('button', { name: 'Continue' }).click();
    const name = p.getByRole('textbox', { name: 'Name', exact: true });
    await name.click();
    await page.keyboard.type('Follow up ticket: ');
    await insertField(p, 'Name', 'Subject');
    // The Delay's output is in the picker too (resumedAt, waitedMs…).
    await p.getByRole('button', { name: 'Insert field into Name' }).click();
    const picker = p.getByRole('dialog', { name: 'Fields for Name' });
    await expect(picker.getByRole('group', { name: 'Delay', exact: true }).getByRole('option', { name: 'Resumed At', exact: true })).toBeVisible();
    await page.keyboard.press('Escape');
    await insertField(p, 'Entity ID', 'Entity');
    await p.getByLabel('Entity type').selectOption('People');
    await expect(page.getByRole('button', { name: 'No problems' })).toBeVisible();
    await p.getByRole('button', { name: 'Continue' }).click();
  });

  await test.step('a test run does not wait: the Delay passes at once and says what a live run would do', async () => {
    await page.getByRole('button', { name: 'Test run' }).click();
    // Create Task writes to Custify: the test run asks first.
    await page.getByRole('dialog', { name: 'Test run' }).getByRole('button', { name: /^Run test/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Test run passed: every step worked' })).toBeVisible({ timeout: 30_000 });
    await expect(canvas.getByTestId('node-delay_1')).toContainText('Passed');
    await shot(page, info, 'delay-1-canvas-tested');
  });

  await test.step('save and turn it on', async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const save = page.getByRole('dialog', { name: 'Save konnector' });
    await save.getByLabel('Konnector Name').fill(NAME);
    await save.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { name: NAME, level: 1 })).toBeVisible();
    await expect(page.getByText('All changes saved')).toBeVisible();
    await page.getByRole('switch', { name: `${NAME}: inactive` }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Konnector activated!' })).toBeVisible({ timeout: 20_000 });
  });

  const subject = `Printer on fire ${Date.now()}`;
  await test.step('a ticket created in Custify becomes a run that waits: "Waiting until …" in the event log', async () => {
    const people = (await (await page.request.get(`${sim}/__control/records/people`)).json()) as { records: { id: string }[] };
    const person = people.records[0]?.id;
    expect(person).toBeTruthy();
    const created = await page.request.post(`${sim}/__control/records/tickets`, { data: { externalId: `ZD-${Date.now()}`, entity: person, entityModel: 'People', subject } });
    expect(created.status()).toBe(201);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Event log' }).click();
    const row = page.getByRole('table', { name: 'Runs, newest first' }).getByRole('row', { name: new RegExp(NAME) }).first();
    await expect(row).toBeVisible({ timeout: 45_000 });
    await expect(row).toContainText('Waiting until');
    await expect(row).toContainText('Waiting');
    await shot(page, info, 'delay-2-event-log-waiting');
    await row.getByRole('link').first().click();
    const banner = page.getByRole('status').filter({ hasText: 'Waiting until' });
    await expect(banner).toBeVisible();
    await expect(banner.getByRole('button', { name: 'Resume now' })).toBeVisible();
    await expect(banner.getByRole('button', { name: 'Cancel run' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Steps' }).getByRole('group').filter({ hasText: 'Delay' })).toContainText('Waiting');
    await shot(page, info, 'delay-3-run-waiting');
  });

  await test.step('at its time the run goes on by itself and creates the task', async () => {
    await expect(page.getByRole('heading', { level: 1 }).getByText('Succeeded')).toBeVisible({ timeout: 90_000 });
    const steps = page.getByRole('region', { name: 'Steps' });
    await expect(steps.getByRole('group').filter({ hasText: 'Delay' })).toContainText('Succeeded');
    const task = steps.getByRole('group').filter({ hasText: 'Custify: Create Task' });
    await expect(task).toContainText('Succeeded');
    await task.getByText('Custify: Create Task').click();
    await expect(task).toContainText(`Follow up ticket: ${subject}`);
    const tasks = (await (await page.request.get(`${sim}/__control/records/tasks`)).json()) as { records: { name: string }[] };
    expect(tasks.records.filter((t) => t.name === `Follow up ticket: ${subject}`)).toHaveLength(1);
    await shot(page, info, 'delay-4-run-succeeded');
  });
});
