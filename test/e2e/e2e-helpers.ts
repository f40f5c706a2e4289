import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { en } from '../../web/src/i18n/en.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { callApi } from '../support/local-stack.ts';

/** Shared by the browser tests of the console's newer pages (one stack and browser per file). */

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export interface Session {
  stack: LocalStack;
  browser: Browser;
  contexts: BrowserContext[];
  pageErrors: string[];
}

/** A fresh browser profile per call: empty storage, UTC, the given locale. */
export async function openPage(s: Session, device: BrowserContextOptions = DESKTOP, locale = 'en-US'): Promise<Page> {
  const context = await s.browser.newContext({ ...device, locale, timezoneId: 'UTC' });
  s.contexts.push(context);
  context.on('weberror', (e) => s.pageErrors.push(String(e.error())));
  return context.newPage();
}

export async function closeContexts(s: Session): Promise<void> {
  for (const context of s.contexts.splice(0)) await context.close();
}

/** The real PKCE login through the dev identity provider, landing on `hash`. */
export async function signIn(s: Session, page: Page, hash = '', role = 'agent'): Promise<void> {
  await page.goto(`${s.stack.consoleUrl}/${hash}`);
  await page.getByTestId('login-button').click();
  await page.getByTestId(`dev-login-${role}`).click();
  await page.getByTestId('user-email').waitFor({ state: 'attached' });
}

/** Signed in and the availability announced (the header toggle has settled). */
export async function signedInReady(page: Page): Promise<void> {
  await page.locator('[data-testid="availability-toggle"][data-state="idle"]').waitFor({ state: 'attached' });
}

export async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.innerText()).trim();
}

export async function assertNoHorizontalScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    clientWidth: document.scrollingElement!.clientWidth,
  }));
  expect(scrollWidth, `horizontal overflow on ${where}`).toBeLessThanOrEqual(clientWidth);
}

/**
 * English catalog strings visible on a page meant to be Chinese (names, marked translate="no",
 * excepted). Pages with a catalog of their own pass it too, as [English, Chinese] pairs.
 */
export async function untranslatedStrings(page: Page, catalogs: [Record<string, string>, Record<string, string>][] = [[en, zhCN]]): Promise<string[]> {
  const text = await page.evaluate(() => {
    let visible = document.body.innerText;
    for (const el of document.querySelectorAll('[translate="no"]')) {
      const name = (el.textContent ?? '').trim();
      if (name) visible = visible.split(name).join(' ');
    }
    return visible;
  });
  return catalogs.flatMap(([english, chinese]) =>
    Object.entries(english)
      .filter(([key, value]) => value !== chinese[key] && !value.includes('{') && value.trim().length >= 4)
      .map(([, value]) => value)
      .filter((value) => text.includes(value)),
  );
}

/** Replaces a directory collection on whatever version is current, as an administrator elsewhere would. */
export async function putDirectory(stack: LocalStack, kind: string, items: unknown[]): Promise<any> {
  const current = await callApi(stack, 'GET', `/v1/directory/${kind}`, { role: 'admin' });
  const res = await callApi(stack, 'PUT', `/v1/directory/${kind}`, { role: 'admin', body: { items }, headers: { 'if-match': `"${current.body.version}"` } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export function userId(stack: LocalStack, role: string): string {
  return stack.users.find((u) => u.groups.includes(role))!.sub;
}

/** expect.poll with room for a cold function start on a busy machine (the default gives up after 1 s). */
export function poll<T>(fn: () => T | Promise<T>) {
  return expect.poll(fn, { timeout: 15_000, interval: 50 });
}
