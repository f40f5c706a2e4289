import { workOrderPath } from '#shared/parts/parts-api.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { partsDeps } from '../lib/parts-deps.ts';

const deps = partsDeps();

/** What a work order holds reserved, what it used, and what that cost (per currency, minor units). */
export const handler = httpRoute({ access: { roles: ['admin', 'agent', 'technician', 'finance'] }, path: workOrderPath }, async ({ path }) => {
  try {
    return { workOrderId: path.workOrderId, ...(await deps.store.workOrderParts(path.workOrderId)) };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
