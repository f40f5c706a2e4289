// Proves the agent's ticket pages work in a real browser against the local stack: queue views, priority sort, cursor paging, find by number, saved views, keyboard shortcuts, bulk actions, the thread (replies, internal notes), property edits with history, the stale-edit conflict dialog, closed tickets, phone layout and Chinese.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { en } from '../../web/src/i18n/en.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let stack: LocalStack;
let browser: Browser;
let agentId: string;
const openContexts: BrowserContext[] = [];
const pageErrors: string[] = [];
/** Keeps subjects unique, so a test finds its own rows among everything else in the stack. */
const RUN = Date.now().toString(36);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack('e2e-tickets'), launchBrowser()]);
  agentId = stack.users.find((u) => u.groups.includes('agent'))!.sub;
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

afterEach(async () => {
  for (const context of openContexts.splice(0)) await context.close();
  expect(pageErrors.splice(0)).toEqual([]);
});

async function openPage(device: BrowserContextOptions = DESKTOP, locale = 'en-US'): Promise<Page> {
  const context = await browser.newContext({ ...device, locale, timezoneId: 'UTC' });
  openContexts.push(context);
  context.on('weberror', (e) => pageErrors.push(String(e.error())));
  return context.newPage();
}

/** The real PKCE login through the dev identity provider, landing on `hash`. */
async function signIn(page: Page, hash = '', role = 'agent'): Promise<void> {
  await page.goto(`${stack.consoleUrl}/${hash}`);
  await page.getByTestId('login-button').click();
  await page.getByTestId(`dev-login-${role}`).click();
  await page.getByTestId('user-email').waitFor({ state: 'attached' });
}

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.innerText()).trim();
}

interface Created {
  id: string;
  number: number;
  subject: string;
}

