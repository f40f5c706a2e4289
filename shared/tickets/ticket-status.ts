import type { TICKET_STATUSES } from './ticket.ts';

export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * Every status change staff may make, in one table. Anything not listed is refused. `closed` is
 * final: a new message to a closed ticket starts a follow-up ticket linked to it.
 */
export const STAFF_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'in_progress', 'pending_customer', 'pending_third_party', 'resolved', 'closed'],
  open: ['in_progress', 'pending_customer', 'pending_third_party', 'resolved', 'closed'],
  in_progress: ['open', 'pending_customer', 'pending_third_party', 'resolved', 'closed'],
  pending_customer: ['open', 'in_progress', 'pending_third_party', 'resolved', 'closed'],
  pending_third_party: ['open', 'in_progress', 'pending_customer', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || STAFF_TRANSITIONS[from].includes(to);
}

/** A customer writing again reopens a ticket that waits on them or was resolved; new stays new. */
export function statusAfterCustomerReply(status: TicketStatus): TicketStatus | 'follow_up' {
  if (status === 'closed') return 'follow_up';
  if (status === 'pending_customer' || status === 'pending_third_party' || status === 'resolved') return 'open';
  return status;
}

/** An agent's first public reply takes a new ticket into work. */
export function statusAfterAgentReply(status: TicketStatus): TicketStatus {
  return status === 'new' ? 'open' : status;
}

/** Queue buckets: what agents mean by "my open tickets", "waiting", "done". */
export type StatusBucket = 'active' | 'pending' | 'solved';

export function bucketOf(status: TicketStatus): StatusBucket {
  if (status === 'pending_customer' || status === 'pending_third_party') return 'pending';
  if (status === 'resolved' || status === 'closed') return 'solved';
  return 'active';
}
