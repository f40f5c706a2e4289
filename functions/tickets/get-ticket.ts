import * as z from 'zod/mini';
import { readTicket } from '#shared/tickets/read-ticket.ts';
import { httpRoute } from '../lib/http-route.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';

const deps = ticketDeps();
const pathSchema = z.object({ id: z.uuid('Ticket id must be a UUID') });

// Technicians will read tickets that carry their work orders (field-service issue); until then
// only agents and admins read tickets. Finance never reads ticket bodies.
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: pathSchema }, async ({ path }) => {
  try {
    return await readTicket(deps.store, path.id);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
