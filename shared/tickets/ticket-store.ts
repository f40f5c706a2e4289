import type { OutboxItem, OutboxMail } from '../email/outbound-mail.ts';
import type { Attachment } from './attachments.ts';
import type { HistoryEntry, ThreadEntry } from './thread.ts';
import type { Ticket } from './ticket.ts';
import type { QueuePlan } from './queue-query.ts';

export interface TicketDetail {
  ticket: Ticket;
  entries: ThreadEntry[];
  history: HistoryEntry[];
  attachments: Attachment[];
}

/** A queue row: the short fields the indexes carry (never the description). */
export type TicketRow = Omit<Ticket, 'description' | 'customFields'>;

export interface QueuePage {
  items: TicketRow[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  cursor?: string;
}

/** A write that must apply to the version the caller read, or not at all. */
export interface VersionedWrite {
  next: Ticket;
  expectedVersion: number;
  history?: HistoryEntry;
}

/** What ticket logic needs from storage; the DynamoDB adapter implements it, tests may too. */
export interface TicketStore {
  /** Allocates the next human ticket number atomically (never reused, never doubled). */
  allocateNumber(): Promise<number>;
  /** Stores a brand-new ticket (and its number lookup, and its first history record) at once. */
  insert(ticket: Ticket, history?: HistoryEntry): Promise<void>;
  get(id: string): Promise<Ticket | undefined>;
  /** Header, thread and history in one read. */
  getDetail(id: string): Promise<TicketDetail | undefined>;
  /** Saves a changed ticket if nobody saved since `expectedVersion`; else a VERSION_CONFLICT. */
  update(write: VersionedWrite): Promise<void>;
  /** Adds a thread entry, with the ticket change it causes (status, first response) in one write. */
  /** With `outbox`, the reply's mail is queued in the same transaction (never one without the other). */
  addEntry(entry: ThreadEntry, write?: VersionedWrite, outbox?: OutboxMail): Promise<void>;
  /** Queues a mail on its own (e.g. an acknowledgement after a ticket was opened). */
  queueMail?(outbox: OutboxItem): Promise<void>;
  /** Saves several tickets at once (all versions must still hold), with their history. */
  updateMany(writes: VersionedWrite[]): Promise<void>;
  /** Copies thread entries into another ticket's thread; idempotent (same entry ids). */
  copyEntries(entries: ThreadEntry[]): Promise<void>;
  queue(plan: QueuePlan, limit: number, cursor?: string): Promise<QueuePage>;
  findIdByNumber(number: number): Promise<string | undefined>;
  addAttachment(attachment: Attachment): Promise<void>;
  getAttachment(ticketId: string, id: string): Promise<Attachment | undefined>;
}
