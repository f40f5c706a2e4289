// Proves the staff profile in a real browser: availability announced at sign-in and toggled in the header (kept across sign-ins), people shown by name (queue, properties, history, thread), the "assign to…" picker, and team queues for the teams the user belongs to, on desktop, phone and in Chinese.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Request } from 'playwright-core';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';
import type { Session } from './e2e-helpers.ts';
import { PHONE, DESKTOP, assertNoHorizontalScroll, closeContexts, openPage, putDirectory, signIn, signedInReady, textOf, untranslatedStrings, userId, poll } from './e2e-helpers.ts';

const s: Session = { stack: undefined!, browser: undefined!, contexts: [], pageErrors: [] };
const RUN = Date.now().toString(36);

beforeAll(async () => {
  [s.stack, s.browser] = await Promise.all([startTestStack('e2e-staff'), launchBrowser()]);
  // The admin has signed in before (their profile, with their name, is in the staff list).
  expect((await callApi(s.stack, 'PUT', '/v1/me', { role: 'admin', body: { available: true, name: 'Ada Admin' } })).status).toBe(200);
});

afterAll(async () => {
  await s.browser?.close();
  await s.stack?.stop();
});

afterEach(async () => {
  await closeContexts(s);
  expect(s.pageErrors.splice(0)).toEqual([]);
});

