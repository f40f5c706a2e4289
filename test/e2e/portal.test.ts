// Proves the customer pages in a real browser with no sign-in: the web form (checked, honeypot hidden from people, ticket number and private link to keep, files checked before sending and uploaded with the private link), the private status page (conversation without internal notes, replies with files, downloads through fresh links, a follow-up for a closed request), an invalid link, too many requests, English/简体中文, on a phone; and that none of it loads the staff console or sends a token.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request, Response } from 'playwright-core';
import { MAX_ATTACHMENT_BYTES } from '../../web/src/api/attachments.ts';
import { en } from '../../web/src/i18n/en.ts';
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

/** A real (1×1) PNG, so the browser can show it when it is opened. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n%warranty card\n%%EOF\n');
const pdfFile = { name: 'warranty.pdf', mimeType: 'application/pdf', buffer: PDF };
const pngFile = { name: 'error-code.png', mimeType: 'image/png', buffer: PNG };

/** The API calls that register files on a ticket, and the uploads of bytes to storage. */
function fileCalls(requests: Request[]) {
  return {
    registered: requests.filter((r) => r.method() === 'POST' && /\/public\/tickets\/[^/]+\/attachments$/.test(r.url())),
    uploads: requests.filter((r) => r.method() === 'PUT' && r.url().includes('X-Amz-Signature')),
  };
}

const stateOf = (page: Page, testId: string) => page.getByTestId(testId).evaluateAll((els) => els.map((e) => [e.getAttribute('data-name'), e.getAttribute('data-state')]));

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
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('request-file-input');
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

