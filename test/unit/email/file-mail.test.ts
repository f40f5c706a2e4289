// Proves filing rules on in-memory stores: new ticket vs thread by each method (in order of
// strength), subject tokens only from the ticket's own people and verified senders, closed →
// follow-up, machine mail never reopens, verdicts hold mail, repeats file once, auto-ack decisions.
import { beforeEach, describe, expect, it } from 'vitest';
import { fileMail, MailBusyError, type MailFilingDeps } from '#shared/email/file-mail.ts';
import type { MailVerdicts, ParsedMail } from '#shared/email/parsed-mail.ts';
import { composeAck, isAckRequest, type AckRequest } from '#shared/email/outbound-mail.ts';
import { referencesInBody, replyAddress, replyMarker } from '#shared/email/reply-reference.ts';
import { MemoryMailStore } from '../../support/memory-mail-store.ts';
import { MemoryTicketStore } from '../../support/memory-ticket-store.ts';

const PASS: MailVerdicts = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };
let seq = 0;

function message(overrides: Partial<ParsedMail> = {}): ParsedMail {
  seq += 1;
  return {
    sesMessageId: `ses${seq}`,
    messageId: `m${seq}@mail.example.com`,
    inReplyTo: [],
    references: [],
    subject: 'Printer jammed',
    from: { address: 'ana@example.com', name: 'Ana' },
    replyTo: [],
    to: [{ address: 'support@loopdesk.local', name: '' }],
    cc: [],
    text: 'It jams on every page.',
    recipients: ['support@loopdesk.local'],
    size: 1000,
    attachments: [],
    verdicts: PASS,
    receivedAt: new Date().toISOString(),
    ...overrides,
  };
}

let tickets: MemoryTicketStore;
let mail: MemoryMailStore;
let deps: MailFilingDeps;
let automatedSent: string[];
const customers = new Map<string, string>();

beforeEach(() => {
  tickets = new MemoryTicketStore();
  mail = new MemoryMailStore();
  automatedSent = [];
  customers.clear();
  deps = {
    mail,
    tickets: { store: tickets, clock: { now: () => new Date() }, ids: { next: () => crypto.randomUUID() } },
    customers: {
      idByEmail: async (email) => customers.get(email),
      findOrCreate: async (email, name) => {
        if (!customers.has(email)) customers.set(email, crypto.randomUUID());
        return { id: customers.get(email)!, name };
      },
    },
    route: async () => ({ teamId: 'support' }),
    allowAutomatedMail: async (address) => {
      automatedSent.push(address);
      return automatedSent.filter((a) => a === address).length <= 3;
    },
    settings: { domain: 'loopdesk.local', addresses: [{ address: 'support@loopdesk.local' }, { address: 'field@loopdesk.local', teamId: 'field-service' }] },
  };
});

const ticketOf = (id: string) => tickets.tickets.get(id)!;

