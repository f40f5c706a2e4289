import type { ThreadEntry } from '../tickets/thread.ts';
import type { Ticket } from '../tickets/ticket.ts';
import { formatAddress } from './mime-builder.ts';
import { replyAddress, replyMarker, subjectToken } from './reply-reference.ts';
import { autoAckText, offerNoticeText, staffNoticeText, tooLargeText, type MailLanguage, type OfferNoticeValues, type StaffNoticeValues } from './mail-templates.ts';
import { threadIndex } from './thread-index.ts';

export type DeliveryStatus = 'queued' | 'retrying' | 'sent' | 'failed' | 'suppressed';

/**
 * One mail waiting to go out: everything the sender needs to build and send it, decided when the
 * reply was written (so the sender reads nothing else), and written in the same transaction as
 * the reply itself (a transactional outbox: a reply is never saved without its mail, nor sent twice).
 */
export interface OutboxMail {
  id: string;
  ticketId: string;
  kind: 'reply' | 'auto-ack' | 'postmaster' | 'staff-notice' | 'work-offer';
  /** Where the delivery status is shown: a thread entry, the ticket's opening message, a held message, or nowhere (a staff notice). */
  shownOn: { entry: { createdAt: string; id: string } } | { description: true } | { held: string } | { staff: string };
  from: string;
  fromAddress: string;
  to: string[];
  cc: string[];
  replyTo: string;
  subject: string;
  messageId: string;
  inReplyTo?: string;
  references: string[];
  threadIndex: string;
  text: string;
  html: string;
  language: MailLanguage;
  attachments: { key: string; name: string; contentType: string }[];
  autoSubmitted?: 'auto-replied';
  createdAt: string;
}

/**
 * An acknowledgement to compose at sending time: the filer (whose bundle has no room for the
 * templates) queues what the text needs; the sender turns it into an OutboxMail.
 */
export interface AckRequest {
  id: string;
  ticketId: string;
  kind: 'auto-ack';
  shownOn: { description: true };
  to: string[];
  language: MailLanguage;
  ticket: Pick<Ticket, 'id' | 'number' | 'subject' | 'customerName' | 'customerEmail' | 'mailReference' | 'teamId' | 'createdAt' | 'participants' | 'descriptionEmail'>;
  createdAt: string;
}

/** The one polite answer to a message too large to take in (composed at sending time too). */
export interface NoticeRequest {
  id: string;
  /** No ticket exists: the held message's id stands in (tags, logs). */
  ticketId: string;
  kind: 'postmaster';
  shownOn: { held: string };
  to: string[];
  language: MailLanguage;
  notice: { subject: string; limitMb: number };
  createdAt: string;
}

/** An SLA warning or escalation for a staff member, composed at sending time in their language. */
export interface StaffNoticeRequest {
  id: string;
  ticketId: string;
  kind: 'staff-notice';
  shownOn: { staff: string };
  to: string[];
  language: MailLanguage;
  notice: StaffNoticeValues;
  createdAt: string;
}

/** A work order offered to a technician, composed at sending time in their language. */
export interface OfferNoticeRequest {
  id: string;
  ticketId: string;
  kind: 'work-offer';
  shownOn: { staff: string };
  to: string[];
  language: MailLanguage;
  notice: OfferNoticeValues;
  createdAt: string;
}

export type OutboxItem = OutboxMail | AckRequest | NoticeRequest | StaffNoticeRequest | OfferNoticeRequest;

export const isAckRequest = (item: OutboxItem): item is AckRequest => item.kind === 'auto-ack' && 'ticket' in item;
export const isNoticeRequest = (item: OutboxItem): item is NoticeRequest => item.kind === 'postmaster' && 'notice' in item;
export const isOfferNoticeRequest = (item: OutboxItem): item is OfferNoticeRequest => item.kind === 'work-offer' && 'notice' in item;
export const isStaffNoticeRequest = (item: OutboxItem): item is StaffNoticeRequest => item.kind === 'staff-notice' && 'notice' in item;

/** A staff notice (SLA warning, escalation), in the staff member's language. */
export function composeStaffNotice(req: StaffNoticeRequest, identity: MailIdentity): OutboxMail {
  return automaticMail(req, identity, staffNoticeText(req.language, req.notice));
}

/** A job offer to a technician, in their language. */
export function composeOfferNotice(req: OfferNoticeRequest, identity: MailIdentity): OutboxMail {
  return automaticMail(req, identity, offerNoticeText(req.language, req.notice));
}

/** The too-large notice, in the sender's language. */
export function composeNotice(req: NoticeRequest, identity: MailIdentity): OutboxMail {
  return automaticMail(req, identity, tooLargeText(req.language, req.notice));
}

/**
 * A notice that belongs to no conversation: from the first support address, its own Message-ID,
 * marked automatic so robots (and out-of-office replies) leave it be.
 */
function automaticMail(req: NoticeRequest | StaffNoticeRequest | OfferNoticeRequest, identity: MailIdentity, t: { subject: string; body: string }): OutboxMail {
  const support = identity.addresses[0]!.address;
  return {
    id: req.id,
    ticketId: req.ticketId,
    kind: req.kind,
    shownOn: req.shownOn,
    from: formatAddress(support, identity.displayName),
    fromAddress: support,
    to: req.to,
    cc: [],
    replyTo: support,
    subject: t.subject,
    messageId: `${req.id}@${identity.domain}`,
    references: [],
    threadIndex: '',
    text: t.body,
    html: htmlBody(t.body, ''),
    language: req.language,
    attachments: [],
    autoSubmitted: 'auto-replied',
    createdAt: req.createdAt,
  };
}

