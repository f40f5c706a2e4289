import { offerAnswerSchema } from '#shared/field/work-order.ts';
import { answerOffer } from '#shared/field/work-order-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { dispatchWorkflow, fieldDeps } from '../lib/field-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { etagOf } from '../lib/versioning.ts';
import { workOrderIdPath } from '#shared/field/work-order-paths.ts';

const deps = { ...fieldDeps(), workflow: dispatchWorkflow() };

/**
 * The offered technician accepts or declines; the answer goes back to the waiting workflow with
 * its task token. No If-Match: the offer itself is the precondition (only a pending offer to the
 * caller can be answered, once).
 */
export const handler = httpRoute({ access: { roles: ['technician'] }, path: workOrderIdPath, body: offerAnswerSchema }, async ({ path, body, principal }) => {
  try {
    const order = await answerOffer(deps, principal, path.id, body);
    return new HttpReply(order, { etag: etagOf(order.version) });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
