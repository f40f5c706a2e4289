import { NotFoundError } from '../errors/domain-errors.ts';
import type { Ticket } from './ticket.ts';
import type { TicketStore } from './ticket-store.ts';

export async function readTicket(store: TicketStore, id: string): Promise<Ticket> {
  const ticket = await store.get(id);
  if (!ticket) throw new NotFoundError(`Ticket ${id}`);
  return ticket;
}
