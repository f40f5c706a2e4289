import type { SlaClock, TicketSla } from '#shared/sla/ticket-sla.ts';
import type { QueueQuery } from '#shared/tickets/queue-query.ts';
import type { HistoryEntry, NewEntryInput, ThreadEntry } from '#shared/tickets/thread.ts';
import type { Ticket, TicketUpdate } from '#shared/tickets/ticket.ts';
import type { TicketDetail, TicketRow } from '#shared/tickets/ticket-store.ts';
import type { ApiClient } from './client.ts';

export type { HistoryEntry, NewEntryInput, SlaClock, Ticket, TicketDetail, TicketRow, TicketSla, TicketUpdate, ThreadEntry };
export type TicketStatus = Ticket['status'];
export type TicketPriority = Ticket['priority'];
export type TicketChannel = Ticket['channel'];
export type EntryKind = ThreadEntry['kind'];

/** Ordered as shown in the priority picker. */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly TicketPriority[];
/** Ordered as a ticket usually moves through them. */
export const STATUSES = [
  'new',
  'open',
  'in_progress',
  'pending_customer',
  'pending_third_party',
  'resolved',
  'closed',
] as const satisfies readonly TicketStatus[];

export interface NewTicketRequest {
  subject: string;
  description: string;
  priority: TicketPriority;
  customerEmail?: string;
  customerName?: string;
  customerId?: string;
  type?: 'question' | 'incident' | 'problem' | 'task';
  categoryId?: string;
  customFields?: Record<string, unknown>;
}

export function createTicket(api: ApiClient, input: NewTicketRequest): Promise<Ticket> {
  return api.post<Ticket>('/v1/tickets', input);
}

const ticketPath = (id: string) => `/v1/tickets/${encodeURIComponent(id)}`;

/** The If-Match value for a ticket: the ETag the API sent, or the version it carries (same thing). */
export function ifMatchFor(ticket: Ticket, etag?: string): string {
  return etag ?? `"${ticket.version}"`;
}

/** Header, thread and history in one read, with the ETag that later edits must send back. */
export async function getTicketDetail(api: ApiClient, id: string): Promise<{ detail: TicketDetail; etag?: string }> {
  const { body, etag } = await api.send<TicketDetail>('GET', ticketPath(id));
  return { detail: body, ...(etag ? { etag } : {}) };
}

/** Saves changed fields on the version the user saw; a stale version fails with VERSION_CONFLICT. */
export async function updateTicket(api: ApiClient, id: string, ifMatch: string, changes: TicketUpdate): Promise<{ ticket: Ticket; etag?: string }> {
  const { body, etag } = await api.send<Ticket>('PATCH', ticketPath(id), { body: changes, headers: { 'If-Match': ifMatch } });
  return { ticket: body, ...(etag ? { etag } : {}) };
}

export async function addEntry(api: ApiClient, id: string, input: NewEntryInput): Promise<{ entry: ThreadEntry; ticket: Ticket; etag?: string }> {
  const { body, etag } = await api.send<{ entry: ThreadEntry; ticket: Ticket }>('POST', `${ticketPath(id)}/entries`, { body: input });
  return { ...body, ...(etag ? { etag } : {}) };
}

/** Assigns an unassigned ticket to the caller (a no-op when it already is theirs). */
export function takeTicket(api: ApiClient, id: string): Promise<Ticket> {
  return api.post<Ticket>(`${ticketPath(id)}/take`);
}

export const QUEUE_SORTS = ['updated', 'priority', 'deadline'] as const satisfies readonly QueueQuery['sort'][];
export type QueueSort = (typeof QUEUE_SORTS)[number];
export type StatusBucket = 'active' | 'pending' | 'solved';

export interface QueueParams {
  status?: TicketStatus;
  assignee?: string;
  teamId?: string;
  bucket?: StatusBucket;
  sort?: QueueSort;
  /** With sort=deadline and no team or assignee: only tickets due before this instant. */
  dueBefore?: string;
  limit?: number;
  cursor?: string;
}

export interface QueuePage {
  items: TicketRow[];
  cursor?: string;
}

export function queueSearch(params: QueueParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  return query.toString();
}

export function listTickets(api: ApiClient, params: QueueParams): Promise<QueuePage> {
  return api.get<QueuePage>(`/v1/tickets?${queueSearch(params)}`);
}

export async function findTicketByNumber(api: ApiClient, number: number): Promise<TicketRow | undefined> {
  const page = await api.get<QueuePage>(`/v1/tickets?number=${number}`);
  return page.items[0];
}

export interface BulkRequest {
  ids: string[];
  assigneeId?: string | null;
  status?: TicketStatus;
}

export interface BulkOutcome {
  results: { id: string; ok: boolean; error?: { code: string; message: string } }[];
  updated: number;
  failed: number;
}

export function bulkUpdateTickets(api: ApiClient, request: BulkRequest): Promise<BulkOutcome> {
  return api.post<BulkOutcome>('/v1/tickets/bulk', request);
}
