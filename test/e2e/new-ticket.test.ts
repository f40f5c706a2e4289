// Proves the phone-call ticket form in a real browser: finding the caller by name, email or phone (or entering a new customer, created first when a phone is given, with an owned email offered back), category, type and the custom fields of that type sent typed, the API's field errors (customFields.x) shown at the right input, on a phone and in Chinese.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';
import type { Session } from './e2e-helpers.ts';
import { DESKTOP, PHONE, assertNoHorizontalScroll, closeContexts, openPage, putDirectory, signIn, textOf, untranslatedStrings, poll } from './e2e-helpers.ts';

const s: Session = { stack: undefined!, browser: undefined!, contexts: [], pageErrors: [] };
const RUN = Date.now().toString(36);
const customers: Record<string, { id: string }> = {};

const FIELDS = [
  { key: 'serial', label: { en: 'Serial number', 'zh-CN': '序列号' }, type: 'text', required: true, ticketTypes: ['incident'] },
  { key: 'hours', label: { en: 'Hours on site', 'zh-CN': '现场工时' }, type: 'number', ticketTypes: ['incident', 'task'] },
  { key: 'visit_date', label: { en: 'Visit date', 'zh-CN': '上门日期' }, type: 'date', ticketTypes: ['incident'] },
  {
    key: 'parts',
    label: { en: 'Parts needed', 'zh-CN': '所需配件' },
    type: 'multiselect',
    options: [
      { value: 'filter', label: { en: 'Filter', 'zh-CN': '滤网' } },
      { value: 'pump', label: { en: 'Pump', 'zh-CN': '水泵' } },
    ],
    ticketTypes: ['incident'],
  },
  { key: 'onsite', label: { en: 'Engineer on site', 'zh-CN': '需上门' }, type: 'checkbox', ticketTypes: ['incident'] },
  { key: 'po_number', label: { en: 'PO number', 'zh-CN': '采购单号' }, type: 'text', ticketTypes: ['incident'] },
  {
    key: 'area',
    label: { en: 'Area', 'zh-CN': '区域' },
    type: 'select',
    options: [
      { value: 'north', label: { en: 'North', 'zh-CN': '北区' } },
      { value: 'south', label: { en: 'South', 'zh-CN': '南区' } },
    ],
  },
];

beforeAll(async () => {
  [s.stack, s.browser] = await Promise.all([startTestStack('e2e-new-ticket'), launchBrowser()]);
  await putDirectory(s.stack, 'categories', [
    { id: 'repair', name: { en: 'Repair', 'zh-CN': '维修' } },
    { id: 'billing', name: { en: 'Billing', 'zh-CN': '账单' } },
  ]);
  await putDirectory(s.stack, 'custom-fields', FIELDS);
  for (const [key, body] of Object.entries({
    maria: { name: 'Maria Lopez', emails: ['maria.lopez@example.com'], phones: ['+34 600 111 222'], tier: 'vip' },
    mario: { name: 'Mario Rossi', emails: ['mario.rossi@example.it'], phones: [] },
  })) {
    const res = await callApi(s.stack, 'POST', '/v1/customers', { role: 'agent', body });
    expect(res.status).toBe(201);
    customers[key] = res.body;
  }
});

afterAll(async () => {
  await s.browser?.close();
  await s.stack?.stop();
});

afterEach(async () => {
  await closeContexts(s);
  expect(s.pageErrors.splice(0)).toEqual([]);
});

const matches = (page: Page) => page.getByTestId('customer-match');

async function search(page: Page, text: string, count: number): Promise<void> {
  await page.getByTestId('new-ticket-customer-search').fill(text);
  if (count === 0) await page.getByTestId('customer-no-match').waitFor();
  else await poll(() => matches(page).count()).toBe(count);
}

const posts = (requests: Request[], path: string) => requests.filter((r) => r.method() === 'POST' && r.url() === `${s.stack.apiUrl}${path}`);

