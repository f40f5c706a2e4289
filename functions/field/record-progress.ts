import { DynamoStockStore } from '#shared/adapters/dynamodb/stock-store.ts';
import { progressSchema } from '#shared/field/work-order.ts';
import { recordProgress, type IssueParts } from '#shared/field/work-order-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { fieldDeps } from '../lib/field-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { etagOf, expectedVersion } from '../lib/versioning.ts';
import { workOrderIdPath } from '#shared/field/work-order-paths.ts';

const base = fieldDeps();
const stock = new DynamoStockStore(base.table);
const issueParts: IssueParts = async (m) => {
  await stock.move({ kind: 'issue', id: m.id, sku: m.sku, qty: m.qty, from: m.fromLocationId, workOrderId: m.workOrderId, ticketId: m.ticketId, by: m.by, at: base.clock.now().toISOString() });
};
const deps = { ...base, issueParts };

/** The visit, step by step from the technician's phone: travel, check in, check out with the report, sign-off. */
export const handler = httpRoute(
  { access: { roles: ['technician', 'admin', 'agent'] }, path: workOrderIdPath, body: progressSchema },
  async ({ path, body, headers, principal }) => {
    try {
      const order = await recordProgress(deps, principal, path.id, body, expectedVersion(headers));
      return new HttpReply(order, { etag: etagOf(order.version) });
    } finally {
      logConsumedCapacity(deps.meter);
    }
  },
);
