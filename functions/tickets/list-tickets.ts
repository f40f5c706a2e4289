import { listTicketsQuery } from '#shared/api/request-schemas.ts';
import { ValidationError } from '#shared/errors/domain-errors.ts';
import { DynamoCustomerStore } from '#shared/adapters/dynamodb/customer-store.ts';
import { planQueue, UnsupportedQueueError } from '#shared/tickets/queue-query.ts';
import { httpRoute } from '../lib/http-route.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';

const deps = ticketDeps();
const customers = new DynamoCustomerStore(deps.table);

/** Queue pages (one index Query each), lookup by ticket number, and a customer's tickets by email. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, query: listTicketsQuery }, async ({ query, principal }) => {
  try {
    if (query.number !== undefined) {
      const id = await deps.store.findIdByNumber(query.number);
      const ticket = id ? await deps.store.get(id) : undefined;
      return { items: ticket ? [ticket] : [] };
    }
    if (query.customerEmail !== undefined) {
      if (query.customerId) throw new ValidationError('Give customerEmail or customerId, not both', [{ path: 'customerEmail', message: 'Give customerEmail or customerId, not both' }]);
      // One read of the email's claim, then the customer's queue: unknown email → no tickets.
      const customerId = await customers.findIdByEmail(query.customerEmail);
      if (!customerId) return { items: [] };
      query = { ...query, customerId };
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
