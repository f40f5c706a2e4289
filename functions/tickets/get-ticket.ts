import * as z from 'zod/mini';
import { readTicketDetail } from '#shared/tickets/ticket-operations.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';
import { etagOf } from '../lib/versioning.ts';

const deps = ticketDeps();
const pathSchema = z.object({ id: z.uuid('Ticket id must be a UUID') });

// Technicians will read tickets that carry their work orders (field-service issue); until then
// only agents and admins read tickets. Finance never reads ticket bodies.
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: pathSchema }, async ({ path }) => {
  try {
    const detail = await readTicketDetail(deps.store, path.id);
    return new HttpReply(detail, { etag: etagOf(detail.ticket.version) });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
