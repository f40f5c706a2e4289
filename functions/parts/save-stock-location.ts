import { stockLocationBody, stockLocationPath } from '#shared/parts/parts-api.ts';
import type { Location } from '#shared/parts/part.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { partsDeps } from '../lib/parts-deps.ts';

const deps = partsDeps();

/** Admins add a warehouse or van, or rename one, under its id; its stock stays where it is. */
export const handler = httpRoute({ access: { roles: ['admin'] }, path: stockLocationPath, body: stockLocationBody }, async ({ path, body }) => {
  try {
    const location: Location = { id: path.locationId, kind: body.kind, name: body.name, ...(body.technicianId ? { technicianId: body.technicianId } : {}) };
    await deps.store.saveLocation(location);
    return location;
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
