/**
 * Priorities and their sort rank, in a module of their own (no schemas): the table's key builders
 * need the rank, and every function bundling them should not carry the ticket schemas too.
 */
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** Sort rank for "most urgent first" queues (lower sorts first). */
export const PRIORITY_RANK: Record<TicketPriority, number> = { urgent: 1, high: 2, normal: 3, low: 4 };
