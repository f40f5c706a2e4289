import { ConflictError } from '../errors/domain-errors.ts';
import type { Attachment } from '../tickets/attachments.ts';
import { addCustomerReply } from '../tickets/customer-reply.ts';
import { openTicket, type TicketDeps, type TicketPlacement } from '../tickets/open-ticket.ts';
import type { EntryEmail, ThreadEntry } from '../tickets/thread.ts';
import type { Ticket } from '../tickets/ticket.ts';
import { autoAckDecision, dedupeKey, dispositionOf, HELD_VIEW, type HeldReason } from './mail-policy.ts';
import type { FilingResult, MailStore } from './mail-store.ts';
import { findThread, type ThreadMatch } from './mail-threading.ts';
import type { ParsedMail } from './parsed-mail.ts';
import { languageOf } from './outbound-mail.ts';
import { newReplyReference } from './reply-reference.ts';

export interface MailSettings {
  domain: string;
  addresses: { address: string; teamId?: string }[];
}

export interface MailCustomer {
  id: string;
  name: string;
  tier?: string;
  organizationId?: string;
  language?: string;
}

export interface MailFilingDeps {
  mail: MailStore;
  tickets: TicketDeps;
  customers: {
    idByEmail(email: string): Promise<string | undefined>;
    findOrCreate(email: string, name: string): Promise<MailCustomer>;
  };
  /** The admin's routing rules: team (and assignee) for a new ticket. */
  route(input: { channel: 'email'; customerTier?: string }): Promise<Pick<TicketPlacement, 'teamId' | 'assigneeId'>>;
  /** Counts one automated mail to an address; false once it is over the caps. */
  allowAutomatedMail(address: string): Promise<boolean>;
  settings: MailSettings;
}

/** A filing attempt holds its claim this long; a crashed attempt's claim is taken over after it. */
export const FILING_LEASE_SECONDS = 60;
/** Long enough for any real message; the original is kept whole in the raw mail bucket. */
const MAX_TEXT = 100_000;
const MAX_HTML = 200_000;

/** The claim is held by another delivery of the same message: retry later (SQS will). */
export class MailBusyError extends Error {}

/**
 * Files one received message exactly once, however often it is delivered: the first delivery
 * claims its dedupe key, repeats answer what the first did, a concurrent one is told to retry.
 * `release` files a held message on an admin's or agent's word (verdicts no longer hold it).
 */
export async function fileMail(deps: MailFilingDeps, mail: ParsedMail, options: { releasedBy?: string } = {}): Promise<FilingResult & { repeat?: boolean }> {
  const key = options.releasedBy ? `release:${mail.sesMessageId}` : dedupeKey(mail);
  const now = deps.tickets.clock.now();
  const claim = await deps.mail.claim(key, now, FILING_LEASE_SECONDS);
  if (claim.status === 'done') return { ...claim.result, repeat: true };
  if (claim.status === 'busy') throw new MailBusyError(`Message ${key} is being filed by another delivery`);
  try {
    const result = await fileClaimed(deps, mail, Boolean(options.releasedBy));
    await deps.mail.complete(key, result, deps.tickets.clock.now());
    return result;
  } catch (err) {
    await deps.mail.release(key);
    throw err;
  }
}

async function fileClaimed(deps: MailFilingDeps, mail: ParsedMail, released: boolean): Promise<FilingResult> {
  const disposition = released ? { action: 'file' as const, verified: true } : dispositionOf(mail.verdicts);
  if (disposition.action === 'hold') return hold(deps, mail, disposition.reason);
  const sender = mail.from?.address ? mail.from : undefined;
  if (!sender) return hold(deps, mail, 'no-sender');

  const { domain } = deps.settings;
  const match = await findThread(mail, threadLookups(deps), domain, disposition.verified);
  const customer = await deps.customers.findOrCreate(sender.address, sender.name);
  const email = entryEmail(mail, disposition.verified, match);

  if (match) {
    const ticket = await deps.tickets.store.get(match.ticketId);
    if (ticket && ticket.status !== 'closed') {
      const attachmentIds = await saveAttachments(deps, mail, ticket.id, customer.id);
      const entry = mail.automated
        ? await recordAutomated(deps, ticket, customer.id, mail, attachmentIds, email)
        : (await addCustomerReply({ ...deps.tickets, openFollowUp: () => Promise.reject(new Error('closed meanwhile')) }, ticket.id, customer.id, bodyOf(mail), attachmentIds, email)).entry!;
      await rememberMessageId(deps, mail, ticket.id);
      return { outcome: 'threaded', ticketId: ticket.id, entryId: entry.id, method: match.method };
    }
    if (ticket) {
      // A closed ticket is final: the message starts a follow-up linked to it.
      const followUp = await openEmailTicket(deps, mail, customer, email, disposition.verified, { followUpOf: ticket });
      return { outcome: 'follow-up', ticketId: followUp.id, number: followUp.number, followUpOfId: ticket.id, method: match.method };
    }
  }
  const ticket = await openEmailTicket(deps, mail, customer, email, disposition.verified);
  return { outcome: 'created', ticketId: ticket.id, number: ticket.number };
}

