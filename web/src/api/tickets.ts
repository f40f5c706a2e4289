import type { Ticket } from '#shared/tickets/ticket.ts';
import type { ApiClient } from './client.ts';

export type { Ticket };
export type TicketStatus = Ticket['status'];
export type TicketPriority = Ticket['priority'];
export type TicketChannel = Ticket['channel'];

/** Ordered as shown in the priority picker. */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly TicketPriority[];

export interface NewTicketRequest {
  subject: string;
  description: string;
  priority: TicketPriority;
  customerEmail?: string;
}

export function createTicket(api: ApiClient, input: NewTicketRequest): Promise<Ticket> {
  return api.post<Ticket>('/v1/tickets', input);
}

/** GET answers the ticket with its thread and history (one read); this page needs the ticket. */
export async function getTicket(api: ApiClient, id: string): Promise<Ticket> {
  const detail = await api.get<{ ticket: Ticket }>(`/v1/tickets/${encodeURIComponent(id)}`);
  return detail.ticket;
}
