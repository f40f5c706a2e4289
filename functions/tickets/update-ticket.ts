import * as z from 'zod/mini';
import { ticketUpdateSchema } from '#shared/tickets/ticket.ts';
import { updateTicket } from '#shared/tickets/ticket-operations.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';
import { etagOf, expectedVersion } from '../lib/versioning.ts';

const deps = ticketDeps();
const pathSchema = z.object({ id: z.uuid('Ticket id must be a UUID') });

export const handler = httpRoute(
  { access: { roles: ['admin', 'agent'] }, path: pathSchema, body: ticketUpdateSchema },
  async ({ path, body, headers, principal }) => {
    try {
      const ticket = await updateTicket(deps, principal, path.id, expectedVersion(headers), body);
      return new HttpReply(ticket, { etag: etagOf(ticket.version) });
    } finally {
      logConsumedCapacity(deps.meter);
    }
  },
);
