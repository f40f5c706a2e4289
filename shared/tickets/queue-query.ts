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
  sort: z._default(z.enum(['updated', 'priority']), 'updated'),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

/** Exactly one index Query: which index, which partition, which sort-key prefix. */
export interface QueuePlan {
  index: 'gsi1' | 'gsi2' | 'gsi4' | 'gsi5' | 'gsi6' | 'gsi7' | 'gsi8';
  /** Most urgent first (priority indexes), else latest first. */
  byPriority: boolean;
  partition: string;
  sortPrefix?: string;
}

export class UnsupportedQueueError extends Error {}

/**
 * Turns a queue request into the one designed index that answers it. Combinations without an
 * index are refused rather than answered with a scan or a filter that reads what it throws away.
 */
export function planQueue(q: QueueQuery, me: string): QueuePlan {
  const bucketPrefix = (bucket: StatusBucket | undefined) => (bucket ? `${bucket}#` : undefined);
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
