// Proves the Parts pages in a real browser: the catalog with stock per location, a location's stock and a part's ledger, the low-stock list, receiving stock from it (a retried submission moves stock once), today's alert banner, in English and Chinese; technicians get no Parts module.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.ts';
import { partsEn } from '../../web/src/i18n/parts-en.ts';
import { partsZhCN } from '../../web/src/i18n/parts-zh-CN.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';
import type { Session } from './e2e-helpers.ts';
import { assertNoHorizontalScroll, closeContexts, openPage, poll, signIn, textOf, untranslatedStrings } from './e2e-helpers.ts';

const s: Session = { stack: undefined!, browser: undefined!, contexts: [], pageErrors: [] };
let moves = 0;

async function api(method: string, path: string, body?: unknown) {
  const res = await callApi(s.stack, method, path, { role: 'admin', body });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}
const move = (body: Record<string, unknown>) => api('POST', '/v1/stock-movements', { id: `e2e-${++moves}`, ...body });
const level = async (locationId: string, sku: string) =>
  ((await api('GET', `/v1/stock-locations/${locationId}/stock`)).items as { sku: string; onHand: number }[]).find((r) => r.sku === sku);

beforeAll(async () => {
  [s.stack, s.browser] = await Promise.all([startTestStack('e2e-parts'), launchBrowser()]);
  await api('PUT', '/v1/parts/FLT-100', { name: { en: 'Boiler filter', 'zh-CN': '锅炉过滤器' }, unitCostCents: 1250, safetyStock: 5 });
  await api('PUT', '/v1/parts/PMP-200', { name: { en: 'Circulation pump', 'zh-CN': '循环泵' }, unitCostCents: 8000, safetyStock: 2 });
  await api('PUT', '/v1/parts/VLV-300', { name: { en: 'Pressure valve' }, unitCostCents: 300, safetyStock: 0 });
  await api('PUT', '/v1/stock-locations/main', { kind: 'warehouse', name: { en: 'Main warehouse', 'zh-CN': '主仓库' } });
  await api('PUT', '/v1/stock-locations/van-7', { kind: 'van', name: { en: 'Van 7', 'zh-CN': '7 号服务车' }, technicianId: 'tech-7' });
  await move({ kind: 'receive', sku: 'FLT-100', qty: 6, to: 'main' });
  await move({ kind: 'receive', sku: 'VLV-300', qty: 10, to: 'main' });
  await move({ kind: 'transfer', sku: 'VLV-300', qty: 4, from: 'main', to: 'van-7' });
  await move({ kind: 'receive', sku: 'PMP-200', qty: 1, to: 'van-7' });
  // Main falls to 4 filters, below 5: today's alert.
  await move({ kind: 'scrap', sku: 'FLT-100', qty: 2, from: 'main' });
});

afterAll(async () => {
  await s.browser?.close();
  await s.stack?.stop();
});

afterEach(async () => {
  await closeContexts(s);
  expect(s.pageErrors.splice(0)).toEqual([]);
});

