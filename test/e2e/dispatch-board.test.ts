// Proves the dispatcher's board in a real browser: technicians as rows on the user's clock (a Shanghai technician's hours shown in UTC, the zone explained), one work order booked through the Assign dialog and one by drag and drop, each landing on its technician's row (and in the API), a taken slot refused in words, and the automatic dispatch's give-up reason with its counts in English and Chinese.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dispatchEn } from '../../web/src/i18n/dispatch-en.ts';
import { dispatchZhCN } from '../../web/src/i18n/dispatch-zh-CN.ts';
import { en } from '../../web/src/i18n/en.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';
import type { Session } from './e2e-helpers.ts';
import { DESKTOP, closeContexts, openPage, poll, signIn, textOf, untranslatedStrings } from './e2e-helpers.ts';

const s: Session = { stack: undefined!, browser: undefined!, contexts: [], pageErrors: [] };

/** Today on the browser's clock (the pages run in UTC), and instants on it. */
const today = new Date().toISOString().slice(0, 10);
const at = (hh: string) => `${today}T${hh}:00Z`;
const allWeek = (start: string, end: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start, end }]]));

const technicians = [
  { id: 'ana', name: 'Ana Silva', skills: [{ skill: 'boiler', level: 4 }], home: { lat: 52.52, lng: 13.4 }, regions: ['north'], timeZone: 'UTC', workingHours: allWeek('08:00', '18:00'), dailyCapacity: 4, timeOff: [] },
  // 08:00–18:00 in Shanghai is 00:00–10:00 on the board's UTC clock.
  { id: 'bo', name: 'Bo Chen', skills: [{ skill: 'boiler', level: 2 }, { skill: 'hvac', level: 3 }], home: { lat: 52.5, lng: 13.45 }, regions: ['north'], timeZone: 'Asia/Shanghai', workingHours: allWeek('08:00', '18:00'), dailyCapacity: 4, timeOff: [] },
];

let ticket: { id: string; number: number };
const orders = { dialog: '', drag: '', clash: '' };

