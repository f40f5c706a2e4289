import type { OutboxMail } from '../email/outbound-mail.ts';
import type { Principal } from '../auth/principal.ts';
import { ConflictError, NotFoundError } from '../errors/domain-errors.ts';
import type { Clock, IdGenerator } from '../runtime/clock.ts';
import { applyUpdate, historyOf, TicketClosedError, VersionConflictError } from './apply-update.ts';
import type { NewEntryInput, ThreadEntry } from './thread.ts';
import type { Ticket, TicketUpdate } from './ticket.ts';
import { statusAfterAgentReply } from './ticket-status.ts';
import type { TicketDetail, TicketStore } from './ticket-store.ts';

export interface TicketDeps {
  store: TicketStore;
  clock: Clock;
  ids: IdGenerator;
}

export async function readTicketDetail(store: TicketStore, id: string): Promise<TicketDetail> {
  const detail = await store.getDetail(id);
  if (!detail) throw new NotFoundError(`Ticket ${id}`);
  return detail;
}

async function current(store: TicketStore, id: string): Promise<Ticket> {
  const ticket = await store.get(id);
  if (!ticket) throw new NotFoundError(`Ticket ${id}`);
  return ticket;
}

/**
 * Saves a staff edit made on `expectedVersion`. A stale version is refused with the current
 * ticket (409), never merged silently: the agent decides what to keep.
 */
export async function updateTicket(deps: TicketDeps, by: Principal, id: string, expectedVersion: number, update: TicketUpdate): Promise<Ticket> {
  const ticket = await current(deps.store, id);
  if (ticket.version !== expectedVersion) throw new VersionConflictError(ticket);
  const now = deps.clock.now();
  const { ticket: next, changes } = applyUpdate(ticket, update, now);
  if (changes.length === 0) return ticket;
  await deps.store.update({ next, expectedVersion, history: historyOf(ticket, by, changes, now.toISOString(), deps.ids.next()) });
  return next;
}

const COMMUTATIVE_RETRIES = 3;

/**
 * Adds a reply or internal note. Adding to the thread commutes with other edits, so a concurrent
 * save is retried on the fresh ticket instead of bouncing the agent's message back.
 */
export async function addThreadEntry(
  deps: TicketDeps,
  by: Principal,
  id: string,
  input: NewEntryInput,
  /** For a public reply on a ticket that talks by email: the mail to send, queued with the reply. */
  mailFor?: (ticket: Ticket, entry: ThreadEntry) => Promise<OutboxMail | undefined>,
): Promise<{ entry: ThreadEntry; ticket: Ticket }> {
  for (let attempt = 1; ; attempt++) {
    const ticket = await current(deps.store, id);
    if (ticket.status === 'closed') throw new TicketClosedError(ticket.number);
    for (const attachmentId of input.attachmentIds ?? []) {
      // Only files uploaded to this very ticket: an id from another ticket is refused, not linked.
      if (!(await deps.store.getAttachment(id, attachmentId))) throw new NotFoundError(`Attachment ${attachmentId} on this ticket`);
    }
    const now = deps.clock.now().toISOString();
    const entry: ThreadEntry = {
      id: deps.ids.next(),
      ticketId: id,
      kind: input.kind,
      body: input.body,
      author: { type: 'agent', id: by.id, ...(by.email ? { name: by.email } : {}) },
      ...(input.attachmentIds?.length ? { attachmentIds: input.attachmentIds } : {}),
      createdAt: now,
    };
    const next: Ticket = { ...ticket, updatedAt: now, version: ticket.version + 1 };
    const changes = [];
    if (input.kind === 'reply') {
      const status = statusAfterAgentReply(ticket.status);
      if (status !== ticket.status) {
        next.status = status;
        changes.push({ field: 'status', from: ticket.status, to: status });
      }
      // A public reply answers whatever the customer was waiting on (stops the next-response clock).
      delete next.awaitingReplySince;
      if (!ticket.firstResponseAt) {
        next.firstResponseAt = now;
        changes.push({ field: 'firstResponseAt', from: null, to: now });
      }
    }
    const history = changes.length ? historyOf(ticket, by, changes, now, deps.ids.next()) : undefined;
    const outbox = input.kind === 'reply' && mailFor ? await mailFor(ticket, entry) : undefined;
    if (outbox) entry.delivery = { status: 'queued', at: now };
    try {
      await deps.store.addEntry(entry, { next, expectedVersion: ticket.version, ...(history ? { history } : {}) }, outbox);
      return { entry, ticket: next };
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= COMMUTATIVE_RETRIES) throw err;
    }
  }
}

/** An agent takes an unassigned ticket from a team queue; someone else's ticket is not taken over. */
export async function takeTicket(deps: TicketDeps, by: Principal, id: string): Promise<Ticket> {
  for (let attempt = 1; ; attempt++) {
    const ticket = await current(deps.store, id);
    if (ticket.assigneeId === by.id) return ticket;
    if (ticket.assigneeId) throw new ConflictError(`Ticket #${ticket.number} is already assigned`, { assigneeId: ticket.assigneeId });
    try {
      return await updateTicket(deps, by, id, ticket.version, { assigneeId: by.id });
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= COMMUTATIVE_RETRIES) throw err;
    }
  }
}

export interface BulkResult {
  id: string;
  ok: boolean;
  ticket?: Ticket;
  error?: { code: string; message: string };
}

/**
 * Assigns or sets the status of up to 100 tickets. Each ticket is saved on its own (a bulk edit
 * is "the same edit many times", applied to each ticket's current version) and reports its own
 * outcome, so one closed ticket does not stop the other 99.
 */
export async function bulkUpdate(deps: TicketDeps, by: Principal, ids: string[], update: Pick<TicketUpdate, 'assigneeId' | 'status'>): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  const queue = [...new Set(ids)];
  const worker = async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      try {
        const ticket = await current(deps.store, id);
        results.push({ id, ok: true, ticket: await updateTicket(deps, by, id, ticket.version, update) });
      } catch (err) {
        const e = err as { code?: string; message: string };
        results.push({ id, ok: false, error: { code: e.code ?? 'INTERNAL', message: e.code ? e.message : 'Could not update' } });
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const order = new Map(ids.map((id, i) => [id, i]));
  return results.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}
