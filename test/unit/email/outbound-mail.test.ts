// Proves outbound mail: what we build parses back (subject, names, bodies, files in any script),
// threads (In-Reply-To, References with our own id, Outlook's Thread-Index), carries the reply
// reference where replies keep it, and subjects stay "Re: … [#n]" however long the conversation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMime, encodeHeaderText, formatAddress } from '#shared/email/mime-builder.ts';
import { replyMail, replySubject } from '#shared/email/outbound-mail.ts';
import { parseMail } from '#shared/email/parse-mail.ts';
import { referencesInBody } from '#shared/email/reply-reference.ts';
import { threadIndex } from '#shared/email/thread-index.ts';
import type { ThreadEntry } from '#shared/tickets/thread.ts';
import type { Ticket } from '#shared/tickets/ticket.ts';

const ticket: Ticket = {
  id: '5f0c3a8e-8d6f-4c1b-9a57-0e2d1c3b4a59',
  number: 1042,
  subject: '锅炉 E119 报警',
  description: '锅炉显示 E119。',
  descriptionEmail: { sesMessageId: 's1', messageId: 'first@mail.example.cn', from: 'wei@example.cn', subject: '锅炉 E119 报警' },
  status: 'open',
  priority: 'normal',
  channel: 'email',
  customerEmail: 'wei@example.cn',
  customerName: '张伟',
  participants: ['li@example.cn'],
  teamId: 'field-service',
  mailReference: 'abcdefghijklmnop',
  createdBy: 'c1',
  createdAt: '2026-11-20T08:00:00.000Z',
  updatedAt: '2026-11-20T09:00:00.000Z',
  version: 3,
};
const identity = { domain: 'loopdesk.local', addresses: [{ address: 'support@loopdesk.local' }, { address: 'field@loopdesk.local', teamId: 'field-service' }], displayName: '售后服务 Support' };
const entry: ThreadEntry = { id: '0b7e6c1a-2f43-4d8e-9c55-7a1b2c3d4e5f', ticketId: ticket.id, kind: 'reply', body: '您好，\n\n技术员明天上午到。\nRegards <Alex> & co', author: { type: 'agent', id: 'a1' }, createdAt: '2026-11-21T10:00:00.000Z' };
const customerReply: ThreadEntry = { ...entry, id: '1b7e6c1a-2f43-4d8e-9c55-7a1b2c3d4e5f', author: { type: 'customer', id: 'c1' }, email: { sesMessageId: 's2', messageId: 'second@mail.example.cn', from: 'wei@example.cn', subject: 'Re' } };

describe('replyMail', () => {
  const out = replyMail(ticket, [customerReply], entry, identity, [], 'zh-CN');

  it('answers from the team address, to the customer and participants, replies to the ticket address', () => {
    expect(out).toMatchObject({ fromAddress: 'field@loopdesk.local', to: ['wei@example.cn'], cc: ['li@example.cn'], replyTo: 'field+abcdefghijklmnop@loopdesk.local' });
    expect(out.from).toBe(`${encodeHeaderText('售后服务 Support')} <field@loopdesk.local>`);
  });

  it('threads on the last message received and repeats our own id in References', () => {
    expect(out.inReplyTo).toBe('second@mail.example.cn');
    expect(out.references).toEqual(['first@mail.example.cn', 'second@mail.example.cn', `${entry.id}@loopdesk.local`]);
    expect(out.messageId).toBe(`${entry.id}@loopdesk.local`);
  });

  it('keeps the reference in the text footer and hidden in the HTML; escapes the body', () => {
    expect(referencesInBody(out.text)).toEqual(['abcdefghijklmnop']);
    expect(referencesInBody(out.html)).toEqual(['abcdefghijklmnop']);
    expect(out.html).toContain('Regards &#60;Alex&#62; &#38; co');
    expect(out.html).not.toContain('<Alex>');
  });
});

describe('replySubject', () => {
  it('says Re: once and the ticket token once, however often it went back and forth', () => {
    expect(replySubject({ subject: 'Boiler', number: 7 })).toBe('Re: Boiler [#7]');
    expect(replySubject({ subject: 'RE: Re: 回复：Boiler [#7]', number: 7 })).toBe('Re: Boiler [#7]');
  });
});

describe('threadIndex', () => {
  it('shares the 22-byte conversation head across replies and grows by 5 bytes for a reply', () => {
    const head = Buffer.from(threadIndex(ticket.id, new Date(ticket.createdAt)), 'base64');
    const reply = Buffer.from(threadIndex(ticket.id, new Date(ticket.createdAt), new Date(entry.createdAt)), 'base64');
    expect(head).toHaveLength(22);
    expect(reply).toHaveLength(27);
    expect(reply.subarray(0, 22)).toEqual(head);
    expect(head.subarray(6).toString('hex')).toBe(ticket.id.replace(/-/g, ''));
  });
});

describe('buildMime → parseMail', () => {
  it('round-trips a reply with a Chinese subject, names, HTML and files', async () => {
    const out = replyMail(ticket, [customerReply], entry, identity, [], 'zh-CN');
    const raw = buildMime({
      ...out,
      to: out.to.map((a) => formatAddress(a, '张伟')),
      date: new Date(entry.createdAt),
      attachments: [
        { name: '报价单 2026.pdf', contentType: 'application/pdf', content: new TextEncoder().encode('%PDF-1.4 fake') },
        { name: 'photo.png', contentType: 'image/png', content: Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]) },
      ],
    });
    const text = new TextDecoder().decode(raw);
    expect(text.split('\r\n').every((line) => line.length <= 998)).toBe(true);
    expect(text).toMatch(/^Thread-Index: /m);
    const { content, attachments } = await parseMail(raw);
    expect(content.subject).toBe(out.subject);
    expect(content.from).toEqual({ address: 'field@loopdesk.local', name: '售后服务 Support' });
    expect(content.to).toEqual([{ address: 'wei@example.cn', name: '张伟' }]);
    expect(content.messageId).toBe(out.messageId);
    expect(content.inReplyTo).toEqual(['second@mail.example.cn']);
    expect(content.references).toEqual(out.references);
    expect(content.text).toContain('技术员明天上午到。');
    expect(content.html).toContain('技术员明天上午到。');
    expect(attachments.map((a) => [a.name, a.contentType, a.size])).toEqual([
      ['报价单 2026.pdf', 'application/pdf', 13],
      ['photo.png', 'image/png', 8],
    ]);
  });

  it('encodes any subject so that it parses back unchanged (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 120, unit: 'grapheme' }), async (subject) => {
        const clean = subject.replace(/[\r\n\t]/g, ' ').trim();
        fc.pre(clean.length > 0 && !/[\u0000-\u001f\u007f]/.test(clean));
        const raw = buildMime({ from: 'a@b.c', to: ['d@e.f'], subject: clean, messageId: 'x@y', date: new Date(0), text: 'hi' });
        expect((await parseMail(raw)).content.subject).toBe(clean);
      }),
      { numRuns: 200 },
    );
  });
});
