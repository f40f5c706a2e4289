import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { partsDeps } from '../lib/parts-deps.ts';

const deps = partsDeps();

/** Warehouses and vans, all at once: there are few. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent', 'technician'] } }, async () => {
  try {
    return { items: await deps.store.listLocations() };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
