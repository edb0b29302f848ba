/** Shared by the browser specs: screenshots attached to the report, and the simulator's URL. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';

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
