import { newOrganizationInputSchema } from '#shared/customers/customer.ts';
import { createOrganization } from '#shared/customers/customer-operations.ts';
import { customerDeps } from '../lib/customer-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';

const deps = customerDeps();

export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, body: newOrganizationInputSchema, status: 201 }, async ({ body }) => {
  try {
    return await createOrganization(deps, body);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
