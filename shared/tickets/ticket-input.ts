import * as z from 'zod/mini';
import { TICKET_PRIORITIES } from './ticket-priority.ts';
import { TICKET_STATUSES, TICKET_TYPES } from './ticket.ts';

/*
 * What staff send to open or change a ticket, apart from the ticket's own schema: only the
 * functions taking these bodies bundle them.
 */

/** A missing field and a field of the wrong type deserve different sentences. */
function requiredText(label: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? `${label} is required` : `${label} must be text`);
}

const tagSchema = z.string().check(z.trim(), z.toLowerCase(), z.minLength(1), z.maxLength(40), z.regex(/^[\p{L}\p{N}_:-]+$/u, 'Tags are single words'));

/**
 * What a staff member may send to open a ticket. `strictObject` refuses unknown keys, so a caller
 * can never mass-assign fields it does not own (status, number, version, createdBy…).
 */
export const newTicketInputSchema = z.strictObject({
  subject: z.string({ error: requiredText('Subject') }).check(
    z.trim(),
    z.minLength(1, 'Subject is required'),
    z.maxLength(200, 'Subject is at most 200 characters'),
  ),
  description: z.string({ error: requiredText('Description') }).check(
    z.trim(),
    z.minLength(1, 'Description is required'),
    z.maxLength(20_000, 'Description is at most 20,000 characters'),
  ),
  priority: z._default(z.enum(TICKET_PRIORITIES), 'normal'),
  channel: z._default(z.enum(['phone', 'api']), 'phone'),
  type: z.optional(z.enum(TICKET_TYPES)),
  customerId: z.optional(z.uuid('Customer id must be a UUID')),
  customerEmail: z.optional(
    z.string().check(z.trim(), z.toLowerCase(), z.email('Customer email is not a valid address')),
  ),
  customerName: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  categoryId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  tags: z.optional(z.array(tagSchema).check(z.maxLength(20))),
  customFields: z.optional(z.record(z.string(), z.unknown())),
});
export type NewTicketInput = z.infer<typeof newTicketInputSchema>;

/**
 * What staff may change on a ticket. The version is not here: it travels in `If-Match`, so a body
 * can never set it. `null` clears an optional field (e.g. unassign).
 */
export const ticketUpdateSchema = z.strictObject({
  subject: z.optional(z.string().check(z.trim(), z.minLength(1, 'Subject is required'), z.maxLength(200))),
  status: z.optional(z.enum(TICKET_STATUSES)),
  priority: z.optional(z.enum(TICKET_PRIORITIES)),
  type: z.optional(z.nullable(z.enum(TICKET_TYPES))),
  categoryId: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(64)))),
  teamId: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(64)))),
  assigneeId: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(64)))),
  tags: z.optional(z.array(tagSchema).check(z.maxLength(20))),
  customFields: z.optional(z.record(z.string(), z.unknown())),
});
export type TicketUpdate = z.infer<typeof ticketUpdateSchema>;
