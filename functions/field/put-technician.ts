import { ValidationError } from '#shared/errors/domain-errors.ts';
import { technicianSchema } from '#shared/field/technician.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { fieldDeps } from '../lib/field-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { technicianIdPath } from '#shared/field/work-order-paths.ts';

const deps = fieldDeps();

/** Creates or replaces a technician (skills, home base, regions, hours, capacity, time off, login). */
export const handler = httpRoute({ access: { roles: ['admin'] }, path: technicianIdPath, body: technicianSchema }, async ({ path, body }) => {
  try {
    if (body.id !== path.id) throw new ValidationError('The id in the body must match the path', [{ path: 'id', message: `Expected ${path.id}` }]);
    await deps.technicians.save(body);
    return body;
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
