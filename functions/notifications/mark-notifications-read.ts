import { DynamoNoticeStore } from '#shared/adapters/dynamodb/notice-store.ts';
import { markNotificationsReadBody } from '#shared/api/request-schemas.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { tableDeps } from '../lib/table-deps.ts';

const deps = tableDeps();
const notices = new DynamoNoticeStore(deps.table);

/** Marks the caller's own notices read (their partition only: another's notices cannot be named). */
export const handler = httpRoute({ access: { roles: ['admin', 'agent', 'technician'] }, body: markNotificationsReadBody }, async ({ body, principal }) => {
  try {
    await notices.markRead(principal.id, body.notices);
    return new HttpReply(undefined, {}, 204);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
