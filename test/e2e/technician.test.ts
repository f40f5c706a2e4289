// Proves the technician's phone view in a real browser at 390×844 with touch: the dev technician login (linked to a technician record) lands on My jobs, sees a job assigned by a dispatcher, starts travel (a stale version reloads and says so), checks in with the phone's position, fills the service report with a photo (uploaded with the presigned flow; going offline keeps the form), checks out, has the customer sign on the canvas with touch and mouse strokes, and signs off — the work order then carries the location, report, photo and signature (a PNG on the ticket); an automatic dispatch's offer appears under My jobs with its time left and becomes a booked job on Accept; the pages in Chinese leave nothing untranslated.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.ts';
import { techEn } from '../../web/src/i18n/tech-en.ts';
import { techZhCN } from '../../web/src/i18n/tech-zh-CN.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';
import type { Session } from './e2e-helpers.ts';
import { assertNoHorizontalScroll, closeContexts, poll, signIn, textOf, untranslatedStrings, userId } from './e2e-helpers.ts';

const s: Session = { stack: undefined!, browser: undefined!, contexts: [], pageErrors: [] };
const RUN = Date.now().toString(36);
/** The phone of the brief: an iPhone 12-14 sized screen with touch. */
const PHONE_390: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
/** Where the phone says it is at the customer's door. */
const DOOR = { latitude: 31.2304, longitude: 121.4737, accuracy: 12 };
/** A real (1×1) PNG, as a phone camera's picture stands in here. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const TECH_ID = `tech-${RUN}`;
const REGION = `e2e-${RUN}`;
const SKILL = `boilers-${RUN}`.slice(0, 40);
const HOUR = 3_600_000;

beforeAll(async () => {
  [s.stack, s.browser] = await Promise.all([startTestStack('e2e-technician'), launchBrowser()]);
  // The dev technician login is this technician (as an admin links them in the directory).
  const allDay = [{ start: '00:00', end: '24:00' }];
  const res = await callApi(s.stack, 'PUT', `/v1/technicians/${TECH_ID}`, {
    role: 'admin',
    body: {
      id: TECH_ID,
      userId: userId(s.stack, 'technician'),
      name: 'Ana Field',
      skills: [{ skill: SKILL, level: 3 }],
      home: { lat: 31.22, lng: 121.45 },
      regions: [REGION],
      timeZone: 'UTC',
      workingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      dailyCapacity: 10,
      timeOff: [],
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
});

afterAll(async () => {
  await s.browser?.close();
  await s.stack?.stop();
});

afterEach(async () => {
  await closeContexts(s);
  expect(s.pageErrors.splice(0)).toEqual([]);
});

async function phone(locale = 'en-US'): Promise<Page> {
  const context = await s.browser.newContext({ ...PHONE_390, locale, timezoneId: 'UTC', geolocation: DOOR, permissions: ['geolocation'] });
  s.contexts.push(context);
  context.on('weberror', (e) => s.pageErrors.push(String(e.error())));
  return context.newPage();
}

async function createTicket(subject: string): Promise<{ id: string; number: number }> {
  const res = await callApi(s.stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject, description: `Details for ${subject}`, customerEmail: 'wang@example.com' } });
  expect(res.status).toBe(201);
  return res.body;
}

/** A work order for a new ticket; its window starts `startInMs` from now, for 4 hours. */
async function createWorkOrder(summary: string, dispatch: 'manual' | 'auto', startInMs = HOUR): Promise<any> {
  const ticket = await createTicket(summary);
  const start = new Date(Math.ceil((Date.now() + startInMs) / 60_000) * 60_000);
  const res = await callApi(s.stack, 'POST', '/v1/work-orders', {
    role: 'agent',
    body: {
      ticketId: ticket.id,
      type: 'repair',
      summary,
      address: '12 Nanjing West Road, Flat 3 (rear entrance), Shanghai',
      location: { lat: 31.2297, lng: 121.4609 },
      region: REGION,
      skills: [{ skill: SKILL, minLevel: 2 }],
      window: { start: start.toISOString(), end: new Date(start.getTime() + 4 * HOUR).toISOString() },
      estimatedMinutes: 60,
      priority: 'high',
      dispatch,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function workOrder(id: string): Promise<any> {
  const res = await callApi(s.stack, 'GET', `/v1/work-orders/${id}`, { role: 'admin' });
  expect(res.status).toBe(200);
  return res.body;
}

/** The day switcher's choice on which a job starting at `iso` is listed (the phone runs in UTC). */
function dayOf(iso: string): 'today' | 'tomorrow' {
  return iso.slice(0, 10) === new Date().toISOString().slice(0, 10) ? 'today' : 'tomorrow';
}

/** A finger stroke through CDP's touch events (pointerType "touch", as on a real phone). */
async function touchStroke(page: Page, points: { x: number; y: number }[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const [first, ...rest] = points;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [first!] });
  for (const p of rest) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

describe('the technician’s phone', () => {
  it('works a booked job from travel to the customer’s signature', async () => {
    const created = await createWorkOrder(`Boiler leaking ${RUN}`, 'manual');
    const start = new Date(Date.parse(created.window.start) + 30 * 60_000).toISOString();
    const assigned = await callApi(s.stack, 'POST', `/v1/work-orders/${created.id}/assign`, { role: 'admin', body: { technicianId: TECH_ID, start }, headers: { 'if-match': `"${created.version}"` } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);

    // A technician-only login opens on My jobs.
    const page = await phone();
    await signIn(s, page, '', 'technician');
    await page.getByTestId('jobs-page').waitFor();
    if (dayOf(start) === 'tomorrow') await page.getByTestId('day-tomorrow').click();
    const card = page.locator(`[data-testid="job-card"][data-id="${created.id}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('accepted');
    expect(await textOf(card)).toContain(`Boiler leaking ${RUN}`);
    expect(await textOf(card.getByTestId('job-status'))).toBe('Booked');
    await assertNoHorizontalScroll(page, 'my jobs');
    await screenshot(page, 'phone-technician-01-my-jobs');

    await card.click();
    await page.getByTestId('job-page').waitFor();
    expect(await textOf(page.getByTestId('job-title'))).toBe(`Boiler leaking ${RUN}`);
    expect(await textOf(page.getByTestId('job-ticket'))).toBe(`Ticket #${created.ticketNumber}`);
    // Not an Android phone: the map opens on OpenStreetMap, centred on the job.
    expect(await page.getByTestId('open-maps').getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=31.2297&mlon=121.4609#map=17/31.2297/121.4609');
    await assertNoHorizontalScroll(page, 'job page');
    await screenshot(page, 'phone-technician-02-job');

    // Someone else moves the job on meanwhile: the stale step reloads the job and says so.
    const elsewhere = await callApi(s.stack, 'POST', `/v1/work-orders/${created.id}/progress`, { role: 'admin', body: { step: 'start_travel' }, headers: { 'if-match': `"${assigned.body.version}"` } });
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(200);
    await page.getByTestId('start-travel').click();
    await page.locator('[data-testid="job-said"][data-key="tech.step.conflict"]').waitFor();
    await page.locator('[data-testid="job-page"][data-status="en_route"]').waitFor();

    // Check in: the browser's position goes with it.
    await page.getByTestId('check-in').click();
    await page.locator('[data-testid="job-page"][data-status="on_site"]').waitFor();
    expect(await textOf(page.getByTestId('job-said'))).toBe('Checked in with your location (accurate to 12 m).');
    const checkedIn = await workOrder(created.id);
    expect(checkedIn.checkIn.location).toEqual({ lat: DOOR.latitude, lng: DOOR.longitude, accuracyM: 12 });

    // The report: both texts are required; a photo uploads at once with its progress.
    await page.getByTestId('report-form').waitFor();
    await page.getByTestId('check-out').click();
    expect(await textOf(page.getByTestId('report-blocked'))).toBe('Some fields need attention (marked above).');
    await page.getByTestId('report-diagnosis').fill('Valve seal worn; water dripping onto the floor.');
    await page.getByTestId('report-workDone').fill('Replaced the seal and pressure tested for 15 minutes.');
    const uploads: string[] = [];
    page.on('request', (r) => r.method() === 'PUT' && r.url().includes('X-Amz-Signature') && uploads.push(r.headers()['content-type'] ?? ''));
    await page.getByTestId('photo-input').setInputFiles([{ name: 'boiler.png', mimeType: 'image/png', buffer: PNG }]);
    await page.locator('[data-testid="photo"][data-state="done"]').waitFor();
    expect(uploads).toEqual(['image/png']);
    await page.getByTestId('report-form').evaluate((el) => el.scrollIntoView());
    await assertNoHorizontalScroll(page, 'report form');
    await screenshot(page, 'phone-technician-03-report', { fullPage: false });

    // Offline, check-out fails and keeps everything typed; back online it goes through.
    await page.context().setOffline(true);
    await page.getByTestId('check-out').click();
    await page.getByTestId('error-banner').waitFor();
    expect(await page.getByTestId('report-diagnosis').inputValue()).toBe('Valve seal worn; water dripping onto the floor.');
    expect(await page.locator('[data-testid="photo"][data-state="done"]').count()).toBe(1);
    await page.context().setOffline(false);
    await page.getByTestId('check-out').click();
    await page.locator('[data-testid="job-page"][data-status="completed"]').waitFor();

    // The customer signs with a finger (touch) and the technician adds a stroke with the mouse.
    const pad = page.getByTestId('sign-pad');
    await pad.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.getByTestId('sign-submit').click();
    expect(await textOf(page.getByTestId('sign-problem'))).toBe('Ask the customer to sign in the box first.');
    const box = (await pad.boundingBox())!;
    await touchStroke(
      page,
      Array.from({ length: 30 }, (_, i) => ({ x: box.x + 30 + i * 9, y: box.y + 110 - Math.sin(i / 3) * 40 })),
    );
    await poll(() => pad.getAttribute('data-strokes')).toBe('1');
    await page.mouse.move(box.x + 40, box.y + 150);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + 40 + i * 12, box.y + 150 + (i % 2) * 4);
    await page.mouse.up();
    await poll(() => pad.getAttribute('data-strokes')).toBe('2');
    expect(await page.getByTestId('sign-state').getAttribute('data-signed')).toBe('true');
    // The page did not scroll under the finger.
    expect(await pad.evaluate((el) => getComputedStyle(el).touchAction)).toBe('none');
    await page.getByTestId('sign-name').fill('Wang Lei');
    await screenshot(page, 'phone-technician-04-signature', { fullPage: false });
    await page.getByTestId('sign-submit').click();
    await page.locator('[data-testid="job-page"][data-status="signed_off"]').waitFor();
    expect(await textOf(page.getByTestId('job-said'))).toBe('Signed off. This job is complete.');
    await screenshot(page, 'phone-technician-05-signed-off');

    const done = await workOrder(created.id);
    expect(done.status).toBe('signed_off');
    expect(done.checkOut.location).toEqual({ lat: DOOR.latitude, lng: DOOR.longitude, accuracyM: 12 });
    expect(done.report).toMatchObject({ diagnosis: 'Valve seal worn; water dripping onto the floor.', workDone: 'Replaced the seal and pressure tested for 15 minutes.', partsUsed: [] });
    expect(done.report.photoIds).toHaveLength(1);
    expect(done.signOff).toMatchObject({ signedBy: 'Wang Lei' });
    // Photo and signature are files of the ticket; the signature is the PNG drawn on the pad.
    const ticket = await callApi(s.stack, 'GET', `/v1/tickets/${created.ticketId}`, { role: 'agent' });
    const files = new Map<string, any>((ticket.body.attachments ?? ticket.body.ticket?.attachments ?? []).map((a: any) => [a.id, a]));
    expect(files.get(done.report.photoIds[0])).toMatchObject({ name: 'boiler.png', contentType: 'image/png' });
    expect(files.get(done.signOff.signatureId)).toMatchObject({ name: `signature-${created.ticketNumber}.png`, contentType: 'image/png' });
    const link = await callApi(s.stack, 'GET', `/v1/tickets/${created.ticketId}/attachments/${done.signOff.signatureId}`, { role: 'agent' });
    const png = Buffer.from(await (await fetch(link.body.url)).arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(1000);
  });

  it('shows an automatic dispatch’s offer with the time left, and books it on Accept', async () => {
    const created = await createWorkOrder(`Heat pump install ${RUN}`, 'auto', 2 * HOUR);
    // The dispatch workflow ranks our technician (the only one with this region and skill) and offers the job.
    await poll(async () => (await workOrder(created.id)).status).toBe('offered');
    const offered = await workOrder(created.id);
    expect(offered.offeredTo).toBe(TECH_ID);

    const page = await phone();
    await signIn(s, page, '#/jobs', 'technician');
    // The bell tells of the offer and leads to the job.
    await page.getByTestId('notice-bell').click();
    const notice = page.locator(`[data-testid="notice"][data-kind="work_offer"][data-work-order-id="${created.id}"]`);
    expect(await textOf(notice.getByTestId('notice-link'))).toMatch(new RegExp(`^New job offered: Heat pump install ${RUN} \\(#${created.ticketNumber}\\), answer by `));
    await screenshot(page, 'phone-technician-06-offer-notice', { fullPage: false });
    await notice.getByTestId('notice-link').click();
    await page.getByTestId('job-offer').waitFor();
    expect(await textOf(page.getByTestId('offer-time-left'))).toMatch(/left to answer$/);
    await page.getByTestId('back-to-jobs').click();
    if (dayOf(offered.window.start) === 'tomorrow') await page.getByTestId('day-tomorrow').click();
    const offer = page.locator(`[data-testid="offer-card"][data-id="${created.id}"]`);
    await offer.waitFor();
    expect(await textOf(offer)).toContain(`Heat pump install ${RUN}`);
    expect(await textOf(offer.getByTestId('offer-time-left'))).toMatch(/left to answer$/);
    await assertNoHorizontalScroll(page, 'offer');
    await screenshot(page, 'phone-technician-07-offer', { fullPage: false });

    await offer.getByTestId('offer-accept').click();
    const card = page.locator(`[data-testid="job-card"][data-id="${created.id}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('accepted');
    expect(await page.locator(`[data-testid="offer-card"][data-id="${created.id}"]`).count()).toBe(0);
    const booked = await workOrder(created.id);
    expect(booked).toMatchObject({ status: 'accepted', technicianId: TECH_ID });
  });

  it('reads in Chinese: My jobs, the job page, the report and the signature pad', async () => {
    // Well after the other jobs (the offer may be booked anywhere in its window), so no slot clashes.
    const created = await createWorkOrder(`Annual service ${RUN}`, 'manual', 10 * HOUR);
    const start = new Date(Date.parse(created.window.start) + 15 * 60_000).toISOString();
    const assigned = await callApi(s.stack, 'POST', `/v1/work-orders/${created.id}/assign`, { role: 'admin', body: { technicianId: TECH_ID, start }, headers: { 'if-match': `"${created.version}"` } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);

    const page = await phone('zh-CN');
    await signIn(s, page, `#/jobs/${created.id}`, 'technician');
    await page.getByTestId('job-page').waitFor();
    const catalogs: [Record<string, string>, Record<string, string>][] = [
      [en, zhCN],
      [techEn, techZhCN],
    ];
    expect(await untranslatedStrings(page, catalogs)).toEqual([]);
    await page.getByTestId('check-in-direct').click();
    await page.getByTestId('report-form').waitFor();
    expect(await untranslatedStrings(page, catalogs)).toEqual([]);
    await page.getByTestId('report-form').evaluate((el) => el.scrollIntoView());
    await screenshot(page, 'phone-technician-08-report-zh', { fullPage: false });
    await page.getByTestId('report-diagnosis').fill('滤网堵塞');
    await page.getByTestId('report-workDone').fill('清洗滤网并测试');
    await page.getByTestId('check-out').click();
    await page.getByTestId('sign-off').waitFor();
    expect(await untranslatedStrings(page, catalogs)).toEqual([]);
    await page.getByTestId('sign-off').evaluate((el) => el.scrollIntoView());
    await screenshot(page, 'phone-technician-09-signature-zh', { fullPage: false });
    await page.getByTestId('back-to-jobs').click();
    await page.getByTestId('jobs-page').waitFor();
    expect(await textOf(page.getByTestId('jobs-title'))).toBe('我的工单');
    expect(await untranslatedStrings(page, catalogs)).toEqual([]);
    await screenshot(page, 'phone-technician-10-my-jobs-zh', { fullPage: false });
  });
});
