import { newCustomerInputSchema } from '#shared/customers/customer.ts';
import { createCustomer } from '#shared/customers/customer-operations.ts';
import { customerDeps } from '../lib/customer-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { etagOf } from '../lib/versioning.ts';

const deps = customerDeps();

export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, body: newCustomerInputSchema, status: 201 }, async ({ body }) => {
  try {
    const customer = await createCustomer(deps, body);
    return new HttpReply(customer, { etag: etagOf(customer.version) });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
