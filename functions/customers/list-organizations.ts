import { customerDeps } from '../lib/customer-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';

const deps = customerDeps();

/** Organizations by name (one index Query on the ORGS listing). */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] } }, async () => {
  try {
    return { items: await deps.customers.listOrganizations() };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
