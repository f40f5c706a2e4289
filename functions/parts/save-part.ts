import { partBody, partPath } from '#shared/parts/parts-api.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { partsDeps } from '../lib/parts-deps.ts';

const deps = partsDeps();

/**
 * Admins add a part or change it (name, cost, safety stock) under its SKU. A new cost applies to
 * later movements; what work orders already used keeps the cost it was issued at.
 */
export const handler = httpRoute({ access: { roles: ['admin'] }, path: partPath, body: partBody }, async ({ path, body }) => {
  try {
    const part = { ...body, sku: path.sku };
    await deps.store.savePart(part);
    return part;
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
