import type { OutboxItem, OutboxMail } from '#shared/email/outbound-mail.ts';
import { ConflictError } from '#shared/errors/domain-errors.ts';
import { VersionConflictError } from '#shared/tickets/apply-update.ts';
import type { QueuePlan } from '#shared/tickets/queue-query.ts';
import type { Attachment } from '#shared/tickets/attachments.ts';
import type { HistoryEntry, ThreadEntry } from '#shared/tickets/thread.ts';
import type { Ticket } from '#shared/tickets/ticket.ts';
import type { QueuePage, TicketDetail, TicketStore, VersionedWrite } from '#shared/tickets/ticket-store.ts';

/**
 * An in-memory TicketStore with the same conditions as the DynamoDB one (version checks, closed
 * tickets), for fast unit tests of domain rules. The DynamoDB adapter is tested against DynamoDB Local.
 */
export class MemoryTicketStore implements TicketStore {
  readonly tickets = new Map<string, Ticket>();
  readonly entries: ThreadEntry[] = [];
  readonly history: HistoryEntry[] = [];
  readonly attachments: Attachment[] = [];
  readonly outbox: OutboxItem[] = [];
  private last = 1000;
  /** Runs before a versioned write lands, to simulate a concurrent save. */
  beforeWrite?: () => void;

  async allocateNumber() {
    return ++this.last;
  }
  async insert(ticket: Ticket, history?: HistoryEntry) {
    if (this.tickets.has(ticket.id)) throw new ConflictError('exists');
    this.tickets.set(ticket.id, ticket);
    if (history) this.history.push(history);
  }
  async get(id: string) {
    return this.tickets.get(id);
  }
  async getDetail(id: string): Promise<TicketDetail | undefined> {
    const ticket = this.tickets.get(id);
    if (!ticket) return undefined;
    return {
      ticket,
      entries: this.entries.filter((e) => e.ticketId === id),
      history: this.history.filter((h) => h.ticketId === id),
      attachments: this.attachments.filter((a) => a.ticketId === id),
    };
  }
  async update(write: VersionedWrite) {
    this.apply(write);
  }
  async addEntry(entry: ThreadEntry, write?: VersionedWrite, outbox?: OutboxMail) {
    if (write) this.apply(write);
    else if (this.tickets.get(entry.ticketId)?.status === 'closed') throw new ConflictError('closed');
    this.entries.push(entry);
    if (outbox) this.outbox.push(outbox);
  }
  async queueMail(outbox: OutboxItem) {
    this.outbox.push(outbox);
  }
  async updateMany(writes: VersionedWrite[]) {
    for (const w of writes) {
      const current = this.tickets.get(w.next.id)!;
      if (current.version !== w.expectedVersion) throw new VersionConflictError(current);
    }
    for (const w of writes) this.apply(w);
  }
  async copyEntries(entries: ThreadEntry[]) {
    for (const e of entries) if (!this.entries.some((x) => x.id === e.id && x.ticketId === e.ticketId)) this.entries.push(e);
  }
  async addAttachment(a: Attachment) {
    this.attachments.push(a);
  }
  async getAttachment(ticketId: string, id: string) {
    return this.attachments.find((a) => a.ticketId === ticketId && a.id === id);
  }
  async queue(_plan: QueuePlan): Promise<QueuePage> {
    return { items: [...this.tickets.values()] };
  }
  async findIdByNumber(number: number) {
    return [...this.tickets.values()].find((t) => t.number === number)?.id;
  }
  private apply(write: VersionedWrite) {
    const hook = this.beforeWrite;
    this.beforeWrite = undefined;
    hook?.();
    const current = this.tickets.get(write.next.id)!;
    if (current.version !== write.expectedVersion) throw new VersionConflictError(current);
    this.tickets.set(write.next.id, write.next);
    if (write.history) this.history.push(write.history);
  }
}