function threadLookups(deps: MailFilingDeps) {
  return {
    ticketByReference: (ref: string) => deps.mail.ticketByReference(ref),
    ticketByMessageId: (id: string) => deps.mail.ticketByMessageId(id),
    ticketByNumber: async (number: number) => {
      const id = await deps.tickets.store.findIdByNumber(number);
      const t = id ? await deps.tickets.store.get(id) : undefined;
      return t && { id: t.id, ...(t.customerId ? { customerId: t.customerId } : {}), ...(t.participants ? { participants: t.participants } : {}) };
    },
    customerIdByEmail: (email: string) => deps.customers.idByEmail(email),
  };
}

async function openEmailTicket(
  deps: MailFilingDeps,
  mail: ParsedMail,
  customer: MailCustomer,
  email: EntryEmail,
  verified: boolean,
  options: { followUpOf?: Ticket } = {},
): Promise<Ticket> {
  const ours = new Set(deps.settings.addresses.map((a) => a.address.toLowerCase()));
  const atOurDomain = (a: string) => ours.has(a) || a.endsWith(`@${deps.settings.domain.toLowerCase()}`);
  const sender = mail.from!.address;
  const participants = [...new Set([...mail.to, ...mail.cc].map((a) => a.address).filter((a) => a !== sender && !atOurDomain(a)))].slice(0, 20);
  const frontDoor = deps.settings.addresses.find((a) => mail.recipients.some((r) => r.toLowerCase() === a.address.toLowerCase()));
  const routed = frontDoor?.teamId ? { teamId: frontDoor.teamId } : await deps.route({ channel: 'email', ...(customer.tier ? { customerTier: customer.tier } : {}) });

  const ack = autoAckDecision(mail, verified, deps.settings.domain);
  const ackTo = mail.replyTo[0]?.address ?? sender;
  const autoAck = ack.send ? ((await deps.allowAutomatedMail(ackTo)) ? 'pending' : 'skipped:rate-limited') : `skipped:${ack.reason}`;

  const followUpOf = options.followUpOf;
  const reference = newReplyReference();
  const ticket = await openTicket(
    deps.tickets,
    { type: 'customer', id: customer.id },
    {
      subject: (mail.subject.trim() || '(no subject)').slice(0, 200),
      description: bodyOf(mail),
      priority: followUpOf?.priority ?? 'normal',
      channel: 'email',
      customerEmail: sender,
      ...(followUpOf?.categoryId ? { categoryId: followUpOf.categoryId } : {}),
      ...(followUpOf ? { followUpOfId: followUpOf.id, linkedTicketIds: [followUpOf.id] } : {}),
      descriptionEmail: { ...email, autoAck },
      mailReference: reference,
      participants,
    },
    {
      customerId: customer.id,
      customerName: customer.name,
      ...(customer.tier ? { customerTier: customer.tier as Ticket['customerTier'] } : {}),
      ...(customer.organizationId ? { organizationId: customer.organizationId } : {}),
      ...(followUpOf?.teamId ? { teamId: followUpOf.teamId } : routed),
    },
  );
  await deps.mail.saveReference(reference, ticket.id);
  await saveAttachments(deps, mail, ticket.id, customer.id);
  await rememberMessageId(deps, mail, ticket.id);
  if (autoAck === 'pending' && deps.tickets.store.queueMail) {
    const { id, number, subject, customerName, customerEmail, mailReference, teamId, createdAt, participants, descriptionEmail } = ticket;
    await deps.tickets.store.queueMail({
      id: deps.tickets.ids.next(),
      ticketId: ticket.id,
      kind: 'auto-ack',
      shownOn: { description: true },
      to: [ackTo],
      language: languageOf(customer.language, `${mail.subject}\n${mail.text.slice(0, 2000)}`),
      ticket: { id, number, subject, customerName, customerEmail, mailReference, teamId, createdAt, participants, descriptionEmail },
      createdAt: deps.tickets.clock.now().toISOString(),
    });
  }
  return ticket;
}

