import { ValidationError } from '#shared/errors/domain-errors.ts';
import { myJobsQuerySchema } from '#shared/field/work-order.ts';
import { readMyJobs } from '#shared/field/work-order-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { fieldDeps } from '../lib/field-deps.ts';
import { httpRoute } from '../lib/http-route.ts';

const deps = fieldDeps();

/** The signed-in technician's jobs in a range (their day), and offers waiting for their answer. */
export const handler = httpRoute({ access: { roles: ['technician'] }, query: myJobsQuerySchema }, async ({ query, principal }) => {
  try {
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    if (to <= from || Date.parse(to) - Date.parse(from) > 14 * 86_400_000) {
      throw new ValidationError('The range must end after it starts, at most 14 days later', [{ path: 'to', message: 'After from, within 14 days' }]);
    }
    return await readMyJobs(deps, principal, from, to);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
