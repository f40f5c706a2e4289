import { ValidationError } from '#shared/errors/domain-errors.ts';
import { boardQuerySchema } from '#shared/field/work-order.ts';
import { readBoard } from '#shared/field/work-order-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { fieldDeps } from '../lib/field-deps.ts';
import { httpRoute } from '../lib/http-route.ts';

const deps = fieldDeps();

/** The dispatcher's board for a range (a day or a week): one Query per UTC day, plus the waiting list. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, query: boardQuerySchema }, async ({ query }) => {
  try {
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    if (to <= from) throw new ValidationError('The range must end after it starts', [{ path: 'to', message: 'After from' }]);
    if (Date.parse(to) - Date.parse(from) > 42 * 86_400_000) throw new ValidationError('At most 42 days at once', [{ path: 'to', message: 'At most 42 days after from' }]);
    return await readBoard(deps, from, to);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
