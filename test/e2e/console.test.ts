// Proves the console works end to end in a real browser against the synthesized stack: PKCE sign-in, ticket creation stored via the API, validation, phone layout, Chinese, role gating, XSS-safe rendering and a CSP that holds.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page, Response } from 'playwright-core';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { en } from '../../web/src/i18n/en.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let stack: LocalStack;
let browser: Browser;
const openContexts: BrowserContext[] = [];
/** Every console message and uncaught page error of every page in this file (checked by the CSP test). */
const consoleMessages: { type: string; text: string; url: string }[] = [];
const pageErrors: string[] = [];

const isCspViolation = (text: string) => /Content Security Policy/i.test(text);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack('e2e-console'), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

afterEach(async () => {
  for (const context of openContexts.splice(0)) await context.close();
});

/** A fresh browser profile (empty sessionStorage/localStorage), English and UTC for stable output. */
async function openPage(device: BrowserContextOptions = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ ...device, locale: 'en-US', timezoneId: 'UTC' });
  openContexts.push(context);
  context.on('console', (m) => consoleMessages.push({ type: m.type(), text: m.text(), url: m.page()?.url() ?? '' }));
  context.on('weberror', (e) => pageErrors.push(String(e.error())));
  return context.newPage();
}

/** Waits for the element, then returns its visible text. */
async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.innerText()).trim();
}

function isTicketPost(apiUrl: string) {
  return (r: Response) => r.url() === `${apiUrl}/v1/tickets` && r.request().method() === 'POST';
}

/**
 * The real login: console sign-in page → dev identity provider → back with a code → PKCE exchange.
 * `hash` is the deep link the user opened first; `shots` names screenshots of the two login pages.
 */
async function signIn(page: Page, role: string, options: { hash?: string; shots?: { signIn: string; idp: string } } = {}): Promise<void> {
  await page.goto(`${stack.consoleUrl}/${options.hash ?? ''}`);
  const login = page.getByTestId('login-button');
  await login.waitFor();
  if (options.shots) await screenshot(page, options.shots.signIn);
  await login.click();
  const pick = page.getByTestId(`dev-login-${role}`);
  await pick.waitFor();
  expect(new URL(page.url()).pathname).toBe('/auth/oauth2/authorize');
  if (options.shots) await screenshot(page, options.shots.idp);
  await pick.click();
  // On phones the account block is collapsed behind the menu, so wait for presence, not visibility.
  const email = page.getByTestId('user-email');
  await email.waitFor({ state: 'attached' });
  expect(await email.textContent()).toBe(`${role}@loopdesk.local`);
  expect(new URL(page.url()).search).toBe(''); // the one-time code is gone from the address bar
}

interface TicketInput {
  subject: string;
  description: string;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  customerEmail?: string;
  customerName?: string;
}

/** A customer given by email is entered as a new customer (name + email), as an agent would for a first-time caller. */
async function fillNewTicket(page: Page, input: TicketInput): Promise<void> {
  await page.getByTestId('new-ticket-form').waitFor();
  await page.getByTestId('new-ticket-subject').fill(input.subject);
  await page.getByTestId('new-ticket-description').fill(input.description);
  if (input.priority) await page.getByTestId('new-ticket-priority').selectOption(input.priority);
  if (input.customerEmail) {
    if ((await page.getByTestId('new-customer').count()) === 0) await page.getByTestId('new-ticket-new-customer').click();
    await page.getByTestId('new-ticket-customer-name').fill(input.customerName ?? input.customerEmail.split('@')[0]!);
    await page.getByTestId('new-ticket-customer-email').fill(input.customerEmail);
  }
}

/** Submits the form and returns the ticket the API created, once its page is on screen. */
async function submitNewTicket(page: Page, how: 'click' | 'tap' = 'click'): Promise<{ id: string; number: number }> {
  const submit = page.getByTestId('new-ticket-submit');
  const [response] = await Promise.all([page.waitForResponse(isTicketPost(stack.apiUrl)), how === 'tap' ? submit.tap() : submit.click()]);
  expect(response.status()).toBe(201);
  const created = (await response.json()) as { id: string; number: number };
  await page.getByTestId('ticket-number').waitFor();
  expect(new URL(page.url()).hash).toBe(`#/tickets/${created.id}`);
  return created;
}

