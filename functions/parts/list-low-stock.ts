import { lowStock } from '#shared/parts/parts-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { partsDeps } from '../lib/parts-deps.ts';

const deps = partsDeps();

/** Every level below its part's safety stock, at every location, biggest shortfall first. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] } }, async () => {
  try {
    return await lowStock(deps.store);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
