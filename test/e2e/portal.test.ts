// Proves the customer pages in a real browser with no sign-in: the web form (checked, honeypot hidden from people, ticket number and private link to keep), the private status page (conversation without internal notes, replies, a follow-up for a closed request), an invalid link, too many requests, English/简体中文, on a phone; and that none of it loads the staff console or sends a token.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request, Response } from 'playwright-core';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';
import type { Session } from './e2e-helpers.ts';
import { DESKTOP, PHONE, assertNoHorizontalScroll, closeContexts, openPage, textOf, untranslatedStrings, poll } from './e2e-helpers.ts';

const s: Session = { stack: undefined!, browser: undefined!, contexts: [], pageErrors: [] };
const RUN = Date.now().toString(36);

beforeAll(async () => {
  [s.stack, s.browser] = await Promise.all([startTestStack('e2e-portal'), launchBrowser()]);
});

afterAll(async () => {
  await s.browser?.close();
  await s.stack?.stop();
});

afterEach(async () => {
  await closeContexts(s);
  expect(s.pageErrors.splice(0)).toEqual([]);
});

/** Everything the page asked for and got, to prove what it did not do. */
function record(page: Page): { requests: Request[]; scripts: Response[] } {
  const out = { requests: [] as Request[], scripts: [] as Response[] };
  page.on('request', (r) => out.requests.push(r));
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') out.scripts.push(r);
  });
  return out;
}

