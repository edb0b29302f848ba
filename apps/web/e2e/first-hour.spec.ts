/**
 * Issue 17, "a new user's first hour": one test per bug and friction fixed, in the browser, with
 * screenshots. The builder parts follow a new user: a Custify trigger whose connection is added
 * inline (first with a wrong key), a Code step run once, then a "Create Note" action mapped with
 * the data picker and by typing the guide's `{{Label}}` form.
 */
import { DEFAULT_API_KEY } from '@konnect/custify-sim';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { shot, signUp, simUrl } from './helpers';

const panel = (page: Page, title: string) => page.getByRole('complementary', { name: `${title} settings` });

/** Opens the "+" at `label` on the canvas and picks a step type. */
async function addStep(page: Page, label: string, type: 'Code' | 'Action'): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).first().click();
  await page.getByRole('menu', { name: 'Add a step' }).getByRole('menuitem', { name: type }).click();
}

/** New konnector → Custify "Person Created"; the connection is added in the builder's dialog. */
async function custifyTrigger(page: Page, sim: string, key: string, connection: (dialog: Locator) => Promise<void>): Promise<Locator> {
  await page.getByRole('link', { name: 'New konnector' }).click();
  await page.getByTestId('builder-canvas').getByRole('button', { name: 'Open Trigger' }).click();
  const trigger = panel(page, 'Trigger');
  await trigger.getByRole('tab', { name: 'Apps' }).click();
  await trigger.getByRole('searchbox', { name: 'Search apps' }).fill('custify');
  await trigger.getByRole('button', { name: 'Custify', exact: true }).click();
  await panel(page, 'Trigger').getByLabel('Event').selectOption({ label: 'Person Created' });
  const p = panel(page, 'Person Created');
  await p.getByRole('button', { name: '+ Add new connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect Custify' });
  await dialog.getByLabel('Connection name').fill('Custify (simulator)');
  await dialog.getByLabel('API Key').fill(key);
  await dialog.getByLabel('Base URL').fill(sim);
  await expect(dialog.getByLabel('Base URL')).toHaveValue(sim);
  await connection(dialog);
  return p;
}

test('friction 8: the connection dialog tests on save, says a wrong key there, and the working connection is selected', async ({ page }, info) => {
  const sim = simUrl(info);
  await signUp(page, 'Fran First', 'first-hour-8');
  const p = await custifyTrigger(page, sim, 'not-the-key', async (dialog) => {
    await dialog.getByRole('button', { name: 'Save and test' }).click();
    await expect(dialog.getByRole('alert')).toContainText('The test failed');
    await shot(page, info, 'first-hour-friction-8-wrong-key');
    await dialog.getByLabel('API Key').fill(DEFAULT_API_KEY);
    await dialog.getByRole('button', { name: 'Save and test again' }).click();
    await expect(dialog).toBeHidden({ timeout: 20_000 });
  });
  await expect(page.getByRole('status').filter({ hasText: 'saved and tested: it works' })).toBeVisible();
  await expect(p.getByRole('option', { name: 'Custify (simulator)', selected: true })).toBeAttached();
});

test('bugs 1, 2, 3 and friction 9: Run code feeds the picker, {{First Name}} typed maps the field, search ranks the field, required errors wait for a touch', async ({ page }, info) => {
  test.setTimeout(150_000);
  const sim = simUrl(info);
  await signUp(page, 'Fran First', 'first-hour-1');
  const trigger = await custifyTrigger(page, sim, DEFAULT_API_KEY, async (dialog) => {
    await dialog.getByRole('button', { name: 'Save and test' }).click();
    await expect(dialog).toBeHidden({ timeout: 20_000 });
  });
  await trigger.getByRole('button', { name: 'Refresh Fields' }).click();
  await expect(trigger.getByRole('table', { name: 'Sample fields of Custify' })).toBeVisible({ timeout: 20_000 });
  await trigger.getByRole('button', { name: 'Continue' }).click();

  await addStep(page, 'Add step after Person Created', 'Code');
  const code = panel(page, 'Code');
  await code.getByRole('textbox', { name: 'Code' }).click();
  await page.keyboard.insertText("return { total: 3, customer: { name: 'Acme', id: 7 } };");
  await code.getByRole('button', { name: 'Run code' }).click();
  await expect(code.getByText(/^Ran in /)).toBeVisible({ timeout: 20_000 });
  await code.getByRole('button', { name: 'Continue' }).click();

  await addStep(page, 'Add step after Code', 'Action');
  const setup = panel(page, 'Action');
  await setup.getByRole('searchbox', { name: 'Search apps' }).fill('Custify');
  await setup.getByRole('button', { name: 'Custify', exact: true }).click();
  await setup.getByLabel('Event').selectOption({ label: 'Create Note' });
  const note = panel(page, 'Create Note');
  await note.getByRole('button', { name: 'Continue' }).click();
  await expect(note.getByRole('tab', { name: 'Field Mapping', selected: true })).toBeVisible();

  // Friction 9: nothing touched, no "is required" yet (the toolbar still counts the problems).
  await expect(note.getByText(/is required/)).toHaveCount(0);
  const subject = note.getByRole('textbox', { name: 'Subject', exact: true });
  await subject.click();
  await page.keyboard.press('Tab');
  await expect(note.getByText('Subject is required')).toBeVisible();
  await shot(page, info, 'first-hour-friction-9-touched');

  // Bug 1: the code step's Run code output is in the picker, before any test run.
  await note.getByRole('button', { name: 'Insert field into Subject' }).click();
  const picker = note.getByRole('dialog', { name: 'Fields for Subject' });
  await expect(picker.getByRole('group', { name: 'Code', exact: true }).getByRole('option', { name: 'Total', exact: true })).toBeVisible();
  await shot(page, info, 'first-hour-bug-1-code-output-in-picker');

  // Bug 3: "Customer Name" + Enter inserts customer.name, not the customer object.
  await picker.getByRole('searchbox', { name: 'Search fields' }).fill('Customer Name');
  await page.keyboard.press('Enter');
  await expect(picker).toBeHidden();
  await expect(subject.locator('[data-ref]')).toHaveAttribute('data-ref', 'steps.code_1.customer.name');
  await expect(subject).toContainText('Code › Customer › Name');

  // Bug 2: the guide's own example, typed.
  const text = note.getByRole('textbox', { name: 'Text', exact: true });
  await text.click();
  await page.keyboard.type('Hello {{Name}}, welcome');
  await expect(text.locator('[data-ref="trigger.name"]')).toHaveCount(1);
  await expect(text).toHaveText(/Hello\s*Name.*, welcome/);
  await shot(page, info, 'first-hour-bug-2-3-mapped');
});

