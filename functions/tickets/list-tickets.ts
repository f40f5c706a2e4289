import { listTicketsQuery } from '#shared/api/request-schemas.ts';
import { ValidationError } from '#shared/errors/domain-errors.ts';
import { planQueue, UnsupportedQueueError } from '#shared/tickets/queue-query.ts';
import { httpRoute } from '../lib/http-route.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';

const deps = ticketDeps();

/** Queue pages (one index Query each) and lookup by ticket number. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, query: listTicketsQuery }, async ({ query, principal }) => {
  try {
    if (query.number !== undefined) {
      const id = await deps.store.findIdByNumber(query.number);
      const ticket = id ? await deps.store.get(id) : undefined;
      return { items: ticket ? [ticket] : [] };
    }
    let plan;
    try {
      plan = planQueue(query, principal.id);
    } catch (err) {
      if (err instanceof UnsupportedQueueError) throw new ValidationError(err.message, [{ path: '(query)', message: err.message }]);
      throw err;
    }
    return await deps.store.queue(plan, query.limit, query.cursor);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
