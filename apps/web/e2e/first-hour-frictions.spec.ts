/**
 * Issue 17, the first hour: frictions 11, 12, 14 and 15 fixed, in the browser, with screenshots
 * (bugs 1–7 and frictions 8–10 and 13 are in first-hour.spec.ts, the guide itself in guide.spec.ts).
 */
import { DEFAULT_API_KEY } from '@konnect/custify-sim';
import { expect, test, type Page } from '@playwright/test';
import { shot, signUp, simUrl } from './helpers';

const panel = (page: Page, title: string) => page.getByRole('complementary', { name: `${title} settings` });

/** The workspace's API as the page calls it (writes carry the app's Origin). */
function apiOf(page: Page, workspaceId: string) {
  const origin = () => new URL(page.url()).origin;
  return async <T>(method: 'POST' | 'PATCH', path: string, data: unknown): Promise<T> => {
    const res = await page.request.fetch(`/api/v1/workspaces/${workspaceId}${path}`, { method, data, headers: { origin: origin() } });
    expect(res.ok(), await res.text()).toBe(true);
    return (await res.json()) as T;
  };
}

test('friction 12: a Catch Hook shows its URL with Copy at once, the same URL after saving, and "Listen for a test request" catches the sample', async ({ page, context }, info) => {
  test.setTimeout(120_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signUp(page, 'Hugo Hook', 'friction-12');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('menu', { name: 'New' }).getByRole('menuitem', { name: 'Konnector' }).click();
  const trigger = panel(page, 'Trigger');
  await trigger.getByRole('tab', { name: 'Tools' }).click();
  await trigger.getByRole('button', { name: 'Webhooks', exact: true }).click();

  // The URL, before any save or activation, with Copy.
  const hook = panel(page, 'Catch Hook').getByRole('region', { name: 'Webhook URL' });
  const url = hook.getByTestId('webhook-url');
  await expect(url).toHaveText(/^http:\/\/[^ ]+\/hooks\/[A-Za-z0-9_-]{43}$/, { timeout: 20_000 });
  const address = (await url.textContent()) ?? '';
  await hook.getByRole('button', { name: 'Copy webhook URL' }).click();
  await expect(hook.getByRole('button', { name: 'Copy webhook URL' })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);
  await shot(page, info, 'friction-12-url-at-once');

  // Listen, then call the URL as an app would: the call becomes the sample.
  await hook.getByRole('button', { name: 'Listen for a test request' }).click();
  await expect(hook.getByRole('status')).toContainText(/Listening for a request to this URL… [0-9]:[0-5][0-9] left/);
  await shot(page, info, 'friction-12-listening');
  const sent = await page.request.post(address, { data: { order_id: 'A-17', customer: { email: 'ada@example.com' }, total: 42 } });
  expect(sent.status()).toBe(200);
  await expect(hook.getByRole('status')).toContainText('Request caught', { timeout: 20_000 });
  const table = panel(page, 'Catch Hook').getByRole('table', { name: 'Sample fields of Webhooks' });
  await expect(table.getByRole('row').filter({ hasText: 'Order ID' })).toContainText('A-17');
  await expect(table.getByRole('row').filter({ hasText: 'customer.email' })).toContainText('ada@example.com');
  await shot(page, info, 'friction-12-caught');

  // The caught fields feed the data picker of a later step.
  await panel(page, 'Catch Hook').getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Add step after Catch Hook', exact: true }).first().click();
  await page.getByRole('menu', { name: 'Add a step' }).getByRole('menuitem', { name: 'Filter' }).click();
  const filter = panel(page, 'Filter');
  await filter.getByRole('button', { name: '+ Add condition', exact: true }).click();
  await filter.getByRole('button', { name: 'Insert field into Condition 1 field' }).click();
  await expect(filter.getByRole('dialog', { name: 'Fields for Condition 1 field' }).getByRole('option', { name: 'Order ID', exact: true })).toBeVisible();
  await page.keyboard.press('Escape');

  // Saving (the name asked as for any new konnector) keeps the same URL.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const save = page.getByRole('dialog', { name: 'Save konnector' });
  await save.getByLabel('Konnector Name').fill('Orders in');
  await save.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Orders in', level: 1 })).toBeVisible({ timeout: 20_000 });
  await page.reload();
  await page.getByTestId('builder-canvas').getByRole('button', { name: 'Open Catch Hook' }).click();
  await expect(panel(page, 'Catch Hook').getByTestId('webhook-url')).toHaveText(address, { timeout: 20_000 });
});

test('friction 15: a connection used by polls says "Working — last used …"; the delete dialog lists the konnectors using it', async ({ page }, info) => {
  test.setTimeout(120_000);
  const sim = simUrl(info);
  const workspaceId = await signUp(page, 'Cora Connect', 'friction-15');
  const api = apiOf(page, workspaceId);
  // Never tested: created through the API, as an import or a script would.
  const connection = await api<{ id: string; status: string }>('POST', '/connections', { connectorKey: 'custify', name: 'Custify prod', fields: { apiKey: DEFAULT_API_KEY, baseUrl: sim } });
  expect(connection.status).toBe('unchecked');
  const draft = (name: string) => ({
    trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId: connection.id, pollSeconds: 10, input: {} },
    steps: [{ type: 'action', id: 'note', name, connector: 'custify', action: 'create_note', connectionId: connection.id, onError: 'stop', input: { entity: '{{trigger.id}}', entityModel: 'People', subject: 'Hi', text: 'Hello' } }],
  });
  const on = await api<{ id: string }>('POST', '/konnectors', { name: 'Welcome notes', definition: draft('Welcome') });
  await api('POST', `/konnectors/${on.id}/activate`, {});
  await api('POST', '/konnectors', { name: 'Old experiment', definition: draft('Old') });

  await page.goto(`/app/${workspaceId}/connections`);
  const row = page.getByRole('listitem').filter({ hasText: 'Custify prod' });
  // Polls use the connection every 10 s; usage is written within seconds.
  await expect(async () => {
    await page.reload();
    await expect(row.getByTestId('connection-status')).toHaveText('Working', { timeout: 2000 });
  }).toPass({ timeout: 60_000, intervals: [3000] });
  await expect(row.getByTestId('connection-status-detail')).toContainText(/^Working — last used/);
  await expect(row).not.toContainText('Not tested');
  await expect(row).not.toContainText('never');
  await expect(row).toContainText('Used by Welcome notes, Old experiment (off)');
  await shot(page, info, 'friction-15-working');

  await row.getByRole('button', { name: 'Delete Custify prod' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete "Custify prod"?' });
  const users = dialog.getByRole('region', { name: 'Konnectors using this connection' });
  await expect(users.getByRole('link', { name: 'Welcome notes' })).toBeVisible();
  await expect(users.getByRole('link', { name: 'Old experiment' })).toBeVisible();
  await expect(users).toContainText('Turn off the active one');
  await expect(dialog.getByRole('button', { name: 'Delete connection' })).toBeDisabled();
  await shot(page, info, 'friction-15-delete-dialog');
});

test('friction 14: Sample Fields shows every row, long names apart, and a date the same in the table and the picker', async ({ page }, info) => {
  test.setTimeout(120_000);
  const sim = simUrl(info);
  const workspaceId = await signUp(page, 'Sam Sample', 'friction-14');
  const api = apiOf(page, workspaceId);
  const connection = await api<{ id: string }>('POST', '/connections', { connectorKey: 'custify', name: 'Custify', fields: { apiKey: DEFAULT_API_KEY, baseUrl: sim } });
  // An older person with a renewal date, then the newest (the chosen record) without one, both with long attribute names.
  const stamp = Date.now();
  const long = (renewal: string | null) => ({
    subscription_contract_renewal_date_primary: renewal,
    subscription_contract_renewal_date_secondary: 'later',
  });
  for (const [i, renewal] of ['2026-12-24T09:00:00.000Z', null].entries()) {
    const res = await page.request.post(`${sim}/__control/records/people`, { data: { email: `s${i}-${stamp}@acme.test`, name: `Sample ${i} ${stamp}`, custom_attributes: long(renewal) } });
    expect(res.status()).toBe(201);
  }
  const konnector = await api<{ id: string }>('POST', '/konnectors', {
    name: 'Samples',
    definition: { trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId: connection.id, input: {} }, steps: [{ type: 'filter', id: 'filter_1', conditions: { all: [] } }] },
  });
  await page.goto(`/app/${workspaceId}/konnectors/${konnector.id}`);
  await page.getByTestId('builder-canvas').getByRole('button', { name: 'Open Person Created' }).click();
  const p = panel(page, 'Person Created');
  await p.getByRole('button', { name: 'Refresh Fields' }).click();
  const table = p.getByRole('table', { name: 'Sample fields of Custify' });
  await expect(table).toBeVisible({ timeout: 20_000 });

  // No inner scroll box: the table is as tall as its rows.
  const hidden = await table.evaluate((t) => {
    for (let el = t.parentElement; el; el = el.parentElement) {
      if (el.scrollHeight > el.clientHeight + 1 || getComputedStyle(el).overflowY !== 'visible') return true;
      if (el.tagName === 'SECTION') return false;
    }
    return true;
  });
  expect(hidden).toBe(false);

  // Two long names that start alike read apart (their paths are shown).
  const primary = table.getByRole('row').filter({ hasText: 'custom_attributes.subscription_contract_renewal_date_primary' });
  const secondary = table.getByRole('row').filter({ hasText: 'custom_attributes.subscription_contract_renewal_date_secondary' });
  await expect(primary).toHaveCount(1);
  await expect(secondary).toHaveCount(1);
  expect(await primary.innerText()).not.toBe(await secondary.innerText());

  // One record has no renewal date: the table shows the date type and the date (from the other record when the chosen one has none)…
  await expect(primary).toContainText('date');
  await expect(primary).toContainText('2026-12-24T09:00:00.000Z');
  await shot(page, info, 'friction-14-sample-fields');

  // …and the data picker shows the same, not null.
  await p.getByRole('button', { name: 'Continue' }).click();
  await page.getByTestId('builder-canvas').getByRole('button', { name: 'Open Filter' }).click();
  const filter = panel(page, 'Filter');
  await filter.getByRole('button', { name: '+ Add condition', exact: true }).click();
  await filter.getByRole('button', { name: 'Insert field into Condition 1 field' }).click();
  const picker = filter.getByRole('dialog', { name: 'Fields for Condition 1 field' });
  await picker.getByRole('searchbox', { name: 'Search fields' }).fill('renewal date primary');
  const option = picker.getByRole('option').first();
  await expect(option).toContainText('date');
  await expect(option).toContainText('2026-12-24T09:00:00.000Z');
  await shot(page, info, 'friction-14-picker');
});

test('friction 11: Test run lists the actions that write, lets the user pick the record, and shows the branch it takes', async ({ page }, info) => {
  test.setTimeout(120_000);
  const sim = simUrl(info);
  const workspaceId = await signUp(page, 'Tess Test', 'friction-11');
  const api = apiOf(page, workspaceId);
  const connection = await api<{ id: string }>('POST', '/connections', { connectorKey: 'custify', name: 'Custify', fields: { apiKey: DEFAULT_API_KEY, baseUrl: sim } });
  const stamp = Date.now();
  for (const [i, plan] of ['pro', 'free'].entries()) {
    const res = await page.request.post(`${sim}/__control/records/people`, { data: { email: `t${i}-${stamp}@acme.test`, name: `Tess ${plan} ${stamp}`, custom_attributes: { plan } } });
    expect(res.status()).toBe(201);
  }
  const action = (id: string, name: string, custifyAction: string, input: Record<string, unknown>) => ({ type: 'action', id, name, connector: 'custify', action: custifyAction, connectionId: connection.id, onError: 'stop', input });
  const konnector = await api<{ id: string }>('POST', '/konnectors', {
    name: 'Plans',
    definition: {
      trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId: connection.id, input: {} },
      steps: [
        action('lookup', 'Look the person up', 'get_person', { id: '{{trigger.id}}' }),
        {
          type: 'path',
          id: 'path_1',
          name: 'By plan',
          branches: [{ id: 'pro', name: 'Pro', conditions: { all: [{ left: '{{trigger.custom_attributes.plan}}', op: 'equals', right: 'pro' }] }, steps: [action('pro_note', 'Pro welcome', 'create_note', { entity: '{{trigger.id}}', entityModel: 'People', subject: 'Pro', text: 'Welcome' })] }],
          otherwise: [action('task', 'Upsell task', 'create_task', { name: 'Upsell {{trigger.name}}', entity: '{{trigger.id}}', entityModel: 'People' })],
        },
      ],
    },
  });
  await page.goto(`/app/${workspaceId}/konnectors/${konnector.id}`);
  await page.getByTestId('builder-canvas').getByRole('button', { name: 'Open Person Created' }).click();
  const p = panel(page, 'Person Created');
  await p.getByRole('button', { name: 'Refresh Fields' }).click();
  await expect(p.getByRole('table', { name: 'Sample fields of Custify' })).toBeVisible({ timeout: 20_000 });
  await p.getByRole('button', { name: 'Continue' }).click();

  await page.getByRole('button', { name: 'Test run' }).click();
  const dialog = page.getByRole('dialog', { name: 'Test run' });
  // The free plan takes "Otherwise": only the task would be written (the lookup only reads).
  const record = dialog.getByLabel('Test with');
  const options = await record.locator('option').allTextContents();
  const pick = (plan: string) => options.find((o) => o.includes(`Tess ${plan} ${stamp}`)) ?? `no ${plan} record in ${options.join(' | ')}`;
  await record.selectOption({ label: pick('free') });
  await expect(dialog.getByTestId('path-preview-path_1')).toContainText('takes the branch “Otherwise”');
  const writes = dialog.getByRole('region', { name: 'Actions that write' });
  await expect(writes).toContainText('Custify: Upsell task');
  await expect(writes).not.toContainText('Pro welcome');
  await expect(writes).not.toContainText('Look the person up');
  await shot(page, info, 'friction-11-free-record');

  // The pro record takes "Pro": its note is what would be written.
  await record.selectOption({ label: pick('pro') });
  await expect(dialog.getByTestId('path-preview-path_1')).toContainText('takes the branch “Pro”');
  await expect(writes).toContainText('Custify: Pro welcome');
  await expect(writes).not.toContainText('Upsell task');
  await shot(page, info, 'friction-11-pro-record');

  await dialog.getByRole('button', { name: 'Run test and write' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Test run passed: every step worked' })).toBeVisible({ timeout: 30_000 });
  // The test ran on the chosen record: the Pro branch's note ran, the task did not.
  await expect(page.getByTestId('builder-canvas').getByTestId('node-pro_note')).toContainText('Passed');
});
