import * as z from 'zod/mini';
import { newEntryInputSchema } from '#shared/tickets/thread.ts';
import { addThreadEntry } from '#shared/tickets/ticket-operations.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';
import { etagOf } from '../lib/versioning.ts';

const deps = ticketDeps();
const pathSchema = z.object({ id: z.uuid('Ticket id must be a UUID') });

/** A public reply or an internal note. No If-Match: adding to a thread never overwrites anything. */
export const handler = httpRoute(
  { access: { roles: ['admin', 'agent'] }, path: pathSchema, body: newEntryInputSchema, status: 201 },
  async ({ path, body, principal }) => {
    try {
      const { entry, ticket } = await addThreadEntry(deps, principal, path.id, body);
      return new HttpReply({ entry, ticket }, { etag: etagOf(ticket.version) });
    } finally {
      logConsumedCapacity(deps.meter);
    }
  },
);
