import type { HistoryEntry } from '../tickets/thread.ts';
import type { Ticket } from '../tickets/ticket.ts';
import type { TicketStatus } from '../tickets/ticket-status.ts';

/** A status the ticket entered, and when. */
export interface StatusChange {
  at: number;
  status: TicketStatus;
}

/**
 * The facts the SLA clocks are computed from, all recorded by the ticket itself: when it was
 * opened, answered and solved, what the customer waits for, and every status it went through
 * (from its history). Clocks derive from these alone, so they can be recomputed at any time, in
 * any order, with the same result.
 */
export interface SlaFacts {
  createdAt: number;
  status: TicketStatus;
  firstResponseAt?: number;
  awaitingReplySince?: number;
  /** In time order, starting with the status the ticket was opened in. */
  timeline: StatusChange[];
}

const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

export function slaFactsOf(ticket: Ticket, history: readonly HistoryEntry[]): SlaFacts {
  const timeline: StatusChange[] = history
    .flatMap((h) => h.changes.filter((c) => c.field === 'status').map((c) => ({ at: Date.parse(h.at), status: c.to as TicketStatus })))
    .sort((a, b) => a.at - b.at);
  const createdAt = Date.parse(ticket.createdAt);
  if (timeline.length === 0 || timeline[0]!.at > createdAt) timeline.unshift({ at: createdAt, status: 'new' });
  // The header is the truth for the present: a history write that was lost must not leave the clock in the past.
  if (timeline[timeline.length - 1]!.status !== ticket.status) timeline.push({ at: Date.parse(ticket.updatedAt), status: ticket.status });
  return {
    createdAt,
    status: ticket.status,
    ...(ticket.firstResponseAt ? { firstResponseAt: ms(ticket.firstResponseAt)! } : {}),
    ...(ticket.awaitingReplySince ? { awaitingReplySince: ms(ticket.awaitingReplySince)! } : {}),
    timeline,
  };
}