async function createTicket(subject: string, extra: { priority?: string; customerEmail?: string; description?: string } = {}): Promise<Created> {
  const res = await callApi(stack, 'POST', '/v1/tickets', {
    role: 'agent',
    body: { subject, description: extra.description ?? `Details for ${subject}`, priority: extra.priority ?? 'normal', ...(extra.customerEmail ? { customerEmail: extra.customerEmail } : {}) },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id, number: res.body.number, subject };
}

/** A change made by someone else (the admin), on whatever version is current. */
async function changeBehindTheScenes(id: string, body: Record<string, unknown>): Promise<any> {
  const current = await callApi(stack, 'GET', `/v1/tickets/${id}`, { role: 'admin' });
  const res = await callApi(stack, 'PATCH', `/v1/tickets/${id}`, { role: 'admin', body, headers: { 'if-match': current.headers.get('etag')! } });
  expect(res.status).toBe(200);
  return res.body;
}

async function readTicket(id: string): Promise<any> {
  const res = await callApi(stack, 'GET', `/v1/tickets/${id}`, { role: 'agent' });
  expect(res.status).toBe(200);
  return res.body;
}

/** Waits until the queue shows `view` (and `sort`) with its rows loaded. */
async function queueReady(page: Page, view: string, sort = 'updated'): Promise<void> {
  await page.locator(`[data-testid="queue"][data-view="${view}"][data-sort="${sort}"][data-state="ready"]`).waitFor();
}

/** The row whose subject is exactly this (one subject may be the start of another's). */
const rowFor = (page: Page, subject: string) =>
  page.getByTestId('queue-row').filter({ has: page.getByTestId('queue-row-subject').filter({ hasText: new RegExp(`^${subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });

async function rowIds(page: Page): Promise<string[]> {
  return page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-id') ?? ''));
}

async function assertNoHorizontalScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    clientWidth: document.scrollingElement!.clientWidth,
  }));
  expect(scrollWidth, `horizontal overflow on ${where}`).toBeLessThanOrEqual(clientWidth);
}

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

const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

describe('ticket queue (browser)', () => {
  it('shows tickets in the right views with their columns, sorts a status view by priority, and says when a view is empty', async () => {
    const low = await createTicket(`Queue ${RUN} low printer toner`, { priority: 'low', customerEmail: 'low.customer@example.com' });
    const urgent = await createTicket(`Queue ${RUN} urgent outage`, { priority: 'urgent', customerEmail: 'ops@example.com' });
    const working = await createTicket(`Queue ${RUN} being worked on`);
    await changeBehindTheScenes(working.id, { status: 'in_progress' });
    const mineHigh = await createTicket(`Queue ${RUN} mine and high`, { priority: 'high' });
    const mine = await createTicket(`Queue ${RUN} mine`);
    for (const t of [mineHigh, mine]) expect((await callApi(stack, 'POST', `/v1/tickets/${t.id}/take`, { role: 'agent' })).status).toBe(200);

    const page = await openPage();
    await signIn(page, '#/tickets?view=new');
    await queueReady(page, 'new');
    expect(await page.getByTestId('queue-view-new').getAttribute('aria-current')).toBe('page');
    expect(await textOf(page.getByTestId('queue-title'))).toBe('New');
    const urgentRow = rowFor(page, urgent.subject);
    expect(await textOf(urgentRow.getByTestId('queue-row-number'))).toBe(`#${urgent.number}`);
    expect(await textOf(urgentRow.getByTestId('queue-row-customer'))).toBe('ops@example.com');
    expect(await textOf(urgentRow.getByTestId('queue-row-status'))).toBe('New');
    expect(await textOf(urgentRow.getByTestId('queue-row-priority'))).toBe('Urgent');
    expect(await textOf(urgentRow.getByTestId('queue-row-assignee'))).toBe('Unassigned');
    expect(await urgentRow.locator('time').innerText()).toMatch(/^(now|1 minute ago)$/);
    expect(await urgentRow.locator('time').getAttribute('title')).toMatch(/ UTC$/);
    expect(await rowFor(page, low.subject).count()).toBe(1);
    expect(await rowFor(page, working.subject).count()).toBe(0);
    expect(await page.getByTestId('shortcut-hint').isVisible()).toBe(true);

    // Sort by priority: urgent first (the API's most-urgent index), low after urgent.
    await page.getByTestId('queue-sort-priority').click();
    await queueReady(page, 'new', 'priority');
    expect(new URL(page.url()).hash).toBe('#/tickets?view=new&sort=priority');
    expect(await page.getByTestId('queue-row').first().getAttribute('data-priority')).toBe('urgent');
    const sorted = await rowIds(page);
    expect(sorted.indexOf(urgent.id)).toBeLessThan(sorted.indexOf(low.id));
    const rank: Record<string, number> = { urgent: 1, high: 2, normal: 3, low: 4 };
    const ranks = await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-priority') ?? ''));
    expect(ranks.map((p) => rank[p])).toEqual(ranks.map((p) => rank[p]).sort((a, b) => a! - b!));
    await screenshot(page, 'desktop-tickets-01-queue-new-by-priority');

    await page.getByTestId('queue-view-in_progress').click();
    await queueReady(page, 'in_progress');
    expect(await rowFor(page, working.subject).count()).toBe(1);
    expect(await rowFor(page, urgent.subject).count()).toBe(0);
    expect(await page.getByTestId('queue-sort').isVisible()).toBe(true);

    await page.getByTestId('queue-view-mine').click();
    await queueReady(page, 'mine');
    expect(await textOf(page.getByTestId('queue-title'))).toBe('My open tickets');
    expect(await textOf(rowFor(page, mine.subject).getByTestId('queue-row-assignee'))).toBe('Me');
    expect(await rowFor(page, urgent.subject).count()).toBe(0);
    // Latest first, my normal ticket leads; by priority (its own index), the high one I took earlier.
    expect((await rowIds(page)).indexOf(mine.id)).toBeLessThan((await rowIds(page)).indexOf(mineHigh.id));
    await page.getByTestId('queue-sort-priority').click();
    await queueReady(page, 'mine', 'priority');
    expect((await rowIds(page)).indexOf(mineHigh.id)).toBeLessThan((await rowIds(page)).indexOf(mine.id));
    const mineRanks = await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-priority') ?? ''));
    expect(mineRanks.map((p) => rank[p])).toEqual(mineRanks.map((p) => rank[p]).sort((a, b) => a! - b!));
    await page.getByTestId('queue-sort-updated').click();
    await queueReady(page, 'mine');

    await page.getByTestId('queue-view-unassigned').click();
    await queueReady(page, 'unassigned');
    expect(await rowFor(page, urgent.subject).count()).toBe(1);
    expect(await rowFor(page, mine.subject).count()).toBe(0);

    // An empty view says so in its own words (nothing in this file resolves a ticket).
    await page.getByTestId('queue-view-resolved').click();
    await queueReady(page, 'resolved');
    expect(await textOf(page.locator('[data-testid="queue-empty"] h2'))).toBe('No resolved tickets');
    await screenshot(page, 'desktop-tickets-02-queue-empty');
  });

  it('saves a view with its sort under a name and opens it again after a reload', async () => {
    const page = await openPage();
    await signIn(page, '#/tickets?view=open&sort=priority');
    await queueReady(page, 'open', 'priority');
    await page.getByTestId('save-view-name').fill('Open, most urgent first');
    await page.getByTestId('save-view-button').click();
    await page.getByTestId('saved-view').filter({ hasText: 'Open, most urgent first' }).waitFor();

    await page.getByTestId('queue-view-mine').click();
    await queueReady(page, 'mine');
    await page.reload();
    await queueReady(page, 'mine');
    await page.getByTestId('saved-view').filter({ hasText: 'Open, most urgent first' }).click();
    await queueReady(page, 'open', 'priority');
    expect(await page.getByTestId('queue-sort-priority').getAttribute('aria-current')).toBe('true');
    expect(await page.getByTestId('queue-view-open').getAttribute('aria-current')).toBe('page');

    await page.getByTestId('saved-view-delete').click();
    await page.getByTestId('saved-view').waitFor({ state: 'detached' });
  });

  it('loads the next page with the cursor and opens a ticket by its number', async () => {
    const created: Created[] = [];
    for (let i = 0; i < 5; i++) created.push(await createTicket(`Paging ${RUN} ticket ${i}`));
    const page = await openPage();
    // A page size of 2 (from the link), then the cursor brings the next 2.
    await signIn(page, '#/tickets?view=new&limit=2');
    await queueReady(page, 'new');
    expect(await page.getByTestId('queue-row').count()).toBe(2);
    const firstPage = await rowIds(page);
    await page.getByTestId('queue-load-more').click();
    await expect.poll(() => page.getByTestId('queue-row').count()).toBe(4);
    const twoPages = await rowIds(page);
    expect(twoPages.slice(0, 2)).toEqual(firstPage);
    expect(new Set(twoPages).size).toBe(4);
    // Newest first: the last four created, in reverse order.
    expect(twoPages).toEqual(created.slice(1).reverse().map((t) => t.id));

    // Find by number: "#1042" or "1042" opens the ticket; an unknown number says so.
    await page.getByTestId('find-number-input').fill('99999999');
    await page.getByTestId('find-number-submit').click();
    expect(await textOf(page.getByTestId('find-number-error'))).toBe('There is no ticket #99999999.');
    await page.getByTestId('find-number-input').fill('12ab');
    await page.getByTestId('find-number-submit').click();
    expect(await textOf(page.getByTestId('find-number-error'))).toBe('Enter a ticket number, e.g. 1042.');
    const target = created[0]!;
    await page.getByTestId('find-number-input').fill(`#${target.number}`);
    await page.getByTestId('find-number-input').press('Enter');
    await page.waitForURL(`**/#/tickets/${target.id}`);
    expect(await textOf(page.getByTestId('ticket-subject'))).toBe(target.subject);
    // "Back to tickets" returns to the queue the agent came from.
    await page.locator('.back-link').click();
    await queueReady(page, 'new');
    expect(new URL(page.url()).hash).toBe('#/tickets?view=new&limit=2');
  });

  it('is driven from the keyboard: j/k move, x selects, Enter opens, r opens the reply box, a takes; never while typing', async () => {
    for (let i = 0; i < 3; i++) await createTicket(`Keys ${RUN} ticket ${i}`);
    const page = await openPage();
    await signIn(page, '#/tickets?view=unassigned');
    await queueReady(page, 'unassigned');
    const ids = await rowIds(page);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const focusedIndex = () => page.locator('[data-testid="queue-row"][data-focused="true"]').getAttribute('data-row-index');

    // Typing in an input must not move the cursor.
    await page.getByTestId('find-number-input').click();
    await page.keyboard.type('jjx');
    expect(await page.locator('[data-testid="queue-row"][data-focused="true"]').count()).toBe(0);
    await page.getByTestId('find-number-input').fill('');
    await page.locator('h1').click();

    await page.keyboard.press('j');
    expect(await focusedIndex()).toBe('0');
    await page.keyboard.press('j');
    expect(await focusedIndex()).toBe('1');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await focusedIndex()).toBe('1');
    await page.keyboard.press('x');
    expect(await page.getByTestId('queue-row').nth(1).getByTestId('queue-row-checkbox').isChecked()).toBe(true);
    expect(await textOf(page.getByTestId('bulk-bar').locator('.check-label'))).toBe('1 selected');
    await screenshot(page, 'desktop-tickets-03-keyboard');
    await page.keyboard.press('x');
    expect(await page.getByTestId('queue-row').nth(1).getByTestId('queue-row-checkbox').isChecked()).toBe(false);

    await page.keyboard.press('Enter');
    await page.waitForURL(`**/#/tickets/${ids[1]}`);
    await page.getByTestId('composer').waitFor();
    expect(await activeTestId(page)).toBe('ticket-subject');

    await page.goBack();
    await queueReady(page, 'unassigned');
    await page.keyboard.press('j');
    await page.keyboard.press('r');
    await page.waitForURL(`**/#/tickets/${ids[0]}`);
    await page.getByTestId('composer-body').waitFor();
    await expect.poll(() => activeTestId(page)).toBe('composer-body');
    // Letters typed now go into the reply, not to shortcuts.
    await page.keyboard.type('jak');
    expect(await page.getByTestId('composer-body').inputValue()).toBe('jak');

    await page.goBack();
    await queueReady(page, 'unassigned');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const takenId = ids[1]!;
    expect(await page.getByTestId('queue-row').nth(1).getAttribute('data-ticket-id')).toBe(takenId);
    await page.keyboard.press('a');
    expect(await textOf(page.getByTestId('queue-notice').locator('p'))).toMatch(/^Ticket #\d+ is now assigned to you\.$/);
    expect(await textOf(page.getByTestId('queue-row').nth(1).getByTestId('queue-row-assignee'))).toBe('Me');
    expect((await readTicket(takenId)).ticket.assigneeId).toBe(agentId);
  });

  it('bulk-assigns selected tickets to me (they move to My open tickets) and reports per-ticket failures', async () => {
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(await createTicket(`Bulk ${RUN} ticket ${i}`));
    const page = await openPage();
    await signIn(page, '#/tickets?view=unassigned');
    await queueReady(page, 'unassigned');

    // Select-all toggles every row on the page.
    await page.getByTestId('queue-select-all').check();
    const rowCount = await page.getByTestId('queue-row').count();
    expect(await textOf(page.getByTestId('bulk-bar').locator('.check-label'))).toBe(`${rowCount} selected`);
    await page.getByTestId('queue-select-all').uncheck();
    expect(await page.locator('[data-testid="queue-row-checkbox"]:checked').count()).toBe(0);

    for (const t of tickets) await rowFor(page, t.subject).getByTestId('queue-row-checkbox').check();
    expect(await textOf(page.getByTestId('bulk-bar').locator('.check-label'))).toBe('3 selected');
    await screenshot(page, 'desktop-tickets-04-bulk-selected');
    await page.getByTestId('bulk-assign-me').click();
    expect(await textOf(page.getByTestId('bulk-result-counts'))).toBe('Updated: 3 · Failed: 0');
    // The view is read again: assigned tickets are no longer unassigned.
    for (const t of tickets) await rowFor(page, t.subject).waitFor({ state: 'detached' });

    await page.getByTestId('queue-view-mine').click();
    await queueReady(page, 'mine');
    for (const t of tickets) expect(await textOf(rowFor(page, t.subject).getByTestId('queue-row-assignee'))).toBe('Me');

    // Set status on two tickets, one of which someone closes meanwhile: 1 updated, 1 failed, with the reason.
    const [open, closing] = tickets as [Created, Created, Created];
    await rowFor(page, open.subject).getByTestId('queue-row-checkbox').check();
    await rowFor(page, closing.subject).getByTestId('queue-row-checkbox').check();
    await changeBehindTheScenes(closing.id, { status: 'closed' });
    await page.getByTestId('bulk-status').selectOption('in_progress');
    await page.getByTestId('bulk-status-apply').click();
    expect(await textOf(page.getByTestId('bulk-result-counts'))).toBe('Updated: 1 · Failed: 1');
    expect(await textOf(page.getByTestId('bulk-result').locator('li'))).toBe(`#${closing.number}: the ticket is closed`);
    await screenshot(page, 'desktop-tickets-05-bulk-result');
    expect((await readTicket(open.id)).ticket.status).toBe('in_progress');
  });
});

describe('ticket page (browser)', () => {
  it('sends a reply and an internal note, changes status, priority and tags, and shows it all in the history', async () => {
    const t = await createTicket(`Detail ${RUN} VPN drops every hour`, {
      customerEmail: 'maria.lopez@example.com',
      description: 'Since Monday the VPN disconnects every hour.\nReconnecting works.',
    });
    const page = await openPage();
    await signIn(page, `#/tickets/${t.id}`);
    await page.getByTestId('thread').waitFor();
    expect(await page.getByTestId('ticket-description').textContent()).toBe('Since Monday the VPN disconnects every hour.\nReconnecting works.');
    expect(await textOf(page.getByTestId('thread-request').locator('.entry-author'))).toBe('maria.lopez');
    expect(await textOf(page.getByTestId('ticket-customer-email'))).toBe('maria.lopez@example.com');
    expect(await textOf(page.getByTestId('prop-assignee'))).toBe('Unassigned');

    // Public reply (button): the first agent reply takes a new ticket to Open.
    await page.getByTestId('composer-body').fill('Thanks Maria, we are looking into the VPN gateway logs.');
    await page.getByTestId('composer-send').click();
    const reply = page.locator('[data-testid="thread-entry"][data-kind="reply"]');
    expect(await textOf(reply.getByTestId('entry-body'))).toBe('Thanks Maria, we are looking into the VPN gateway logs.');
    expect(await textOf(reply.getByTestId('entry-author'))).toBe('You');
    expect(await page.getByTestId('composer-body').inputValue()).toBe('');
    await page.locator('[data-testid="ticket-status"][data-status="open"]').waitFor();

    // Internal note with Ctrl+Enter: marked and coloured as internal.
    await page.getByTestId('composer-tab-note').click();
    expect(await page.getByTestId('composer-tab-note').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('composer-body').fill('Gateway gw-2 restarts hourly, see ticket with the vendor.');
    await page.getByTestId('composer-body').press('Control+Enter');
    const note = page.locator('[data-testid="thread-entry"][data-kind="note"]');
    expect(await textOf(note.getByTestId('entry-body'))).toBe('Gateway gw-2 restarts hourly, see ticket with the vendor.');
    expect(await textOf(note.getByTestId('entry-note-label'))).toBe('Internal note');
    expect(await reply.getByTestId('entry-note-label').count()).toBe(0);
    expect(await note.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 248, 219)');
    expect(await reply.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');

    // The status picker offers only moves the API allows from Open (never back to New).
    const options = await page.getByTestId('prop-status').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(['open', 'in_progress', 'pending_customer', 'pending_third_party', 'resolved', 'closed']);

    await page.getByTestId('prop-status').selectOption('pending_customer');
    await page.locator('[data-testid="ticket-status"][data-status="pending_customer"]').waitFor();
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    await page.getByTestId('prop-priority').selectOption('urgent');
    await page.locator('[data-testid="ticket-priority"][data-priority="urgent"]').waitFor();
    await page.getByTestId('tag-input').fill('VPN');
    await page.getByTestId('tag-input').press('Enter');
    await page.locator('[data-testid="tag"][data-tag="vpn"]').waitFor();
    await page.getByTestId('prop-take').click();
    await expect.poll(() => textOf(page.getByTestId('prop-assignee'))).toBe('Me');

    // History: collapsed until asked for; every change with who, old → new.
    expect(await page.getByTestId('history-entry').first().isVisible()).toBe(false);
    await page.getByTestId('history-toggle').click();
    const change = (field: string) => page.locator(`[data-testid="history-change"][data-field="${field}"]`);
    await expect.poll(() => change('priority').count()).toBe(1);
    expect(await textOf(change('priority'))).toBe('Priority: Normal → Urgent');
    expect(await textOf(change('tags'))).toBe('Tags: — → vpn');
    expect(await textOf(change('assigneeId'))).toBe('Assignee: Unassigned → Me');
    const statusChanges = await change('status').allInnerTexts();
    expect(statusChanges).toContain('Status: New → Open');
    expect(statusChanges).toContain('Status: Open → Waiting on customer');
    expect(await textOf(change('created'))).toBe('Created the ticket');
    expect(await textOf(page.getByTestId('history-entry').first().locator('.history-actor'))).toBe('You');
    await screenshot(page, 'desktop-tickets-06-ticket');

    // The API has it all (read back, not just what the page believes).
    const stored = await readTicket(t.id);
    expect(stored.ticket).toMatchObject({ status: 'pending_customer', priority: 'urgent', tags: ['vpn'], assigneeId: agentId });
    expect(stored.entries.map((e: { kind: string }) => e.kind).sort()).toEqual(['note', 'reply']);

    await page.reload();
    await page.locator('[data-testid="thread-entry"][data-kind="note"]').waitFor();
    expect(await page.getByTestId('thread-entry').count()).toBe(2);
    expect(await textOf(page.getByTestId('history-toggle'))).toBe(`History (${stored.history.length})`);
  });

  it('never loses an edit to a stale version: the conflict dialog shows both sides, "apply again" and "reload" both work', async () => {
    const t = await createTicket(`Conflict ${RUN} invoice address wrong`, { customerEmail: 'billing@example.com' });
    const page = await openPage();
    await signIn(page, `#/tickets/${t.id}`);
    await page.getByTestId('properties').waitFor();

    // Someone else raises the priority while the page still shows version 1.
    await changeBehindTheScenes(t.id, { priority: 'high' });
    await page.getByTestId('prop-priority').selectOption('low');
    const dialog = page.getByTestId('conflict-dialog');
    expect(await textOf(dialog.locator('h2'))).toBe('Someone else changed this ticket');
    expect(await textOf(page.getByTestId('conflict-now-priority'))).toBe('High');
    expect(await textOf(page.getByTestId('conflict-yours-priority'))).toBe('Low');
    expect(await textOf(page.getByTestId('conflict-yours-status'))).toBe('unchanged');
    expect(await textOf(page.getByTestId('conflict-reload'))).toBe('Reload (discard my change)');
    expect(await textOf(page.getByTestId('conflict-apply'))).toBe('Apply my change again on the new version');
    // Escape does not dismiss it: the change is only dropped when the user says so.
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    await screenshot(page, 'desktop-tickets-07-conflict', { fullPage: false });

    await page.getByTestId('conflict-apply').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-testid="ticket-priority"][data-priority="low"]').waitFor();
    const applied = await readTicket(t.id);
    expect(applied.ticket.priority).toBe('low');
    expect(applied.ticket.version).toBe(3);
    await page.getByTestId('history-toggle').click();
    await expect.poll(() => page.locator('[data-testid="history-change"][data-field="priority"]').allInnerTexts()).toEqual([
      'Priority: High → Low',
      'Priority: Normal → High',
    ]);

    // Second round: this time the user reloads, and their change is discarded.
    await changeBehindTheScenes(t.id, { status: 'in_progress' });
    await page.getByTestId('prop-priority').selectOption('urgent');
    await dialog.waitFor();
    expect(await textOf(page.getByTestId('conflict-now-status'))).toBe('In progress');
    await page.getByTestId('conflict-reload').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-testid="ticket-status"][data-status="in_progress"]').waitFor();
    expect(await page.getByTestId('prop-priority').inputValue()).toBe('low');
    expect((await readTicket(t.id)).ticket.priority).toBe('low');

    // And a save on the fresh version goes through without a dialog.
    await page.getByTestId('prop-priority').selectOption('high');
    await page.locator('[data-testid="ticket-priority"][data-priority="high"]').waitFor();
    expect(await dialog.count()).toBe(0);
  });

  it('shows a closed ticket read-only with a note', async () => {
    const t = await createTicket(`Closed ${RUN} duplicate request`);
    await changeBehindTheScenes(t.id, { status: 'closed' });
    const page = await openPage();
    await signIn(page, `#/tickets/${t.id}`);
    expect(await textOf(page.getByTestId('ticket-closed-note'))).toMatch(/^This ticket is closed and can no longer be changed\./);
    expect(await page.getByTestId('composer').count()).toBe(0);
    expect(await page.getByTestId('prop-status').isDisabled()).toBe(true);
    expect(await page.getByTestId('prop-priority').isDisabled()).toBe(true);
    expect(await page.getByTestId('prop-take').count()).toBe(0);
    expect(await page.getByTestId('tag-input').count()).toBe(0);
    await screenshot(page, 'desktop-tickets-08-closed');
  });
});

describe('ticket pages on a phone and in Chinese (browser)', () => {
  it('works at 375×667: rows become cards, panels stack, nothing scrolls sideways', async () => {
    const t = await createTicket(`Phone ${RUN} boiler pressure warning at the Riverside office, second floor`, {
      priority: 'high',
      customerEmail: 'facilities.management.riverside@northwind-properties.example.com',
    });
    const page = await openPage(PHONE);
    await signIn(page, '#/tickets');
    await queueReady(page, 'mine');
    expect(await page.getByTestId('queue-view-new').isVisible()).toBe(false);
    await page.getByTestId('queue-view-select').selectOption('new');
    await queueReady(page, 'new');
    const row = rowFor(page, t.subject);
    await row.waitFor();
    expect(await page.locator('.queue-table thead').isVisible()).toBe(false);
    expect(await row.evaluate((el) => getComputedStyle(el).display)).toBe('flex');
    const box = (await row.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.width).toBeLessThanOrEqual(375);
    await assertNoHorizontalScroll(page, 'queue');
    await screenshot(page, 'phone-tickets-01-queue', { fullPage: false });

    await row.getByTestId('queue-row-subject').tap();
    await page.getByTestId('composer').waitFor();
    await assertNoHorizontalScroll(page, 'ticket');
    const main = (await page.locator('.ticket-main').boundingBox())!;
    const side = (await page.locator('.ticket-side').boundingBox())!;
    expect(side.y).toBeGreaterThanOrEqual(main.y + main.height); // stacked, not side by side
    expect(await textOf(page.getByTestId('ticket-customer-email'))).toBe('facilities.management.riverside@northwind-properties.example.com');
    await page.getByTestId('composer-body').fill('On my way, ETA 30 minutes.');
    await page.getByTestId('composer-send').tap();
    await page.locator('[data-testid="thread-entry"][data-kind="reply"]').waitFor();
    await screenshot(page, 'phone-tickets-02-ticket');

    await changeBehindTheScenes(t.id, { priority: 'urgent' });
    await page.getByTestId('prop-priority').selectOption('low');
    await page.getByTestId('conflict-dialog').waitFor();
    await screenshot(page, 'phone-tickets-03-conflict', { fullPage: false });
    const dialogBox = (await page.getByTestId('conflict-dialog').boundingBox())!;
    expect(dialogBox.width).toBeLessThanOrEqual(375);
    await page.getByTestId('conflict-apply').tap();
    await page.getByTestId('conflict-dialog').waitFor({ state: 'detached' });
  });

  it('shows the queue, the ticket and the conflict dialog in Simplified Chinese', async () => {
    const t = await createTicket(`中文 ${RUN} 三楼打印机每天早上断网`, { customerEmail: 'wang.li@example.cn', description: '来电人：王女士。\n打印机每天上午九点左右断网。' });
    await changeBehindTheScenes(t.id, { status: 'pending_third_party' });
    const page = await openPage(DESKTOP, 'zh-CN');
    await signIn(page, '#/tickets?view=pending_third_party');
    await queueReady(page, 'pending_third_party');
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    expect(await textOf(page.getByTestId('queue-title'))).toBe(zhCN['status.pending_third_party']);
    expect(await textOf(page.getByTestId('queue-view-mine'))).toBe(zhCN['queue.view.mine']);
    expect(await textOf(page.getByTestId('queue-view-unassigned'))).toBe(zhCN['queue.view.unassigned']);
    expect(await textOf(page.getByTestId('queue-sort-priority'))).toBe(zhCN['queue.sort.priority']);
    expect(await textOf(page.locator('.queue-table thead th.cell-assignee'))).toBe(zhCN['queue.col.assignee']);
    expect(await textOf(rowFor(page, t.subject).getByTestId('queue-row-status'))).toBe(zhCN['status.pending_third_party']);
    expect(await textOf(rowFor(page, t.subject).getByTestId('queue-row-assignee'))).toBe(zhCN['assignee.none']);
    expect(await untranslatedStrings(page)).toEqual([]);
    await screenshot(page, 'zh-tickets-01-queue');

    await page.getByTestId('queue-view-resolved').click();
    await queueReady(page, 'resolved');
    expect(await textOf(page.locator('[data-testid="queue-empty"] h2'))).toBe(zhCN['queue.empty.resolved']);

    await page.goto(`${stack.consoleUrl}/#/tickets/${t.id}`);
    await page.getByTestId('composer').waitFor();
    expect(await textOf(page.getByTestId('composer-tab-reply'))).toBe(zhCN['composer.reply']);
    await page.getByTestId('composer-tab-note').click();
    await page.getByTestId('composer-body').fill('已联系厂商。');
    await page.getByTestId('composer-send').click();
    expect(await textOf(page.getByTestId('entry-note-label'))).toBe(zhCN['thread.internalNote']);
    await page.getByTestId('prop-priority').selectOption('high');
    await page.locator('[data-testid="ticket-priority"][data-priority="high"]').waitFor();
    await page.getByTestId('history-toggle').click();
    expect(await textOf(page.locator('[data-testid="history-change"][data-field="priority"]'))).toBe('优先级：普通 → 高');
    expect(await untranslatedStrings(page)).toEqual([]);
    await screenshot(page, 'zh-tickets-02-ticket');

    await changeBehindTheScenes(t.id, { priority: 'urgent' });
    await page.getByTestId('prop-priority').selectOption('low');
    const dialog = page.getByTestId('conflict-dialog');
    expect(await textOf(dialog.locator('h2'))).toBe(zhCN['conflict.title']);
    expect(await textOf(page.getByTestId('conflict-apply'))).toBe(zhCN['conflict.apply']);
    expect(await textOf(page.getByTestId('conflict-reload'))).toBe(zhCN['conflict.reload']);
    expect(await untranslatedStrings(page)).toEqual([]);
    await screenshot(page, 'zh-tickets-03-conflict', { fullPage: false });
    await page.getByTestId('conflict-reload').click();
    await dialog.waitFor({ state: 'detached' });
  });
});
