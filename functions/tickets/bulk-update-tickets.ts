import * as z from 'zod/mini';
import { TICKET_STATUSES } from '#shared/tickets/ticket.ts';
import { bulkUpdate } from '#shared/tickets/ticket-operations.ts';
import { httpRoute } from '../lib/http-route.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';

const deps = ticketDeps();

const bulkSchema = z
  .strictObject({
    ids: z.array(z.uuid()).check(z.minLength(1, 'Choose at least one ticket'), z.maxLength(100, 'At most 100 tickets at a time')),
    assigneeId: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(64)))),
    status: z.optional(z.enum(TICKET_STATUSES)),
  })
  .check(z.refine((b) => b.assigneeId !== undefined || b.status !== undefined, { message: 'Say what to change: assigneeId or status', path: ['(body)'] }));

/** Assign or set the status of up to 100 tickets; answers each ticket's own outcome. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, body: bulkSchema }, async ({ body, principal }) => {
  try {
    const { ids, ...update } = body;
    const results = await bulkUpdate(deps, principal, ids, update);
    return { results, updated: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
