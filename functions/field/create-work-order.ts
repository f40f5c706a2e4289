import { newWorkOrderSchema } from '#shared/field/work-order.ts';
import { createWorkOrder } from '#shared/field/work-order-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { dispatchWorkflow, fieldDeps } from '../lib/field-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { etagOf } from '../lib/versioning.ts';

const deps = { ...fieldDeps(), workflow: dispatchWorkflow() };

/** A visit for a ticket; with dispatch `auto` (the default) the dispatch workflow starts at once. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, body: newWorkOrderSchema, status: 201 }, async ({ body, principal }) => {
  try {
    const order = await createWorkOrder(deps, principal, body);
    return new HttpReply(order, { etag: etagOf(order.version) }, 201);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
