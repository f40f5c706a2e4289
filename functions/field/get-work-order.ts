import { readWorkOrder } from '#shared/field/work-order-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { fieldDeps } from '../lib/field-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { etagOf } from '../lib/versioning.ts';
import { workOrderIdPath } from '#shared/field/work-order-paths.ts';

const deps = fieldDeps();

/** Staff see any work order; a technician only one booked on or offered to them (others are 404). */
export const handler = httpRoute({ access: { roles: ['admin', 'agent', 'technician'] }, path: workOrderIdPath }, async ({ path, principal }) => {
  try {
    const order = await readWorkOrder(deps, principal, path.id);
    return new HttpReply(order, { etag: etagOf(order.version) });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
