// Proves the customer pages in a real browser: search by name, email or phone (kept in the address), the customer 360 (profile with organization, tier/language/tags edited with If-Match and the stale-edit dialog, equipment with warranty status and "add equipment", their tickets linked both ways), on a phone and in Chinese.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';
import type { Session } from './e2e-helpers.ts';
import { DESKTOP, PHONE, assertNoHorizontalScroll, closeContexts, openPage, signIn, textOf, untranslatedStrings, poll } from './e2e-helpers.ts';

const s: Session = { stack: undefined!, browser: undefined!, contexts: [], pageErrors: [] };
let acme: { id: string };
let tickets: { id: string; number: number; subject: string }[] = [];

beforeAll(async () => {
  [s.stack, s.browser] = await Promise.all([startTestStack('e2e-customers'), launchBrowser()]);
  const org = await callApi(s.stack, 'POST', '/v1/organizations', { role: 'agent', body: { name: 'Northwind Properties', domains: ['northwind.example'] } });
  const made = await callApi(s.stack, 'POST', '/v1/customers', {
    role: 'agent',
    body: { name: 'Acme Facilities', emails: ['ops@acme.example', 'billing@acme.example'], phones: ['+44 20 7946 0000'], tier: 'priority', tags: ['key-account'], organizationId: org.body.id },
  });
  expect(made.status).toBe(201);
  acme = made.body;
  await callApi(s.stack, 'POST', '/v1/customers', { role: 'agent', body: { name: 'Acme Bakery', emails: ['hello@acmebakery.example'] } });
  await callApi(s.stack, 'POST', '/v1/customers', { role: 'agent', body: { name: 'Zoë Martin', emails: ['zoe@example.fr'], phones: ['+33 6 12 34 56 78'], language: 'zh-CN' } });
  await callApi(s.stack, 'POST', `/v1/customers/${acme.id}/assets`, {
    role: 'agent',
    body: { productModel: 'Vaillant ecoTEC plus 832', serialNumber: 'VT-2019-0007', installDate: '2019-03-01', warrantyEnd: '2021-03-01', address: '1 Quay Street, Bristol' },
  });
  for (const subject of ['Boiler pressure drops overnight', 'Annual service visit']) {
    const t = await callApi(s.stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject, description: 'From the customer page tests', customerId: acme.id } });
    tickets.push({ ...t.body, subject });
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

const rows = (page: Page) => page.getByTestId('customer-row');

async function search(page: Page, text: string, count: number): Promise<void> {
  await page.getByTestId('customer-search').fill(text);
  if (count === 0) await page.getByTestId('customers-empty').waitFor();
  else await poll(() => rows(page).count()).toBe(count);
}

async function openCustomer(page: Page, id: string): Promise<void> {
  await page.goto(`${s.stack.consoleUrl}/#/customers/${id}`);
  await page.getByTestId('customer-profile').waitFor();
}

describe('customers (browser)', () => {
  it('finds customers by name prefix, email or phone from the Customers page, and keeps the search in the address', async () => {
    const page = await openPage(s);
    await signIn(s, page);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-search').waitFor();
    expect(await page.getByTestId('nav-customers').getAttribute('aria-current')).toBe('page');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('customer-search');

    await search(page, 'acme', 2);
    expect(await rows(page).locator('[data-testid="customer-match-name"]').allInnerTexts()).toEqual(['Acme Bakery', 'Acme Facilities']);
    const facilities = rows(page).filter({ hasText: 'Acme Facilities' });
    expect(await textOf(facilities.getByTestId('customer-match-tier'))).toBe('Priority');
    expect(await facilities.getByTestId('customer-match-email').allTextContents()).toEqual(['Email: ops@acme.example', 'Email: billing@acme.example']);
    expect(new URL(page.url()).hash).toBe('#/customers?q=acme');
    await screenshot(page, 'desktop-customers-01-search');

    await search(page, 'OPS@acme.example', 1);
    await search(page, '+44 20 7946-0000', 1);
    await search(page, 'zoe', 1); // accents do not matter
    await search(page, 'Quentin', 0);
    expect(await textOf(page.locator('[data-testid="customers-empty"] h2'))).toBe('No customer found');

    await search(page, 'acme f', 1);
    await page.reload();
    await poll(() => rows(page).count()).toBe(1);
    expect(await page.getByTestId('customer-search').inputValue()).toBe('acme f');
    await rows(page).getByTestId('customer-match-name').click();
    await page.getByTestId('customer-profile').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/customers/${acme.id}`);
    // Back returns to the same search.
    await page.locator('.back-link').click();
    await poll(() => rows(page).count()).toBe(1);
  });

  it('shows the 360 profile and edits tier, language and tags with If-Match, through the stale-edit dialog when someone else saved first', async () => {
    const page = await openPage(s);
    const patches: Request[] = [];
    page.on('request', (r) => r.method() === 'PATCH' && patches.push(r));
    await signIn(s, page, `#/customers/${acme.id}`);
    await page.getByTestId('customer-profile').waitFor();
    expect(await textOf(page.getByTestId('customer-name'))).toBe('Acme Facilities');
    expect(await textOf(page.getByTestId('customer-tier'))).toBe('Priority');
    expect(await page.getByTestId('customer-emails').locator('a').allInnerTexts()).toEqual(['ops@acme.example', 'billing@acme.example']);
    expect(await page.getByTestId('customer-phones').locator('a').getAttribute('href')).toBe('tel:+442079460000');
    await poll(() => textOf(page.getByTestId('customer-organization'))).toBe('Northwind Properties');
    expect(await textOf(page.getByTestId('customer-language'))).toBe('English');
    expect(await textOf(page.getByTestId('customer-tags'))).toBe('key-account');
    await screenshot(page, 'desktop-customers-02-360');

    await page.getByTestId('customer-edit').click();
    await page.getByTestId('customer-tier-input').selectOption('vip');
    await page.getByTestId('customer-language-input').selectOption('zh-CN');
    await page.getByTestId('customer-tag-input').fill('Boiler');
    await page.getByTestId('customer-tag-add').click();
    await screenshot(page, 'desktop-customers-03-edit');
    await page.getByTestId('customer-save').click();
    await poll(() => textOf(page.getByTestId('customer-tier'))).toBe('VIP');
    expect(await textOf(page.getByTestId('customer-language'))).toBe('简体中文');
    expect(patches[0]!.headers()['if-match']).toBe('"1"');
    expect(patches[0]!.postDataJSON()).toEqual({ tier: 'vip', language: 'zh-CN', tags: ['key-account', 'boiler'] });
    const stored = await callApi(s.stack, 'GET', `/v1/customers/${acme.id}`, { role: 'agent' });
    expect(stored.body.customer).toMatchObject({ tier: 'vip', language: 'zh-CN', tags: ['key-account', 'boiler'], version: 2 });

    // Someone else lowers the tier while this page still shows version 2.
    const other = await callApi(s.stack, 'PATCH', `/v1/customers/${acme.id}`, { role: 'admin', body: { tier: 'standard' }, headers: { 'if-match': '"2"' } });
    expect(other.status).toBe(200);
    await page.getByTestId('customer-edit').click();
    await page.getByTestId('customer-tag-input').fill('north');
    await page.getByTestId('customer-tag-add').click();
    await page.getByTestId('customer-save').click();
    const dialog = page.getByTestId('customer-conflict');
    expect(await textOf(dialog.locator('h2'))).toBe('Someone else changed this customer');
    expect(await textOf(page.getByTestId('customer-conflict-now-tier'))).toBe('Standard');
    expect(await textOf(page.getByTestId('customer-conflict-yours-tier'))).toBe('unchanged');
    expect(await textOf(page.getByTestId('customer-conflict-yours-tags'))).toBe('key-account, boiler, north');
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    await screenshot(page, 'desktop-customers-04-conflict', { fullPage: false });
    await page.getByTestId('customer-conflict-apply').click();
    await dialog.waitFor({ state: 'detached' });
    await poll(async () => (await callApi(s.stack, 'GET', `/v1/customers/${acme.id}`, { role: 'agent' })).body.customer).toMatchObject({
      tier: 'standard',
      tags: ['key-account', 'boiler', 'north'],
      version: 4,
    });
    expect(patches.at(-1)!.headers()['if-match']).toBe('"3"');
    expect(await textOf(page.getByTestId('customer-tier'))).toBe('Standard');

    // Second round: reload discards the change.
    await callApi(s.stack, 'PATCH', `/v1/customers/${acme.id}`, { role: 'admin', body: { tier: 'priority' }, headers: { 'if-match': '"4"' } });
    await page.getByTestId('customer-edit').click();
    await page.getByTestId('customer-tier-input').selectOption('vip');
    await page.getByTestId('customer-save').click();
    await dialog.waitFor();
    await page.getByTestId('customer-conflict-reload').click();
    await dialog.waitFor({ state: 'detached' });
    await poll(() => textOf(page.getByTestId('customer-tier'))).toBe('Priority');
    expect((await callApi(s.stack, 'GET', `/v1/customers/${acme.id}`, { role: 'agent' })).body.customer.tier).toBe('priority');
  });

  it('lists equipment with its warranty status and adds equipment (checked first, then stored)', async () => {
    const page = await openPage(s);
    await signIn(s, page);
    await openCustomer(page, acme.id);
    const expired = page.locator('[data-testid="equipment-item"][data-serial="VT-2019-0007"]');
    expect(await textOf(expired.getByTestId('equipment-warranty'))).toBe('Warranty expired');
    expect(await textOf(expired.getByTestId('equipment-warranty-end'))).toBe('Mar 1, 2021');

    await page.getByTestId('equipment-add').click();
    await page.getByTestId('asset-submit').click();
    expect(await textOf(page.getByTestId('asset-productModel-error'))).toBe('This field is required.');
    expect(await textOf(page.getByTestId('asset-serialNumber-error'))).toBe('This field is required.');
    await page.getByTestId('asset-productModel').fill('Daikin Altherma 3 H HT');
    await page.getByTestId('asset-serialNumber').fill('DK-2025-1142');
    await page.getByTestId('asset-installDate').fill('2025-05-20');
    await page.getByTestId('asset-warrantyEnd').fill('2025-01-01');
    await page.getByTestId('asset-submit').click();
    expect(await textOf(page.getByTestId('asset-warrantyEnd-error'))).toBe('The warranty cannot end before the installation date.');
    await page.getByTestId('asset-warrantyEnd').fill('2099-05-20');
    await page.getByTestId('asset-address').fill('Unit 4, Harbour Road');
    await screenshot(page, 'desktop-customers-05-add-equipment');
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${s.stack.apiUrl}/v1/customers/${acme.id}/assets` && r.request().method() === 'POST'),
      page.getByTestId('asset-submit').click(),
    ]);
    expect(created.status()).toBe(201);
    const added = page.locator('[data-testid="equipment-item"][data-serial="DK-2025-1142"]');
    expect(await textOf(added.getByTestId('equipment-warranty'))).toBe('In warranty');
    await page.reload();
    await added.waitFor();
    expect(await page.getByTestId('equipment-item').count()).toBe(2);
    const stored = await callApi(s.stack, 'GET', `/v1/customers/${acme.id}`, { role: 'agent' });
    expect(stored.body.assets.find((a: { serialNumber: string }) => a.serialNumber === 'DK-2025-1142')).toMatchObject({
      productModel: 'Daikin Altherma 3 H HT',
      installDate: '2025-05-20',
      warrantyEnd: '2099-05-20',
      address: 'Unit 4, Harbour Road',
    });
  });

  it('links the customer’s tickets both ways and starts a ticket for the customer', async () => {
    const page = await openPage(s);
    await signIn(s, page);
    await openCustomer(page, acme.id);
    const links = page.getByTestId('customer-ticket-link');
    await poll(() => links.count()).toBe(2);
    await links.filter({ hasText: 'Annual service visit' }).click();
    await page.getByTestId('ticket-subject').waitFor();
    const annual = tickets.find((t) => t.subject === 'Annual service visit')!;
    expect(new URL(page.url()).hash).toBe(`#/tickets/${annual.id}`);
    // The ticket page's customer panel leads back to the 360.
    await page.getByTestId('customer-profile-link').click();
    await page.getByTestId('customer-profile').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/customers/${acme.id}`);

    await page.getByTestId('customer-new-ticket').click();
    await page.getByTestId('chosen-customer').waitFor();
    expect(await page.getByTestId('chosen-customer').getAttribute('data-customer-id')).toBe(acme.id);
  });

  it('works on a phone and in Chinese', async () => {
    const phone = await openPage(s, PHONE);
    await signIn(s, phone, '#/customers');
    await search(phone, 'acme', 2);
    await assertNoHorizontalScroll(phone, 'customer search');
    await screenshot(phone, 'phone-customers-01-search', { fullPage: false });
    await openCustomer(phone, acme.id);
    await phone.getByTestId('equipment-item').first().waitFor();
    await assertNoHorizontalScroll(phone, 'customer 360');
    const profile = (await phone.getByTestId('customer-profile').boundingBox())!;
    const equipment = (await phone.getByTestId('equipment').boundingBox())!;
    expect(equipment.y).toBeGreaterThanOrEqual(profile.y + profile.height); // stacked
    await screenshot(phone, 'phone-customers-02-360');

    const zh = await openPage(s, DESKTOP, 'zh-CN');
    await signIn(s, zh);
    await openCustomer(zh, acme.id);
    await zh.getByTestId('equipment-item').first().waitFor();
    await poll(() => textOf(zh.getByTestId('customer-organization'))).toBe('Northwind Properties');
    expect(await textOf(zh.locator('[data-serial="VT-2019-0007"] [data-testid="equipment-warranty"]'))).toBe(zhCN['equipment.warranty.expired']);
    expect(await textOf(zh.getByTestId('customer-new-ticket'))).toBe(zhCN['customer.newTicket']);
    expect(await untranslatedStrings(zh)).toEqual([]);
    await screenshot(zh, 'zh-customers-01-360');
    await zh.goto(`${s.stack.consoleUrl}/#/customers?q=acme`);
    await poll(() => rows(zh).count()).toBe(2);
    expect(await untranslatedStrings(zh)).toEqual([]);
  });
});
