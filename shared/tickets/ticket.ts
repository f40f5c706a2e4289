import * as z from 'zod/mini';
import { CUSTOMER_TIERS } from '../customers/customer-tier.ts';
import { ticketSlaSchema } from '../sla/ticket-sla.ts';
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
  /** The customer's tier when the ticket was opened (SLA policies may depend on it). */
  customerTier: z.optional(z.enum(CUSTOMER_TIERS)),
  /** Since when a customer message waits for an agent's public reply (cleared by that reply). */
  awaitingReplySince: z.optional(z.string()),
  /** SLA clocks and deadlines, kept current by the SLA tracker from the ticket's facts. */
  sla: z.optional(ticketSlaSchema),
  /** Optimistic-locking version: every write must name the version it read. */
  version: z.int().check(z.positive()),
});
export type Ticket = z.infer<typeof ticketSchema>;

export type { NewTicketInput, TicketUpdate } from './ticket-input.ts';
