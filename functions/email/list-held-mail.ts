import { DynamoMailStore } from '#shared/adapters/dynamodb/mail-store.ts';
import { listHeldMailQuery } from '#shared/api/request-schemas.ts';
import { requireRole } from '#shared/auth/principal.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { ticketDeps } from '../lib/ticket-deps.ts';

const deps = ticketDeps();
const mail = new DynamoMailStore(deps.table);

/** The spam view (agents and admins) and the quarantine (admins only): one index Query each. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, query: listHeldMailQuery }, async ({ query, principal }) => {
  if (query.view === 'quarantine') requireRole(principal, ['admin']);
  try {
    return await mail.listHeld(query.view, query.limit, query.cursor);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
