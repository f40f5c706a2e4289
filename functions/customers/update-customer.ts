import * as z from 'zod/mini';
import { customerUpdateSchema } from '#shared/customers/customer.ts';
import { updateCustomer } from '#shared/customers/customer-operations.ts';
import { customerDeps } from '../lib/customer-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { etagOf, expectedVersion } from '../lib/versioning.ts';

const deps = customerDeps();
const pathSchema = z.object({ id: z.uuid('Customer id must be a UUID') });

export const handler = httpRoute(
  { access: { roles: ['admin', 'agent'] }, path: pathSchema, body: customerUpdateSchema },
  async ({ path, body, headers }) => {
    try {
      const customer = await updateCustomer(deps, path.id, expectedVersion(headers), body);
      return new HttpReply(customer, { etag: etagOf(customer.version) });
    } finally {
      logConsumedCapacity(deps.meter);
    }
  },
);
