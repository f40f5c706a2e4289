import { startDispatch } from '#shared/field/work-order-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { dispatchWorkflow, fieldDeps } from '../lib/field-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { etagOf, expectedVersion } from '../lib/versioning.ts';
import { workOrderIdPath } from '#shared/field/work-order-paths.ts';

const deps = { ...fieldDeps(), workflow: dispatchWorkflow() };

/** Starts the dispatch workflow (again) for a work order waiting on the board. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: workOrderIdPath }, async ({ path, headers, principal }) => {
  try {
    const order = await startDispatch(deps, principal, path.id, expectedVersion(headers));
    return new HttpReply(order, { etag: etagOf(order.version) });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
