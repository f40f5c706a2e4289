import * as z from 'zod/mini';

export const TICKET_STATUSES = [
  'new',
  'open',
  'in_progress',
  'pending_customer',
  'pending_third_party',
  'resolved',
  'closed',
] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_CHANNELS = ['email', 'web', 'phone', 'api'] as const;

export const ticketSchema = z.object({
  id: z.uuid(),
  /** Human number (#1001…) unique per stack, shown to customers and agents. */
  number: z.int().check(z.positive()),
  subject: z.string(),
  description: z.string(),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(TICKET_PRIORITIES),
  channel: z.enum(TICKET_CHANNELS),
  customerEmail: z.optional(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Optimistic-locking version: every write must name the version it read. */
  version: z.int().check(z.positive()),
});
export type Ticket = z.infer<typeof ticketSchema>;

/** A missing field and a field of the wrong type deserve different sentences. */
function requiredText(label: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? `${label} is required` : `${label} must be text`);
}

/**
 * What a staff member may send to open a ticket. `.strict()` refuses unknown keys, so a caller can
 * never mass-assign fields it does not own (status, number, version, createdBy…).
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
  customerEmail: z.optional(
    z.string().check(z.trim(), z.toLowerCase(), z.email('Customer email is not a valid address')),
  ),
});
export type NewTicketInput = z.infer<typeof newTicketInputSchema>;