async function submitAndOpen(page: Page): Promise<{ id: string; body: any }> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${s.stack.apiUrl}/v1/tickets` && r.request().method() === 'POST'),
    page.getByTestId('new-ticket-submit').click(),
  ]);
  expect(response.status(), await response.text()).toBe(201);
  const created = await response.json();
  await page.getByTestId('ticket-number').waitFor();
  return { id: created.id, body: response.request().postDataJSON() };
}

describe('new ticket for a phone call (browser)', () => {
  it('finds the caller by name, email or phone, and sends category, type and that type’s custom fields typed', async () => {
    const page = await openPage(s);
    await signIn(s, page, '#/tickets/new');
    await page.getByTestId('new-ticket-form').waitFor();
    // Before a type is chosen only the fields for every type show.
    await page.getByTestId('new-ticket-cf-area').waitFor();
    expect(await page.getByTestId('new-ticket-cf-serial').count()).toBe(0);

    await search(page, 'mar', 2);
    expect(await matches(page).locator('[data-testid="customer-match-name"]').allInnerTexts()).toEqual(['Maria Lopez', 'Mario Rossi']);
    const maria = matches(page).filter({ hasText: 'Maria Lopez' });
    expect(await textOf(maria.getByTestId('customer-match-tier'))).toBe('VIP');
    expect(await maria.getByTestId('customer-match-email').textContent()).toBe('Email: maria.lopez@example.com');
    expect(await maria.getByTestId('customer-match-phone').innerText()).toContain('+34600111222');
    await screenshot(page, 'desktop-new-ticket-01-find-caller');

    await search(page, 'MARIA.LOPEZ@example.com', 1);
    await search(page, '+34 600-111-222', 1);
    await search(page, 'Zebedee', 0);
    expect(await textOf(page.getByTestId('customer-no-match'))).toContain('No customer found.');
    // Enter picks the only match instead of sending the form.
    await search(page, 'Maria L', 1);
    await page.getByTestId('new-ticket-customer-search').press('Enter');
    const chosen = page.getByTestId('chosen-customer');
    expect(await chosen.getAttribute('data-customer-id')).toBe(customers.maria!.id);
    expect(await textOf(chosen.getByTestId('customer-match-name'))).toBe('Maria Lopez');

    await page.getByTestId('new-ticket-subject').fill(`Boiler ${RUN} shows E119`);
    await page.getByTestId('new-ticket-description').fill('Pressure drops to 0.4 bar overnight.');
    await page.getByTestId('new-ticket-category').selectOption('repair');
    await page.getByTestId('new-ticket-type').selectOption('incident');
    await page.getByTestId('new-ticket-cf-serial').waitFor();
    expect(await page.getByTestId('new-ticket-custom-fields').locator('[data-field-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-field-key')))).toEqual([
      'serial',
      'hours',
      'visit_date',
      'parts',
      'onsite',
      'po_number',
      'area',
    ]);
    expect(await page.getByTestId('new-ticket-cf-serial-required').count()).toBe(1);
    expect(await page.getByTestId('new-ticket-cf-po_number-required').count()).toBe(0);

    // Checked in the browser first: the required field, and a number that is not one.
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await page.getByTestId('new-ticket-cf-hours').fill('two');
    await page.getByTestId('new-ticket-submit').click();
    expect(await textOf(page.getByTestId('new-ticket-cf-serial-error'))).toBe('This field is required.');
    expect(await textOf(page.getByTestId('new-ticket-cf-hours-error'))).toBe('Enter a number, e.g. 42 or 3.5.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-ticket-cf-serial');
    expect(posts(requests, '/v1/tickets')).toEqual([]);
    await screenshot(page, 'desktop-new-ticket-02-custom-fields-required');

    await page.getByTestId('new-ticket-cf-serial').fill('VT-2024-0042');
    await page.getByTestId('new-ticket-cf-hours').fill('2.5');
    await page.getByTestId('new-ticket-cf-visit_date').fill('2026-12-01');
    await page.getByTestId('new-ticket-cf-parts-pump').check();
    await page.getByTestId('new-ticket-cf-onsite').check();
    await page.getByTestId('new-ticket-cf-area').selectOption('north');
    const { id, body } = await submitAndOpen(page);
    expect(body).toEqual({
      subject: `Boiler ${RUN} shows E119`,
      description: 'Pressure drops to 0.4 bar overnight.',
      priority: 'normal',
      type: 'incident',
      categoryId: 'repair',
      customerId: customers.maria!.id,
      customFields: { serial: 'VT-2024-0042', hours: 2.5, visit_date: '2026-12-01', parts: ['pump'], onsite: true, area: 'north' },
    });

    expect(await textOf(page.getByTestId('ticket-customer-name'))).toBe('Maria Lopez');
    expect(await textOf(page.getByTestId('ticket-type'))).toBe('Incident');
    expect(await textOf(page.getByTestId('ticket-category'))).toBe('Repair');
    expect(await textOf(page.getByTestId('ticket-field-hours'))).toBe('2.5');
    expect(await textOf(page.getByTestId('ticket-field-parts'))).toBe('Pump');
    expect(await textOf(page.getByTestId('ticket-field-onsite'))).toBe('Yes');
    expect(await textOf(page.getByTestId('ticket-field-area'))).toBe('North');
    expect(await page.getByTestId('customer-profile-link').getAttribute('href')).toBe(`#/customers/${customers.maria!.id}`);
    const stored = await callApi(s.stack, 'GET', `/v1/tickets/${id}`, { role: 'agent' });
    expect(stored.body.ticket).toMatchObject({ customerId: customers.maria!.id, customerEmail: 'maria.lopez@example.com', type: 'incident', categoryId: 'repair' });
    await screenshot(page, 'desktop-new-ticket-03-created');
  });

  it('enters a new caller: name and email go with the ticket; with a phone the customer is created first; an email someone owns is offered back', async () => {
    const page = await openPage(s);
    await signIn(s, page, '#/tickets/new');
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));

    // 1. Name + email: the API finds or creates the customer from the ticket itself.
    await search(page, 'Jonas Weber', 0);
    await page.getByTestId('customer-no-match-new').click();
    expect(await page.getByTestId('new-ticket-customer-name').inputValue()).toBe('Jonas Weber'); // carried over from the search
    await page.getByTestId('new-ticket-customer-email').fill('jonas.weber@example.de');
    await page.getByTestId('new-ticket-subject').fill(`Invoice ${RUN} copy`);
    await page.getByTestId('new-ticket-description').fill('Needs a copy of INV-2211.');
    const first = await submitAndOpen(page);
    expect(first.body).toMatchObject({ customerEmail: 'jonas.weber@example.de', customerName: 'Jonas Weber' });
    expect(first.body).not.toHaveProperty('customerId');
    expect(posts(requests, '/v1/customers')).toEqual([]);
    expect(await textOf(page.getByTestId('ticket-customer-name'))).toBe('Jonas Weber');

    // 2. With a phone: tickets carry no phone, so the customer is created first (with it).
    await page.goto(`${s.stack.consoleUrl}/#/tickets/new`);
    await page.getByTestId('new-ticket-new-customer').click();
    await page.getByTestId('new-ticket-customer-name').fill('Inês Duarte');
    await page.getByTestId('new-ticket-customer-email').fill('ines.duarte@example.pt');
    await page.getByTestId('new-ticket-customer-phone').fill('+351 912 345 678');
    await page.getByTestId('new-ticket-subject').fill(`Heat pump ${RUN} noise`);
    await page.getByTestId('new-ticket-description').fill('Loud humming at night.');
    const second = await submitAndOpen(page);
    expect(posts(requests, '/v1/customers').map((r) => r.postDataJSON())).toEqual([{ name: 'Inês Duarte', emails: ['ines.duarte@example.pt'], phones: ['+351 912 345 678'] }]);
    const ines = await callApi(s.stack, 'GET', `/v1/customers?phone=${encodeURIComponent('+351912345678')}`, { role: 'agent' });
    expect(ines.body.items.map((c: { name: string }) => c.name)).toEqual(['Inês Duarte']);
    expect(second.body.customerId).toBe(ines.body.items[0].id);

    // 3. The email already belongs to Maria: say so at the email, and offer her instead.
    await page.goto(`${s.stack.consoleUrl}/#/tickets/new`);
    await page.getByTestId('new-ticket-new-customer').click();
    await page.getByTestId('new-ticket-customer-name').fill('M. Lopez');
    await page.getByTestId('new-ticket-customer-email').fill('maria.lopez@example.com');
    await page.getByTestId('new-ticket-customer-phone').fill('+34 600 999 000');
    await page.getByTestId('new-ticket-subject').fill(`Boiler ${RUN} follow-up call`);
    await page.getByTestId('new-ticket-description').fill('Calling back about the boiler.');
    await page.getByTestId('new-ticket-submit').click();
    expect(await textOf(page.getByTestId('new-ticket-customer-email-error'))).toBe('This email address already belongs to a customer.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-ticket-customer-email');
    await screenshot(page, 'desktop-new-ticket-04-email-taken');
    await page.getByTestId('use-existing-customer').click();
    expect(await page.getByTestId('chosen-customer').getAttribute('data-customer-id')).toBe(customers.maria!.id);
    const third = await submitAndOpen(page);
    expect(third.body.customerId).toBe(customers.maria!.id);
  });

  it('shows the API’s custom field errors at the right input (an admin made a field required meanwhile)', async () => {
    const page = await openPage(s);
    await signIn(s, page, '#/tickets/new');
    await page.getByTestId('new-ticket-type').selectOption('incident');
    await page.getByTestId('new-ticket-cf-po_number').waitFor();
    expect(await page.getByTestId('new-ticket-cf-po_number-required').count()).toBe(0);

    await putDirectory(s.stack, 'custom-fields', FIELDS.map((f) => (f.key === 'po_number' ? { ...f, required: true } : f)));
    await page.getByTestId('new-ticket-subject').fill(`Pump ${RUN} replacement`);
    await page.getByTestId('new-ticket-description').fill('Order a new pump.');
    await page.getByTestId('new-ticket-cf-serial').fill('SN-77');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${s.stack.apiUrl}/v1/tickets` && r.request().method() === 'POST'),
      page.getByTestId('new-ticket-submit').click(),
    ]);
    expect(refused.status()).toBe(400);
    expect((await refused.json()).error.fields).toEqual([{ path: 'customFields.po_number', message: 'PO number is required' }]);
    expect(await textOf(page.getByTestId('new-ticket-cf-po_number-error'))).toBe('PO number is required');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-ticket-cf-po_number');
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    // The definitions were read again: the field is now marked required.
    await page.getByTestId('new-ticket-cf-po_number-required').waitFor();
    await screenshot(page, 'desktop-new-ticket-05-api-field-error');

    await page.getByTestId('new-ticket-cf-po_number').fill('PO-5521');
    const { body } = await submitAndOpen(page);
    expect(body.customFields).toEqual({ serial: 'SN-77', po_number: 'PO-5521' });
    await putDirectory(s.stack, 'custom-fields', FIELDS);
  });

  it('works on a phone and in Chinese', async () => {
    const phone = await openPage(s, PHONE);
    await signIn(s, phone, '#/tickets/new');
    await search(phone, 'mar', 2);
    await assertNoHorizontalScroll(phone, 'customer search on a phone');
    await screenshot(phone, 'phone-new-ticket-01-find-caller');
    await matches(phone).filter({ hasText: 'Mario Rossi' }).tap();
    await phone.getByTestId('new-ticket-type').selectOption('incident');
    await phone.getByTestId('new-ticket-cf-serial').waitFor();
    await assertNoHorizontalScroll(phone, 'new ticket with custom fields on a phone');
    await screenshot(phone, 'phone-new-ticket-02-form');

    const zh = await openPage(s, DESKTOP, 'zh-CN');
    await signIn(s, zh, '#/tickets/new');
    await zh.getByTestId('new-ticket-form').waitFor();
    await search(zh, 'mar', 2);
    await zh.getByTestId('new-ticket-type').selectOption('incident');
    await zh.getByTestId('new-ticket-cf-serial').waitFor();
    expect(await textOf(zh.locator('label[for="new-ticket-cf-serial"]'))).toContain('序列号');
    expect(await zh.locator('#new-ticket-category option[value="repair"]').textContent()).toBe('维修');
    expect(await textOf(zh.getByTestId('new-ticket-new-customer'))).toBe(`+ ${zhCN['newTicket.newCustomer']}`);
    await zh.getByTestId('new-ticket-submit').click();
    expect(await textOf(zh.getByTestId('new-ticket-cf-serial-error'))).toBe(zhCN['validation.required']);
    expect(await untranslatedStrings(zh)).toEqual([]);
    await screenshot(zh, 'zh-new-ticket-01-form');
  });
});
