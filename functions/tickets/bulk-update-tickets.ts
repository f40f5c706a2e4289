import { bulkUpdateBody } from '#shared/api/request-schemas.ts';
import { bulkUpdate } from '#shared/tickets/ticket-operations.ts';
import { httpRoute } from '../lib/http-route.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';

const deps = ticketDeps();

/** Assign or set the status of up to 100 tickets; answers each ticket's own outcome. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, body: bulkUpdateBody }, async ({ body, principal }) => {
  try {
    const { ids, ...update } = body;
    const results = await bulkUpdate(deps, principal, ids, update);
    return { results, updated: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