describe('fileMail', () => {
  it('opens a ticket for a new message: customer, team by address, reply reference, participants, auto-ack pending', async () => {
    const result = await fileMail(deps, message({ recipients: ['field@loopdesk.local'], cc: [{ address: 'bo@example.com', name: 'Bo' }, { address: 'support@loopdesk.local', name: '' }] }));
    expect(result.outcome).toBe('created');
    const t = ticketOf((result as { ticketId: string }).ticketId);
    expect(t).toMatchObject({ channel: 'email', teamId: 'field-service', customerEmail: 'ana@example.com', participants: ['bo@example.com'], subject: 'Printer jammed' });
    expect(t.descriptionEmail).toMatchObject({ from: 'ana@example.com', autoAck: 'pending' });
    expect(mail.references.get(t.mailReference!)).toBe(t.id);
    // The acknowledgement is queued (composed when sent): from the team's address, threaded, marked automatic, in English.
    expect(tickets.outbox).toHaveLength(1);
    expect(isAckRequest(tickets.outbox[0]!)).toBe(true);
    const ack = composeAck(tickets.outbox[0] as AckRequest, deps.settings);
    expect(ack).toMatchObject({
      kind: 'auto-ack',
      to: ['ana@example.com'],
      fromAddress: 'field@loopdesk.local',
      replyTo: `field+${t.mailReference}@loopdesk.local`,
      inReplyTo: t.descriptionEmail!.messageId,
      autoSubmitted: 'auto-replied',
      language: 'en',
    });
    expect(ack.subject).toBe(`[#${t.number}] We received your request: Printer jammed`);
    expect(ack.text).toContain(`[ref:${t.mailReference}]`);
  });

  it('threads replies by reply address, then by headers, then by the hidden marker', async () => {
    const first = (await fileMail(deps, message())) as { ticketId: string };
    const ref = ticketOf(first.ticketId).mailReference!;
    const byAddress = await fileMail(deps, message({ recipients: [replyAddress('support@loopdesk.local', ref)], subject: 'Re: anything' }));
    expect(byAddress).toMatchObject({ outcome: 'threaded', ticketId: first.ticketId, method: 'reply-address' });
    const byHeaders = await fileMail(deps, message({ inReplyTo: [`m${seq}@mail.example.com`], subject: 'Re: x' }));
    expect(byHeaders).toMatchObject({ outcome: 'threaded', ticketId: first.ticketId, method: 'headers' });
    const byMarker = await fileMail(deps, message({ text: `Thanks\n> earlier\n> ${replyMarker(ref)}` }));
    expect(referencesInBody(`> ${replyMarker(ref)}`)).toEqual([ref]);
    expect(byMarker).toMatchObject({ outcome: 'threaded', ticketId: first.ticketId, method: 'marker' });
    expect(tickets.entries.filter((e) => e.ticketId === first.ticketId).map((e) => e.email?.matchedBy)).toEqual(['reply-address', 'headers', 'marker']);
  });

  it('honours a subject token only from the requester or a participant, and never from an unverified sender', async () => {
    const first = (await fileMail(deps, message({ cc: [{ address: 'bo@example.com', name: 'Bo' }] }))) as { ticketId: string; number: number };
    const subject = `Re: [#${first.number}] Printer`;
    expect(await fileMail(deps, message({ subject }))).toMatchObject({ outcome: 'threaded', method: 'subject' });
    expect(await fileMail(deps, message({ subject, from: { address: 'bo@example.com', name: 'Bo' } }))).toMatchObject({ outcome: 'threaded', method: 'subject' });
    expect(await fileMail(deps, message({ subject, from: { address: 'mallory@evil.example', name: '' } }))).toMatchObject({ outcome: 'created' });
    expect(await fileMail(deps, message({ subject, verdicts: { ...PASS, dkim: 'FAIL' } }))).toMatchObject({ outcome: 'created' });
  });

  it('reopens a resolved ticket on a reply, but machine mail is recorded without reopening', async () => {
    const first = (await fileMail(deps, message())) as { ticketId: string };
    const t = ticketOf(first.ticketId);
    tickets.tickets.set(t.id, { ...t, status: 'resolved' });
    const auto = await fileMail(deps, message({ inReplyTo: [t.descriptionEmail!.messageId!], automated: { kind: 'auto-reply', evidence: 'Auto-Submitted: auto-replied' } }));
    expect(auto).toMatchObject({ outcome: 'threaded' });
    expect(ticketOf(t.id).status).toBe('resolved');
    await fileMail(deps, message({ inReplyTo: [t.descriptionEmail!.messageId!] }));
    expect(ticketOf(t.id).status).toBe('open');
  });

  it('starts a linked follow-up when the ticket is closed', async () => {
    const first = (await fileMail(deps, message())) as { ticketId: string };
    const t = ticketOf(first.ticketId);
    tickets.tickets.set(t.id, { ...t, status: 'closed' });
    const r = await fileMail(deps, message({ inReplyTo: [t.descriptionEmail!.messageId!] }));
    expect(r).toMatchObject({ outcome: 'follow-up', followUpOfId: t.id, method: 'headers' });
    expect(ticketOf((r as { ticketId: string }).ticketId)).toMatchObject({ followUpOfId: t.id, linkedTicketIds: [t.id], teamId: 'support' });
  });

  it('files a message delivered five times once, and tells a concurrent delivery to retry', async () => {
    const m = message();
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await fileMail(deps, { ...m, sesMessageId: `again${i}` }));
    expect(tickets.tickets.size).toBe(1);
    expect(results.slice(1).every((r) => r.repeat && r.outcome === 'created')).toBe(true);
    const other = message();
    await mail.claim(`mid:${other.messageId}`, new Date(), 60);
    await expect(fileMail(deps, other)).rejects.toBeInstanceOf(MailBusyError);
  });

  it('holds viruses and DMARC rejects in quarantine and spam in the spam view; unverified mail is filed, marked, never acknowledged', async () => {
    expect(await fileMail(deps, message({ verdicts: { ...PASS, virus: 'FAIL' } }))).toEqual({ outcome: 'held', reason: 'virus' });
    expect(await fileMail(deps, message({ verdicts: { ...PASS, dmarc: 'FAIL', dmarcPolicy: 'reject' } }))).toEqual({ outcome: 'held', reason: 'dmarc-reject' });
    expect(await fileMail(deps, message({ verdicts: { ...PASS, spam: 'FAIL' } }))).toEqual({ outcome: 'held', reason: 'spam' });
    expect([...mail.held.values()].map((h) => h.view)).toEqual(['quarantine', 'quarantine', 'spam']);
    const unverified = (await fileMail(deps, message({ verdicts: { ...PASS, spf: 'FAIL' } }))) as { ticketId: string };
    expect(ticketOf(unverified.ticketId).descriptionEmail).toMatchObject({ unverified: true, autoAck: 'skipped:unverified' });
  });

  it('never acknowledges machine mail, the null sender or our own addresses, and caps acknowledgements per address', async () => {
    const ack = async (m: Partial<ParsedMail>) => ticketOf(((await fileMail(deps, message(m))) as { ticketId: string }).ticketId).descriptionEmail?.autoAck;
    expect(await ack({ automated: { kind: 'bounce', evidence: 'multipart/report' } })).toBe('skipped:automated');
    expect(await ack({ returnPath: '' })).toBe('skipped:null-sender');
    expect(await ack({ from: { address: 'support@loopdesk.local', name: '' } })).toBe('skipped:own-address');
    const four = [];
    for (let i = 0; i < 4; i++) four.push(await ack({ from: { address: 'flood@example.com', name: '' } }));
    expect(four).toEqual(['pending', 'pending', 'pending', 'skipped:rate-limited']);
    expect(tickets.outbox.map((o) => o.to[0])).toEqual(['flood@example.com', 'flood@example.com', 'flood@example.com']);
  });

  it('acknowledges a Chinese message in Chinese', async () => {
    await fileMail(deps, message({ subject: '打印机卡纸', text: '每一页都卡纸。', from: { address: 'wei@example.cn', name: '张伟' } }));
    const ack = composeAck(tickets.outbox[0] as AckRequest, deps.settings);
    expect(ack).toMatchObject({ language: 'zh-CN' });
    expect(ack.subject).toMatch(/^\[#\d+\] 我们已收到您的请求：打印机卡纸$/);
    expect(ack.text).toContain('张伟您好');
  });

  it('lets a released message through once, on the word of staff', async () => {
    const m = message({ verdicts: { ...PASS, spam: 'FAIL' } });
    await fileMail(deps, m);
    const released = await fileMail(deps, m, { releasedBy: 'agent-1' });
    expect(released.outcome).toBe('created');
    expect((await fileMail(deps, m, { releasedBy: 'agent-1' })).repeat).toBe(true);
  });
});