/** Machine mail on an existing ticket: on the record, but it changes no status and wakes nobody. */
async function recordAutomated(deps: MailFilingDeps, ticket: Ticket, customerId: string, mail: ParsedMail, attachmentIds: string[], email: EntryEmail): Promise<ThreadEntry> {
  for (let attempt = 1; ; attempt++) {
    const current = attempt === 1 ? ticket : await deps.tickets.store.get(ticket.id);
    if (!current) throw new Error(`Ticket ${ticket.id} vanished`);
    const now = deps.tickets.clock.now().toISOString();
    const entry: ThreadEntry = {
      id: deps.tickets.ids.next(),
      ticketId: current.id,
      kind: 'reply',
      body: bodyOf(mail),
      author: { type: 'customer', id: customerId },
      ...(attachmentIds.length ? { attachmentIds } : {}),
      email,
      createdAt: now,
    };
    try {
      await deps.tickets.store.addEntry(entry, { next: { ...current, updatedAt: now, version: current.version + 1 }, expectedVersion: current.version });
      return entry;
    } catch (err) {
      if (attempt >= 3 || !(err instanceof ConflictError)) throw err;
    }
  }
}

async function saveAttachments(deps: MailFilingDeps, mail: ParsedMail, ticketId: string, customerId: string): Promise<string[]> {
  const now = deps.tickets.clock.now().toISOString();
  const ids: string[] = [];
  for (const file of mail.attachments) {
    const attachment: Attachment = {
      id: deps.tickets.ids.next(),
      ticketId,
      name: file.name,
      contentType: file.contentType,
      size: file.size,
      key: file.key,
      uploadedBy: customerId,
      createdAt: now,
    };
    await deps.tickets.store.addAttachment(attachment);
    ids.push(attachment.id);
  }
  return ids;
}

async function rememberMessageId(deps: MailFilingDeps, mail: ParsedMail, ticketId: string): Promise<void> {
  if (mail.messageId) await deps.mail.saveMessageId(mail.messageId, ticketId, deps.tickets.clock.now());
}

async function hold(deps: MailFilingDeps, mail: ParsedMail, reason: HeldReason): Promise<FilingResult> {
  await deps.mail.hold({
    sesMessageId: mail.sesMessageId,
    reason,
    view: HELD_VIEW[reason],
    receivedAt: mail.receivedAt,
    ...(mail.from?.address ? { from: mail.from.address } : {}),
    subject: mail.subject.slice(0, 200),
    rawKey: `inbound/${mail.sesMessageId}`,
    parsedKey: `parsed/${mail.sesMessageId}.json`,
    size: mail.size,
  });
  return { outcome: 'held', reason };
}

function bodyOf(mail: ParsedMail): string {
  const text = mail.text.trim() || '(no text)';
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n[…]` : text;
}

function entryEmail(mail: ParsedMail, verified: boolean, match: ThreadMatch | undefined): EntryEmail {
  return {
    sesMessageId: mail.sesMessageId,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    from: mail.from!.address,
    ...(mail.from!.name ? { fromName: mail.from!.name } : {}),
    ...(mail.to.length ? { to: mail.to.map((a) => a.address).slice(0, 50) } : {}),
    ...(mail.cc.length ? { cc: mail.cc.map((a) => a.address).slice(0, 50) } : {}),
    subject: mail.subject.slice(0, 500),
    ...(mail.html && mail.html.length <= MAX_HTML ? { html: mail.html } : {}),
    ...(match ? { matchedBy: match.method } : {}),
    ...(mail.automated ? { automated: { kind: mail.automated.kind, evidence: mail.automated.evidence } } : {}),
    ...(verified ? {} : { unverified: true }),
  };
}
