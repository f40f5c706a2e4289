import { pageQuery, stockLedgerPath } from '#shared/parts/parts-api.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { partsDeps } from '../lib/parts-deps.ts';

const deps = partsDeps();

/** The ledger of one part at one location, newest first, a page at a time. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent', 'technician'] }, path: stockLedgerPath, query: pageQuery }, async ({ path, query }) => {
  try {
    const page = await deps.store.movements(path.sku, path.locationId, query.limit, query.cursor);
    return { items: page.movements, ...(page.cursor ? { cursor: page.cursor } : {}) };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
