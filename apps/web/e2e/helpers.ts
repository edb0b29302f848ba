/** Shared by the browser specs: screenshots attached to the report, and the simulator's URL. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';

const SHOTS = path.resolve(process.cwd(), 'test-results/screenshots');

/** A full-page PNG under test-results/screenshots, attached to the test report. */
export async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await info.attach(name, { path: file, contentType: 'image/png' });
}

/** The Custify simulator started by playwright.config.ts. */
export function simUrl(info: TestInfo): string {
  const url = info.config.metadata.simUrl;
  if (typeof url !== 'string') throw new Error('playwright.config.ts must set metadata.simUrl');
  return url;
}

/** Signs up a new user (a fresh email) and waits for the konnector library; returns the workspace id. */
export async function signUp(page: Page, name: string, label: string): Promise<string> {
  return signUpAs(page, name, `e2e-${label}-${Date.now()}@example.test`);
}

async function signUpAs(page: Page, name: string, email: string): Promise<string> {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Konnectors', level: 1 })).toBeVisible({ timeout: 20_000 });
  const workspaceId = /\/app\/([^/]+)\//.exec(page.url())?.[1] ?? '';
  expect(workspaceId).not.toBe('');
  return workspaceId;
}

/** signUp, then verify the address from the mail in the dev mailbox (alert mails go to verified addresses only). */
export async function signUpVerified(page: Page, info: TestInfo, name: string, label: string): Promise<string> {
  const email = `e2e-${label}-${Date.now()}@example.test`;
  const workspaceId = await signUpAs(page, name, email);
  await verifyFromMail(page, info, email);
  await page.goto(`/app/${workspaceId}/konnectors`);
  return workspaceId;
}

/** Connections → Add connection → Custify with the simulator's key and URL → Save. */
export async function addCustifyConnection(page: Page, sim: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add connection' }).first().click();
  await page.getByRole('button', { name: /Custify/ }).click();
  await page.getByLabel('API Key').fill('demo-custify-key');
  await page.getByLabel('Base URL').fill(sim);
  await page.getByRole('button', { name: 'Save and test' }).click();
}

/* The development mailbox (its JSON API; the URL is in the config's metadata). */
export function mailboxUrl(info: TestInfo): string {
  const url = info.config.metadata.mailboxUrl;
  if (typeof url !== 'string') throw new Error('playwright.config.ts must set metadata.mailboxUrl');
  return url;
}

/** The newest mail to `to` whose subject matches, waiting for it; returns its text part. */
export async function mailTo(info: TestInfo, to: string, subject: RegExp): Promise<string> {
  const base = mailboxUrl(info);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const list = (await (await fetch(`${base}/api/messages`)).json()) as { messages: { id: string; to: string[]; subject: string }[] };
    const hit = list.messages.find((m) => m.to.some((t) => t.toLowerCase().includes(to.toLowerCase())) && subject.test(m.subject));
    if (hit) return ((await (await fetch(`${base}/api/messages/${hit.id}`)).json()) as { text: string }).text;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} within 30 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function linkIn(text: string, path: string): string {
  const m = new RegExp(`https?://[^\\s\\]]+${path.replace(/\//g, '\\/')}\\?token=[\\w-]+`).exec(text);
  if (!m) throw new Error(`no ${path} link in the mail: ${text.slice(0, 300)}`);
  return m[0];
}

export async function verifyFromMail(page: Page, info: TestInfo, email: string): Promise<void> {
  const link = linkIn(await mailTo(info, email, /^Verify your email address/), '/verify-email');
  await page.goto(link);
  await page.getByRole('button', { name: 'Verify my email' }).click();
  await expect(page.getByRole('status')).toContainText(`${email} is verified`);
}
