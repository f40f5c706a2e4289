// Proves SLA in the console in a real browser: deadline badges on queue rows and the ticket page (neutral, amber from the warning, red from the deadline, as time passes in the browser), the queue's "next deadline" order, the bell with the sweep's notices (open one → its ticket, mark all read), the breached & at-risk view with its windows and paging, the language saved for notice emails, on desktop, phone and in Chinese.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Locator, Page, Request } from 'playwright-core';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { launchBrowser, screenshot, screenshotDir } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';
import type { Session } from './e2e-helpers.ts';
import { DESKTOP, PHONE, assertNoHorizontalScroll, closeContexts, openPage, poll, putDirectory, signIn, signedInReady, textOf, untranslatedStrings, userId } from './e2e-helpers.ts';

const s: Session = { stack: undefined!, browser: undefined!, contexts: [], pageErrors: [] };
const RUN = Date.now().toString(36);
const MIN = 60_000;
const allDay = [{ start: '00:00', end: '24:00' }];

interface Created {
  id: string;
  number: number;
  subject: string;
  createdAt: string;
}

let sweepId: string;
/** Urgent, first response in 60 minutes. */
let urgent: Created;
/** High, first response in 5 minutes: already overdue when the browser looks 50 minutes on. */
let high: Created;
/** Normal: no policy, no badge. */
let plain: Created;

const plus = (ticket: Created, minutes: number) => new Date(Date.parse(ticket.createdAt) + minutes * MIN);

async function openAssigned(subject: string, priority: string): Promise<Created> {
  const made = await callApi(s.stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject, description: `Mia called about it: ${subject}`, priority, customerEmail: 'mia@example.com' } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const assigned = await callApi(s.stack, 'PATCH', `/v1/tickets/${made.body.id}`, {
    role: 'agent',
    body: { assigneeId: userId(s.stack, 'agent') },
    headers: { 'if-match': `"${made.body.version}"` },
  });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
  return { id: made.body.id, number: made.body.number, subject, createdAt: made.body.createdAt };
}

async function sweep(at: Date): Promise<void> {
  const run = await s.stack.schedules.run(sweepId, { at });
  expect(run.ok).toBe(true);
  await s.stack.whenIdle();
}

/** A browser whose clock reads `at` (and runs on from there), signed in as the agent on `hash`. */
async function agentAt(at: Date | undefined, hash: string, device: BrowserContextOptions = DESKTOP, locale = 'en-US'): Promise<Page> {
  const page = await openPage(s, device, locale);
  if (at) await page.clock.install({ time: at });
  await signIn(s, page, hash);
  await signedInReady(page);
  return page;
}

const row = (page: Page, ticket: Created) => page.locator(`[data-testid="queue-row"][data-ticket-id="${ticket.id}"]`);
const rowBadge = (page: Page, ticket: Created) => row(page, ticket).getByTestId('queue-row-sla');

async function queueReady(page: Page, view: string, sort: string): Promise<void> {
  await page.locator(`[data-testid="queue"][data-view="${view}"][data-sort="${sort}"][data-state="ready"]`).waitFor();
}

/** The badge's visible words (the state for screen readers is hidden text inside it). */
async function badgeWords(badge: Locator): Promise<string> {
  await badge.waitFor();
  return badge.evaluate((el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim());
}

const notices = async () => (await callApi(s.stack, 'GET', '/v1/notifications', { role: 'agent' })).body as { items: any[]; unread: number };

beforeAll(async () => {
  [s.stack, s.browser] = await Promise.all([startTestStack('e2e-sla'), launchBrowser()]);
  sweepId = s.stack.schedules.list().find((x) => x.logicalId.startsWith('SlaSweepSchedule'))!.logicalId;
  await callApi(s.stack, 'PUT', '/v1/me', { role: 'agent', body: { available: true, name: 'Alex Agent' } });
  await putDirectory(s.stack, 'sla-calendars', [
    { id: 'always', name: { en: '24/7', 'zh-CN': '全天候' }, timeZone: 'UTC', week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } },
  ]);
  await putDirectory(s.stack, 'sla-policies', [
    {
      id: 'urgent',
      name: { en: 'Urgent' },
      when: { priorities: ['urgent'] },
      calendarId: 'always',
      targets: { first_response: 60, resolution: 480 },
      escalation: [{ afterMinutes: 0, notify: ['assignee'] }],
    },
    { id: 'high', name: { en: 'High' }, when: { priorities: ['high'] }, calendarId: 'always', targets: { first_response: 5 } },
  ]);
  await s.stack.whenIdle();
  urgent = await openAssigned(`SLA ${RUN} cooling failed in server room`, 'urgent');
  high = await openAssigned(`SLA ${RUN} badge reader offline`, 'high');
  plain = await openAssigned(`SLA ${RUN} new starter laptop`, 'normal');
  // The tracker stores the deadlines moments after each change (through the table stream).
  await s.stack.whenIdle();
});

