import type { ParsedMail } from './parsed-mail.ts';
import { referenceFromAddress, referencesInBody, ticketNumberInSubject } from './reply-reference.ts';

/** How a message was matched to a ticket, recorded on its thread entry. */
export type ThreadMethod = 'reply-address' | 'headers' | 'marker' | 'subject';

export interface ThreadLookups {
  ticketByReference(ref: string): Promise<string | undefined>;
  ticketByMessageId(messageId: string): Promise<string | undefined>;
  ticketByNumber(number: number): Promise<{ id: string; customerId?: string; participants?: string[] } | undefined>;
  customerIdByEmail(email: string): Promise<string | undefined>;
}

export interface ThreadMatch {
  ticketId: string;
  method: ThreadMethod;
}

/**
 * Finds the ticket a message continues, trying the methods in order of how hard they are to
 * forge: our per-ticket reply address, then the Message-IDs it answers (ours or ones we
 * received), then the hidden marker from our replies, then the subject token — the last only
 * when the sender is the ticket's requester or a participant, and never for mail whose sender
 * SES could not verify (anyone can type "[#1042]" or forge a From).
 */
export async function findThread(mail: ParsedMail, lookups: ThreadLookups, domain: string, verified: boolean): Promise<ThreadMatch | undefined> {
  for (const recipient of [...mail.recipients, ...mail.to.map((a) => a.address), ...mail.cc.map((a) => a.address)]) {
    const ref = referenceFromAddress(recipient, domain);
    const ticketId = ref && (await lookups.ticketByReference(ref));
    if (ticketId) return { ticketId, method: 'reply-address' };
  }
  // Newest first: the message answered directly, then the rest of the conversation.
  for (const id of [...mail.inReplyTo, ...[...mail.references].reverse()].slice(0, 20)) {
    const ticketId = await lookups.ticketByMessageId(id);
    if (ticketId) return { ticketId, method: 'headers' };
  }
  for (const ref of referencesInBody(`${mail.text}\n${mail.html ?? ''}`).slice(0, 5)) {
    const ticketId = await lookups.ticketByReference(ref);
    if (ticketId) return { ticketId, method: 'marker' };
  }
  const number = ticketNumberInSubject(mail.subject);
  const sender = mail.from?.address;
  if (number !== undefined && sender && verified) {
    const ticket = await lookups.ticketByNumber(number);
    if (ticket) {
      const participant = ticket.participants?.includes(sender) ?? false;
      const requester = !participant && ticket.customerId !== undefined && (await lookups.customerIdByEmail(sender)) === ticket.customerId;
      if (participant || requester) return { ticketId: ticket.id, method: 'subject' };
    }
  }
  return undefined;
}
