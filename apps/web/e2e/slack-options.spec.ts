/**
 * Dynamic options in the builder: a Slack "Send Message to Channel" step's Channel field is a
 * dropdown filled from the workspace's Slack (the simulator) through the selected connection; the
 * person picks "#cs" and the step stores the channel's id.
 */
import { expect, test, type Page } from '@playwright/test';
import { shot, signUp } from './helpers';

const NAME = 'Tell #cs about new hooks';

function slackSimUrl(info: { config: { metadata: Record<string, unknown> } }): string {
  const url = info.config.metadata.slackSimUrl;
  if (typeof url !== 'string') throw new Error('playwright.config.ts must set metadata.slackSimUrl');
  return url;
}

async function api<T>(page: Page, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const origin = new URL(page.url()).origin;
  const res = method === 'GET' ? await page.request.get(path) : await page.request.post(path, { data: data ?? {}, headers: { origin } });
  expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

test('a Slack channel is chosen from a dropdown the app fills', async ({ page }, info) => {
  test.setTimeout(120_000);
  const workspaceId = await signUp(page, 'Sam Slack', 'slack');
  const base = `/api/v1/workspaces/${workspaceId}`;
  const connection = await api<{ id: string }>(page, 'POST', `${base}/connections`, {
    connectorKey: 'slack',
    name: 'Slack (simulator)',
    fields: { token: 'xoxb-konnect-demo-token', baseUrl: `${slackSimUrl(info)}/api` },
  });
  const created = await api<{ id: string }>(page, 'POST', `${base}/konnectors`, {
    name: NAME,
    definition: {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [{ id: 'post', type: 'action', name: 'Post to Slack', connector: 'slack', action: 'send_channel_message', connectionId: connection.id, input: { text: 'New hook: {{trigger.subject}}' } }],
    },
  });

  await page.goto(`/app/${workspaceId}/konnectors/${created.id}`);
  await page.getByRole('button', { name: 'Open Post to Slack' }).click();
  const panel = page.getByRole('complementary', { name: 'Post to Slack settings' });
  const mapping = panel.getByRole('tab', { name: 'Field Mapping' });
  if ((await mapping.getAttribute('aria-selected')) !== 'true') await mapping.click();

  const channel = panel.getByRole('combobox', { name: /^Channel/ });
  await channel.click();
  const choices = panel.getByRole('listbox', { name: /Channel choices/ });
  await expect(choices.getByRole('option', { name: /#cs\b/ })).toBeVisible({ timeout: 20_000 });
  await expect(choices.getByRole('option', { name: /#general\b/ })).toBeVisible();
  await shot(page, info, 'slack-options-1-open');
  await choices.getByRole('option', { name: /#cs\b/ }).click();
  await expect(channel).toHaveValue(/#cs/);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Unsaved changes')).toBeHidden({ timeout: 20_000 });

  await expect(async () => {
    const detail = await api<{ draft: { steps: { id: string; input: Record<string, unknown> }[] } }>(page, 'GET', `${base}/konnectors/${created.id}`);
    expect(detail.draft.steps.find((s) => s.id === 'post')?.input.channel).toBe('C0CS000001');
  }).toPass({ timeout: 20_000 });
  await shot(page, info, 'slack-options-2-chosen');
});
