import * as z from 'zod/mini';
import { entryEmailSchema } from './thread.ts';

export const TICKET_STATUSES = [
  'new',
  'open',
  'in_progress',
  'pending_customer',
  'pending_third_party',
  'resolved',
  'closed',
] as const;
import { TICKET_PRIORITIES } from './ticket-priority.ts';
export { TICKET_PRIORITIES };
export const TICKET_CHANNELS = ['email', 'web', 'phone', 'api'] as const;
export const TICKET_TYPES = ['question', 'incident', 'problem', 'task'] as const;

export { PRIORITY_RANK, type TicketPriority } from './ticket-priority.ts';

export const ticketSchema = z.object({
  id: z.uuid(),
  /** Human number (#1001…) unique per stack, shown to customers and agents. */
  number: z.int().check(z.positive()),
  subject: z.string(),
  /** The customer's original request, as first written. Replies and notes are thread entries. */
  description: z.string(),
  /** When the ticket was opened by email: that message's details (kept beside the description). */
  descriptionEmail: z.optional(entryEmailSchema),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(TICKET_PRIORITIES),
  channel: z.enum(TICKET_CHANNELS),
  type: z.optional(z.enum(TICKET_TYPES)),
  customerId: z.optional(z.string()),
  customerEmail: z.optional(z.string()),
  customerName: z.optional(z.string()),
  organizationId: z.optional(z.string()),
  categoryId: z.optional(z.string()),
  teamId: z.optional(z.string()),
  assigneeId: z.optional(z.string()),
  tags: z.optional(z.array(z.string())),
  customFields: z.optional(z.record(z.string(), z.unknown())),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  firstResponseAt: z.optional(z.string()),
  resolvedAt: z.optional(z.string()),
  closedAt: z.optional(z.string()),
  /** Set when this ticket was merged into another: it is closed and points there. */
  mergedIntoId: z.optional(z.string()),
  /** Set on a follow-up opened by a message to a closed ticket. */
  followUpOfId: z.optional(z.string()),
  linkedTicketIds: z.optional(z.array(z.string())),
  /** Email tickets: the unguessable reference in the ticket's reply address and reply marker. */
  mailReference: z.optional(z.string()),
  /** Email tickets: other people on the conversation (Cc), who may reply into it. */
  participants: z.optional(z.array(z.string())),
  /** Optimistic-locking version: every write must name the version it read. */
  version: z.int().check(z.positive()),
});
export type Ticket = z.infer<typeof ticketSchema>;

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
