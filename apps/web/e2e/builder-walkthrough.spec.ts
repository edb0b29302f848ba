/**
 * Issue 7's walkthrough, in the browser only: sign up, build a konnector from a blank canvas
 * (Custify "Person Created" with a connection added inline, Refresh Fields, a Filter, a Path with
 * two branches, a Code step run in the sandbox, a Repeater over the code's list with Custify
 * "Create Task" inside, "Create Note" actions mapped with text and fields from the data picker),
 * test it, save it, turn it on, create a person in Custify (the simulator: "the app" side) and
 * find the run in the event log with every step.
 *
 * Polling: the trigger polls every 10 s (the minimum, set in the trigger panel), so the run
 * arrives within ~10–25 s; the event log refreshes itself.
 */
import { DEFAULT_API_KEY } from '@konnect/custify-sim';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { shot, simUrl } from './helpers';

const NAME = 'Follow up new Custify people';

/** The side panel of the selected node ("Person Created settings"). */
const panel = (page: Page, title: string) => page.getByRole('complementary', { name: `${title} settings` });

/**
 * Pans the canvas (mouse wheel, as a person scrolls it) until `target` is near its middle: a "+"
 * can sit off screen or under the side panel, where a click cannot reach it.
 */
async function reveal(page: Page, target: Locator): Promise<void> {
  const canvas = await page.getByTestId('rf__wrapper').boundingBox();
  if (!canvas) throw new Error('the canvas is not on screen');
  const middle = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 };
  const inside = (b: { x: number; y: number; width: number; height: number }) =>
    b.x > canvas.x + 40 && b.x + b.width < canvas.x + canvas.width - 40 && b.y > canvas.y + 40 && b.y + b.height < canvas.y + canvas.height - 200;
  await page.mouse.move(middle.x, middle.y);
  await expect(async () => {
    const box = await target.boundingBox();
    if (!box) throw new Error('not laid out yet');
    if (inside(box)) return;
    await page.mouse.wheel(box.x + box.width / 2 - middle.x, box.y + box.height / 2 - middle.y);
    throw new Error(`at ${Math.round(box.x)},${Math.round(box.y)}: not in view yet`);
  }).toPass({ timeout: 10_000 });
}

/** Opens the "+" at `label` on the canvas and picks a step type from its menu. */
async function addStep(page: Page, label: string, type: 'Filter' | 'Path' | 'Code' | 'Repeater' | 'Action'): Promise<void> {
  const plus = page.getByRole('button', { name: label, exact: true }).first();
  await reveal(page, plus);
  await plus.click();
  await page.getByRole('menu', { name: 'Add a step' }).getByRole('menuitem', { name: type }).click();
}

/** A field in the data picker: its label and the group it is listed under (the trigger or a step). */
interface PickedField {
  field: string;
  from?: string;
}

/** Inserts a field into a chip input through its data picker ("Insert field into <label>"). */
async function insertField(scope: Locator, target: string, { field, from = 'Trigger' }: PickedField): Promise<void> {
  await scope.getByRole('button', { name: `Insert field into ${target}` }).click();
  const picker = scope.getByRole('dialog', { name: `Fields for ${target}` });
  await picker.getByRole('group', { name: from, exact: true }).getByRole('option', { name: field, exact: true }).click();
  await expect(picker).toBeHidden();
}

/** Fills a chip input with text and fields: strings are typed, the other parts come from the picker. */
async function mapText(scope: Locator, target: string, parts: (string | PickedField)[]): Promise<void> {
  const box = scope.getByRole('textbox', { name: target, exact: true });
  await box.click();
  for (const part of parts) {
    if (typeof part === 'string') {
      await box.page().keyboard.type(part);
    } else {
      await insertField(scope, target, part);
      await expect(box).toBeFocused();
    }
  }
}

/** One condition row: field from the picker, operator, and a typed value when the operator takes one. */
async function condition(scope: Locator, field: string, operator: string, value?: string): Promise<void> {
  await scope.getByRole('button', { name: '+ Add condition', exact: true }).click();
  await insertField(scope, 'Condition 1 field', { field });
  await scope.getByLabel('Condition 1 operator').selectOption({ label: operator });
  if (value !== undefined) await mapText(scope, 'Condition 1 value', [value]);
}

