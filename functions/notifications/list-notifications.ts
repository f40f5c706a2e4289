import { DynamoNoticeStore } from '#shared/adapters/dynamodb/notice-store.ts';
import { listNotificationsQuery } from '#shared/api/request-schemas.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { tableDeps } from '../lib/table-deps.ts';

const deps = tableDeps();
const notices = new DynamoNoticeStore(deps.table);

/** The signed-in staff member's newest notices (SLA warnings, escalations), with how many are unread. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent', 'technician'] }, query: listNotificationsQuery }, async ({ query, principal }) => {
  try {
    const items = await notices.list(principal.id, query.limit);
    return { items, unread: items.filter((n) => !n.read).length };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
