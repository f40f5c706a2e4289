import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { fieldDeps } from '../lib/field-deps.ts';
import { httpRoute } from '../lib/http-route.ts';

const deps = fieldDeps();

/** Every technician, for the board and the assign dialog. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] } }, async () => {
  try {
    return { items: await deps.technicians.list() };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
