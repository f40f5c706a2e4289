import { mergeBody, ticketIdPath } from '#shared/api/request-schemas.ts';
import { mergeTickets } from '#shared/tickets/merge-and-link.ts';
import { httpRoute } from '../lib/http-route.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';

const deps = ticketDeps();

/** Merges this (duplicate) ticket into another: thread moved, this one closed with a pointer. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: ticketIdPath, body: mergeBody }, async ({ path, body, principal }) => {
  try {
    return await mergeTickets(deps, principal, path.id, body.intoId);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
