// Proves the sender's rules with recording ports: suppressed recipients are left out, a failure is
// "retrying" until the last attempt ("failed") and rethrown for the queue, a repeat never resends,
// and both ids (ours, and the one SES gives) are remembered for threading replies.
import { describe, expect, it } from 'vitest';
import { feedbackDecision } from '#shared/email/mail-feedback.ts';
import type { OutboxMail } from '#shared/email/outbound-mail.ts';
import { parseMail } from '#shared/email/parse-mail.ts';
import { sendQueuedMail, type SendPorts } from '#shared/email/send-mail.ts';
import type { Delivery } from '#shared/tickets/thread.ts';

const mail: OutboxMail = {
  id: 'o1',
  ticketId: 't1',
  kind: 'reply',
  shownOn: { entry: { createdAt: '2026-11-21T10:00:00.000Z', id: 'e1' } },
  from: 'support@loopdesk.local',
  fromAddress: 'support@loopdesk.local',
  to: ['ana@example.com'],
  cc: ['bo@example.com'],
  replyTo: 'support+abcdefghijklmnop@loopdesk.local',
  subject: 'Re: Printer [#1001]',
  messageId: 'e1@loopdesk.local',
  references: ['e1@loopdesk.local'],
  threadIndex: 'AQ==',
  text: 'Fixed.',
  html: '<p>Fixed.</p>',
  language: 'en',
  attachments: [{ key: 'tickets/t1/f', name: 'report.txt', contentType: 'text/plain' }],
  createdAt: '2026-11-21T10:00:00.000Z',
};

function ports(overrides: Partial<SendPorts> = {}) {
  const recorded: Delivery[] = [];
  const sent: { raw: Uint8Array; destinations: string[] }[] = [];
  const remembered: string[] = [];
  const p: SendPorts = {
    alreadySent: async () => false,
    suppressedAmong: async () => new Set(),
    file: async () => new TextEncoder().encode('report body'),
    send: async (raw, destinations) => {
      sent.push({ raw, destinations });
      return '0102018c-ses-id';
    },
    record: async (_m, d) => void recorded.push(d),
    rememberMessageIds: async (ids) => void remembered.push(...ids),
    now: () => new Date('2026-11-21T10:00:05Z'),
    sesMessageIdDomain: 'eu-west-1.amazonses.com',
    ...overrides,
  };
  return { p, recorded, sent, remembered };
}

describe('sendQueuedMail', () => {
  it('sends the built message with its file to everyone, and remembers both message ids', async () => {
    const { p, recorded, sent, remembered } = ports();
    expect(await sendQueuedMail(p, mail, 1, 5)).toBe('sent');
    expect(sent[0]!.destinations).toEqual(['ana@example.com', 'bo@example.com']);
    const parsed = await parseMail(sent[0]!.raw);
    expect(parsed.content.subject).toBe('Re: Printer [#1001]');
    expect(parsed.attachments.map((a) => a.name)).toEqual(['report.txt']);
    expect(remembered).toEqual(['e1@loopdesk.local', '0102018c-ses-id@eu-west-1.amazonses.com']);
    expect(recorded).toEqual([{ status: 'sent', at: '2026-11-21T10:00:05.000Z', attempts: 1, messageIds: remembered }]);
  });

  it('leaves suppressed recipients out, and sends nothing when the customer is suppressed', async () => {
    const cc = ports({ suppressedAmong: async () => new Set(['bo@example.com']) });
    await sendQueuedMail(cc.p, mail, 1, 5);
    expect(cc.sent[0]!.destinations).toEqual(['ana@example.com']);
    const to = ports({ suppressedAmong: async () => new Set(['ana@example.com']) });
    expect(await sendQueuedMail(to.p, mail, 1, 5)).toBe('suppressed');
    expect(to.sent).toEqual([]);
    expect(to.recorded[0]!.status).toBe('suppressed');
  });

  it('records retrying, then failed on the last attempt, and rethrows each time', async () => {
    const { p, recorded } = ports({ send: async () => Promise.reject(new Error('Throttling: Maximum sending rate exceeded')) });
    for (let attempt = 1; attempt <= 5; attempt++) await expect(sendQueuedMail(p, mail, attempt, 5)).rejects.toThrow('Throttling');
    expect(recorded.map((d) => d.status)).toEqual(['retrying', 'retrying', 'retrying', 'retrying', 'failed']);
    expect(recorded[4]).toMatchObject({ attempts: 5, detail: 'Throttling: Maximum sending rate exceeded' });
  });

  it('never sends an already-sent mail again', async () => {
    const { p, sent } = ports({ alreadySent: async () => true });
    expect(await sendQueuedMail(p, mail, 2, 5)).toBe('already-sent');
    expect(sent).toEqual([]);
  });
});

describe('feedbackDecision', () => {
  const base = { mail: { messageId: 'x', tags: { outboxId: ['o1'] } } };
  it('suppresses on a permanent bounce or a complaint, not on a transient bounce', () => {
    expect(feedbackDecision({ ...base, eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Ana@Example.com', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] } })).toEqual({
      suppress: [{ address: 'ana@example.com', reason: 'bounce: smtp; 550 5.1.1 user unknown' }],
      failure: 'Bounced: smtp; 550 5.1.1 user unknown',
    });
    expect(feedbackDecision({ ...base, eventType: 'Bounce', bounce: { bounceType: 'Transient', bounceSubType: 'MailboxFull', bouncedRecipients: [{ emailAddress: 'a@b.c' }] } }).suppress).toEqual([]);
    expect(feedbackDecision({ ...base, eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'c@d.e' }] } }).suppress).toEqual([{ address: 'c@d.e', reason: 'complaint' }]);
  });
});

describe('the too-large notice', () => {
  it('is composed in the sender’s language, automatic, and never remembered as a ticket thread', async () => {
    const { composeNotice } = await import('#shared/email/outbound-mail.ts');
    const notice = composeNotice(
      { id: 'n1', ticketId: 'ses-1', kind: 'postmaster', shownOn: { held: 'ses-1' }, to: ['big@example.cn'], language: 'zh-CN', notice: { subject: '日志', limitMb: 25 }, createdAt: '2026-11-23T08:00:00.000Z' },
      { domain: 'loopdesk.local', addresses: [{ address: 'support@loopdesk.local' }] },
    );
    expect(notice).toMatchObject({ subject: '您的邮件过大，无法接收', autoSubmitted: 'auto-replied', to: ['big@example.cn'] });
    expect(notice.text).toContain('“日志”');
    expect(notice.text).toContain('25 MB');
    const { p, remembered, sent } = ports();
    expect(await sendQueuedMail(p, notice, 1, 5)).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(remembered).toEqual([]);
    expect(new TextDecoder().decode(sent[0]!.raw)).toMatch(/^Auto-Submitted: auto-replied\r$/m);
  });
});
