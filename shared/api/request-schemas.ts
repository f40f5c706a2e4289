import * as z from 'zod/mini';
import { customerSearchSchema, emailSchema } from '../customers/customer.ts';
import { queueQuerySchema } from '../tickets/queue-query.ts';
import { TICKET_STATUSES } from '../tickets/ticket.ts';

/** Request shapes that belong to one route, kept here so handlers and the OpenAPI document share them. */

export const ticketIdPath = z.object({ id: z.uuid('Ticket id must be a UUID') });
export const attachmentPath = z.object({ id: z.uuid('Ticket id must be a UUID'), attachmentId: z.uuid('Attachment id must be a UUID') });
export const customerIdPath = z.object({ id: z.uuid('Customer id must be a UUID') });

export const listTicketsQuery = z.extend(queueQuerySchema, {
  /** Find by human number: `?number=1042`. */
  number: z.optional(z.coerce.number().check(z.int(), z.positive())),
  /** A customer's tickets by their email, in one call: `?customerEmail=ana@example.com`. */
  customerEmail: z.optional(emailSchema),
});

export const bulkUpdateBody = z
  .strictObject({
    ids: z.array(z.uuid()).check(z.minLength(1, 'Choose at least one ticket'), z.maxLength(100, 'At most 100 tickets at a time')),
    assigneeId: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(64)))),
    status: z.optional(z.enum(TICKET_STATUSES)),
  })
  .check(z.refine((b) => b.assigneeId !== undefined || b.status !== undefined, { message: 'Say what to change: assigneeId or status', path: ['(body)'] }));

export const searchCustomersQuery = z.extend(customerSearchSchema, {
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 20),
});

export const mergeBody = z.strictObject({ intoId: z.uuid('Name the ticket to merge into') });
export const linkBody = z.strictObject({ ticketId: z.uuid('Name the related ticket') });

export const publicTokenPath = z.object({ token: z.string().check(z.maxLength(100)) });

export const publicAttachmentPath = z.object({ token: z.string().check(z.maxLength(100)), attachmentId: z.uuid('Attachment id must be a UUID') });

export const directoryBody = z.strictObject({ items: z.array(z.unknown()) });

/** Held mail: quarantine (admins) or spam (agents too), newest first. */
export const listHeldMailQuery = z.object({
  view: z.enum(['quarantine', 'spam']),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});
export const heldMailPath = z.object({ sesMessageId: z.string().check(z.regex(/^[A-Za-z0-9._-]{1,100}$/, 'Not a message id')) });

/** A staff member's newest SLA notices. */
export const listNotificationsQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
});
/** Notices to mark read, as the list named them (their time and id). */
export const markNotificationsReadBody = z.strictObject({
  notices: z.array(z.strictObject({ at: z.iso.datetime(), id: z.string().check(z.minLength(1), z.maxLength(64)) })).check(z.minLength(1), z.maxLength(50)),
});
