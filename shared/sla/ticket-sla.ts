import * as z from 'zod/mini';
import { SLA_TARGETS } from './sla-targets.ts';

/**
 * A ticket's SLA state as stored on its header (and shown on queue rows): one clock per target of
 * the matching policy, per cycle (a next-response clock starts again with each customer message
 * after an agent's reply). Recomputed from the ticket's facts whenever the ticket changes, so it
 * is never "advanced" incrementally and cannot drift.
 */
export const slaClockSchema = z.object({
  target: z.enum(SLA_TARGETS),
  /** When this cycle started: ticket creation, or the customer message now waiting. Names the cycle. */
  startedAt: z.string(),
  targetMinutes: z.number(),
  state: z.enum(['running', 'paused', 'met']),
  /** Running: the instant it breaches. Met: the deadline it had. Absent while paused. */
  dueAt: z.optional(z.string()),
  /** Running: when the warning share of the target is used. */
  warnAt: z.optional(z.string()),
  /** Paused: business milliseconds left (negative when it was already overdue). */
  remainingMs: z.optional(z.number()),
  metAt: z.optional(z.string()),
  /** Set once the warning was sent (by the sweep). */
  warnedAt: z.optional(z.string()),
  /** Set once the breach was recorded (by the sweep, or at the late reply that met it). */
  breachedAt: z.optional(z.string()),
  /** Escalation steps already taken for this cycle (indexes into the policy's steps). */
  escalated: z.optional(z.array(z.number())),
});
export type SlaClock = z.infer<typeof slaClockSchema>;

export const ticketSlaSchema = z.object({
  policyId: z.string(),
  calendarId: z.string(),
  clocks: z.array(slaClockSchema),
  /** Earliest deadline of a running clock: the badge, the deadline queues. */
  nextDueAt: z.optional(z.string()),
  /** Earliest step still to take (warning, breach, escalation): the sweep's index. */
  nextStepAt: z.optional(z.string()),
});
export type TicketSla = z.infer<typeof ticketSlaSchema>;
