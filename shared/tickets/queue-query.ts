import * as z from 'zod/mini';
import { TICKET_STATUSES } from './ticket.ts';
import type { StatusBucket } from './ticket-status.ts';

export const queueQuerySchema = z.strictObject({
  status: z.optional(z.enum(TICKET_STATUSES)),
  /** Groups of statuses for team and assignee queues. */
  bucket: z.optional(z.enum(['active', 'pending', 'solved'])),
  teamId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** `me`, `none` (unassigned, per team) or a user id. */
  assignee: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  customerId: z.optional(z.uuid()),
  sort: z._default(z.enum(['updated', 'priority', 'deadline']), 'updated'),
  /** With sort=deadline and no team or assignee: only tickets due before this instant (breached and at risk). */
  dueBefore: z.optional(z.iso.datetime()),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

/** Exactly one index Query: which index, which partition, which sort-key prefix. */
export interface QueuePlan {
  index: 'gsi1' | 'gsi2' | 'gsi4' | 'gsi5' | 'gsi6' | 'gsi7' | 'gsi8' | 'gsi9' | 'gsi10' | 'gsi11';
  /** Ascending keys: most urgent first (priority indexes), soonest deadline first; else latest first. */
  byPriority: boolean;
  partition: string;
  sortPrefix?: string;
  /** Only keys up to this one (inclusive prefix): deadlines before an instant. */
  sortBefore?: string;
}

export class UnsupportedQueueError extends Error {}

/**
 * Turns a queue request into the one designed index that answers it. Combinations without an
 * index are refused rather than answered with a scan or a filter that reads what it throws away.
 */
export function planQueue(q: QueueQuery, me: string): QueuePlan {
  const bucketPrefix = (bucket: StatusBucket | undefined) => (bucket ? `${bucket}#` : undefined);
  if (q.sort === 'deadline') return planDeadlineQueue(q, me, bucketPrefix(q.bucket));
  if (q.dueBefore) throw new UnsupportedQueueError('dueBefore goes with sort=deadline');
  const byPriority = q.sort === 'priority';
  if (q.customerId) {
    if (q.status || q.bucket || q.teamId || q.assignee) throw new UnsupportedQueueError("A customer's tickets are listed without other filters");
    if (byPriority) throw new UnsupportedQueueError("A customer's tickets are listed latest first");
    return { index: 'gsi2', partition: `CUSTOMER#${q.customerId}`, byPriority };
  }
  // Finished work is not kept sorted by urgency (the priority indexes are sparse).
  if (byPriority && q.bucket === 'solved') throw new UnsupportedQueueError('Solved tickets are listed latest first');
  if (q.status && (q.teamId || q.assignee || q.bucket)) {
    throw new UnsupportedQueueError('Combine team or assignee with a bucket (active, pending, solved), not a single status');
  }
  // Without a bucket, a priority queue lists active work before pending (bucket leads the key).
  const assigneeIndex = byPriority ? 'gsi7' : 'gsi4';
  const teamIndex = byPriority ? 'gsi8' : 'gsi5';
  if (q.assignee) {
    if (q.assignee === 'none') return { index: assigneeIndex, partition: `UNASSIGNED#${q.teamId ?? 'none'}`, sortPrefix: bucketPrefix(q.bucket), byPriority };
    if (q.teamId) throw new UnsupportedQueueError("An assignee's queue spans their teams; leave out teamId");
    return { index: assigneeIndex, partition: `ASSIGNEE#${q.assignee === 'me' ? me : q.assignee}`, sortPrefix: bucketPrefix(q.bucket), byPriority };
  }
  if (q.teamId) return { index: teamIndex, partition: `TEAM#${q.teamId}`, sortPrefix: bucketPrefix(q.bucket), byPriority };
  if (q.status) return { index: byPriority ? 'gsi6' : 'gsi1', partition: `STATUS#${q.status}`, byPriority };
  if (q.bucket) throw new UnsupportedQueueError('A bucket needs a team or an assignee');
  return { index: byPriority ? 'gsi6' : 'gsi1', partition: 'STATUS#new', byPriority };
}

/**
 * Soonest deadline first (overdue at the top): a person's or a team's open work (tickets without a
 * running clock after the rest), or across the stack only tickets with a running clock — the
 * breached and at-risk list when cut at `dueBefore`.
 */
function planDeadlineQueue(q: QueueQuery, me: string, sortPrefix: string | undefined): QueuePlan {
  if (q.customerId || q.status) throw new UnsupportedQueueError('Deadline order is for open work: use a team, an assignee or neither, not a status or customer');
  if (q.bucket === 'solved') throw new UnsupportedQueueError('Solved tickets have no deadlines to sort by');
  const base = { byPriority: true, ...(sortPrefix ? { sortPrefix } : {}) };
  if (q.dueBefore && (q.assignee || q.teamId)) throw new UnsupportedQueueError('dueBefore lists the whole stack; leave out team and assignee');
  if (q.assignee === 'none') return { ...base, index: 'gsi9', partition: `UNASSIGNED#${q.teamId ?? 'none'}` };
  if (q.assignee) {
    if (q.teamId) throw new UnsupportedQueueError("An assignee's queue spans their teams; leave out teamId");
    return { ...base, index: 'gsi9', partition: `ASSIGNEE#${q.assignee === 'me' ? me : q.assignee}` };
  }
  if (q.teamId) return { ...base, index: 'gsi10', partition: `TEAM#${q.teamId}` };
  if (q.bucket) throw new UnsupportedQueueError('A bucket needs a team or an assignee');
  return { byPriority: true, index: 'gsi11', partition: 'SLA', ...(q.dueBefore ? { sortBefore: `${new Date(q.dueBefore).toISOString()}~` } : {}) };
}
