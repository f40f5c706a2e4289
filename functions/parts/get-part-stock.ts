import { partPath } from '#shared/parts/parts-api.ts';
import { stockOfPart } from '#shared/parts/parts-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { partsDeps } from '../lib/parts-deps.ts';

const deps = partsDeps();

/** A part and its stock at every location that holds (or held) it. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent', 'technician'] }, path: partPath }, async ({ path }) => {
  try {
    return await stockOfPart(deps.store, path.sku);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