async function submitViaApi(email: string, subject: string): Promise<{ number: number; token: string; ticketId: string }> {
  const res = await callApi(s.stack, 'POST', '/public/requests', { body: { name: 'Priya Shah', email, subject, description: `About ${subject}` } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...res.body, ticketId: res.body.token.split('.')[0] };
}

async function staffChange(ticketId: string, body: Record<string, unknown>): Promise<void> {
  const current = await callApi(s.stack, 'GET', `/v1/tickets/${ticketId}`, { role: 'agent' });
  const res = await callApi(s.stack, 'PATCH', `/v1/tickets/${ticketId}`, { role: 'agent', body, headers: { 'if-match': current.headers.get('etag')! } });
  expect(res.status).toBe(200);
}

async function fillRequest(page: Page, input: { name: string; email: string; subject: string; description: string }): Promise<void> {
  await page.getByTestId('request-name').fill(input.name);
  await page.getByTestId('request-email').fill(input.email);
  await page.getByTestId('request-subject').fill(input.subject);
  await page.getByTestId('request-description').fill(input.description);
}

const messages = (page: Page) => page.getByTestId('message');

describe('customer web form (browser)', () => {
  it('offers the admin’s categories as topics and files the request under the chosen one', async () => {
    const current = await callApi(s.stack, 'GET', '/v1/directory/categories', { role: 'admin' });
    const saved = await callApi(s.stack, 'PUT', '/v1/directory/categories', {
      role: 'admin',
      body: { items: [{ id: 'heating', name: { en: 'Heating', 'zh-CN': '供暖' } }] },
      headers: { 'if-match': `"${current.body.version}"` },
    });
    expect(saved.status).toBe(200);
    const page = await openPage(s);
    await page.goto(`${s.stack.consoleUrl}/#/request`);
    await page.getByTestId('request-category').selectOption('heating');
    await fillRequest(page, { name: 'Tom Lee', email: `topic-${RUN}@example.com`, subject: 'Radiator cold', description: 'Upstairs radiator stays cold' });
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/public/requests')), page.getByTestId('request-submit').click()]);
    const receipt = await response.json();
    const ticket = await callApi(s.stack, 'GET', `/v1/tickets/${receipt.token.split('.')[0]}`, { role: 'agent' });
    expect(ticket.body.ticket.categoryId).toBe('heating');
  });

  it('opens without sign-in and never loads the staff console, its login or a token', async () => {
    const page = await openPage(s);
    const seen = record(page);
    await page.goto(`${s.stack.consoleUrl}/#/request`);
    await page.getByTestId('request-form').waitFor();
    expect(await textOf(page.getByTestId('request-title'))).toBe('How can we help?');
    expect(await page.getByTestId('login-button').count()).toBe(0);
    expect(await page.getByTestId('user-email').count()).toBe(0);
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    expect(seen.requests.filter((r) => new URL(r.url()).pathname.startsWith('/auth/'))).toEqual([]);
    // The staff console's sign-in code (it builds /oauth2/authorize links) is not among the scripts loaded.
    expect(seen.scripts.length).toBeGreaterThan(0);
    for (const script of seen.scripts) expect(await script.text(), script.url()).not.toContain('/oauth2/authorize');

    // The honeypot: a real input named "website", out of sight, out of the tab order, not autofilled.
    const trap = page.locator('input[name="website"]');
    expect(await trap.getAttribute('tabindex')).toBe('-1');
    expect(await trap.getAttribute('autocomplete')).toBe('off');
    expect(await page.locator('.hp-field').getAttribute('aria-hidden')).toBe('true');
    const box = (await trap.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(0);
    await page.getByTestId('request-description').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('request-submit');
    await screenshot(page, 'desktop-portal-01-request');

    // Going to a staff address starts the console (and its sign-in) afresh.
    await page.evaluate(() => {
      location.hash = '#/tickets';
    });
    await page.getByTestId('login-button').waitFor();
  });

  it('checks the form, then sends it and gives the ticket number and the private link to keep', async () => {
    const page = await openPage(s);
    const seen = record(page);
    await page.goto(`${s.stack.consoleUrl}/#/request`);
    await page.getByTestId('request-submit').click();
    expect(await textOf(page.getByTestId('request-name-error'))).toBe('Please tell us your name.');
    expect(await textOf(page.getByTestId('request-email-error'))).toBe('Please give us an email address to reply to.');
    expect(await textOf(page.getByTestId('request-description-error'))).toBe('Please describe what you need.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('request-name');
    await fillRequest(page, { name: 'Priya Shah', email: 'priya@', subject: `Dishwasher ${RUN} leaks`, description: 'Water on the floor after every cycle.' });
    await page.getByTestId('request-submit').click();
    expect(await textOf(page.getByTestId('request-email-error'))).toMatch(/^Enter a valid email address/);
    await screenshot(page, 'desktop-portal-02-request-errors');

    await page.getByTestId('request-email').fill('Priya.Shah@example.com');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${s.stack.apiUrl}/public/requests` && r.request().method() === 'POST'),
      page.getByTestId('request-submit').click(),
    ]);
    expect(response.status()).toBe(201);
    const receipt = await response.json();
    expect(response.request().postDataJSON()).toEqual({
      name: 'Priya Shah',
      email: 'Priya.Shah@example.com',
      subject: `Dishwasher ${RUN} leaks`,
      description: 'Water on the floor after every cycle.',
      language: 'en',
    });
    await page.getByTestId('request-received').waitFor();
    expect(await textOf(page.getByTestId('request-number'))).toBe(`#${receipt.number}`);
    expect(await page.getByTestId('private-link').inputValue()).toBe(`${s.stack.consoleUrl}/#/status/${encodeURIComponent(receipt.token)}`);
    expect(await textOf(page.getByTestId('private-link-hint'))).toMatch(/^Keep this link\. It is the only way to see your request/);
    await screenshot(page, 'desktop-portal-03-received');
    // No call carried a token.
    expect(seen.requests.filter((r) => r.headers()['authorization'])).toEqual([]);

    // The ticket is in the agents' queue, from the web.
    const ticket = await callApi(s.stack, 'GET', `/v1/tickets/${receipt.token.split('.')[0]}`, { role: 'agent' });
    expect(ticket.body.ticket).toMatchObject({ number: receipt.number, channel: 'web', customerEmail: 'priya.shah@example.com', customerName: 'Priya Shah' });

    await page.getByTestId('open-status').click();
    await page.getByTestId('status-page').waitFor();
    expect(await textOf(page.getByTestId('status-subject'))).toBe(`Dishwasher ${RUN} leaks`);
    expect(await textOf(page.getByTestId('status-state'))).toBe('Received');
    expect(await textOf(messages(page).first().getByTestId('message-body'))).toBe('Water on the floor after every cycle.');
  });

  it('answers a filled honeypot like a success, without a number, and opens nothing', async () => {
    const before = (await callApi(s.stack, 'GET', '/v1/tickets?status=new&limit=100', { role: 'agent' })).body.items.length;
    const page = await openPage(s);
    await page.goto(`${s.stack.consoleUrl}/#/request`);
    await fillRequest(page, { name: 'Bot', email: 'bot@example.com', subject: `Cheap ${RUN} watches`, description: 'Buy now' });
    await page.locator('input[name="website"]').fill('http://spam.example', { force: true });
    await page.getByTestId('request-submit').click();
    await page.getByTestId('request-received').waitFor();
    expect(await page.getByTestId('request-number').count()).toBe(0);
    expect(await page.getByTestId('private-link').count()).toBe(0);
    expect((await callApi(s.stack, 'GET', '/v1/tickets?status=new&limit=100', { role: 'agent' })).body.items.length).toBe(before);
  });

  it('says "too many requests" when the API limits the sender', async () => {
    const email = `busy-${RUN}@example.com`;
    for (let i = 0; i < 5; i++) await submitViaApi(email, `Busy ${RUN} ${i}`);
    const page = await openPage(s);
    await page.goto(`${s.stack.consoleUrl}/#/request`);
    await fillRequest(page, { name: 'Busy Bee', email, subject: `Busy ${RUN} again`, description: 'One more thing.' });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${s.stack.apiUrl}/public/requests`),
      page.getByTestId('request-submit').click(),
    ]);
    expect(response.status()).toBe(429);
    expect(await textOf(page.getByTestId('portal-rate-limited'))).toContain('We have received many requests from you in a short time. Please try again later.');
    expect(await page.getByTestId('request-subject').inputValue()).toBe(`Busy ${RUN} again`); // nothing typed is lost
    await screenshot(page, 'desktop-portal-04-rate-limited', { fullPage: false });
  });
});

describe('customer status page (browser)', () => {
  it('shows the conversation (never internal notes) and sends the customer’s reply, which reopens a ticket waiting on them', async () => {
    const { token, ticketId } = await submitViaApi(`dana-${RUN}@example.com`, `Router ${RUN} drops Wi-Fi`);
    expect((await callApi(s.stack, 'POST', `/v1/tickets/${ticketId}/entries`, { role: 'agent', body: { kind: 'note', body: 'Internal: firmware bug 4411' } })).status).toBe(201);
    expect((await callApi(s.stack, 'POST', `/v1/tickets/${ticketId}/entries`, { role: 'agent', body: { kind: 'reply', body: 'Could you tell us the router model?' } })).status).toBe(201);
    await staffChange(ticketId, { status: 'pending_customer' });

    const page = await openPage(s);
    const seen = record(page);
    await page.goto(`${s.stack.consoleUrl}/#/status/${token}`);
    await page.getByTestId('status-page').waitFor();
    expect(await textOf(page.getByTestId('status-state'))).toBe('Waiting for your reply');
    expect(await messages(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-from')))).toEqual(['you', 'support']);
    expect(await textOf(messages(page).nth(1).getByTestId('message-body'))).toBe('Could you tell us the router model?');
    expect(await page.getByText('firmware bug 4411').count()).toBe(0);
    expect(await page.locator('[data-testid="status-created"]').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await textOf(page.getByTestId('status-created'))).toMatch(/ UTC$/);
    await screenshot(page, 'desktop-portal-05-status');

    await page.getByTestId('reply-send').click();
    expect(await textOf(page.getByTestId('reply-problem'))).toBe('Write a message first.');
    await page.getByTestId('reply-body').fill('It is a FritzBox 7590.');
    await page.getByTestId('reply-send').click();
    await poll(() => messages(page).count()).toBe(3);
    expect(await textOf(page.getByTestId('reply-sent'))).toBe('Your message was sent.');
    expect(await messages(page).nth(2).getAttribute('data-from')).toBe('you');
    expect(await page.getByTestId('reply-body').inputValue()).toBe('');
    const stored = await callApi(s.stack, 'GET', `/v1/tickets/${ticketId}`, { role: 'agent' });
    expect(stored.body.ticket.status).toBe('open');
    expect(stored.body.entries.some((e: { body: string; author: { type: string } }) => e.body === 'It is a FritzBox 7590.' && e.author.type === 'customer')).toBe(true);
    expect(seen.requests.filter((r) => r.headers()['authorization'])).toEqual([]);
    await page.getByTestId('status-state').getByText('Open').waitFor();
  });

  it('turns a reply to a closed request into a follow-up with its own link', async () => {
    const { token, ticketId, number } = await submitViaApi(`omar-${RUN}@example.com`, `Washer ${RUN} error F21`);
    await staffChange(ticketId, { status: 'closed' });
    const page = await openPage(s);
    await page.goto(`${s.stack.consoleUrl}/#/status/${token}`);
    expect(await textOf(page.getByTestId('status-state'))).toBe('Closed');
    expect(await textOf(page.getByTestId('reply-closed-note'))).toBe('This request is closed. If you write now, we will open a new request for you.');
    await page.getByTestId('reply-body').fill('The error is back since yesterday.');
    await page.getByTestId('reply-send').click();
    const followUp = page.getByTestId('follow-up');
    await followUp.waitFor();
    const title = await textOf(followUp.locator('h2'));
    const followUpNumber = Number(/#(\d+)/.exec(title)![1]);
    expect(followUpNumber).toBeGreaterThan(number);
    await screenshot(page, 'desktop-portal-06-follow-up');
    await page.getByTestId('follow-up-link').click();
    await poll(() => textOf(page.getByTestId('status-number'))).toBe(`Request #${followUpNumber}`);
    expect(await textOf(page.getByTestId('status-subject'))).toBe(`Re: Washer ${RUN} error F21`);
    expect(await textOf(messages(page).first().getByTestId('message-body'))).toBe('The error is back since yesterday.');
  });

  it('says a link is not valid, whether it is garbage or a real ticket with the wrong secret', async () => {
    const { token } = await submitViaApi(`lee-${RUN}@example.com`, `Dryer ${RUN} noise`);
    const page = await openPage(s);
    await page.goto(`${s.stack.consoleUrl}/#/status/not-a-real-link`);
    expect(await textOf(page.getByTestId('status-invalid').locator('h1'))).toBe('This link is not valid');
    await screenshot(page, 'desktop-portal-07-invalid', { fullPage: false });
    const [id] = token.split('.');
    await page.goto(`${s.stack.consoleUrl}/#/status/${id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    await page.reload();
    await page.getByTestId('status-invalid').waitFor();
    expect(await page.getByText(`Dryer ${RUN} noise`).count()).toBe(0);
  });

  it('switches to Simplified Chinese and works on a phone', async () => {
    const { token, ticketId } = await submitViaApi(`mei-${RUN}@example.com`, `冰箱 ${RUN} 不制冷`);
    expect((await callApi(s.stack, 'POST', `/v1/tickets/${ticketId}/entries`, { role: 'agent', body: { kind: 'reply', body: '请问冰箱的型号是什么？' } })).status).toBe(201);

    const zh = await openPage(s);
    await zh.goto(`${s.stack.consoleUrl}/#/request`);
    await zh.getByTestId('request-form').waitFor();
    await zh.getByTestId('language-switch').selectOption('zh-CN');
    await zh.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    expect(await textOf(zh.getByTestId('request-title'))).toBe(zhCN['portal.request.title']);
    await zh.getByTestId('request-submit').click();
    expect(await textOf(zh.getByTestId('request-name-error'))).toBe(zhCN['portal.required.name']);
    expect(await untranslatedStrings(zh)).toEqual([]);
    await screenshot(zh, 'zh-portal-01-request');
    await fillRequest(zh, { name: '王芳', email: `wang-${RUN}@example.cn`, subject: `空调 ${RUN} 漏水`, description: '室内机滴水。' });
    const [response] = await Promise.all([zh.waitForResponse((r) => r.url() === `${s.stack.apiUrl}/public/requests`), zh.getByTestId('request-submit').click()]);
    expect(response.request().postDataJSON().language).toBe('zh-CN');
    await zh.getByTestId('request-received').waitFor();
    expect(await untranslatedStrings(zh)).toEqual([]);
    await screenshot(zh, 'zh-portal-02-received');
    await zh.goto(`${s.stack.consoleUrl}/#/status/${token}`);
    await zh.getByTestId('status-page').waitFor();
    expect(await textOf(zh.getByTestId('status-state'))).toBe(zhCN['portal.status.open']);
    expect(await untranslatedStrings(zh)).toEqual([]);
    await screenshot(zh, 'zh-portal-03-status');

    const phone = await openPage(s, PHONE);
    await phone.goto(`${s.stack.consoleUrl}/#/request`);
    await phone.getByTestId('request-form').waitFor();
    await assertNoHorizontalScroll(phone, 'request form');
    await screenshot(phone, 'phone-portal-01-request');
    await fillRequest(phone, { name: 'Sam Lee', email: `sam-${RUN}@example.com`, subject: `Oven ${RUN} light`, description: 'The oven light stays on.' });
    await phone.getByTestId('request-submit').tap();
    await phone.getByTestId('request-received').waitFor();
    await assertNoHorizontalScroll(phone, 'receipt');
    await screenshot(phone, 'phone-portal-02-received');
    await phone.goto(`${s.stack.consoleUrl}/#/status/${token}`);
    await phone.getByTestId('status-page').waitFor();
    await assertNoHorizontalScroll(phone, 'status page');
    await screenshot(phone, 'phone-portal-03-status');
  });
});

void DESKTOP;
