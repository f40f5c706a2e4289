import { linkBody, ticketIdPath } from '#shared/api/request-schemas.ts';
import { linkTickets } from '#shared/tickets/merge-and-link.ts';
import { httpRoute } from '../lib/http-route.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';

const deps = ticketDeps();

/** Links two related tickets, both ways. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: ticketIdPath, body: linkBody }, async ({ path, body, principal }) => {
  try {
    const { a } = await linkTickets(deps, principal, path.id, body.ticketId);
    return a;
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
