import type { Principal } from '../auth/principal.ts';
import type { Clock, IdGenerator } from '../runtime/clock.ts';
import type { NewTicketInput, Ticket } from './ticket.ts';
import type { TicketStore } from './ticket-store.ts';

export interface TicketDeps {
  store: TicketStore;
  clock: Clock;
  ids: IdGenerator;
}

/** Opens a ticket on behalf of a staff member (phone call typed in, or an API client). */
export async function openTicket(deps: TicketDeps, by: Principal, input: NewTicketInput): Promise<Ticket> {
  const number = await deps.store.allocateNumber();
  const now = deps.clock.now().toISOString();
  const ticket: Ticket = {
    id: deps.ids.next(),
    number,
    subject: input.subject,
    description: input.description,
    status: 'new',
    priority: input.priority,
    channel: input.channel,
    ...(input.customerEmail ? { customerEmail: input.customerEmail } : {}),
    createdBy: by.id,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await deps.store.insert(ticket);
  return ticket;
}
