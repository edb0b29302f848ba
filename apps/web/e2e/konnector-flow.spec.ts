/**
 * The whole path a newcomer takes: sign up, connect Custify (the simulator) and test the
 * connection, create a konnector from the "Person Created" template, turn it on, create a person
 * in Custify, and watch the run arrive in the event log with its steps.
 *
 * Polling: the template's trigger is set to poll every 10 s (the minimum) through the API before
 * activation; the platform has no "poll now" endpoint, so the run shows up within ~10 s.
 */
import { expect, test } from '@playwright/test';
import { addCustifyConnection, shot, signUp, simUrl } from './helpers';

const TEMPLATE = 'Attach new people to their company';

test('sign up, connect Custify, activate a template and see its run in the event log', async ({ page }, info) => {
  const sim = simUrl(info);
  const workspaceId = await test.step('sign up', () => signUp(page, 'Erin Example', 'flow'));

  await test.step('add a Custify connection against the simulator and test it', async () => {
    await addCustifyConnection(page, sim);
    await page.getByRole('button', { name: /^Test connection/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
    await expect(page.getByTestId('connection-status')).toHaveText('Working');
  });

  await test.step('create a konnector from the Person Created template', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Konnectors' }).click();
    await page.getByRole('button', { name: `Use template ${TEMPLATE}` }).click();
    await expect(page.getByRole('row', { name: new RegExp(TEMPLATE) })).toBeVisible();
  });

  await test.step('poll every 10 s, then turn it on', async () => {
    const list = await page.request.get(`/api/v1/workspaces/${workspaceId}/konnectors`);
    const konnector = ((await list.json()) as { id: string; name: string }[]).find((k) => k.name === TEMPLATE);
    expect(konnector).toBeTruthy();
    const detail = (await (await page.request.get(`/api/v1/workspaces/${workspaceId}/konnectors/${konnector?.id}`)).json()) as { draft: { trigger: object } };
    // Outside the page, so say where it comes from as the browser would (writes need the app's Origin).
    const patched = await page.request.patch(`/api/v1/workspaces/${workspaceId}/konnectors/${konnector?.id}`, {
      data: { draft: { ...detail.draft, trigger: { ...detail.draft.trigger, pollSeconds: 10 } } },
      headers: { origin: new URL(page.url()).origin },
    });
    expect(patched.ok()).toBe(true);

    const toggle = page.getByRole('switch', { name: `${TEMPLATE}: inactive` });
    await toggle.click();
    await expect(page.getByRole('status').filter({ hasText: 'Konnector activated!' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('switch', { name: `${TEMPLATE}: active` })).toBeEnabled();
    await shot(page, info, '1-konnector-library');
  });

  await test.step('a person created in Custify becomes a run in the event log', async () => {
    const created = await page.request.post(`${sim}/__control/records/people`, { data: { email: `new-person-${Date.now()}@acme.test`, name: 'Nora New' } });
    expect(created.status()).toBe(201);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Event log' }).click();
    await expect(page.getByRole('heading', { name: 'Event log', level: 1 })).toBeVisible();
    // The worker polls every 10 s; the list refreshes itself every 5 s.
    const row = page.getByRole('table', { name: 'Runs, newest first' }).getByRole('row', { name: new RegExp(TEMPLATE) }).first();
    await expect(row).toBeVisible({ timeout: 45_000 });
    await shot(page, info, '2-event-log');
    await row.getByRole('link').first().click();
  });

  await test.step('the run shows its trigger data and its steps', async () => {
    await expect(page.getByRole('heading', { name: 'Trigger data' })).toBeVisible();
    await expect(page.getByText('Nora').first()).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 }).getByText('Succeeded')).toBeVisible({ timeout: 20_000 });
    const steps = page.getByRole('region', { name: 'Steps' });
    await expect(steps.getByText('Custify: Upsert Company').first()).toBeVisible();
    await expect(steps.getByText('Custify: Upsert Person').first()).toBeVisible();
    await steps.getByText('Custify: Upsert Company').first().click();
    await expect(steps.getByRole('heading', { name: 'Input (after mapping)' }).first()).toBeVisible();
    await shot(page, info, '3-run-detail');
  });

  await test.step('the konnector opens in the builder with its steps, versions and runs', async () => {
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: TEMPLATE }).click();
    await expect(page.getByRole('heading', { name: TEMPLATE, level: 1 })).toBeVisible();
    await expect(page.getByTestId('node-trigger')).toBeVisible();
    await expect(page.getByRole('button', { name: 'No problems' })).toBeVisible();
    await page.getByRole('button', { name: 'Versions' }).click();
    await expect(page.getByRole('region', { name: 'Versions' }).getByText('Version 1')).toBeVisible();
    await page.getByRole('button', { name: 'Close versions' }).click();
    await page.getByRole('button', { name: 'Runs' }).click();
    await expect(page.getByRole('region', { name: 'Runs' }).getByRole('table')).toBeVisible();
    await shot(page, info, '4-konnector-builder');
    await page.getByRole('button', { name: 'Close runs' }).click();
  });

  await test.step('a new, blank konnector is saved from the builder but cannot be turned on: its problems are listed', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Konnectors' }).click();
    await page.getByRole('link', { name: 'New konnector' }).click();
    await expect(page.getByRole('heading', { name: 'New konnector', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: /^\d+ problems?/ })).toBeVisible();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const save = page.getByRole('dialog', { name: 'Save konnector' });
    await save.getByLabel('Konnector Name').fill('Untitled konnector');
    await save.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { name: 'Untitled konnector', level: 1 })).toBeVisible();
    await expect(page).toHaveURL(/\/konnectors\/(?!new$)[^/]+$/);
    await page.getByRole('switch', { name: 'Untitled konnector: inactive' }).click();
    const dialog = page.getByRole('dialog', { name: /can't be turned on yet/ });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('listitem').first()).toContainText('Trigger');
    await shot(page, info, '5-activation-refused');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByRole('switch', { name: 'Untitled konnector: inactive' })).toBeVisible();
  });
});
