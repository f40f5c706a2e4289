import { pageQuery, stockLocationPath } from '#shared/parts/parts-api.ts';
import { stockAtLocation } from '#shared/parts/parts-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { partsDeps } from '../lib/parts-deps.ts';

const deps = partsDeps();

/** A location's stock by SKU, a page at a time, each level marked when below its part's safety stock. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent', 'technician'] }, path: stockLocationPath, query: pageQuery }, async ({ path, query }) => {
  try {
    return await stockAtLocation(deps.store, path.locationId, query.limit, query.cursor);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
