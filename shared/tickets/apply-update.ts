import type { Principal } from '../auth/principal.ts';
import { ConflictError, DomainError } from '../errors/domain-errors.ts';
import type { HistoryEntry } from './thread.ts';
import type { Ticket, TicketUpdate } from './ticket.ts';
import { canTransition } from './ticket-status.ts';

export type Change = HistoryEntry['changes'][number];

const FIELDS = ['subject', 'status', 'priority', 'type', 'categoryId', 'teamId', 'assigneeId', 'tags', 'customFields'] as const;

/** Raised when a transition is not in the table: the request is understood but not allowed now. */
export class InvalidTransitionError extends DomainError {
  constructor(from: string, to: string) {
    super(422, 'INVALID_TRANSITION', `A ${from} ticket cannot be set to ${to}`, [{ path: 'status', message: `Not allowed from ${from}` }]);
  }
}

/** A save based on an old version: carries the current ticket so the agent can decide. */
export class VersionConflictError extends ConflictError {
  constructor(current: Ticket) {
    super(`Ticket #${current.number} was changed by someone else (now version ${current.version}); reload to see it`, {
      currentVersion: current.version,
      current,
    });
    Object.defineProperty(this, 'code', { value: 'VERSION_CONFLICT' });
  }
}

export class TicketClosedError extends ConflictError {
  constructor(number: number) {
    super(`Ticket #${number} is closed; a new message starts a follow-up ticket`);
    Object.defineProperty(this, 'code', { value: 'TICKET_CLOSED' });
  }
}

/**
 * Applies a staff update to a ticket, purely: validates the status transition, stamps resolved and
 * closed times, and lists every field that really changed (old → new) for the history. Returns the
 * ticket unchanged (and no changes) when nothing differs, so a no-op save writes nothing.
 */
export function applyUpdate(ticket: Ticket, update: TicketUpdate, now: Date): { ticket: Ticket; changes: Change[] } {
  if (ticket.status === 'closed') throw new TicketClosedError(ticket.number);
  if (update.status && !canTransition(ticket.status, update.status)) throw new InvalidTransitionError(ticket.status, update.status);

  const next: Record<string, unknown> = { ...ticket };
  const changes: Change[] = [];
  for (const field of FIELDS) {
    if (!(field in update)) continue;
    const value = update[field];
    const before = ticket[field];
    if (sameValue(before, value)) continue;
    changes.push({ field, from: before ?? null, to: value ?? null });
    if (value === null) delete next[field];
    else next[field] = value;
  }
  if (changes.length === 0) return { ticket, changes };

  const at = now.toISOString();
  if (update.status === 'resolved' && ticket.status !== 'resolved') next.resolvedAt = at;
  if (update.status === 'closed') next.closedAt = at;
  if (update.status && update.status !== 'resolved' && update.status !== 'closed') delete next.resolvedAt;
  next.updatedAt = at;
  next.version = ticket.version + 1;
  return { ticket: next as Ticket, changes };
}

function sameValue(a: unknown, b: unknown): boolean {
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The history record of a set of changes. */
export function historyOf(ticket: Ticket, actor: Principal | { id: string; type: 'system' | 'customer' }, changes: Change[], at: string, id: string): HistoryEntry {
  const type = 'roles' in actor ? 'agent' : actor.type;
  return { id, ticketId: ticket.id, at, actor: { type, id: actor.id }, changes };
}
