import { stockMovementBody } from '#shared/parts/parts-api.ts';
import { postMovement } from '#shared/parts/parts-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { partsDeps } from '../lib/parts-deps.ts';

const deps = partsDeps();

/**
 * Receive, reserve, release, issue, return, scrap or transfer stock. The body's `id` is the
 * client's idempotency key: a retry answers the first result (200 instead of 201).
 * Technicians should issue and return from their own van; nothing maps a signed-in technician to
 * a van yet (vans name a technician record, which has no store), so they are read-only for now.
 */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, body: stockMovementBody, status: 201 }, async ({ body, principal }) => {
  try {
    const result = await postMovement(deps, principal, body);
    return result.replayed ? new HttpReply({ ...result.movement, replayed: true }, {}, 200) : { ...result.movement, replayed: false };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
