import { searchCustomersQuery } from '#shared/api/request-schemas.ts';
import { searchCustomers } from '#shared/customers/customer-operations.ts';
import { ValidationError } from '#shared/errors/domain-errors.ts';
import { customerDeps } from '../lib/customer-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';

const deps = customerDeps();

/** Find a customer by exact email or phone (a key read) or by name prefix (one index Query). */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, query: searchCustomersQuery }, async ({ query }) => {
  if (!query.email && !query.phone && !query.q) throw new ValidationError('Search by email, phone or q (name prefix)', [{ path: '(query)', message: 'Give one of email, phone, q' }]);
  try {
    return { items: await searchCustomers(deps, query, query.limit) };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
