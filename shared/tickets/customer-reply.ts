import type { Clock, IdGenerator } from '../runtime/clock.ts';
import { historyOf } from './apply-update.ts';
import type { Attachment } from './attachments.ts';
import type { ThreadEntry } from './thread.ts';
import type { Ticket } from './ticket.ts';
import { statusAfterCustomerReply } from './ticket-status.ts';
import type { TicketStore } from './ticket-store.ts';
import { ConflictError, NotFoundError } from '../errors/domain-errors.ts';

export interface CustomerReplyDeps {
  store: TicketStore;
  clock: Clock;
  ids: IdGenerator;
  /** Opens the follow-up when the customer writes to a closed ticket. */
  openFollowUp(closed: Ticket, body: string): Promise<Ticket>;
}

/**
 * A customer's message on their ticket: reopens it when it waited on them or was resolved; on a
 * closed ticket it starts a follow-up ticket linked to the old one, so nothing they write is lost.
 */
export async function addCustomerReply(
  deps: CustomerReplyDeps,
  ticketId: string,
  customerId: string,
  body: string,
  attachmentIds: string[] = [],
  email?: ThreadEntry['email'],
): Promise<{ ticket: Ticket; entry?: ThreadEntry; followUp?: Ticket }> {
  for (let attempt = 1; ; attempt++) {
    const ticket = await deps.store.get(ticketId);
    if (!ticket) throw new Error(`Ticket ${ticketId} vanished`);
    const next = statusAfterCustomerReply(ticket.status);
    if (next === 'follow_up') return { ticket, followUp: await deps.openFollowUp(ticket, body) };
    const now = deps.clock.now().toISOString();
    for (const id of attachmentIds) {
      const a = await deps.store.getAttachment(ticketId, id);
      if (!a || a.uploadedBy !== customerId) throw new NotFoundError(`Attachment ${id} on this ticket`);
    }
    const entry: ThreadEntry = {
      id: deps.ids.next(),
      ticketId,
      kind: 'reply',
      body,
      author: { type: 'customer', id: customerId },
      ...(attachmentIds.length ? { attachmentIds } : {}),
      ...(email ? { email } : {}),
      createdAt: now,
    };
    // The next-response clock runs from the first message still unanswered, not the latest one.
    const updated: Ticket = { ...ticket, status: next, updatedAt: now, awaitingReplySince: ticket.awaitingReplySince ?? now, version: ticket.version + 1 };
    const history =
      next !== ticket.status ? historyOf(ticket, { type: 'customer', id: customerId }, [{ field: 'status', from: ticket.status, to: next }], now, deps.ids.next()) : undefined;
    try {
      await deps.store.addEntry(entry, { next: updated, expectedVersion: ticket.version, ...(history ? { history } : {}) });
      return { ticket: updated, entry };
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= 3) throw err;
    }
  }
}

/** What a customer may see of their ticket: never internal notes, never who is assigned. */
export function publicView(ticket: Ticket, entries: ThreadEntry[], attachments: Attachment[] = []) {
  const replies = entries.filter((e) => e.kind === 'reply');
  const shown = new Set([
    ...replies.flatMap((e) => e.attachmentIds ?? []),
    ...attachments.filter((a) => a.uploadedBy === ticket.customerId).map((a) => a.id),
  ]);
  return {
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    description: ticket.description,
    ...(ticket.mergedIntoId ? { mergedIntoId: ticket.mergedIntoId } : {}),
    thread: replies.map((e) => ({
      id: e.id,
      body: e.body,
      from: e.author.type === 'customer' ? 'you' : 'support',
      attachmentIds: e.attachmentIds ?? [],
      createdAt: e.createdAt,
    })),
    attachments: attachments.filter((a) => shown.has(a.id)).map((a) => ({ id: a.id, name: a.name, contentType: a.contentType, size: a.size })),
  };
}
