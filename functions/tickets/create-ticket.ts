import { newTicketInputSchema } from '#shared/tickets/ticket.ts';
import { openTicket } from '#shared/tickets/open-ticket.ts';
import { httpRoute } from '../lib/http-route.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';

const deps = ticketDeps();

export const handler = httpRoute(
  { access: { roles: ['admin', 'agent'] }, body: newTicketInputSchema, status: 201 },
  async ({ body, principal }) => {
    try {
      return await openTicket(deps, principal, body);
    } finally {
      logConsumedCapacity(deps.meter);
    }
  },
);