/** A Custify action: app from the Apps tab, the event, the connection (preselected: the only one), then Field Mapping. */
async function custifyAction(page: Page, panelTitle: string, event: string): Promise<Locator> {
  const setup = panel(page, 'Action');
  await setup.getByRole('searchbox', { name: 'Search apps' }).fill('Custify');
  await setup.getByRole('button', { name: 'Custify', exact: true }).click();
  await setup.getByLabel('Event').selectOption({ label: event });
  const p = panel(page, panelTitle);
  await expect(p.getByLabel('Connection')).not.toHaveValue('');
  await p.getByRole('button', { name: 'Continue' }).click();
  await expect(p.getByRole('tab', { name: 'Field Mapping', selected: true })).toBeVisible();
  return p;
}

/** Entity ID ← the trigger's ID, Entity type = People. */
async function onThePerson(p: Locator): Promise<void> {
  await insertField(p, 'Entity ID', { field: 'ID' });
  await p.getByLabel('Entity type').selectOption('People');
}

test('build a konnector on the canvas, test it, turn it on and see its run with every step', async ({ page }, info) => {
  test.setTimeout(150_000);
  const sim = simUrl(info);
  const canvas = page.getByTestId('builder-canvas');

  await test.step('sign up and open a new, blank konnector', async () => {
    await page.goto('/signup');
    await page.getByLabel('Your name').fill('Walker Through');
    await page.getByLabel('Email').fill(`e2e-builder-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: 'Konnectors', level: 1 })).toBeVisible({ timeout: 20_000 });
    await page.getByRole('link', { name: 'New konnector' }).click();
    await expect(page.getByRole('heading', { name: 'New konnector', level: 1 })).toBeVisible();
  });

  await test.step('trigger: Custify "Person Created", a connection added inline, poll every 10 s, Refresh Fields', async () => {
    await canvas.getByRole('button', { name: 'Open Trigger' }).click();
    const trigger = panel(page, 'Trigger');
    await trigger.getByRole('tab', { name: 'Apps' }).click();
    await trigger.getByRole('searchbox', { name: 'Search apps' }).fill('custify');
    await trigger.getByRole('button', { name: 'Custify', exact: true }).click();
    await panel(page, 'Trigger').getByLabel('Event').selectOption({ label: 'Person Created' });

    const p = panel(page, 'Person Created');
    await p.getByRole('button', { name: '+ Add new connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect Custify' });
    await dialog.getByLabel('Connection name').fill('Custify (simulator)');
    await dialog.getByLabel('API Key').fill(DEFAULT_API_KEY);
    await dialog.getByLabel('Base URL').fill(sim);
    await dialog.getByRole('button', { name: 'Save and test' }).click();
    await expect(dialog).toBeHidden();
    await expect(p.getByLabel('Connection')).toHaveValue(/.+/);
    await expect(p.getByRole('option', { name: 'Custify (simulator)', selected: true })).toBeAttached();

    await p.getByLabel('Poll every (seconds)').fill('10');
    await p.getByRole('button', { name: 'Refresh Fields' }).click();
    const fields = p.getByRole('table', { name: 'Sample fields of Custify' });
    await expect(fields).toBeVisible({ timeout: 20_000 });
    await expect(fields.getByRole('row', { name: /^Email\b/ })).toBeVisible();
    await expect(p.getByText(/\d+ records? · fetched/)).toBeVisible();
    await p.getByRole('button', { name: 'Continue' }).click();
    await expect(p).toBeHidden();
    await expect(canvas.getByTestId('node-trigger')).toContainText('sample record');
  });

  await test.step('a Filter: Email contains "@" (the "+" opens its menu even when the press drifts a little)', async () => {
    const plus = page.getByRole('button', { name: 'Add step after Person Created', exact: true }).first();
    const box = await plus.boundingBox();
    if (!box) throw new Error('the "+" after the trigger is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 3, box.y + box.height / 2 + 1);
    await page.mouse.up();
    await page.getByRole('menu', { name: 'Add a step' }).getByRole('menuitem', { name: 'Filter' }).click();
    const p = panel(page, 'Filter');
    await condition(p, 'Email', 'contains', '@');
    await p.getByRole('button', { name: 'Continue' }).click();
    await expect(canvas.getByTestId('node-filter_1')).toContainText('Email contains @');
  });

  await test.step('a Path with two branches: "Has company" and "No company"', async () => {
    await addStep(page, 'Add step after Filter', 'Path');
    const p = panel(page, 'Path');
    await p.getByLabel('Branch 1 name').fill('Has company');
    await condition(p.getByRole('region', { name: 'Has company' }), 'Companies', 'is not empty');
    await p.getByLabel('Branch 2 name').fill('No company');
    await condition(p.getByRole('region', { name: 'No company' }), 'Companies', 'is empty');
    await p.getByRole('button', { name: 'Continue' }).click();
    await expect(canvas.getByTestId('node-path_1')).toContainText('2 branches');
  });

  await test.step('"Has company" runs a Code step; "Run code" shows its output', async () => {
    await addStep(page, 'Add step to Has company', 'Code');
    const p = panel(page, 'Code');
    const editor = p.getByRole('textbox', { name: 'Code' });
    await editor.click();
    await page.keyboard.insertText("const first = String(input.trigger.name ?? '').split(' ')[0];\nreturn { tags: ['Welcome call', 'Product tour'], first };");
    await p.getByRole('button', { name: 'Run code' }).click();
    await expect(p.getByText(/^Ran in /)).toBeVisible({ timeout: 20_000 });
    await expect(p.getByText('Product tour').first()).toBeVisible();
    await p.getByRole('button', { name: 'Continue' }).click();
  });

  await test.step('"No company" creates a Custify note: text and fields mixed', async () => {
    await addStep(page, 'Add step to No company', 'Action');
    const p = await custifyAction(page, 'Create Note', 'Create Note');
    await onThePerson(p);
    await mapText(p, 'Subject', ['Find the company of ', { field: 'Name' }]);
    await mapText(p, 'Text', [{ field: 'Email' }, ' signed up without a company.']);
    await p.getByRole('button', { name: 'Continue' }).click();
  });

  await test.step('a first test run gives the data picker the code step\'s output', async () => {
    await expect(page.getByRole('button', { name: 'No problems' })).toBeVisible();
    await page.getByRole('button', { name: 'Test run' }).click();
    // Its actions write to Custify: the test asks first (friction 11).
    await page.getByRole('dialog', { name: 'Test run' }).getByRole('button', { name: /^Run test/ }).click();
    await expect(page.getByRole('status').filter({ hasText: /Test run/ })).toBeVisible({ timeout: 30_000 });
    await expect(canvas.getByTestId('node-code_1')).toContainText('Passed');
  });

  await test.step('a Repeater over the code\'s tags, with Custify "Create Task" inside', async () => {
    await addStep(page, 'Add step after Code', 'Repeater');
    const repeater = panel(page, 'Repeater');
    await insertField(repeater, 'List to loop over', { field: 'Tags', from: 'Code' });
    await expect(repeater.getByRole('textbox', { name: 'List to loop over' })).toContainText('Tags');
    await repeater.getByRole('button', { name: 'Continue' }).click();

    await addStep(page, 'Add step to For each item', 'Action');
    const p = await custifyAction(page, 'Create Task', 'Create Task');
    await mapText(p, 'Name', ['Follow up ', { field: 'Name' }, ' (', { field: 'Email' }, '): ', { field: 'Loop Item', from: 'Repeater' }]);
    await onThePerson(p);
    await expect(page.getByRole('button', { name: 'No problems' })).toBeVisible();
    await expect(p.getByRole('textbox', { name: 'Name', exact: true })).toHaveText(/^Follow up\s*Name\s*\(\s*Email\s*\):\s*Loop Item/);
    await shot(page, info, 'builder-1-field-mapping');
    await p.getByRole('button', { name: 'Continue' }).click();
  });

  await test.step('after the path, every new person gets a Custify note', async () => {
    await addStep(page, 'Add step after Path', 'Action');
    const p = await custifyAction(page, 'Create Note', 'Create Note');
    await onThePerson(p);
    await mapText(p, 'Subject', ['Welcome ', { field: 'Name' }]);
    await mapText(p, 'Text', ['Follow up ', { field: 'Name' }, ' at ', { field: 'Email' }]);
    await p.getByRole('button', { name: 'Continue' }).click();
  });

  await test.step('test run: every node shows its result', async () => {
    await expect(page.getByRole('button', { name: 'No problems' })).toBeVisible();
    await page.getByRole('button', { name: 'Test run' }).click();
    // Its actions write to Custify: the test asks first (friction 11).
    await page.getByRole('dialog', { name: 'Test run' }).getByRole('button', { name: /^Run test/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Test run passed: every step worked' })).toBeVisible({ timeout: 30_000 });
    for (const id of ['filter_1', 'path_1', 'code_1', 'repeater_1']) await expect(canvas.getByTestId(`node-${id}`)).toContainText('Passed');
    await expect(canvas.getByTestId('node-action_2')).toContainText('Passed ×2');
    await expect(canvas.getByTestId('node-action_3')).toContainText('Passed');
    await page.getByRole('button', { name: 'Fit View' }).click();
    await shot(page, info, 'builder-2-canvas-tested');
  });

  await test.step('save with a name and turn it on', async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const save = page.getByRole('dialog', { name: 'Save konnector' });
    await save.getByLabel('Konnector Name').fill(NAME);
    await save.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { name: NAME, level: 1 })).toBeVisible();
    await expect(page).toHaveURL(/\/konnectors\/(?!new$)[^/]+$/);
    await expect(page.getByText('All changes saved')).toBeVisible();
    await canvas.getByRole('button', { name: 'Open Person Created' }).click();
    await expect(panel(page, 'Person Created').getByLabel('Poll every (seconds)')).toHaveValue('10');
    await panel(page, 'Person Created').getByRole('button', { name: 'Close panel' }).click();
    await page.getByRole('switch', { name: `${NAME}: inactive` }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Konnector activated!' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('switch', { name: `${NAME}: active` })).toBeVisible();
  });

  const person = { name: `Paula Path ${Date.now()}`, email: `paula-${Date.now()}@acme.test` };
  await test.step('a person created in Custify (with a company) becomes a run', async () => {
    const companies = (await (await page.request.get(`${sim}/__control/records/companies`)).json()) as { records: { id: string }[] };
    const company = companies.records[0]?.id;
    expect(company).toBeTruthy();
    const created = await page.request.post(`${sim}/__control/records/people`, { data: { ...person, companies: [company] } });
    expect(created.status()).toBe(201);

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Konnectors' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Event log' }).click();
    await expect(page.getByRole('heading', { name: 'Event log', level: 1 })).toBeVisible();
    const row = page.getByRole('table', { name: 'Runs, newest first' }).getByRole('row', { name: new RegExp(NAME) }).first();
    await expect(row).toBeVisible({ timeout: 45_000 });
    await row.getByRole('link').first().click();
  });

  await test.step('the run shows the trigger data and every step: filter, path, code, repeater iterations, actions', async () => {
    await expect(page.getByRole('heading', { name: 'Trigger data' })).toBeVisible();
    await expect(page.getByText(person.name).first()).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 }).getByText('Succeeded')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('Succeeded: 7 steps succeeded (3 actions)')).toBeVisible();
    const steps = page.getByRole('region', { name: 'Steps' });
    const step = (scope: Locator, name: string, detail: string | RegExp) => scope.getByRole('group').filter({ hasText: name }).filter({ hasText: detail });
    await expect(step(steps, 'Filter', 'filter_1')).toContainText('Succeeded');
    await expect(step(steps, 'Paths', 'path_1')).toContainText('Succeeded');
    const taken = steps.getByRole('region', { name: 'Branch Has company' });
    await expect(taken.getByRole('heading', { name: 'Branch: Has company taken' })).toBeVisible();
    await expect(step(taken, 'Code', 'code_1')).toContainText('Succeeded');
    await expect(step(taken, 'Repeater', 'repeater_1')).toContainText('Succeeded');
    for (const [n, tag] of [[1, 'Welcome call'], [2, 'Product tour']] as const) {
      const iteration = taken.getByRole('region', { name: `Iteration ${n}` });
      const task = step(iteration, 'Custify: Create Task', `iteration ${n}`);
      await expect(task).toContainText('Succeeded');
      await task.getByText('Custify: Create Task').click();
      await expect(iteration).toContainText(`Follow up ${person.name} (${person.email}): ${tag}`);
    }
    const note = step(steps, 'Custify: Create Note', 'action_3');
    await expect(note).toContainText('Succeeded');
    await note.getByText('Custify: Create Note').click();
    await expect(note).toContainText(`Follow up ${person.name} at ${person.email}`);
    await shot(page, info, 'builder-3-run-detail');
  });
});
