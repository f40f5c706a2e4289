import * as z from 'zod/mini';
import { DynamoTicketStore } from '#shared/adapters/dynamodb/ticket-store.ts';
import { readCustomer360 } from '#shared/customers/customer-operations.ts';
import { customerDeps } from '../lib/customer-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { etagOf } from '../lib/versioning.ts';

const deps = customerDeps();
const tickets = new DynamoTicketStore(deps.table);
const pathSchema = z.object({ id: z.uuid('Customer id must be a UUID') });

/** The customer 360: profile and equipment (one read) and their latest tickets (one index read). */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: pathSchema }, async ({ path }) => {
  try {
    const [view, recent] = await Promise.all([
      readCustomer360(deps, path.id),
      tickets.queue({ index: 'gsi2', partition: `CUSTOMER#${path.id}`, byPriority: false }, 25),
    ]);
    return new HttpReply({ ...view, tickets: recent }, { etag: etagOf(view.customer.version) });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
