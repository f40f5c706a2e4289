import { STAFF_TRANSITIONS } from '#shared/tickets/ticket-status.ts';
import type { Ticket, TicketPriority, TicketRow, TicketStatus, TicketUpdate } from '../api/tickets.ts';

/**
 * One change the agent makes in the properties panel. Tags are kept as an intent (add or remove
 * one tag) rather than a whole list, so re-applying after a conflict keeps the other person's tags.
 */
export type Edit =
  | { field: 'status'; value: TicketStatus }
  | { field: 'priority'; value: TicketPriority }
  | { field: 'assignee'; value: string | null }
  | { field: 'tags'; add?: string; remove?: string };

/** The current status first, then only the moves the API allows from it. */
export function statusChoices(current: TicketStatus): TicketStatus[] {
  return [current, ...STAFF_TRANSITIONS[current]];
}

/** The PATCH body for an edit, computed against the version it will be sent on. */
export function updateFor(edit: Edit, base: Ticket): TicketUpdate {
  switch (edit.field) {
    case 'status':
      return { status: edit.value };
    case 'priority':
      return { priority: edit.value };
    case 'assignee':
      return { assigneeId: edit.value };
    case 'tags': {
      const tags = (base.tags ?? []).filter((tag) => tag !== edit.remove);
      if (edit.add && !tags.includes(edit.add)) tags.push(edit.add);
      return { tags };
    }
  }
}

/** What the panel shows while an edit is being saved (or waits on a conflict decision). */
export function withEdit(ticket: Ticket, edit: Edit | undefined): Ticket {
  if (!edit) return ticket;
  const update = updateFor(edit, ticket);
  const next: Ticket = { ...ticket };
  if (update.status) next.status = update.status;
  if (update.priority) next.priority = update.priority;
  if (update.tags) next.tags = update.tags;
  if ('assigneeId' in update) {
    if (update.assigneeId) next.assigneeId = update.assigneeId;
    else delete next.assigneeId;
  }
  return next;
}

export const TAG_MAX_LENGTH = 40;
export const TAGS_MAX = 20;

/** Same rule as the API: one word of letters, digits, `_`, `:` or `-`, stored in lower case. */
export function normalizeTag(text: string): string | undefined {
  const tag = text.trim().toLowerCase();
  if (!tag || tag.length > TAG_MAX_LENGTH || !/^[\p{L}\p{N}_:-]+$/u.test(tag)) return undefined;
  return tag;
}

/** A queue row from a full ticket (rows never carry the description). */
export function rowOf(ticket: Ticket): TicketRow {
  const { description: _description, customFields: _customFields, ...row } = ticket;
  return row;
}

export function isTicket(value: unknown): value is Ticket {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['id'] === 'string' && typeof v['version'] === 'number' && typeof v['status'] === 'string' && typeof v['priority'] === 'string';
}
