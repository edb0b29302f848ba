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
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(`e2e-${label}-${Date.now()}@example.test`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Konnectors', level: 1 })).toBeVisible({ timeout: 20_000 });
  const workspaceId = /\/app\/([^/]+)\//.exec(page.url())?.[1] ?? '';
  expect(workspaceId).not.toBe('');
  return workspaceId;
}

/** Connections → Add connection → Custify with the simulator's key and URL → Save. */
export async function addCustifyConnection(page: Page, sim: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add connection' }).first().click();
  await page.getByRole('button', { name: /Custify/ }).click();
  await page.getByLabel('API Key').fill('demo-custify-key');
  await page.getByLabel('Base URL').fill(sim);
  await page.getByRole('button', { name: 'Save connection' }).click();
}
