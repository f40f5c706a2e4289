import { assignSchema } from '#shared/field/work-order.ts';
import { assignWorkOrder } from '#shared/field/work-order-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { dispatchWorkflow, fieldDeps } from '../lib/field-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { etagOf, expectedVersion } from '../lib/versioning.ts';
import { workOrderIdPath } from '#shared/field/work-order-paths.ts';

const deps = { ...fieldDeps(), workflow: dispatchWorkflow() };

/** A dispatcher books a technician by hand; a running offer is withdrawn. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: workOrderIdPath, body: assignSchema }, async ({ path, body, headers, principal }) => {
  try {
    const order = await assignWorkOrder(deps, principal, path.id, body, expectedVersion(headers));
    return new HttpReply(order, { etag: etagOf(order.version) });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