async function newOrder(summary: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await callApi(s.stack, 'POST', '/v1/work-orders', {
    role: 'agent',
    body: {
      ticketId: ticket.id,
      type: 'repair',
      summary,
      address: 'Alexanderplatz 1, Berlin',
      location: { lat: 52.52, lng: 13.41 },
      region: 'north',
      skills: [{ skill: 'boiler', minLevel: 1 }],
      partsExpected: [],
      window: { start: at('00:00'), end: at('18:00') },
      estimatedMinutes: 90,
      priority: 'normal',
      dispatch: 'manual',
      ...extra,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

beforeAll(async () => {
  [s.stack, s.browser] = await Promise.all([startTestStack('e2e-dispatch-board'), launchBrowser()]);
  const created = await callApi(s.stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 'Boiler leaking', description: 'Water under the unit', priority: 'high' } });
  expect(created.status).toBe(201);
  ticket = { id: created.body.id, number: created.body.number };
  for (const tech of technicians) {
    const put = await callApi(s.stack, 'PUT', `/v1/technicians/${tech.id}`, { role: 'admin', body: tech });
    expect(put.status, JSON.stringify(put.body)).toBeLessThan(300);
  }
  orders.dialog = (await newOrder('Replace the boiler valve')).id;
  orders.drag = (await newOrder('Bleed the radiators', { priority: 'high' })).id;
  orders.clash = (await newOrder('Check the pressure', { priority: 'low' })).id;
});

afterAll(async () => {
  await s.browser?.close();
  await s.stack?.stop();
});

afterEach(async () => {
  await closeContexts(s);
  expect(s.pageErrors.splice(0)).toEqual([]);
});

async function openBoard(page: Page, hash = '#/dispatch'): Promise<void> {
  await signIn(s, page, hash, 'agent');
  await page.locator('[data-testid="board"][data-state="ready"]').waitFor();
}

/** ICU puts narrow no-break spaces before AM/PM; plain spaces read better in asserts. */
const plain = (text: string | null) => (text ?? '').replace(/[\u202f\u00a0]/g, ' ');

const workOrder = async (id: string) => (await callApi(s.stack, 'GET', `/v1/work-orders/${id}`, { role: 'agent' })).body;

describe('dispatch board (browser)', () => {
  it('books one work order through the Assign dialog and one by drag and drop, each on its technician’s row', async () => {
    const page = await openPage(s, DESKTOP);
    await openBoard(page);
    expect(await textOf(page.locator('h1.page-title'))).toBe('Dispatch');
    expect(await page.getByTestId('nav-dispatch').getAttribute('aria-current')).toBe('page');
    for (const id of Object.values(orders)) await page.getByTestId(`waiting-${id}`).waitFor();
    // Bo works in Shanghai: the row says so, and why the hours look shifted.
    // (Chromium's ICU names UTC "GMT+0", Node's "GMT".)
    expect(await page.getByTestId('board-tech-zone-bo').getAttribute('title')).toMatch(/^Bo Chen works in Asia\/Shanghai \(GMT\+8\)\. The board shows your time \(GMT(\+0)?\)\.$/);
    expect(await page.getByTestId('board-tech-zone-ana').count()).toBe(0);
    await screenshot(page, 'dispatch-en-01-board');

    // The keyboard way: Assign… → Ana, 09:00.
    await page.getByTestId(`waiting-${orders.dialog}-assign`).click();
    const dialog = page.getByTestId('assign-dialog');
    await dialog.waitFor();
    // Those who fit come first; Bo's boiler level 2 passes the job's level 1 too, so by name.
    expect(await dialog.locator('.assign-tech-name').allInnerTexts()).toEqual(['Ana Silva', 'Bo Chen']);
    await page.getByTestId('assign-tech-ana').click();
    await page.getByTestId('assign-start').fill(`${today}T09:00`);
    await screenshot(page, 'dispatch-en-02-assign-dialog', { fullPage: false });
    await page.getByTestId('assign-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const first = page.locator(`[data-testid="board-row-ana"] [data-testid="board-block-${orders.dialog}"]`);
    await first.waitFor();
    expect(await first.getAttribute('data-status')).toBe('accepted');
    expect(await first.innerText()).toContain('Replace the boiler valve');
    expect(plain(await first.innerText())).toContain('9:00 AM–10:30 AM');
    expect(await page.getByTestId(`waiting-${orders.dialog}`).count()).toBe(0);
    expect(await workOrder(orders.dialog)).toMatchObject({ status: 'accepted', technicianId: 'ana', scheduledStart: new Date(at('09:00')).toISOString() });

    // The pointer way: drag the card onto Bo's row, a third of the way along (the day shows 00:00–18:00).
    // The day opens scrolled to an hour before now; from its start the drop point is on screen.
    await page.getByTestId('board-scroll').evaluate((el) => (el.scrollLeft = 0));
    const track = page.getByTestId('board-track-bo');
    const box = (await track.boundingBox())!;
    await page.getByTestId(`waiting-${orders.drag}`).dragTo(track, { targetPosition: { x: box.width * (6.1 / 18), y: box.height / 2 } });
    const second = page.locator(`[data-testid="board-row-bo"] [data-testid="board-block-${orders.drag}"]`);
    await second.waitFor();
    await page.getByTestId('board-notice-success').waitFor();
    const dragged = await workOrder(orders.drag);
    expect(dragged).toMatchObject({ status: 'accepted', technicianId: 'bo' });
    expect(dragged.scheduledStart).toBe(new Date(at('06:00')).toISOString());
    // Her own clock in the tooltip: 06:00 UTC is 2 PM in Shanghai.
    expect(plain(await second.getAttribute('title'))).toContain('2:00 PM – 3:30 PM for Bo Chen (Asia/Shanghai)');
    await screenshot(page, 'dispatch-en-03-booked');

    // Ana is busy at 09:00: the API's SLOT_TAKEN, said in words, in the dialog.
    await page.getByTestId(`waiting-${orders.clash}-assign`).click();
    await page.getByTestId('assign-tech-ana').click();
    await page.getByTestId('assign-start').fill(`${today}T09:30`);
    await page.getByTestId('assign-submit').click();
    expect(plain(await textOf(page.getByTestId('assign-error')))).toMatch(/^Ana Silva already has a job then \(.*9:00 AM – 10:30 AM\)\. Pick another time or technician\.$/);
    await page.getByTestId('assign-close').click();
    expect((await workOrder(orders.clash)).status).toBe('unscheduled');

    // The week shows both on today's column.
    await page.getByTestId('board-view-week').click();
    await page.locator('[data-testid="dispatch-page"][data-view="week"] [data-testid="board"][data-state="ready"]').waitFor();
    await page.locator(`[data-testid="board-cell-ana-${today}"] [data-testid="board-block-${orders.dialog}"]`).waitFor();
    await page.locator(`[data-testid="board-cell-bo-${today}"] [data-testid="board-block-${orders.drag}"]`).waitFor();
    await screenshot(page, 'dispatch-en-04-week');
  });

  it('says why automatic dispatch gave up, with how many were ruled out, in English and Chinese', async () => {
    // Nobody can weld: the workflow rules out both technicians for a missing skill and gives up.
    const order = await newOrder('Weld the flue', { skills: [{ skill: 'welding', minLevel: 2 }], dispatch: 'auto', priority: 'urgent' });
    await poll(async () => (await workOrder(order.id)).dispatch?.state).toBe('gave_up');
    expect((await workOrder(order.id)).dispatch.gaveUp).toMatchObject({ reason: 'no_eligible_technician', excluded: { missing_skill: 2 } });

    const page = await openPage(s, DESKTOP);
    await openBoard(page);
    // Other rules may rule someone out as well; the missing skill must be among the reasons.
    const reason = await textOf(page.getByTestId(`waiting-${order.id}-gave-up-reason`));
    expect(reason).toMatch(/^No eligible technician: /);
    expect(reason).toContain('2 lack a required skill');
    expect(await page.getByTestId(`waiting-${order.id}-auto`).isVisible()).toBe(true);
    await screenshot(page, 'dispatch-en-05-gave-up');

    const zh = await openPage(s, DESKTOP, 'zh-CN');
    await openBoard(zh);
    expect(await textOf(zh.locator('h1.page-title'))).toBe('派工');
    const zhReason = await textOf(zh.getByTestId(`waiting-${order.id}-gave-up-reason`));
    expect(zhReason).toMatch(/^没有符合条件的技术员：/);
    expect(zhReason).toContain('2 人缺少所需技能');
    expect(await untranslatedStrings(zh, [[en, zhCN], [dispatchEn, dispatchZhCN]])).toEqual([]);
    await screenshot(zh, 'dispatch-zh-01-board');
    await zh.getByTestId('board-view-week').click();
    await zh.locator('[data-testid="dispatch-page"][data-view="week"] [data-testid="board"][data-state="ready"]').waitFor();
    await screenshot(zh, 'dispatch-zh-02-week');
    await zh.getByTestId(`waiting-${orders.clash}-assign`).click();
    await zh.getByTestId('assign-dialog').waitFor();
    expect(await untranslatedStrings(zh, [[en, zhCN], [dispatchEn, dispatchZhCN]])).toEqual([]);
    await screenshot(zh, 'dispatch-zh-03-assign-dialog', { fullPage: false });
  });
});
