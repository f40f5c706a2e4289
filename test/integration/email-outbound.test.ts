// Proves outbound email end to end on the local runtime: an agent's reply to an email ticket is
// sent (outbox → stream → pipe → queue → sender → local SES) with threading headers, the ticket's
// reply address and subject token, and the customer's answer to that very mail (naming SES's
// rewritten Message-ID) threads back; a bounce suppresses the address and fails the entry; a
// message over 25 MB is held and answered once with a notice, never looped.
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { parseMail } from '#shared/email/parse-mail.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack('email-outbound');
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq += 1)}`;

async function deliver(raw: string | Buffer, to = 'support@loopdesk.local', from = 'sender@example.com'): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: stack.smtp!.port, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from, to: [to] }, raw });
  } finally {
    transport.close();
  }
  await stack.drain();
}

function mime(o: { from: string; subject: string; body: string; messageId: string; headers?: string[] }): string {
  return [`From: ${o.from}`, 'To: support@loopdesk.local', `Subject: ${o.subject}`, `Message-ID: <${o.messageId}>`, ...(o.headers ?? []), 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', o.body, ''].join('\r\n');
}

async function ticketOf(email: string) {
  const res = await callApi(stack, 'GET', `/v1/tickets?customerEmail=${encodeURIComponent(email)}`, { role: 'agent' });
  return res.body.items[0] as { id: string; number: number };
}
const detail = async (id: string) => (await callApi(stack, 'GET', `/v1/tickets/${id}`, { role: 'agent' })).body;
const sentTo = async (address: string) => {
  const all = await stack.ses.sent();
  const mine = [];
  for (const s of all) {
    const parsed = await parseMail(s.raw);
    if (parsed.content.to.some((a) => a.address === address)) mine.push(parsed.content);
  }
  return mine;
};

describe('outbound email', () => {
  it('sends an agent reply that threads in the customer’s client, and the customer’s answer to it threads back', async () => {
    const who = `reply.${uniq()}@example.com`;
    const first = `q.${uniq()}@mail.example.com`;
    await deliver(mime({ from: who, subject: 'Boiler E119', body: 'The boiler shows E119.', messageId: first }));
    const ticket = await ticketOf(who);

    const reply = await callApi(stack, 'POST', `/v1/tickets/${ticket.id}/entries`, { role: 'agent', body: { kind: 'reply', body: 'A technician comes tomorrow at 9.' } });
    expect(reply.status).toBe(201);
    expect(reply.body.entry.delivery).toMatchObject({ status: 'queued' });
    const note = await callApi(stack, 'POST', `/v1/tickets/${ticket.id}/entries`, { role: 'agent', body: { kind: 'note', body: 'Internal: part ordered' } });
    expect(note.body.entry.delivery).toBeUndefined();
    await stack.drain();

    const d = await detail(ticket.id);
    const entry = d.entries.find((e: { id: string }) => e.id === reply.body.entry.id);
    expect(entry.delivery).toMatchObject({ status: 'sent', attempts: 1 });
    const [ack, sent] = await sentTo(who);
    expect(ack!.subject).toBe(`[#${ticket.number}] We received your request: Boiler E119`);
    expect(sent).toMatchObject({
      subject: `Re: Boiler E119 [#${ticket.number}]`,
      inReplyTo: [first],
      replyTo: [{ address: `support+${d.ticket.mailReference}@loopdesk.local`, name: '' }],
    });
    expect(sent!.text).toContain('A technician comes tomorrow at 9.');
    expect(sent!.text).not.toContain('Internal');
    // SES rewrote the Message-ID; our own id is in References.
    expect(sent!.messageId).toMatch(/@eu-west-1\.amazonses\.com$|@[a-z0-9-]+\.amazonses\.com$/);
    expect(sent!.references).toContain(`${reply.body.entry.id}@loopdesk.local`);

    // The customer answers that mail from a client that keeps only In-Reply-To (no reply address, no marker).
    await deliver(mime({ from: who, subject: 'Re: Boiler', body: 'Thanks, 9 is fine.', messageId: `a.${uniq()}@mail.example.com`, headers: [`In-Reply-To: <${sent!.messageId}>`] }));
    const after = await detail(ticket.id);
    expect(after.entries.at(-1)).toMatchObject({ body: 'Thanks, 9 is fine.', email: { matchedBy: 'headers' } });
  });

  it('suppresses an address that bounces, shows the failure, and sends it nothing more', async () => {
    const who = 'bounce@simulator.amazonses.com';
    await deliver(mime({ from: who, subject: 'Bounce me', body: 'x', messageId: `b.${uniq()}@simulator.amazonses.com` }));
    const ticket = await ticketOf(who);
    // The acknowledgement went out and bounced: marked on the opening message, the address suppressed.
    expect((await detail(ticket.id)).ticket.descriptionEmail.autoAck).toBe('failed');
    const before = (await sentTo(who)).length;
    expect(before).toBe(1);

    const reply = await callApi(stack, 'POST', `/v1/tickets/${ticket.id}/entries`, { role: 'agent', body: { kind: 'reply', body: 'Answer' } });
    await stack.drain();
    const entry = (await detail(ticket.id)).entries.find((e: { id: string }) => e.id === reply.body.entry.id);
    expect(entry.delivery).toMatchObject({ status: 'suppressed' });
    expect(entry.delivery.detail).toContain('bounced or complained');
    expect((await sentTo(who)).length).toBe(before);
  });

  it('resends a failed reply on request, and refuses to resend one that went out', async () => {
    const who = `resend.${uniq()}@example.com`;
    await deliver(mime({ from: who, subject: 'Resend', body: 'x', messageId: `r.${uniq()}@mail.example.com` }));
    const ticket = await ticketOf(who);
    stack.ses.failNext(5, 'MessageRejected');
    const reply = await callApi(stack, 'POST', `/v1/tickets/${ticket.id}/entries`, { role: 'agent', body: { kind: 'reply', body: 'Try this' } });
    await stack.drain();
    const failed = (await detail(ticket.id)).entries.find((e: { id: string }) => e.id === reply.body.entry.id);
    expect(failed.delivery).toMatchObject({ status: 'failed', attempts: 5 });

    const path = `/v1/tickets/${ticket.id}/entries/${reply.body.entry.id}/resend`;
    expect((await callApi(stack, 'POST', path, { role: 'agent' })).status).toBe(202);
    await stack.drain();
    expect((await detail(ticket.id)).entries.find((e: { id: string }) => e.id === reply.body.entry.id).delivery).toMatchObject({ status: 'sent' });
    expect((await callApi(stack, 'POST', path, { role: 'agent' })).status).toBe(409);
  });

  it('holds a message over 25 MB in quarantine and tells its sender once, politely', async () => {
    const who = `huge.${uniq()}@example.com`;
    const body = Buffer.alloc(26 * 1024 * 1024, 'A').toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = [
      `From: Huge Sender <${who}>`,
      'To: support@loopdesk.local',
      'Subject: Full disk image',
      `Message-ID: <huge.${uniq()}@mail.example.com>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: application/octet-stream; name="disk.img"',
      'Content-Transfer-Encoding: base64',
      '',
      body,
      '--b--',
      '',
    ].join('\r\n');
    await deliver(raw, 'support@loopdesk.local', who);
    const held = (await callApi(stack, 'GET', '/v1/mail/held?view=quarantine', { role: 'admin' })).body.items.find((h: { from?: string }) => h.from?.includes(who));
    expect(held).toMatchObject({ reason: 'too-large', subject: 'Full disk image' });
    expect(await ticketOf(who)).toBeUndefined();
    const notices = await sentTo(who);
    expect(notices.map((n) => n.subject)).toEqual(['Your message was too large to receive']);
  }, 90_000);
});