afterAll(async () => {
  await s.browser?.close();
  await s.stack?.stop();
});

afterEach(async () => {
  await closeContexts(s);
  expect(s.pageErrors.splice(0)).toEqual([]);
});

describe('SLA in the console (browser)', () => {
  it('shows the time left on queue rows and the ticket page, and sorts a queue by next deadline', async () => {
    const page = await agentAt(undefined, '#/tickets');
    await queueReady(page, 'mine', 'updated');
    const badge = rowBadge(page, urgent);
    expect(await badge.getAttribute('data-sla-state')).toBe('ok');
    expect(await badge.getAttribute('data-sla-target')).toBe('first_response');
    expect(await badgeWords(badge)).toMatch(/^(1h|5\dm) left$/);
    expect(await badge.getAttribute('title')).toMatch(/^First response · On track · Due .+ UTC$/);
    expect(await badge.locator('.visually-hidden').innerText()).toBe('First response, On track:');
    expect(await rowBadge(page, plain).count()).toBe(0);

    await page.getByTestId('queue-sort-deadline').click();
    await queueReady(page, 'mine', 'deadline');
    expect(new URL(page.url()).hash).toBe('#/tickets?sort=deadline');
    const order = await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-id')));
    expect(order.slice(0, 3)).toEqual([high.id, urgent.id, plain.id]);
    // A single status has no deadline order: the choice is not offered there.
    await page.getByTestId('queue-view-new').click();
    await queueReady(page, 'new', 'updated');
    expect(await page.getByTestId('queue-sort-deadline').count()).toBe(0);

    await page.goto(`${s.stack.consoleUrl}/#/tickets/${urgent.id}`);
    const ticketBadge = page.getByTestId('ticket-sla');
    expect(await ticketBadge.getAttribute('data-sla-state')).toBe('ok');
    expect(await badgeWords(ticketBadge)).toMatch(/ left$/);
    const clocks = page.getByTestId('sla-clock');
    expect(await clocks.evaluateAll((items) => items.map((i) => `${i.getAttribute('data-target')}:${i.getAttribute('data-state')}`))).toEqual(['first_response:ok', 'resolution:ok']);
    expect(await textOf(clocks.first().getByTestId('sla-clock-detail'))).toMatch(/^Due .+ UTC$/);
    expect(await page.getByTestId('sla-clock-breached').count()).toBe(0);
    await screenshot(page, 'desktop-sla-01-ticket-on-track');

    await page.goto(`${s.stack.consoleUrl}/#/tickets/${plain.id}`);
    await page.getByTestId('sla-none').waitFor();
  });

  it('turns amber at the warning and red past the deadline, brings the sweep’s warning to the bell, and opens its ticket from the panel', async () => {
    await sweep(plus(urgent, 49));
    const page = await agentAt(plus(urgent, 50), '#/tickets?sort=deadline');
    await queueReady(page, 'mine', 'deadline');
    expect(await rowBadge(page, urgent).getAttribute('data-sla-state')).toBe('at_risk');
    expect(await badgeWords(rowBadge(page, urgent))).toBe('10m left');
    expect(await rowBadge(page, high).getAttribute('data-sla-state')).toBe('breached');
    expect(await badgeWords(rowBadge(page, high))).toMatch(/^Overdue 4\dm$/);

    const bell = page.getByTestId('notice-bell');
    await poll(() => bell.getAttribute('data-unread')).toBe('1');
    expect(await textOf(page.getByTestId('notice-count'))).toMatch(/^1\s*1 unread$/);
    await screenshot(page, 'desktop-sla-02-queue-by-deadline', { fullPage: false });

    await bell.click();
    const item = page.getByTestId('notice');
    await poll(() => item.count()).toBe(1);
    expect(await item.getAttribute('data-kind')).toBe('sla_warning');
    expect(await item.getAttribute('data-read')).toBe('false');
    expect(await textOf(item.getByTestId('notice-kind'))).toBe('SLA warning · First response');
    expect(await textOf(item.getByTestId('notice-link'))).toBe(`#${urgent.number} ${urgent.subject}`);
    expect(await item.locator('time').innerText()).toBe('1 minute ago');
    expect(await item.locator('time').getAttribute('title')).toMatch(/ UTC$/);
    await screenshot(page, 'desktop-sla-03-bell-panel', { fullPage: false });

    await item.getByTestId('notice-link').click();
    await page.getByTestId('ticket-sla').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/tickets/${urgent.id}`);
    expect(await page.getByTestId('notice-panel').count()).toBe(0);
    // Opening a notice reads it.
    await poll(() => bell.getAttribute('data-unread')).toBe('0');
    await poll(async () => (await notices()).unread).toBe(0);
    expect(await page.getByTestId('ticket-sla').getAttribute('data-sla-state')).toBe('at_risk');
    const first = page.locator('[data-testid="sla-clock"][data-target="first_response"]');
    expect(await first.getAttribute('data-state')).toBe('at_risk');
    expect(await badgeWords(first.getByTestId('sla-clock-badge'))).toBe('10m left');
    await screenshot(page, 'desktop-sla-04-ticket-at-risk');
  });

  it('lists breached tickets first and then those due within the window, with cursor paging', async () => {
    const page = await agentAt(plus(urgent, 50), '#/tickets?view=at_risk&within=1h');
    await queueReady(page, 'at_risk', 'deadline');
    expect(await textOf(page.getByTestId('queue-title'))).toBe('Breached & at risk');
    expect(await page.getByTestId('sla-window-1h').getAttribute('aria-current')).toBe('true');
    expect(await page.getByTestId('queue-group').allInnerTexts()).toEqual(['Breached', 'At risk']);
    expect(await page.locator('tbody[data-group="breached"] [data-testid="queue-row"]').evaluateAll((r) => r.map((x) => x.getAttribute('data-ticket-id')))).toEqual([high.id]);
    expect(await page.locator('tbody[data-group="at_risk"] [data-testid="queue-row"]').evaluateAll((r) => r.map((x) => x.getAttribute('data-ticket-id')))).toEqual([urgent.id]);
    expect(await row(page, plain).count()).toBe(0);
    await screenshot(page, 'desktop-sla-05-at-risk');

    // One row a page: the second comes with the cursor, under its own heading.
    await page.goto(`${s.stack.consoleUrl}/#/tickets?view=at_risk&within=24h&limit=1`);
    await queueReady(page, 'at_risk', 'deadline');
    expect(await page.getByTestId('queue-row').count()).toBe(1);
    await page.getByTestId('queue-load-more').click();
    await poll(() => page.getByTestId('queue-row').count()).toBe(2);
    expect(await page.getByTestId('queue-group').allInnerTexts()).toEqual(['Breached', 'At risk']);
  });

  it('fits a phone: badges on the cards, the ticket’s clocks, the bell panel and the at-risk view', async () => {
    const page = await agentAt(plus(urgent, 50), '#/tickets?sort=deadline', PHONE);
    await queueReady(page, 'mine', 'deadline');
    expect(await rowBadge(page, urgent).isVisible()).toBe(true);
    await assertNoHorizontalScroll(page, 'queue with SLA badges on a phone');
    await screenshot(page, 'phone-sla-01-queue', { fullPage: false });

    await page.getByTestId('notice-bell').tap();
    await page.getByTestId('notice').first().waitFor();
    expect(await page.getByTestId('notice-panel').isVisible()).toBe(true);
    await assertNoHorizontalScroll(page, 'bell panel on a phone');
    await screenshot(page, 'phone-sla-02-bell-panel', { fullPage: false });
    await page.keyboard.press('Escape');
    await page.getByTestId('notice-panel').waitFor({ state: 'detached' });

    await page.goto(`${s.stack.consoleUrl}/#/tickets/${urgent.id}`);
    await page.getByTestId('sla-clocks').scrollIntoViewIfNeeded();
    await assertNoHorizontalScroll(page, 'ticket page on a phone');
    mkdirSync(screenshotDir, { recursive: true });
    await page.getByTestId('properties').screenshot({ path: path.join(screenshotDir, 'phone-sla-03-ticket-clocks.png'), animations: 'disabled', caret: 'hide' });

    await page.goto(`${s.stack.consoleUrl}/#/tickets?view=at_risk&within=1h`);
    await queueReady(page, 'at_risk', 'deadline');
    await assertNoHorizontalScroll(page, 'at-risk view on a phone');
    await screenshot(page, 'phone-sla-04-at-risk', { fullPage: false });
  });

  it('speaks Chinese, and saves the console language for notice emails at sign-in and when switched', async () => {
    const requests: Request[] = [];
    const page = await openPage(s, DESKTOP, 'zh-CN');
    page.on('request', (r) => requests.push(r));
    await page.clock.install({ time: plus(urgent, 50) });
    await signIn(s, page, '#/tickets?sort=deadline');
    await signedInReady(page);
    await queueReady(page, 'mine', 'deadline');
    expect(await badgeWords(rowBadge(page, urgent))).toBe('剩余 10分钟');
    expect(await badgeWords(rowBadge(page, high))).toMatch(/^已超时 4\d分钟$/);
    expect(await textOf(page.getByTestId('queue-sort-deadline'))).toBe(zhCN['queue.sort.deadline']);
    expect(await untranslatedStrings(page)).toEqual([]);
    await screenshot(page, 'zh-sla-01-queue', { fullPage: false });

    await page.getByTestId('notice-bell').click();
    await page.getByTestId('notice').first().waitFor();
    expect(await textOf(page.getByTestId('notice-kind'))).toBe('SLA 预警 · 首次响应');
    expect(await textOf(page.getByTestId('notice-mark-all'))).toBe('全部标为已读');
    expect(await untranslatedStrings(page)).toEqual([]);
    await screenshot(page, 'zh-sla-02-bell-panel', { fullPage: false });
    await page.keyboard.press('Escape');

    await page.goto(`${s.stack.consoleUrl}/#/tickets/${urgent.id}`);
    await page.getByTestId('sla-clocks').waitFor();
    expect(await page.locator('[data-testid="sla-clock"] .sla-clock-target').allInnerTexts()).toEqual(['首次响应', '解决时间']);
    expect(await untranslatedStrings(page)).toEqual([]);
    await screenshot(page, 'zh-sla-03-ticket');

    await page.goto(`${s.stack.consoleUrl}/#/tickets?view=at_risk&within=1h`);
    await queueReady(page, 'at_risk', 'deadline');
    expect(await textOf(page.getByTestId('queue-title'))).toBe('已违约及有风险的工单');
    expect(await page.getByTestId('queue-group').allInnerTexts()).toEqual(['已违约', '有风险']);
    expect(await untranslatedStrings(page)).toEqual([]);
    await screenshot(page, 'zh-sla-04-at-risk', { fullPage: false });

    const phone = await agentAt(plus(urgent, 50), '#/tickets?view=at_risk', PHONE, 'zh-CN');
    await queueReady(phone, 'at_risk', 'deadline');
    expect(await untranslatedStrings(phone)).toEqual([]);
    await assertNoHorizontalScroll(phone, 'at-risk view in Chinese on a phone');
    await screenshot(phone, 'zh-phone-sla-01-at-risk', { fullPage: false });
    await phone.getByTestId('notice-bell').tap();
    await phone.getByTestId('notice').first().waitFor();
    await screenshot(phone, 'zh-phone-sla-02-bell-panel', { fullPage: false });

    const mePuts = () => requests.filter((r) => r.url() === `${s.stack.apiUrl}/v1/me` && r.method() === 'PUT').map((r) => r.postDataJSON().language);
    expect(mePuts()).toEqual(['zh-CN']);
    await page.getByTestId('language-switch').selectOption('en');
    await poll(mePuts).toEqual(['zh-CN', 'en']);
    await poll(async () => (await callApi(s.stack, 'GET', '/v1/agents', { role: 'admin' })).body.items.find((a: any) => a.id === userId(s.stack, 'agent'))?.language).toBe('en');
  });

  it('shows the breach on the ticket and clears the escalation notice with "Mark all read"', async () => {
    await sweep(plus(urgent, 61));
    const page = await agentAt(undefined, `#/tickets/${urgent.id}`);
    const first = page.locator('[data-testid="sla-clock"][data-target="first_response"]');
    await poll(() => first.getAttribute('data-state')).toBe('breached');
    expect(await textOf(first.getByTestId('sla-clock-breached'))).toMatch(/^Breached .+ UTC$/);

    const bell = page.getByTestId('notice-bell');
    await poll(() => bell.getAttribute('data-unread')).toBe('1');
    await bell.click();
    await poll(() => page.getByTestId('notice').count()).toBe(2);
    expect(await page.getByTestId('notice').evaluateAll((items) => items.map((i) => `${i.getAttribute('data-kind')}:${i.getAttribute('data-read')}`))).toEqual([
      'sla_escalation:false',
      'sla_warning:true',
    ]);
    await screenshot(page, 'desktop-sla-06-breached-and-escalated', { fullPage: false });
    await page.getByTestId('notice-mark-all').click();
    await poll(() => bell.getAttribute('data-unread')).toBe('0');
    expect(await page.getByTestId('notice-count').count()).toBe(0);
    expect(await page.getByTestId('notice-mark-all').isDisabled()).toBe(true);
    await poll(async () => (await notices()).items.every((n) => n.read)).toBe(true);
  });
});
