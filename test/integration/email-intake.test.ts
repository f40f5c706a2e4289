// Proves email intake end to end on the local runtime: real MIME messages sent over SMTP take SES's
// path (raw object, notification, parser, parsed object, filer) and are checked through the API —
// charsets and files, threading by headers and by the reply address, repeats (also concurrent)
// filed once, machine mail recorded without reopening, verdicts holding mail in the spam view or
// quarantine (by role), release, and the 15 MB message.
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { parseMail } from '#shared/email/parse-mail.ts';
import { corpusMail } from '../fixtures/mail/corpus.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack('email-intake');
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq += 1)}`;

async function send(raw: Buffer | string, to = 'support@loopdesk.local', from = 'sender@example.com'): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: stack.smtp!.port, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope: { from, to: [to] }, raw });
    expect(info.accepted).toEqual([to]);
  } finally {
    transport.close();
  }
}

/** Sends, then waits until every queue of the stack is idle (no sleeping). */
async function deliver(raw: Buffer | string, to?: string, from?: string): Promise<void> {
  await send(raw, to, from);
  await stack.drain();
}

function mime(o: { from: string; subject: string; body: string; messageId: string; to?: string; headers?: string[] }): string {
  return [
    `From: ${o.from}`,
    `To: ${o.to ?? 'support@loopdesk.local'}`,
    `Subject: ${o.subject}`,
    `Message-ID: <${o.messageId}>`,
    'Date: Mon, 23 Nov 2026 08:00:00 +0000',
    ...(o.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body,
    '',
  ].join('\r\n');
}

async function ticketsOf(email: string) {
  const res = await callApi(stack, 'GET', `/v1/tickets?customerEmail=${encodeURIComponent(email)}`, { role: 'agent' });
  expect(res.status).toBe(200);
  return res.body.items as { id: string; number: number; subject: string; status: string; channel: string }[];
}

const detail = async (id: string) => (await callApi(stack, 'GET', `/v1/tickets/${id}`, { role: 'agent' })).body;

describe('email intake over SMTP', () => {
  it('opens a ticket from a Chinese GBK message, with its sender as the customer', async () => {
    const mail = corpusMail('gbk-body-gb2312-subject');
    await deliver(mail.raw);
    const [ticket] = await ticketsOf(mail.expect.from!.address);
    expect(ticket).toMatchObject({ subject: mail.expect.subject, channel: 'email', status: 'new' });
    const d = await detail(ticket!.id);
    for (const t of mail.expect.text ?? []) expect(d.ticket.description).toContain(t);
    // The acknowledgement went out (to the local outbox) and says so on the opening message.
    expect(d.ticket.descriptionEmail).toMatchObject({ from: mail.expect.from!.address, fromName: mail.expect.from!.name, autoAck: 'sent' });
    const acks = (await stack.ses.sent()).map((s) => s.raw.toString('utf8')).filter((raw) => /^To: lina@example\.cn\r$/m.test(raw));
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatch(/^Auto-Submitted: auto-replied\r$/m);
    expect((await parseMail(Buffer.from(acks[0]!))).content.subject).toBe(`[#${ticket!.number}] 我们已收到您的请求：${mail.expect.subject}`);
  });

  it('keeps every file of a message, downloadable with the bytes sent', async () => {
    const mail = corpusMail('rfc2231-file-names');
    await deliver(mail.raw);
    const [ticket] = await ticketsOf('files@example.cn');
    const d = await detail(ticket!.id);
    expect(d.attachments.map((a: { name: string }) => a.name).sort()).toEqual(mail.expect.attachments!.map((a) => a.name).sort());
    const pdf = d.attachments.find((a: { name: string }) => a.name === '报价单.pdf');
    const link = await callApi(stack, 'GET', `/v1/tickets/${ticket!.id}/attachments/${pdf.id}`, { role: 'agent' });
    const bytes = Buffer.from(await (await fetch(link.body.url)).arrayBuffer());
    expect(bytes.length).toBe(100);
  });

  it('threads a reply by In-Reply-To and one sent to the ticket’s reply address, and reopens a pending ticket', async () => {
    const who = `ana.${uniq()}@example.com`;
    const first = `first.${uniq()}@mail.example.com`;
    await deliver(mime({ from: who, subject: 'Printer jammed', body: 'It jams.', messageId: first }));
    const [ticket] = await ticketsOf(who);
    const d = await detail(ticket!.id);
    const patched = await callApi(stack, 'PATCH', `/v1/tickets/${ticket!.id}`, { role: 'agent', body: { status: 'pending_customer' }, headers: { 'if-match': `"${d.ticket.version}"` } });
    expect(patched.status).toBe(200);

    await deliver(mime({ from: who, subject: 'Re: Printer jammed', body: 'Still jams.\n\n> It jams.', messageId: `r1.${uniq()}@mail.example.com`, headers: [`In-Reply-To: <${first}>`] }));
    const ref = d.ticket.mailReference as string;
    await deliver(mime({ from: who, subject: 'another subject entirely', body: 'And the tray is loose.', messageId: `r2.${uniq()}@mail.example.com` }), `support+${ref}@loopdesk.local`);

    expect(await ticketsOf(who)).toHaveLength(1);
    const after = await detail(ticket!.id);
    expect(after.ticket.status).toBe('open');
    expect(after.entries.map((e: { body: string; email: { matchedBy: string } }) => [e.email.matchedBy, e.body.split('\n')[0]])).toEqual([
      ['headers', 'Still jams.'],
      ['reply-address', 'And the tray is loose.'],
    ]);
  });

  it('files a message delivered five times, also at once, exactly once', async () => {
    const who = `dup.${uniq()}@example.com`;
    const raw = mime({ from: who, subject: 'Duplicate delivery', body: 'Once only, please.', messageId: `dup.${uniq()}@mail.example.com` });
    await Promise.all([1, 2, 3].map(() => send(raw)));
    await send(raw);
    await send(raw);
    await stack.drain();
    const tickets = await ticketsOf(who);
    expect(tickets).toHaveLength(1);
    expect((await detail(tickets[0]!.id)).entries).toEqual([]);
  });

  it('records an out-of-office reply on the ticket without reopening it or acknowledging it', async () => {
    const who = `ooo.${uniq()}@example.com`;
    const first = `ooo-first.${uniq()}@mail.example.com`;
    await deliver(mime({ from: who, subject: 'Invoice question', body: 'Where is it?', messageId: first }));
    const [ticket] = await ticketsOf(who);
    const d = await detail(ticket!.id);
    await callApi(stack, 'PATCH', `/v1/tickets/${ticket!.id}`, { role: 'agent', body: { status: 'resolved' }, headers: { 'if-match': `"${d.ticket.version}"` } });
    await deliver(
      mime({ from: who, subject: 'Automatic reply: Invoice question', body: 'I am out of office.', messageId: `ooo-r.${uniq()}@mail.example.com`, headers: [`In-Reply-To: <${first}>`, 'Auto-Submitted: auto-replied'] }),
    );
    const after = await detail(ticket!.id);
    expect(after.ticket.status).toBe('resolved');
    expect(after.entries[0].email.automated).toMatchObject({ kind: 'auto-reply' });
  });

  it('holds spam in the spam view (agents) and viruses in quarantine (admins only); an agent releases spam into the desk', async () => {
    const spammer = `spam.${uniq()}@example.com`;
    await deliver(mime({ from: spammer, subject: 'Cheap printers', body: 'Buy now', messageId: `s.${uniq()}@x.example`, headers: ['X-Loopdesk-Local-Verdicts: spam=FAIL'] }));
    const virus = `virus.${uniq()}@example.com`;
    await deliver(mime({ from: virus, subject: 'Invoice attached', body: 'Open it', messageId: `v.${uniq()}@x.example`, headers: ['X-Loopdesk-Local-Verdicts: virus=FAIL'] }));
    expect(await ticketsOf(spammer)).toEqual([]);
    expect(await ticketsOf(virus)).toEqual([]);

    const spam = await callApi(stack, 'GET', '/v1/mail/held?view=spam', { role: 'agent' });
    const held = spam.body.items.find((h: { from: string }) => h.from === spammer);
    expect(held).toMatchObject({ reason: 'spam', subject: 'Cheap printers' });
    expect((await callApi(stack, 'GET', '/v1/mail/held?view=quarantine', { role: 'agent' })).status).toBe(403);
    const quarantine = await callApi(stack, 'GET', '/v1/mail/held?view=quarantine', { role: 'admin' });
    expect(quarantine.body.items.find((h: { from: string }) => h.from === virus)).toMatchObject({ reason: 'virus' });

    const released = await callApi(stack, 'POST', `/v1/mail/held/${held.sesMessageId}/release`, { role: 'agent' });
    expect(released.status).toBe(202);
    await stack.drain();
    expect((await ticketsOf(spammer)).map((t) => t.subject)).toEqual(['Cheap printers']);
    expect((await callApi(stack, 'GET', '/v1/mail/held?view=spam', { role: 'agent' })).body.items.some((h: { from: string }) => h.from === spammer)).toBe(false);
    expect((await callApi(stack, 'POST', `/v1/mail/held/${held.sesMessageId}/release`, { role: 'agent' })).status).toBe(409);
  });

  it('takes in the 15 MB message with its attachment whole', async () => {
    const mail = corpusMail('large-15mb-attachment');
    await deliver(mail.raw);
    const [ticket] = await ticketsOf('big@example.com');
    const d = await detail(ticket!.id);
    expect(d.attachments.map((a: { name: string; size: number }) => [a.name, a.size])).toEqual([[mail.expect.attachments![0]!.name, mail.expect.attachments![0]!.size]]);
  }, 60_000);

  it('refuses mail for other domains at the SMTP door', async () => {
    await expect(send(mime({ from: 'a@example.com', subject: 'x', body: 'y', messageId: `o.${uniq()}@x` }), 'someone@elsewhere.example')).rejects.toThrow(/550/);
  });
});