describe('files on the customer pages (browser)', () => {
  it('sends files chosen on the form with the request, lists them on the receipt and under the description, and downloads the very bytes', async () => {
    const page = await openPage(s);
    const seen = record(page);
    await page.goto(`${s.stack.consoleUrl}/#/request`);
    await fillRequest(page, { name: 'Ana Costa', email: `ana-${RUN}@example.com`, subject: `Boiler ${RUN} shows E119`, description: 'The display shows E119 every morning.' });
    // The picker has a name of its own, said by its label.
    expect(await page.getByTestId('request-file-input').evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim())).toBe('+ Attach files');
    await page.getByTestId('request-file-input').setInputFiles([pdfFile, pngFile]);
    await page.getByTestId('request-file-input').setInputFiles([{ name: 'old-photo.png', mimeType: 'image/png', buffer: PNG }]);
    expect(await stateOf(page, 'request-file')).toEqual([
      ['warranty.pdf', 'ready'],
      ['error-code.png', 'ready'],
      ['old-photo.png', 'ready'],
    ]);
    expect(await textOf(page.getByTestId('request-file').first())).toContain(`warranty.pdf\n${PDF.length} B`);
    await page.getByRole('button', { name: 'Remove old-photo.png' }).click();
    await poll(() => page.getByTestId('request-file').count()).toBe(2);
    await screenshot(page, 'desktop-portal-08-request-files');

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${s.stack.apiUrl}/public/requests` && r.request().method() === 'POST'),
      page.getByTestId('request-submit').click(),
    ]);
    expect(response.status()).toBe(201);
    const receipt = await response.json();
    const ticketId = receipt.token.split('.')[0];
    await page.locator('[data-testid="receipt-files"][data-state="done"]').waitFor();
    expect(await stateOf(page, 'receipt-file')).toEqual([
      ['warranty.pdf', 'uploaded'],
      ['error-code.png', 'uploaded'],
    ]);
    expect(await page.getByTestId('receipt-files-failed').count()).toBe(0);
    await screenshot(page, 'desktop-portal-09-received-files');

    // Registered through the private link (no token anywhere), then the bytes straight to storage with the signed type.
    const { registered, uploads } = fileCalls(seen.requests);
    expect(registered.map((r) => r.url())).toEqual([0, 1].map(() => `${s.stack.apiUrl}/public/tickets/${encodeURIComponent(receipt.token)}/attachments`));
    expect(registered.map((r) => r.postDataJSON())).toEqual([
      { name: 'warranty.pdf', contentType: 'application/pdf', size: PDF.length },
      { name: 'error-code.png', contentType: 'image/png', size: PNG.length },
    ]);
    expect(uploads.map((r) => r.headers()['content-type'])).toEqual(['application/pdf', 'image/png']);
    expect(seen.requests.filter((r) => r.headers()['authorization'])).toEqual([]);

    // The agents see both files on the ticket, uploaded by its customer.
    const detail = await callApi(s.stack, 'GET', `/v1/tickets/${ticketId}`, { role: 'agent' });
    const staffFiles = detail.body.attachments.map((a: { name: string; size: number; uploadedBy: string }) => [a.name, a.size, a.uploadedBy]).sort();
    expect(staffFiles).toEqual([
      ['error-code.png', PNG.length, detail.body.ticket.customerId],
      ['warranty.pdf', PDF.length, detail.body.ticket.customerId],
    ]);

    await page.getByTestId('open-status').click();
    const request = messages(page).first();
    await poll(() => request.getByTestId('entry-file').allInnerTexts()).toEqual([`error-code.png\n${PNG.length} B`, `warranty.pdf\n${PDF.length} B`]);
    expect(await request.getByTestId('entry-files').getAttribute('aria-label')).toBe('Files sent with your request');
    await screenshot(page, 'desktop-portal-10-status-files');

    // Each download asks for a fresh link at the click; the image opens in a new tab with exactly the bytes sent.
    const png = request.locator('[data-testid="entry-file"]', { hasText: 'error-code.png' });
    const pngId = (await png.getAttribute('data-attachment-id'))!;
    const [popup] = await Promise.all([page.context().waitForEvent('page'), png.click()]);
    await popup.waitForURL(/X-Amz-Signature/);
    const bytes = await popup.evaluate(async () => Array.from(new Uint8Array(await (await fetch(location.href)).arrayBuffer())));
    expect(Buffer.from(bytes)).toEqual(PNG);
    const linkCalls = seen.requests.filter((r) => r.method() === 'GET' && r.url() === `${s.stack.apiUrl}/public/tickets/${encodeURIComponent(receipt.token)}/attachments/${pngId}`);
    expect(linkCalls).toHaveLength(1);
    await popup.close();
    // The PDF is served as a download (never shown inline): its link, too, serves the bytes sent.
    const pdf = request.locator('[data-testid="entry-file"]', { hasText: 'warranty.pdf' });
    const [link] = await Promise.all([page.waitForResponse((r) => /\/attachments\/[^/]+$/.test(r.url()) && r.request().method() === 'GET'), pdf.click()]);
    const download = await fetch((await link.json()).url);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF);
  });

  it('refuses a wrong type and an oversize file in the browser, says why, and uploads nothing', async () => {
    const page = await openPage(s);
    const seen = record(page);
    await page.goto(`${s.stack.consoleUrl}/#/request`);
    await fillRequest(page, { name: 'Ben Ode', email: `ben-${RUN}@example.com`, subject: `Fridge ${RUN} hums`, description: 'A loud hum at night.' });
    await page.getByTestId('request-file-input').setInputFiles([
      { name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') },
      { name: 'night-video.png', mimeType: 'image/png', buffer: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1) },
      pngFile,
    ]);
    expect(await stateOf(page, 'request-file')).toEqual([
      ['setup.exe', 'refused'],
      ['night-video.png', 'refused'],
      ['error-code.png', 'ready'],
    ]);
    const problems = page.getByTestId('request-file-problem');
    expect(await problems.allInnerTexts()).toEqual([en['attach.type'], en['attach.tooBig']]);

    await page.getByTestId('request-submit').click();
    expect(await textOf(page.getByTestId('request-files-error'))).toBe('Remove the files we cannot accept, then send again.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('request-file-input');
    await screenshot(page, 'desktop-portal-11-files-refused');
    expect(seen.requests.filter((r) => r.url().startsWith(`${s.stack.apiUrl}/public/requests`))).toEqual([]);
    expect(fileCalls(seen.requests).registered).toEqual([]);
    expect(fileCalls(seen.requests).uploads).toEqual([]);

    // Once the refused files are gone, the request goes with the one that fits.
    await page.getByRole('button', { name: 'Remove setup.exe' }).click();
    await page.getByRole('button', { name: 'Remove night-video.png' }).click();
    expect(await page.getByTestId('request-files-error').count()).toBe(0);
    await page.getByTestId('request-submit').click();
    await page.locator('[data-testid="receipt-files"][data-state="done"]').waitFor();
    expect(await stateOf(page, 'receipt-file')).toEqual([['error-code.png', 'uploaded']]);
    expect(fileCalls(seen.requests).registered.map((r) => r.postDataJSON().name)).toEqual(['error-code.png']);
  });

  it('says which files did not arrive, keeps the request, and a retry sends only those (not registering them twice)', async () => {
    const page = await openPage(s);
    const seen = record(page);
    await page.goto(`${s.stack.consoleUrl}/#/request`);
    await fillRequest(page, { name: 'Cleo Park', email: `cleo-${RUN}@example.com`, subject: `Oven ${RUN} door`, description: 'The door does not close.' });
    await page.getByTestId('request-file-input').setInputFiles([pdfFile, pngFile]);
    // Storage refuses the PNG once.
    let refusals = 0;
    await page.context().route(/X-Amz-Signature/, async (route) => {
      if (route.request().method() === 'PUT' && route.request().headers()['content-type'] === 'image/png' && refusals++ === 0) return route.fulfill({ status: 500, body: 'SlowDown' });
      return route.continue();
    });
    await page.getByTestId('request-submit').click();
    await page.getByTestId('receipt-files-failed').waitFor();
    expect(await stateOf(page, 'receipt-file')).toEqual([
      ['warranty.pdf', 'uploaded'],
      ['error-code.png', 'failed'],
    ]);
    expect(await textOf(page.getByTestId('receipt-files-failed'))).toContain('Some files could not be uploaded. Your request itself is saved');
    const token = decodeURIComponent((await page.getByTestId('receipt-files-status').getAttribute('href'))!.replace('#/status/', ''));
    expect(await page.getByTestId('request-number').count()).toBe(1);
    await screenshot(page, 'desktop-portal-12-files-failed');

    await page.getByTestId('receipt-files-retry').click();
    await page.locator('[data-testid="receipt-files"][data-state="done"]').waitFor();
    expect(await stateOf(page, 'receipt-file')).toEqual([
      ['warranty.pdf', 'uploaded'],
      ['error-code.png', 'uploaded'],
    ]);
    // Each file was registered once; the PNG's bytes went again to the link it was signed for, so no stray copy is left.
    const { registered, uploads } = fileCalls(seen.requests);
    expect(registered.map((r) => r.postDataJSON().name)).toEqual(['warranty.pdf', 'error-code.png']);
    expect(uploads.map((r) => r.headers()['content-type'])).toEqual(['application/pdf', 'image/png', 'image/png']);
    const view = await callApi(s.stack, 'GET', `/public/tickets/${token}`);
    expect(view.body.attachments.map((a: { name: string }) => a.name).sort()).toEqual(['error-code.png', 'warranty.pdf']);
  });

  it('replies with files from the status page: uploads, names them in the message, keeps the draft when one fails', async () => {
    const { token, ticketId } = await submitViaApi(`farah-${RUN}@example.com`, `Heater ${RUN} clicks`);
    expect((await callApi(s.stack, 'POST', `/v1/tickets/${ticketId}/entries`, { role: 'agent', body: { kind: 'reply', body: 'Could you send a photo of the label?' } })).status).toBe(201);
    const page = await openPage(s);
    const seen = record(page);
    await page.goto(`${s.stack.consoleUrl}/#/status/${token}`);
    await page.getByTestId('status-page').waitFor();
    expect(await messages(page).first().getByTestId('entry-files').count()).toBe(0);
    await page.getByTestId('reply-body').fill('Here is the label and the manual.');
    await page.getByTestId('reply-file-input').setInputFiles([pngFile, pdfFile]);
    let refusals = 0;
    await page.context().route(/X-Amz-Signature/, async (route) => {
      if (route.request().method() === 'PUT' && route.request().headers()['content-type'] === 'application/pdf' && refusals++ === 0) return route.fulfill({ status: 503, body: 'SlowDown' });
      return route.continue();
    });
    await page.getByTestId('reply-send').click();
    await page.locator('[data-testid="reply-file"][data-name="warranty.pdf"][data-state="failed"]').waitFor();
    expect(await textOf(page.locator('[data-testid="reply-file"][data-name="warranty.pdf"] [data-testid="reply-file-problem"]'))).toBe(en['attach.failed']);
    expect(await page.locator('[data-testid="reply-file"][data-name="error-code.png"]').getAttribute('data-state')).toBe('uploaded');
    expect(await page.getByTestId('reply-body').inputValue()).toBe('Here is the label and the manual.');
    expect(await messages(page).count()).toBe(2);
    await screenshot(page, 'desktop-portal-13-reply-upload-failed');

    const [replied] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/replies') && r.request().method() === 'POST'),
      page.getByTestId('reply-send').click(),
    ]);
    expect(replied.status()).toBe(201);
    expect(fileCalls(seen.requests).registered.map((r) => r.postDataJSON().name)).toEqual(['error-code.png', 'warranty.pdf']);
    expect(fileCalls(seen.requests).uploads.map((r) => r.headers()['content-type'])).toEqual(['image/png', 'application/pdf', 'application/pdf']);
    const sent = replied.request().postDataJSON();
    expect(sent.body).toBe('Here is the label and the manual.');
    expect(sent.attachmentIds).toHaveLength(2);
    await poll(() => messages(page).count()).toBe(3);
    const mine = messages(page).nth(2);
    expect(await mine.getAttribute('data-from')).toBe('you');
    expect(await mine.getByTestId('entry-file').allInnerTexts()).toEqual([`error-code.png\n${PNG.length} B`, `warranty.pdf\n${PDF.length} B`]);
    // Files named by a message are not "sent with the request".
    expect(await messages(page).first().getByTestId('entry-files').count()).toBe(0);
    expect(await page.getByTestId('reply-file').count()).toBe(0);
    await screenshot(page, 'desktop-portal-14-reply-files');

    const stored = await callApi(s.stack, 'GET', `/v1/tickets/${ticketId}`, { role: 'agent' });
    const entry = stored.body.entries.find((e: { body: string }) => e.body === 'Here is the label and the manual.');
    expect(entry.attachmentIds).toEqual(sent.attachmentIds);
  });

  it('shows chosen files in Simplified Chinese and on a phone', async () => {
    const zh = await openPage(s);
    await zh.goto(`${s.stack.consoleUrl}/#/request`);
    await zh.getByTestId('language-switch').selectOption('zh-CN');
    await zh.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    await fillRequest(zh, { name: '李娜', email: `lina-${RUN}@example.cn`, subject: `热水器 ${RUN} 报错`, description: '显示屏出现 E119 错误代码。' });
    await zh.getByTestId('request-file-input').setInputFiles([pdfFile, { name: '安装程序.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') }]);
    expect(await textOf(zh.getByTestId('request-file-problem'))).toBe(zhCN['attach.type']);
    await zh.getByTestId('request-submit').click();
    expect(await textOf(zh.getByTestId('request-files-error'))).toBe(zhCN['portal.files.removeRefused']);
    expect(await untranslatedStrings(zh)).toEqual([]);
    await screenshot(zh, 'zh-portal-04-request-files');
    await zh.getByRole('button', { name: zhCN['attach.remove'].replace('{name}', '安装程序.exe') }).click();
    await zh.getByTestId('request-submit').click();
    await zh.locator('[data-testid="receipt-files"][data-state="done"]').waitFor();
    expect(await untranslatedStrings(zh)).toEqual([]);
    await screenshot(zh, 'zh-portal-05-received-files');

    const phone = await openPage(s, PHONE);
    await phone.goto(`${s.stack.consoleUrl}/#/request`);
    await fillRequest(phone, { name: 'Sam Lee', email: `sam-files-${RUN}@example.com`, subject: `Washer ${RUN} drum`, description: 'The drum makes a grinding noise.' });
    await phone.getByTestId('request-file-input').setInputFiles([
      { name: 'washing-machine-drum-noise-recording-2026-11-23-evening-cycle.png', mimeType: 'image/png', buffer: PNG },
      pdfFile,
      { name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') },
    ]);
    await assertNoHorizontalScroll(phone, 'request form with files');
    await screenshot(phone, 'phone-portal-04-request-files');
    await phone.getByRole('button', { name: 'Remove setup.exe' }).tap();
    await phone.getByTestId('request-submit').tap();
    await phone.locator('[data-testid="receipt-files"][data-state="done"]').waitFor();
    await assertNoHorizontalScroll(phone, 'receipt with files');
    await screenshot(phone, 'phone-portal-05-received-files');
    await phone.getByTestId('open-status').tap();
    await messages(phone).first().getByTestId('entry-file').first().waitFor();
    await assertNoHorizontalScroll(phone, 'status page with files');
    await screenshot(phone, 'phone-portal-06-status-files');
  });
});

void DESKTOP;
