/**
 * Issue 16's browser test, in one workspace and with the canvas only:
 *
 * 1. "Catch Hook (respond from the konnector) → Storage Increment → Respond to Hook { count }":
 *    two calls answer 1 then 2, and the event log shows what each run answered.
 * 2. "Custify Ticket Created → Delay 1 minute → Create Task": the test run does not wait (the Delay
 *    says so); turned on, a ticket created in Custify (the simulator) becomes a run the event log
 *    shows as "Waiting until …" (with Resume now / Cancel for admins), which then goes on by itself
 *    and creates the task.
 *
 * Both konnectors are built, saved and turned on before either is exercised. The worker started by
 * playwright.config.ts runs with KONNECT_TEST_DELAY_SCALE=0.4 (a test-only setting the worker
 * refuses in production): the 1-minute Delay lasts 24 s here. The trigger polls every 10 s (set in
 * the trigger panel).
 */
import { DEFAULT_API_KEY } from '@konnect/custify-sim';
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import { shot, signUp, simUrl } from './helpers';

const COUNTER = 'Count the visits';
const FOLLOW_UP = 'Follow up tickets after a minute';

const panel = (page: Page, title: string) => page.getByRole('complementary', { name: `${title} settings` });
const canvasOf = (page: Page) => page.getByTestId('builder-canvas');

/** The "+" after a node, then a step type from its menu. */
async function addAfter(page: Page, after: string, type: 'Action' | 'Delay' | 'Respond to Hook'): Promise<void> {
  await page.getByRole('button', { name: `Add step after ${after}`, exact: true }).first().click();
  await page.getByRole('menu', { name: 'Add a step' }).getByRole('menuitem', { name: type }).click();
}

/** Types into a chip input; `{{ref}}` typed becomes a chip. */
async function typeInto(page: Page, scope: Locator, label: string, text: string): Promise<void> {
  await scope.getByRole('textbox', { name: label, exact: true }).click();
  await page.keyboard.type(text);
}

async function insertField(scope: Locator, target: string, field: string, from = 'Trigger'): Promise<void> {
  await scope.getByRole('button', { name: `Insert field into ${target}` }).click();
  const picker = scope.getByRole('dialog', { name: `Fields for ${target}` });
  await picker.getByRole('group', { name: from, exact: true }).getByRole('option', { name: field, exact: true }).click();
  await expect(picker).toBeHidden();
}

/** Save (naming the konnector) and turn it on from the details page's toggle. */
async function saveAndActivate(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const save = page.getByRole('dialog', { name: 'Save konnector' });
  await save.getByLabel('Konnector Name').fill(name);
  await save.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText('All changes saved')).toBeVisible();
  await page.getByRole('switch', { name: `${name}: inactive` }).click();
  await expect(page.getByRole('switch', { name: `${name}: active` })).toBeVisible({ timeout: 20_000 });
}

