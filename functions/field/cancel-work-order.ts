import { cancelSchema } from '#shared/field/work-order.ts';
import { cancelWorkOrder } from '#shared/field/work-order-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { dispatchWorkflow, fieldDeps } from '../lib/field-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { etagOf, expectedVersion } from '../lib/versioning.ts';
import { workOrderIdPath } from '#shared/field/work-order-paths.ts';

const deps = { ...fieldDeps(), workflow: dispatchWorkflow() };

export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: workOrderIdPath, body: cancelSchema }, async ({ path, body, headers, principal }) => {
  try {
    const order = await cancelWorkOrder(deps, principal, path.id, body.reason, expectedVersion(headers));
    return new HttpReply(order, { etag: etagOf(order.version) });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