test('bug 4: a konnector with only a trigger lists "Add an action" and cannot be turned on', async ({ page }, info) => {
  await signUp(page, 'Fran First', 'first-hour-4');
  await page.getByRole('link', { name: 'New konnector' }).click();
  await page.getByTestId('builder-canvas').getByRole('button', { name: 'Open Trigger' }).click();
  const trigger = panel(page, 'Trigger');
  await trigger.getByRole('tab', { name: 'Tools' }).click();
  // Webhooks has one trigger, Catch Hook: chosen with the app.
  await trigger.getByRole('button', { name: 'Webhooks', exact: true }).click();
  await expect(panel(page, 'Catch Hook')).toBeVisible();
  await expect(page.getByRole('button', { name: '1 problem' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: '1 problem' }).click();
  const list = page.getByRole('region', { name: 'Problems' });
  await expect(list).toContainText('Add an action');
  // Bug 7: the popover stays inside the window.
  const box = await list.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);
  await shot(page, info, 'first-hour-bug-4-problems');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const save = page.getByRole('dialog', { name: 'Save konnector' });
  await save.getByLabel('Konnector Name').fill('Only a trigger');
  await save.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Only a trigger', level: 1 })).toBeVisible();
  await page.getByRole('switch', { name: 'Only a trigger: inactive' }).click();
  const refused = page.getByRole('dialog', { name: /can't be turned on yet/ });
  await expect(refused).toContainText('Add an action');
  await shot(page, info, 'first-hour-bug-4-refused');
  await refused.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('switch', { name: 'Only a trigger: inactive' })).toBeVisible();
});

test('bug 5 and friction 10: one poll\'s runs newest first, each naming its record; a failure says why in words', async ({ page }, info) => {
  test.setTimeout(120_000);
  const sim = simUrl(info);
  const workspaceId = await signUp(page, 'Fran First', 'first-hour-5');
  const origin = new URL(page.url()).origin;
  const post = async (path: string, data: unknown) => {
    const res = await page.request.post(`/api/v1/workspaces/${workspaceId}${path}`, { data, headers: { origin } });
    expect(res.ok(), await res.text()).toBe(true);
    return (await res.json()) as { id: string };
  };
  const connection = await post('/connections', { connectorKey: 'custify', name: 'Custify', fields: { apiKey: DEFAULT_API_KEY, baseUrl: sim } });
  const definition = {
    trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId: connection.id, pollSeconds: 10, input: {} },
    steps: [
      {
        type: 'action',
        id: 'action_1',
        name: 'Create Note',
        connector: 'custify',
        action: 'create_note',
        connectionId: connection.id,
        onError: 'stop',
        input: { entity: '{{trigger.id}}', entityModel: 'People', subject: '{{trigger.order_id}}', text: 'Order {{trigger.order_id}}' },
      },
    ],
  };
  const konnector = await post('/konnectors', { name: 'Notes per order', definition });
  await post(`/konnectors/${konnector.id}/activate`, {});

  // Three people at once: one poll picks them up together (oldest first).
  const stamp = Date.now();
  const names = ['Olga One', 'Tomas Two', 'Thea Three'].map((n) => `${n} ${stamp}`);
  for (const [i, name] of names.entries()) {
    const created = await page.request.post(`${sim}/__control/records/people`, { data: { email: `p${i}-${stamp}@acme.test`, name } });
    expect(created.status()).toBe(201);
  }
  await page.goto(`/app/${workspaceId}/runs`);
  const table = page.getByRole('table', { name: 'Runs, newest first' });
  await expect(table.getByRole('row').filter({ hasText: names[0] ?? '' })).toBeVisible({ timeout: 60_000 });
  await expect(table.getByRole('row').filter({ hasText: String(stamp) })).toHaveCount(3, { timeout: 30_000 });
  const rows = await table.getByRole('row').filter({ hasText: String(stamp) }).allInnerTexts();
  expect(rows.map((r) => names.findIndex((n) => r.includes(n)))).toEqual([2, 1, 0]);
  expect(rows[0]).toContain('Failed at "Create Note": Subject is empty because Order ID was missing in the trigger data');
  expect(rows[0]).not.toContain('action_1');
  await shot(page, info, 'first-hour-bug-5-event-log');
});

test('bug 7: /favicon.ico is an icon, not a 404', async ({ page }) => {
  const res = await page.request.get('/favicon.ico');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/image/);
});
