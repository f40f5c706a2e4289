import { ticketPath } from '#shared/parts/parts-api.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { partsDeps } from '../lib/parts-deps.ts';

const deps = partsDeps();

/** The parts cost of a ticket over all its work orders, per currency in minor units ({} for none). */
export const handler = httpRoute({ access: { roles: ['admin', 'agent', 'finance'] }, path: ticketPath }, async ({ path }) => {
  try {
    return { ticketId: path.id, cost: await deps.store.ticketPartsCost(path.id) };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
