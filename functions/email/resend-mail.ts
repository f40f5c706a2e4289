import * as z from 'zod/mini';
import { DynamoOutboxStore } from '#shared/adapters/dynamodb/outbox-store.ts';
import { ConditionFailedError } from '#shared/adapters/dynamodb/table.ts';
import { DomainError } from '#shared/errors/domain-errors.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { HttpReply } from '../lib/http-response.ts';
import { httpRoute } from '../lib/http-route.ts';
import { ticketDeps } from '../lib/ticket-deps.ts';

const deps = ticketDeps();
const outbox = new DynamoOutboxStore(deps.table);
const pathSchema = z.object({ id: z.uuid('Ticket id must be a UUID'), entryId: z.uuid('Entry id must be a UUID') });

/**
 * Sends a reply's mail again after it failed (SES down, throttled past its retries): the outbox
 * item is queued anew and the table's stream carries it to the sender, as the first time. Only a
 * failed mail can be resent, so nobody sends a reply twice by clicking.
 */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: pathSchema, status: 202 }, async ({ path }) => {
  try {
    const mail = await outbox.get(path.entryId);
    if (!mail || mail.ticketId !== path.id) throw new DomainError(404, 'NOT_FOUND', 'No mail for this reply');
    await outbox.requeue(path.entryId, new Date().toISOString());
    return new HttpReply({ status: 'queued' }, {}, 202);
  } catch (err) {
    if (err instanceof ConditionFailedError) throw new DomainError(409, 'NOT_FAILED', 'Only a mail that failed can be sent again');
    throw err;
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
