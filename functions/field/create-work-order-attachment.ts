import { DynamoTechnicianStore, DynamoWorkOrderStore } from '#shared/adapters/dynamodb/work-order-store.ts';
import { NotFoundError } from '#shared/errors/domain-errors.ts';
import { mustWorkOn } from '#shared/field/work-order-operations.ts';
import { startUpload } from '#shared/tickets/attachment-operations.ts';
import { newAttachmentInputSchema } from '#shared/tickets/attachments.ts';
import { attachmentDeps } from '../lib/attachment-deps.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { workOrderIdPath } from '#shared/field/work-order-paths.ts';

const deps = attachmentDeps();
const field = {
  orders: new DynamoWorkOrderStore(deps.table),
  technicians: new DynamoTechnicianStore(deps.table),
  ticket: async () => undefined,
  clock: deps.clock,
  ids: deps.ids,
};

/**
 * A photo or the customer's signature from the visit: stored as a file of the work order's ticket
 * (agents see it there), uploaded straight to S3 with a presigned URL. Only the booked technician
 * (or staff) may add one.
 */
export const handler = httpRoute(
  { access: { roles: ['technician', 'admin', 'agent'] }, path: workOrderIdPath, body: newAttachmentInputSchema, status: 201 },
  async ({ path, body, principal }) => {
    try {
      const order = await field.orders.get(path.id);
      if (!order) throw new NotFoundError('Work order');
      await mustWorkOn(field, principal, order);
      return await startUpload(deps, principal, order.ticketId, body);
    } finally {
      logConsumedCapacity(deps.meter);
    }
  },
);
