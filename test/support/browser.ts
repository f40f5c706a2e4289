import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testOutput } from './paths.ts';

/** Debian's Chromium, driven by playwright-core (no bundled browser download). */
export const CHROMIUM_PATH = process.env.LOOPDESK_CHROMIUM ?? '/usr/bin/chromium';

export const screenshotDir = path.join(testOutput, 'screenshots');

/** Headless Chromium with everything that would phone home or flake in CI switched off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Writes test-output/screenshots/<name>.png (full page, animations and caret frozen) and returns the path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true, animations: 'disabled', caret: 'hide' });
  return file;
}