describe('Parts (browser)', () => {
  it('shows the catalog with stock per location and today’s alert, then a location’s stock and a part’s ledger', async () => {
    const page = await openPage(s);
    await signIn(s, page, '#/parts', 'agent');
    await page.getByTestId('nav-parts').waitFor();
    expect(await page.getByTestId('nav-parts').getAttribute('aria-current')).toBe('page');
    const filter = page.locator('[data-testid="part-row"][data-sku="FLT-100"]');
    await filter.locator('[data-testid="stock-by-location"]').waitFor();
    expect(await textOf(filter)).toContain('Boiler filter');
    expect(await filter.locator('li[data-location="main"]').getAttribute('data-below')).toBe('true');
    expect(await textOf(page.locator('[data-testid="part-row"][data-sku="VLV-300"] [data-testid="stock-by-location"]'))).toMatch(/Main warehouse 6\s+Van 7 4/);
    const alert = page.getByTestId('stock-alert');
    await alert.waitFor();
    expect(await textOf(alert)).toContain('FLT-100 at Main warehouse: 4 available, safety stock 5');
    await assertNoHorizontalScroll(page, 'parts catalog');
    await screenshot(page, 'parts-catalog');

    await page.locator('[data-testid="location-link"][data-id="van-7"]').click();
    const pump = page.locator('[data-testid="stock-row"][data-sku="PMP-200"]');
    await pump.waitFor();
    expect(await pump.getAttribute('data-below')).toBe('true');
    // Said in words and with a shape, not only by colour.
    expect(await textOf(pump.getByTestId('stock-status'))).toMatch(/^▼\s*Below safety stock$/);
    expect(await textOf(page.locator('[data-testid="stock-row"][data-sku="VLV-300"] [data-testid="stock-status"]'))).toMatch(/^✓\s*OK$/);
    await screenshot(page, 'parts-location');

    await page.goto(`${s.stack.consoleUrl}/#/parts/locations/main/FLT-100`);
    await page.getByTestId('movement-row').first().waitFor();
    expect(await page.getByTestId('movement-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')))).toEqual(['scrap', 'receive']);
    expect(await textOf(page.getByTestId('movement-row').first())).toContain('−2');
    await screenshot(page, 'parts-ledger');
  });

  it('receives stock from the low-stock list; a retried submission moves the stock once', async () => {
    const page = await openPage(s);
    await signIn(s, page, '#/parts/low', 'agent');
    const rows = page.getByTestId('low-stock-row');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((r) => r.map((row) => `${row.getAttribute('data-location')} ${row.getAttribute('data-sku')}`))).toEqual(['main FLT-100', 'van-7 PMP-200']);
    await screenshot(page, 'parts-low-stock');

    await page.locator('[data-testid="low-stock-row"][data-location="main"] [data-testid="low-stock-receive"]').click();
    await page.getByTestId('move-form').waitFor();
    expect(await page.getByTestId('move-sku').inputValue()).toBe('FLT-100');
    expect(await page.getByTestId('move-to').inputValue()).toBe('main');
    expect(await page.getByTestId('move-qty').inputValue()).toBe('1');
    await page.getByTestId('move-qty').fill('3');

    // The first attempt never reaches the API; sending again carries the same id.
    const ids: string[] = [];
    let failures = 1;
    await page.route(`${s.stack.apiUrl}/v1/stock-movements`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      ids.push(JSON.parse(route.request().postData() ?? '{}').id);
      if (failures-- > 0) return route.abort('connectionreset');
      return route.continue();
    });
    await page.getByTestId('move-submit').click();
    await page.getByTestId('error-banner').waitFor();
    await page.getByTestId('move-submit').click();
    const done = page.getByTestId('move-done');
    await done.waitFor();
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(await done.getAttribute('data-replayed')).toBe('false');
    expect(await textOf(page.getByTestId('move-levels'))).toBe('Available now: Main warehouse 7.');
    expect((await level('main', 'FLT-100'))?.onHand).toBe(7);
    await screenshot(page, 'parts-received');

    // Form errors are said beside their field; the API's refusal too.
    await page.getByTestId('move-kind-scrap').check();
    await page.getByTestId('move-qty').fill('0');
    await page.getByTestId('move-submit').click();
    expect(await textOf(page.getByTestId('move-qty-error'))).toBe(partsEn['parts.move.qtyInvalid']);
    expect(await textOf(page.getByTestId('move-from-error'))).toBe(partsEn['parts.move.required']);
    await page.getByTestId('move-qty').fill('99');
    await page.getByTestId('move-from').selectOption('main');
    await page.getByTestId('move-submit').click();
    expect(await textOf(page.getByTestId('move-qty-error'))).toBe('Only 7 available at Main warehouse; 99 asked for.');
    expect((await level('main', 'FLT-100'))?.onHand).toBe(7);

    await page.getByTestId('parts-tab-low').click();
    await poll(async () => page.getByTestId('low-stock-row').evaluateAll((r) => r.map((row) => row.getAttribute('data-sku')))).toEqual(['PMP-200']);
  });

  it('reads in Chinese', async () => {
    const page = await openPage(s, undefined, 'zh-CN');
    await signIn(s, page, '#/parts/locations/van-7', 'admin');
    await page.locator('[data-testid="stock-row"][data-sku="PMP-200"]').waitFor();
    expect(await textOf(page.getByTestId('location-title'))).toBe('7 号服务车的库存');
    expect(await textOf(page.locator('[data-testid="stock-row"][data-sku="PMP-200"]'))).toContain('循环泵');
    expect(await textOf(page.getByTestId('nav-parts'))).toBe(zhCN['nav.parts']);
    expect(await untranslatedStrings(page, [[en, zhCN], [partsEn, partsZhCN]])).toEqual([]);
    await screenshot(page, 'parts-location-zh');
    await page.goto(`${s.stack.consoleUrl}/#/parts`);
    await page.locator('[data-testid="part-row"][data-sku="FLT-100"] [data-testid="stock-by-location"]').waitFor();
    expect(await untranslatedStrings(page, [[en, zhCN], [partsEn, partsZhCN]])).toEqual([]);
    await screenshot(page, 'parts-catalog-zh');
  });

  it('has no Parts module for technicians or finance', async () => {
    for (const role of ['technician', 'finance']) {
      const page = await openPage(s);
      await signIn(s, page, '#/parts', role);
      await page.getByTestId('no-access').waitFor();
      expect(await page.getByTestId('nav-parts').count(), role).toBe(0);
    }
  });
});
