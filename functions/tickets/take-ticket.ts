import * as z from 'zod/mini';
import { takeTicket } from '#shared/tickets/ticket-operations.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';
import { etagOf } from '../lib/versioning.ts';

const deps = ticketDeps();
const pathSchema = z.object({ id: z.uuid('Ticket id must be a UUID') });

/** "Take it": an agent assigns an unassigned ticket from a team queue to themself. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: pathSchema }, async ({ path, principal }) => {
  try {
    const ticket = await takeTicket(deps, principal, path.id);
    return new HttpReply(ticket, { etag: etagOf(ticket.version) });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