/** The acknowledgement itself, in the customer's language, to the address that asked for it. */
export function composeAck(req: AckRequest, identity: MailIdentity): OutboxMail {
  const ticket = req.ticket as Ticket;
  return { ...autoAckMail(ticket, identity, req.language, req.id, new Date(req.createdAt)), to: req.to, cc: [] };
}

export interface MailIdentity {
  domain: string;
  addresses: { address: string; teamId?: string }[];
  /** Shown as the sender's name, e.g. "Acme Support". */
  displayName?: string;
}

/** The support address a ticket answers from: its team's own address, else the first one. */
export function supportAddressFor(ticket: Pick<Ticket, 'teamId'>, identity: MailIdentity): string {
  return (identity.addresses.find((a) => a.teamId && a.teamId === ticket.teamId) ?? identity.addresses[0]!).address;
}

/** Every Message-ID of the conversation we know, oldest first (received and sent). */
export function conversationIds(ticket: Ticket, entries: ThreadEntry[]): string[] {
  const ids = [ticket.descriptionEmail?.messageId, ...entries.flatMap((e) => [e.email?.messageId, ...(e.delivery?.messageIds ?? [])])];
  return [...new Set(ids.filter((x): x is string => Boolean(x)))];
}

/** "Re: <subject> [#1042]", once each, however many times it went back and forth. */
export function replySubject(ticket: Pick<Ticket, 'subject' | 'number'>): string {
  const bare = ticket.subject.replace(/\s*\[#\d+\]\s*/g, ' ').replace(/^(\s*(re|aw|sv|回复|答复)\s*[:：]\s*)+/i, '').trim();
  return `Re: ${bare} ${subjectToken(ticket.number)}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The HTML form of a plain-text body, with the reference hidden where mail clients keep it. */
function htmlBody(text: string, ref: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  const marker = ref ? `<div style="display:none;max-height:0;overflow:hidden;font-size:1px;color:transparent">${replyMarker(ref)}</div>` : '';
  return `<!doctype html><html><body>${paragraphs.join('')}${marker}</body></html>`;
}

function base(ticket: Ticket, entries: ThreadEntry[], identity: MailIdentity, id: string, at: Date) {
  if (!ticket.customerEmail) throw new Error(`Ticket ${ticket.id} has no customer email to write to`);
  if (!ticket.mailReference) throw new Error(`Ticket ${ticket.id} has no mail reference`);
  const support = supportAddressFor(ticket, identity);
  const ids = conversationIds(ticket, entries);
  const messageId = `${id}@${identity.domain}`;
  const lastReceived = [ticket.descriptionEmail?.messageId, ...entries.map((e) => e.email?.messageId)].filter(Boolean).at(-1);
  return {
    id,
    ticketId: ticket.id,
    from: formatAddress(support, identity.displayName),
    fromAddress: support,
    to: [ticket.customerEmail],
    cc: ticket.participants ?? [],
    replyTo: replyAddress(support, ticket.mailReference),
    messageId,
    ...(lastReceived ? { inReplyTo: lastReceived } : {}),
    // Our own id rides along: SES rewrites Message-ID, but replies copy References.
    references: [...ids.slice(-19), messageId],
    threadIndex: threadIndex(ticket.id, new Date(ticket.createdAt), at),
    createdAt: at.toISOString(),
  };
}

/** An agent's public reply, as mail to the customer and the ticket's participants. */
export function replyMail(ticket: Ticket, entries: ThreadEntry[], entry: ThreadEntry, identity: MailIdentity, attachments: OutboxMail['attachments'], language: MailLanguage): OutboxMail {
  const ref = ticket.mailReference!;
  return {
    ...base(ticket, entries, identity, entry.id, new Date(entry.createdAt)),
    kind: 'reply',
    shownOn: { entry: { createdAt: entry.createdAt, id: entry.id } },
    subject: replySubject(ticket),
    text: `${entry.body}\n\n--\n${replyMarker(ref)}\n`,
    html: htmlBody(entry.body, ref),
    language,
    attachments,
  };
}

/** The automatic acknowledgement of a new email ticket, in the customer's language. */
export function autoAckMail(ticket: Ticket, identity: MailIdentity, language: MailLanguage, id: string, at: Date): OutboxMail {
  const ref = ticket.mailReference!;
  const t = autoAckText(language, { number: ticket.number, subject: ticket.subject, name: ticket.customerName ?? '' });
  return {
    ...base(ticket, [], identity, id, at),
    kind: 'auto-ack',
    shownOn: { description: true },
    subject: t.subject,
    text: `${t.body}\n\n--\n${replyMarker(ref)}\n`,
    html: htmlBody(t.body, ref),
    language,
    attachments: [],
    autoSubmitted: 'auto-replied',
  };
}

/**
 * Answer in the language the customer wrote in (Chinese text → Chinese), else in their profile's
 * language, else English: a new customer's profile says English only because nobody chose yet.
 */
export function languageOf(preferred: string | undefined, sample: string): MailLanguage {
  if (/[\u4e00-\u9fff]/.test(sample)) return 'zh-CN';
  return preferred === 'zh-CN' ? 'zh-CN' : 'en';
}