/** The ticket queue (the agents' home page) has its rows or its empty state on screen. */
async function queueLoaded(page: Page): Promise<void> {
  await page.locator('[data-testid="queue"][data-state="ready"]').waitFor();
}

async function assertNoHorizontalScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const el = document.scrollingElement!;
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });
  expect(scrollWidth, `horizontal overflow on ${where}`).toBeLessThanOrEqual(clientWidth);
}

/** English catalog strings (long enough to be unambiguous) that are visible on a page meant to be Chinese. */
async function untranslatedStrings(page: Page): Promise<string[]> {
  // People's names are marked translate="no" (they are not English text), so they are left out.
  const text = await page.evaluate(() => {
    let visible = document.body.innerText;
    for (const el of document.querySelectorAll('[translate="no"]')) {
      const name = (el.textContent ?? '').trim();
      if (name) visible = visible.split(name).join(' ');
    }
    return visible;
  });
  return Object.entries(en)
    .filter(([key, value]) => value !== zhCN[key as keyof typeof en] && !value.includes('{') && value.length >= 4)
    .map(([, value]) => value)
    .filter((value) => text.includes(value));
}

describe('console (browser)', () => {
  it('an agent signs in with PKCE, creates a ticket and sees it again after a reload (read back from the API)', async () => {
    const page = await openPage();
    await signIn(page, 'agent', { shots: { signIn: 'desktop-01-signin', idp: 'desktop-02-dev-idp' } });

    await page.getByTestId('new-ticket-button').waitFor();
    await queueLoaded(page);
    expect(await page.getByTestId('nav-tickets').getAttribute('aria-current')).toBe('page');
    expect(await textOf(page.getByTestId('user-roles'))).toBe('Agent');
    await screenshot(page, 'desktop-03-tickets');

    await page.getByTestId('new-ticket-button').click();
    const input = {
      subject: 'Printer on floor 3 drops off the network every morning',
      description: 'Caller: Jane Doe, ext. 4411.\nThe HP LaserJet loses its IP lease around 09:00; power cycling fixes it until the next day.',
      priority: 'high' as const,
      customerEmail: 'Jane.Doe@Example.com',
    };
    await fillNewTicket(page, input);
    expect(await textOf(page.locator('#new-ticket-subject-hint'))).toBe(`${input.subject.length} / 200`);
    await screenshot(page, 'desktop-04-new-ticket');
    const created = await submitNewTicket(page);
    expect(created.number).toBeGreaterThanOrEqual(1001);

    const assertTicketShown = async () => {
      const number = await textOf(page.getByTestId('ticket-number'));
      expect(number).toMatch(/^#\d{4,}$/);
      expect(number).toBe(`#${created.number}`);
      expect(await textOf(page.getByTestId('ticket-subject'))).toBe(input.subject);
      expect(await textOf(page.getByTestId('ticket-status'))).toBe('New');
      expect(await page.getByTestId('ticket-status').getAttribute('data-status')).toBe('new');
      expect(await textOf(page.getByTestId('ticket-priority'))).toBe('High');
      expect(await textOf(page.getByTestId('ticket-channel'))).toBe('Phone');
      // The API normalises the address; seeing the lower-case form shows this is the stored record.
      expect(await textOf(page.getByTestId('ticket-customer-email'))).toBe('jane.doe@example.com');
      expect(await page.getByTestId('ticket-description').textContent()).toBe(input.description);
      expect(await page.locator('[data-testid="ticket-created"] time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    };
    await assertTicketShown();
    await screenshot(page, 'desktop-05-ticket');

    // A reload throws away all in-memory state; the page must fetch the ticket from the API again.
    const [reloaded] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${stack.apiUrl}/v1/tickets/${created.id}` && r.request().method() === 'GET'),
      page.reload(),
    ]);
    expect(reloaded.status()).toBe(200);
    await assertTicketShown();
  });

  it('validates the new-ticket form in the browser first, then shows what the API refuses', async () => {
    const page = await openPage();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().startsWith(stack.apiUrl)) posts.push(r.url());
    });
    // Deep link before sign-in: the console must bring the user back to the form afterwards.
    await signIn(page, 'agent', { hash: '#/tickets/new' });
    await page.getByTestId('new-ticket-form').waitFor();

    // 1. Empty form: both required fields complain, focus goes to the first one, nothing is sent.
    await page.getByTestId('new-ticket-submit').click();
    expect(await textOf(page.getByTestId('new-ticket-subject-error'))).toBe('This field is required.');
    expect(await textOf(page.getByTestId('new-ticket-description-error'))).toBe('This field is required.');
    expect(await page.getByTestId('new-ticket-customer-email-error').count()).toBe(0);
    expect(await textOf(page.locator('.form-summary'))).toBe('Please correct the highlighted fields.');
    expect(await page.getByTestId('new-ticket-subject').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('new-ticket-subject').getAttribute('aria-describedby')).toContain('new-ticket-subject-error');
    expect(await page.getByTestId('new-ticket-description').getAttribute('aria-describedby')).toBe('new-ticket-description-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-ticket-subject');
    await screenshot(page, 'desktop-06-new-ticket-required');

    // 2. An address that is obviously wrong is caught by the browser too.
    await fillNewTicket(page, { subject: 'Invoice copy needed', description: 'Customer asks for a copy of INV-2211.', customerEmail: 'not-an-email' });
    await page.getByTestId('new-ticket-submit').click();
    expect(await textOf(page.getByTestId('new-ticket-customer-email-error'))).toMatch(/^Enter a valid email address/);
    expect(await page.getByTestId('new-ticket-subject-error').count()).toBe(0);
    expect(posts).toEqual([]);

    // 3. An address the browser's loose check accepts but the API's stricter one refuses: the API's
    //    own message comes back and is shown next to the field it names (by design not in the banner,
    //    which is kept for problems that belong to no input).
    await page.getByTestId('new-ticket-customer-email').fill('jane..doe@example.com');
    const [refused] = await Promise.all([page.waitForResponse(isTicketPost(stack.apiUrl)), page.getByTestId('new-ticket-submit').click()]);
    expect(refused.status()).toBe(400);
    const refusal = (await refused.json()) as { error: { code: string; fields: { path: string; message: string }[] } };
    expect(refusal.error.code).toBe('VALIDATION_FAILED');
    expect(refusal.error.fields).toEqual([{ path: 'customerEmail', message: 'Customer email is not a valid address' }]);
    expect(await textOf(page.getByTestId('new-ticket-customer-email-error'))).toBe('Customer email is not a valid address');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-ticket-customer-email');
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    expect(new URL(page.url()).hash).toBe('#/tickets/new');
    expect(await page.getByTestId('new-ticket-submit').isEnabled()).toBe(true);
    await screenshot(page, 'desktop-07-new-ticket-api-refused');

    // 4. The banner: no validation failure reaches it from this form (see above), so it is shown with a
    //    real network failure (browser offline, API not mocked); the form recovers once back online.
    await page.getByTestId('new-ticket-customer-email').fill('jane.doe@example.com');
    await page.context().setOffline(true);
    await page.getByTestId('new-ticket-submit').click();
    const banner = page.getByTestId('error-banner');
    expect(await textOf(banner)).toContain('The server could not be reached.');
    expect(await page.getByTestId('new-ticket-submit').isEnabled()).toBe(true);
    await screenshot(page, 'desktop-08-new-ticket-banner');
    await page.context().setOffline(false);
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await banner.waitFor({ state: 'detached' });
    const created = await submitNewTicket(page);
    expect(await textOf(page.getByTestId('ticket-subject'))).toBe('Invoice copy needed');
    expect(created.number).toBeGreaterThanOrEqual(1001);
  });

  it('works on a phone: collapsed menu, no sideways scrolling, a ticket can be created', async () => {
    const page = await openPage(PHONE);
    await page.goto(stack.consoleUrl);
    await page.getByTestId('login-button').waitFor();
    await assertNoHorizontalScroll(page, 'sign-in page');
    await screenshot(page, 'phone-01-signin');
    await signIn(page, 'agent');

    const menu = page.getByTestId('menu-button');
    await menu.waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('#app-menu').isVisible()).toBe(false);
    expect(await page.getByTestId('user-email').isVisible()).toBe(false);
    await page.getByTestId('new-ticket-button').waitFor();
    await queueLoaded(page);
    await assertNoHorizontalScroll(page, 'tickets page');

    await menu.tap();
    await page.getByTestId('nav-tickets').waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await textOf(menu)).toBe('Close menu');
    expect(await page.getByTestId('user-email').isVisible()).toBe(true);
    expect(await page.getByTestId('logout-button').isVisible()).toBe(true);
    await assertNoHorizontalScroll(page, 'open menu');
    await screenshot(page, 'phone-02-menu-open');

    // Following a menu link closes the menu again.
    await page.getByTestId('nav-tickets').tap();
    await page.getByTestId('nav-tickets').waitFor({ state: 'hidden' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(new URL(page.url()).hash).toBe('#/tickets');

    await page.getByTestId('new-ticket-button').tap();
    await fillNewTicket(page, {
      subject: 'Site visit: boiler pressure warning at the Riverside office',
      description: 'Caretaker reports the pressure gauge at 0.4 bar and an E119 code on the display.',
      priority: 'urgent',
      customerEmail: 'facilities.management.riverside@northwind-properties.example.com',
    });
    await assertNoHorizontalScroll(page, 'new-ticket form');
    await screenshot(page, 'phone-03-new-ticket');
    await submitNewTicket(page, 'tap');
    expect(await textOf(page.getByTestId('ticket-status'))).toBe('New');
    expect(await textOf(page.getByTestId('ticket-priority'))).toBe('Urgent');
    expect(await textOf(page.getByTestId('ticket-customer-email'))).toBe('facilities.management.riverside@northwind-properties.example.com');
    await assertNoHorizontalScroll(page, 'ticket page');
    await screenshot(page, 'phone-04-ticket');
  });

  it('switches to Simplified Chinese everywhere, including <html lang>', async () => {
    const page = await openPage();
    await page.goto(stack.consoleUrl);
    await page.getByTestId('login-button').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await page.getByTestId('language-switch').selectOption('zh-CN');
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    expect(await textOf(page.getByTestId('login-button'))).toBe(zhCN['auth.signIn']);
    expect(await textOf(page.locator('h1'))).toBe(zhCN['auth.welcome']);
    expect(await untranslatedStrings(page)).toEqual([]);
    await screenshot(page, 'zh-01-signin');

    // The choice survives the round trip to the identity provider (it is remembered locally).
    await signIn(page, 'agent');
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    await queueLoaded(page);
    expect(await textOf(page.getByTestId('nav-tickets'))).toBe(zhCN['nav.tickets']);
    expect(await textOf(page.getByTestId('new-ticket-button'))).toBe(zhCN['tickets.new']);
    expect(await textOf(page.getByTestId('user-roles'))).toBe(zhCN['role.agent']);
    expect(await page.title()).toBe(zhCN['app.name']);
    expect(await untranslatedStrings(page)).toEqual([]);
    await screenshot(page, 'zh-02-tickets');

    await page.getByTestId('new-ticket-button').click();
    await page.getByTestId('new-ticket-form').waitFor();
    await page.getByTestId('new-ticket-submit').click();
    expect(await textOf(page.getByTestId('new-ticket-subject-error'))).toBe(zhCN['validation.required']);
    expect(await untranslatedStrings(page)).toEqual([]);
    await screenshot(page, 'zh-03-new-ticket-errors');

    await fillNewTicket(page, {
      subject: '三楼打印机每天早上断网',
      description: '来电人：王女士，分机 4411。\n打印机每天上午九点左右丢失 IP 地址，重启后恢复。',
      customerEmail: 'wang.li@example.cn',
    });
    await submitNewTicket(page);
    expect(await textOf(page.getByTestId('ticket-status'))).toBe(zhCN['status.new']);
    expect(await textOf(page.getByTestId('ticket-priority'))).toBe(zhCN['priority.normal']);
    expect(await textOf(page.getByTestId('ticket-channel'))).toBe(zhCN['channel.phone']);
    expect(await untranslatedStrings(page)).toEqual([]);
    await screenshot(page, 'zh-04-ticket');

    // And back: switching again re-renders in English without a reload.
    await page.getByTestId('language-switch').selectOption('en');
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    expect(await textOf(page.getByTestId('ticket-status'))).toBe('New');
  });

  it('keeps tickets away from roles that may not use them (finance, technician)', async () => {
    const created = await callApi(stack, 'POST', '/v1/tickets', {
      role: 'agent',
      body: { subject: 'Refund question', description: 'Customer was charged twice for the March visit.' },
    });
    expect(created.status).toBe(201);
    const ticketHash = `#/tickets/${created.body.id}`;

    for (const role of ['finance', 'technician'] as const) {
      const page = await openPage();
      // Straight to a real ticket's URL: after sign-in the console lands there and refuses.
      await signIn(page, role, { hash: ticketHash });
      await page.getByTestId('no-access').waitFor();
      expect(new URL(page.url()).hash).toBe(ticketHash);
      expect(await page.getByTestId('ticket-subject').count()).toBe(0);
      expect(await page.getByText('Refund question').count()).toBe(0);
      expect(await page.getByTestId('nav-tickets').count()).toBe(0);
      expect(await page.getByTestId(role === 'finance' ? 'nav-reports' : 'nav-dispatch').isVisible()).toBe(true);
      await screenshot(page, `roles-${role}-ticket-no-access`);

      for (const hash of ['#/tickets', '#/tickets/new']) {
        await page.goto(`${stack.consoleUrl}/${hash}`);
        await page.getByTestId('no-access').waitFor();
        expect(await page.getByTestId('new-ticket-form').count()).toBe(0);
      }

      // Home is the welcome page (a technician's: their jobs), not the ticket queue.
      await page.getByTestId('brand').click();
      await page.getByTestId('no-access').waitFor({ state: 'detached' });
      if (role === 'technician') await page.getByTestId('jobs-title').waitFor();
      expect(await textOf(page.locator('h1.page-title'))).toBe(role === 'technician' ? 'My jobs' : 'Welcome');
      expect(await page.getByTestId('new-ticket-button').count()).toBe(0);
      await screenshot(page, `roles-${role}-home`);

      // The API agrees; the console is not the only guard.
      expect((await callApi(stack, 'GET', `/v1/tickets/${created.body.id}`, { role })).status).toBe(403);
      expect((await callApi(stack, 'POST', '/v1/tickets', { role, body: { subject: 's', description: 'd' } })).status).toBe(403);
    }
  });

  it('renders hostile ticket text as text, never as markup', async () => {
    const page = await openPage();
    await signIn(page, 'agent', { hash: '#/tickets/new' });
    const subject = '<img src=x onerror="window.__xss=1">';
    const description = '<script>window.__xss=2</script>';
    await fillNewTicket(page, { subject, description });
    const created = await submitNewTicket(page);

    const assertInert = async () => {
      expect(await textOf(page.getByTestId('ticket-subject'))).toBe(subject);
      expect(await textOf(page.getByTestId('ticket-description'))).toBe(description);
      expect(await page.getByTestId('ticket-subject').isVisible()).toBe(true);
      expect(await page.locator('main img, main script').count()).toBe(0);
      expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    };
    await assertInert();
    await screenshot(page, 'xss-ticket');

    await Promise.all([
      page.waitForResponse((r) => r.url() === `${stack.apiUrl}/v1/tickets/${created.id}` && r.status() === 200),
      page.reload(),
    ]);
    await assertInert();
  });

  // Runs last: it also checks the console messages gathered by every test above.
  it('serves the console with a strict CSP, and no page broke it', async () => {
    const plain = await fetch(`${stack.consoleUrl}/`);
    const csp = plain.headers.get('content-security-policy') ?? '';
    const html = await plain.text();
    const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1]?.trim();
    expect(scriptSrc).toBe("'self'");
    expect(csp).toMatch(/(?:^|;)\s*style-src 'self'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(stack.apiUrl); // connect-src points at the local API
    expect(plain.headers.get('x-frame-options')).toBe('DENY');
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    // Nothing inline that the policy would have to allow.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);

    const page = await openPage();
    const first = await page.goto(stack.consoleUrl);
    expect(first?.headers()['content-security-policy']).toBe(csp);
    await signIn(page, 'agent', { hash: '#/tickets/new' });
    await page.getByTestId('new-ticket-form').waitFor();

    const violations = consoleMessages.filter((m) => isCspViolation(m.text));
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);

    // Control: the policy is enforced here, and a violation would have been caught by the listener.
    const [blocked] = await Promise.all([
      page.waitForEvent('console', (m) => isCspViolation(m.text())),
      page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inline = 1';
        document.head.append(s);
      }),
    ]);
    expect(blocked.text()).toContain('script-src');
    expect(await page.evaluate(() => (window as { __inline?: unknown }).__inline)).toBeUndefined();
  });
});
