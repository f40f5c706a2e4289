import { stockAlertsQuery } from '#shared/parts/parts-api.ts';
import { stockAlerts } from '#shared/parts/parts-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { partsDeps } from '../lib/parts-deps.ts';

const deps = partsDeps();

/** The safety-stock alerts of a UTC day, for the console (integrations get them on the bus). */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, query: stockAlertsQuery }, async ({ query }) => {
  try {
    return await stockAlerts(deps, query.day);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