async function buildCounter(page: Page, key: string): Promise<void> {
  const canvas = canvasOf(page);
  await test.step('counter: Catch Hook, responding from the konnector within 20 s', async () => {
    await canvas.getByRole('button', { name: 'Open Trigger' }).click();
    const trigger = panel(page, 'Trigger');
    await trigger.getByRole('tab', { name: 'Tools' }).click();
    await trigger.getByRole('button', { name: 'Webhooks', exact: true }).click();
    // Choosing a Catch Hook saves the new konnector as a draft (its URL exists at once): the builder
    // moves to the saved konnector, so the panel is set only once that is done.
    await expect(page.getByRole('status').filter({ hasText: 'its webhook URL is ready' })).toBeVisible({ timeout: 30_000 });
    const hook = panel(page, 'Catch Hook');
    await expect(hook.getByTestId('webhook-url')).toContainText('/hooks/', { timeout: 30_000 });
    await hook.getByRole('checkbox', { name: 'Respond from the konnector' }).check();
    await hook.getByLabel('Wait at most (seconds)').fill('20');
    await hook.getByRole('button', { name: 'Continue' }).click();
  });

  await test.step('counter: Storage Increment of the visit counter', async () => {
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

  await test.step('counter: Respond to Hook, 200 with { count }', async () => {
    await addAfter(page, 'Increment', 'Respond to Hook');
    const p = panel(page, 'Respond to Hook');
    await p.getByRole('button', { name: '+ Add body fields row' }).click();
    await p.getByLabel('Body fields key 1').fill('count');
    await typeInto(page, p, 'Body fields value 1', '{{steps.action_1.value}}');
    await p.getByRole('button', { name: 'Continue' }).click();
    await expect(canvas.getByTestId('node-respond_1')).toContainText('200 · JSON');
    await expect(page.getByRole('button', { name: 'No problems' })).toBeVisible({ timeout: 20_000 });
  });

  await test.step('counter: save and turn it on', () => saveAndActivate(page, COUNTER));
}

async function buildFollowUp(page: Page, sim: string, info: TestInfo): Promise<void> {
  const canvas = canvasOf(page);
  await test.step('follow-up: Custify "Ticket Created", connection added inline, poll every 10 s, Refresh Fields', async () => {
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

  await test.step('follow-up: a Delay of 1 minute, from the "+" menu', async () => {
    await addAfter(page, 'Ticket Created', 'Delay');
    const p = panel(page, 'Delay');
    await expect(p.getByLabel('Wait')).toHaveValue('for');
    await p.getByLabel('Amount').fill('1');
    await p.getByLabel('Unit').selectOption('minutes');
    await p.getByRole('button', { name: 'Continue' }).click();
    await expect(canvas.getByTestId('node-delay_1')).toContainText('for 1 minute');
  });

  await test.step('follow-up: Custify "Create Task" on the ticket\'s person, its name mapped from the ticket', async () => {
    await addAfter(page, 'Delay', 'Action');
    const setup = panel(page, 'Action');
    await setup.getByRole('searchbox', { name: 'Search apps' }).fill('Custify');
    await setup.getByRole('button', { name: 'Custify', exact: true }).click();
    await setup.getByLabel('Event').selectOption({ label: 'Create Task' });
    const p = panel(page, 'Create Task');
    await expect(p.getByLabel('Connection')).not.toHaveValue('');
    await p.getByRole('button', { name: 'Continue' }).click();
    await typeInto(page, p, 'Name', 'Follow up ticket: ');
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

  await test.step('follow-up: a test run does not wait (the Delay passes at once)', async () => {
    await page.getByRole('button', { name: 'Test run' }).click();
    // Create Task writes to Custify: the test run asks first.
    await page.getByRole('dialog', { name: 'Test run' }).getByRole('button', { name: /^Run test/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Test run passed: every step worked' })).toBeVisible({ timeout: 30_000 });
    await expect(canvas.getByTestId('node-delay_1')).toContainText('Passed');
    await shot(page, info, 'grammar-2-delay-tested');
  });

  await test.step('follow-up: save and turn it on', () => saveAndActivate(page, FOLLOW_UP));
}

test('Catch Hook (respond) → Storage Increment → Respond {count} and Ticket Created → Delay 1 minute → Create Task, built on the canvas and both on', async ({ page }, info) => {
  test.setTimeout(420_000);
  const sim = simUrl(info);
  await signUp(page, 'Greta Grammar', 'grammar');
  const key = `visits-${Date.now()}`;

  await page.getByRole('link', { name: 'New konnector' }).click();
  await buildCounter(page, key);
  await canvasOf(page).getByRole('button', { name: 'Open Catch Hook' }).click();
  const shown = panel(page, 'Catch Hook').getByTestId('webhook-url');
  await expect(shown).toContainText('/hooks/');
  const hookUrl = (await shown.textContent())?.trim() ?? '';
  expect(hookUrl).toMatch(/\/hooks\//);
  await shot(page, info, 'grammar-1-counter-canvas');

  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Konnectors' }).click();
  await page.getByRole('link', { name: 'New konnector' }).click();
  await buildFollowUp(page, sim, info);

  await test.step('both are on in the library', async () => {
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Konnectors' }).click();
    for (const name of [COUNTER, FOLLOW_UP]) await expect(page.getByRole('switch', { name: `${name}: active` })).toBeVisible({ timeout: 20_000 });
  });

  const subject = `Printer on fire ${Date.now()}`;
  await test.step('a ticket is created in Custify; the hook is called twice and answers 1 then 2', async () => {
    const people = (await (await page.request.get(`${sim}/__control/records/people`)).json()) as { records: { id: string }[] };
    const person = people.records[0]?.id;
    expect(person).toBeTruthy();
    const created = await page.request.post(`${sim}/__control/records/tickets`, { data: { externalId: `ZD-${Date.now()}`, entity: person, entityModel: 'People', subject } });
    expect(created.status()).toBe(201);
    for (const count of [1, 2]) {
      const res = await page.request.post(hookUrl, { data: { visitor: 'ada' } });
      expect(res.status(), await res.text()).toBe(200);
      expect(res.headers()['content-type']).toContain('application/json');
      expect(await res.json()).toEqual({ count });
    }
  });

  const log = page.getByRole('table', { name: 'Runs, newest first' });
  await test.step('the event log shows each counter run and what it answered', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Event log' }).click();
    const rows = log.getByRole('row', { name: new RegExp(COUNTER) });
    await expect(rows).toHaveCount(2, { timeout: 30_000 });
    await rows.first().getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 1 }).getByText('Succeeded')).toBeVisible({ timeout: 30_000 });
    const respond = page.getByRole('region', { name: 'Steps' }).getByRole('group').filter({ hasText: 'Respond to Hook' });
    await respond.getByText('Respond to Hook').first().click();
    await expect(respond.getByTestId('respond-summary')).toContainText('Answered 200');
    await expect(respond.getByTestId('respond-summary')).toContainText('{"count":2}');
    await shot(page, info, 'grammar-3-counter-run');
  });

  await test.step('the ticket\'s run waits: "Waiting until …" with Resume now and Cancel', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Event log' }).click();
    const row = log.getByRole('row', { name: new RegExp(FOLLOW_UP) }).first();
    await expect(row).toBeVisible({ timeout: 45_000 });
    await expect(row).toContainText('Waiting until');
    await shot(page, info, 'grammar-4-event-log');
    await row.getByRole('link').first().click();
    const banner = page.getByRole('status').filter({ hasText: 'Waiting until' });
    await expect(banner).toBeVisible();
    await expect(banner.getByRole('button', { name: 'Resume now' })).toBeVisible();
    await expect(banner.getByRole('button', { name: 'Cancel run' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Steps' }).getByRole('group').filter({ hasText: 'Delay' })).toContainText('Waiting');
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
    await shot(page, info, 'grammar-5-delay-run-succeeded');
  });
});
