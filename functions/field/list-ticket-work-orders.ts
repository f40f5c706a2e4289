import { ticketIdPath } from '#shared/api/request-schemas.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { fieldDeps } from '../lib/field-deps.ts';
import { httpRoute } from '../lib/http-route.ts';

const deps = fieldDeps();

/** A ticket's work orders, oldest first (one Query on the ticket's work-order index partition). */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: ticketIdPath }, async ({ path }) => {
  try {
    return { items: await deps.orders.ofTicket(path.id) };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