async function createTicket(subject: string, extra: Record<string, unknown> = {}): Promise<{ id: string; number: number }> {
  const res = await callApi(s.stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject, description: `Details for ${subject}`, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function agentProfile(): Promise<{ available: boolean; name: string }> {
  const res = await callApi(s.stack, 'GET', '/v1/agents', { role: 'admin' });
  return res.body.items.find((a: { email: string }) => a.email === 'agent@loopdesk.local');
}

const mePuts = (requests: Request[]) => requests.filter((r) => r.url() === `${s.stack.apiUrl}/v1/me` && r.method() === 'PUT').map((r) => r.postDataJSON());

describe('availability (browser)', () => {
  it('announces the agent at sign-in, saves Away / Available from the header, and keeps the last choice at the next sign-in', async () => {
    const page = await openPage(s);
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await signIn(s, page);
    await signedInReady(page);
    const toggle = page.getByTestId('availability-toggle');
    expect(await toggle.getAttribute('data-available')).toBe('true');
    expect(await toggle.getAttribute('role')).toBe('switch');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    expect(await textOf(toggle)).toBe('Available');
    // First sign-in: available by default, with the name from the identity provider and the console language.
    expect(mePuts(requests)).toEqual([{ available: true, name: 'Alex Agent', language: 'en' }]);
    expect(await agentProfile()).toMatchObject({ available: true, name: 'Alex Agent' });
    await screenshot(page, 'desktop-staff-01-available', { fullPage: false });

    await toggle.click();
    await page.locator('[data-testid="availability-toggle"][data-available="false"][data-state="idle"]').waitFor();
    expect(await textOf(toggle)).toBe('Away');
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    expect((await agentProfile()).available).toBe(false);
    await screenshot(page, 'desktop-staff-02-away', { fullPage: false });

    // A new browser profile (nothing remembered locally): the server's last choice wins.
    const again = await openPage(s);
    const againRequests: Request[] = [];
    again.on('request', (r) => againRequests.push(r));
    await signIn(s, again);
    await signedInReady(again);
    expect(await again.getByTestId('availability-toggle').getAttribute('data-available')).toBe('false');
    expect(mePuts(againRequests)).toEqual([{ available: false, name: 'Alex Agent', language: 'en' }]);

    await again.getByTestId('availability-toggle').click();
    await again.locator('[data-testid="availability-toggle"][data-available="true"][data-state="idle"]').waitFor();
    expect((await agentProfile()).available).toBe(true);
  });

  it('offers the toggle to agents and admins only, and in the phone menu', async () => {
    const page = await openPage(s, PHONE);
    await signIn(s, page);
    await signedInReady(page);
    expect(await page.getByTestId('availability-toggle').isVisible()).toBe(false); // collapsed with the account block
    await page.getByTestId('menu-button').tap();
    expect(await page.getByTestId('availability-toggle').isVisible()).toBe(true);
    await assertNoHorizontalScroll(page, 'phone menu with the toggle');
    await screenshot(page, 'phone-staff-01-menu-toggle', { fullPage: false });

    const finance = await openPage(s);
    await signIn(s, finance, '', 'finance');
    await finance.getByTestId('nav-reports').waitFor();
    expect(await finance.getByTestId('availability-toggle').count()).toBe(0);
  });
});

describe('people by name (browser)', () => {
  it('assigns with the "assign to…" picker and shows names in the properties, the queue, the history and the thread', async () => {
    const t = await createTicket(`Names ${RUN} router keeps rebooting`, { customerEmail: 'lena.fischer@example.com' });
    const page = await openPage(s);
    await signIn(s, page, `#/tickets/${t.id}`);
    await page.getByTestId('properties').waitFor();
    const picker = page.getByTestId('prop-assign-to');
    await page.locator('[data-testid="prop-assign-to"] option[data-email="admin@loopdesk.local"]').waitFor({ state: 'attached' });
    await page.locator('[data-testid="prop-assign-to"] option[data-email="agent@loopdesk.local"]').waitFor({ state: 'attached' });
    const options = await picker.locator('option').allInnerTexts();
    expect(options).toEqual(['Assign to…', 'Ada Admin', 'Alex Agent (me)']);

    await picker.selectOption({ label: 'Ada Admin' });
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    expect(await textOf(page.getByTestId('prop-assignee'))).toBe('Ada Admin');
    expect((await callApi(s.stack, 'GET', `/v1/tickets/${t.id}`, { role: 'agent' })).body.ticket.assigneeId).toBe(userId(s.stack, 'admin'));
    // The picker no longer offers the current assignee.
    expect(await picker.locator('option').allInnerTexts()).toEqual(['Assign to…', 'Alex Agent (me)']);

    // The admin replies and changes the priority elsewhere; the agent sees their name, never an id.
    expect((await callApi(s.stack, 'POST', `/v1/tickets/${t.id}/entries`, { role: 'admin', body: { kind: 'note', body: 'I will call the ISP.' } })).status).toBe(201);
    const current = await callApi(s.stack, 'GET', `/v1/tickets/${t.id}`, { role: 'admin' });
    await callApi(s.stack, 'PATCH', `/v1/tickets/${t.id}`, { role: 'admin', body: { priority: 'high' }, headers: { 'if-match': current.headers.get('etag')! } });
    await page.reload();
    await page.locator('[data-testid="thread-entry"][data-kind="note"]').waitFor();
    // Names arrive with the staff list, a moment after the ticket.
    await poll(() => textOf(page.locator('[data-testid="thread-entry"][data-kind="note"] [data-testid="entry-author"]'))).toBe('Ada Admin');
    await page.getByTestId('history-toggle').click();
    await poll(() => textOf(page.locator('[data-testid="history-change"][data-field="assigneeId"]'))).toBe('Assignee: Unassigned → Ada Admin');
    await poll(() => textOf(page.getByTestId('history-entry').first().locator('.history-actor'))).toBe('Ada Admin');
    await screenshot(page, 'desktop-staff-03-names-on-ticket');

    // Assign to me from the same picker.
    await picker.selectOption({ label: 'Alex Agent (me)' });
    await poll(() => textOf(page.getByTestId('prop-assignee'))).toBe('Me');

    // The queue's assignee column: names for others.
    const other = await createTicket(`Names ${RUN} admin owns this one`);
    const o = await callApi(s.stack, 'GET', `/v1/tickets/${other.id}`, { role: 'admin' });
    await callApi(s.stack, 'PATCH', `/v1/tickets/${other.id}`, { role: 'admin', body: { assigneeId: userId(s.stack, 'admin') }, headers: { 'if-match': o.headers.get('etag')! } });
    await page.goto(`${s.stack.consoleUrl}/#/tickets?view=new`);
    await page.locator('[data-testid="queue"][data-view="new"][data-state="ready"]').waitFor();
    const row = page.getByTestId('queue-row').filter({ hasText: `Names ${RUN} admin owns this one` });
    await poll(() => textOf(row.getByTestId('queue-row-assignee'))).toBe('Ada Admin');
    await screenshot(page, 'desktop-staff-04-queue-names');
  });
});

describe('team queues (browser)', () => {
  it('lists "Unassigned · team" and "team" views for the teams I am in, with the team’s unassigned and active tickets', async () => {
    const agent = userId(s.stack, 'agent');
    const admin = userId(s.stack, 'admin');
    await putDirectory(s.stack, 'categories', [{ id: 'repair', name: { en: 'Repair', 'zh-CN': '维修' } }]);
    await putDirectory(s.stack, 'teams', [
      { id: 'field-service', name: { en: 'Field Service', 'zh-CN': '现场服务' }, assignment: 'manual', memberIds: [agent, admin] },
      { id: 'billing', name: { en: 'Billing', 'zh-CN': '账单' }, assignment: 'manual', memberIds: [admin] },
    ]);
    await putDirectory(s.stack, 'routing-rules', [{ id: 'repairs', when: { categoryId: 'repair' }, teamId: 'field-service' }]);
    const first = await createTicket(`锅炉 ${RUN} E119`, { categoryId: 'repair' });
    const second = await createTicket(`暖气片 ${RUN} 不热`, { categoryId: 'repair' });
    expect((await callApi(s.stack, 'GET', `/v1/tickets/${first.id}`, { role: 'agent' })).body.ticket.teamId).toBe('field-service');

    const page = await openPage(s);
    await signIn(s, page, '#/tickets');
    await page.getByTestId('team-views').waitFor();
    expect(await page.getByTestId('team-views').locator('a').allInnerTexts()).toEqual(['Unassigned · Field Service', 'Field Service']);
    expect(await page.getByText('Billing').count()).toBe(0); // not a member
    // With teams about, the plain view holds only tickets that no rule gave a team, and says so.
    expect(await textOf(page.getByTestId('queue-view-unassigned'))).toBe('Unassigned · no team');

    await page.getByTestId('queue-view-team-unassigned:field-service').click();
    await page.locator('[data-testid="queue"][data-view="team-unassigned:field-service"][data-state="ready"]').waitFor();
    expect(new URL(page.url()).hash).toBe('#/tickets?view=team-unassigned%3Afield-service');
    expect(await textOf(page.getByTestId('queue-title'))).toBe('Unassigned · Field Service');
    const rowOf = (subject: string) => page.getByTestId('queue-row').filter({ hasText: subject });
    await rowOf(`锅炉 ${RUN} E119`).waitFor();
    await rowOf(`暖气片 ${RUN} 不热`).waitFor();
    await screenshot(page, 'desktop-staff-05-team-unassigned');

    // Take one: it leaves the team's unassigned queue and stays in the team queue, as mine.
    await rowOf(`锅炉 ${RUN} E119`).getByTestId('queue-row-checkbox').check();
    await page.getByTestId('bulk-assign-me').click();
    await rowOf(`锅炉 ${RUN} E119`).waitFor({ state: 'detached' });
    await page.getByTestId('queue-view-team:field-service').click();
    await page.locator('[data-testid="queue"][data-view="team:field-service"][data-state="ready"]').waitFor();
    expect(await textOf(rowOf(`锅炉 ${RUN} E119`).getByTestId('queue-row-assignee'))).toBe('Me');
    expect(await textOf(rowOf(`暖气片 ${RUN} 不热`).getByTestId('queue-row-assignee'))).toBe('Unassigned');
    // A team queue sorts by priority too, from its own index, and the link keeps the choice.
    await page.getByTestId('queue-sort-priority').click();
    await page.locator('[data-testid="queue"][data-view="team:field-service"][data-sort="priority"][data-state="ready"]').waitFor();
    expect(new URL(page.url()).hash).toBe('#/tickets?view=team%3Afield-service&sort=priority');
    await rowOf(`锅炉 ${RUN} E119`).waitFor();
    expect(second.number).toBeGreaterThan(first.number);

    // The ticket shows its team by name.
    await rowOf(`锅炉 ${RUN} E119`).getByTestId('queue-row-subject').click();
    expect(await textOf(page.getByTestId('ticket-team'))).toBe('Field Service');
    expect(await textOf(page.getByTestId('ticket-category'))).toBe('Repair');
  });

  it('offers the team views in the phone picker and names them in Chinese', async () => {
    const phone = await openPage(s, PHONE);
    await signIn(s, phone, '#/tickets');
    await phone.locator('[data-testid="queue-view-select"] option[value="team-unassigned:field-service"]').waitFor({ state: 'attached' });
    await phone.getByTestId('queue-view-select').selectOption('team-unassigned:field-service');
    await phone.locator('[data-testid="queue"][data-view="team-unassigned:field-service"][data-state="ready"]').waitFor();
    await assertNoHorizontalScroll(phone, 'team queue on a phone');
    await screenshot(phone, 'phone-staff-02-team-queue', { fullPage: false });

    const zh = await openPage(s, DESKTOP, 'zh-CN');
    await signIn(s, zh, '#/tickets?view=team-unassigned:field-service');
    await zh.locator('[data-testid="queue"][data-view="team-unassigned:field-service"][data-state="ready"]').waitFor();
    await poll(() => textOf(zh.getByTestId('queue-title'))).toBe('未分配 · 现场服务');
    expect(await zh.getByTestId('team-views').locator('a').allInnerTexts()).toEqual(['未分配 · 现场服务', '现场服务']);
    expect(await textOf(zh.getByTestId('availability-toggle'))).toBe(zhCN['presence.available']);
    expect(await untranslatedStrings(zh)).toEqual([]);
    await screenshot(zh, 'zh-staff-01-team-queue');
  });
});
