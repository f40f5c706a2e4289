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

export function getTicket(api: ApiClient, id: string): Promise<Ticket> {
  return api.get<Ticket>(`/v1/tickets/${encodeURIComponent(id)}`);
}
