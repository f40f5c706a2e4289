import * as z from 'zod/mini';
import { CUSTOMER_TIERS } from '../customers/customer-tier.ts';
import { TICKET_PRIORITIES } from '../tickets/ticket-priority.ts';

/*
 * What admins define for SLAs: business calendars and ordered policies. Both are directory
 * collections (kinds `sla-calendars` and `sla-policies`), saved whole on the version read.
 * Deadlines are computed by shared/sla/business-time.ts from these shapes.
 */

const slug = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Use lower-case letters, digits and dashes'));
const label = z.strictObject({
  en: z.string().check(z.trim(), z.minLength(1, 'English name is required'), z.maxLength(80)),
  'zh-CN': z.optional(z.string().check(z.trim(), z.maxLength(80))),
});

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Wall-clock time of day, `HH:MM`; `24:00` only as an end (the end of the day). */
const timeOfDay = z.string().check(z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use HH:MM (00:00 to 24:00)'));
const localDate = z.string().check(z.regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, 'Use YYYY-MM-DD'));

/**
 * One stretch of working time on a day, in the calendar's time zone. An end at or before the start
 * is an overnight shift: it runs into the next day (22:00–06:00). A shift belongs to the day it
 * starts on, so a holiday on that day cancels the whole shift, and a holiday the next day does not.
 */
export const workingIntervalSchema = z.strictObject({ start: timeOfDay, end: timeOfDay });
export type WorkingInterval = z.infer<typeof workingIntervalSchema>;

const dayHours = z.array(workingIntervalSchema).check(z.maxLength(6, 'At most 6 stretches a day'));

export const slaCalendarSchema = z.strictObject({
  id: slug,
  name: label,
  /** IANA zone (Asia/Shanghai, Europe/Berlin): working hours and holidays are local to it. */
  timeZone: z.string().check(z.minLength(1), z.maxLength(64)),
  week: z.strictObject({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours }),
  /** Whole local days off (public holidays, company days). */
  holidays: z._default(
    z.array(z.strictObject({ date: localDate, name: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)) })).check(z.maxLength(500)),
    [],
  ),
  /**
   * Days with other hours than their weekday: a make-up working Saturday (调休), a half day on
   * Christmas Eve. An empty `hours` closes the day like a holiday.
   */
  specialDays: z._default(
    z.array(z.strictObject({ date: localDate, hours: dayHours, name: z.optional(z.string().check(z.trim(), z.maxLength(80))) })).check(z.maxLength(200)),
    [],
  ),
  /** Where the holidays were imported from (the console can import again for a new year). */
  holidaySource: z.optional(z.strictObject({ country: z.string().check(z.regex(/^[A-Z]{2}$/)), state: z.optional(z.string().check(z.maxLength(10))) })),
});
export type SlaCalendar = z.infer<typeof slaCalendarSchema>;

import { SLA_TARGETS, type SlaTarget } from './sla-targets.ts';
export { SLA_TARGETS, type SlaTarget };

export const PAUSING_STATUSES = ['pending_customer', 'pending_third_party'] as const;
export const ESCALATION_RECIPIENTS = ['assignee', 'team_lead', 'manager'] as const;
export type EscalationRecipient = (typeof ESCALATION_RECIPIENTS)[number];

const minutes = z.int().check(z.minimum(1, 'At least one minute'), z.maximum(525_600, 'At most a year'));

export const escalationStepSchema = z.strictObject({
  /** Minutes after the breach (wall-clock: an escalation is meant to wake someone up). 0 = at the breach. */
  afterMinutes: z.int().check(z.minimum(0), z.maximum(10_080, 'At most a week after the breach')),
  notify: z._default(z.array(z.enum(ESCALATION_RECIPIENTS)).check(z.maxLength(3)), []),
  /** Raise the ticket's priority one step (normal → high → urgent). */
  raisePriority: z._default(z.boolean(), false),
  /** Move the ticket to this team (unassigned there, so the team picks it up). */
  moveToTeamId: z.optional(slug),
});
export type EscalationStep = z.infer<typeof escalationStepSchema>;

export const slaPolicySchema = z.strictObject({
  id: slug,
  name: label,
  /** Every listed condition must hold; within a list any value matches; absent or empty = any. */
  when: z._default(
    z.strictObject({
      priorities: z.optional(z.array(z.enum(TICKET_PRIORITIES))),
      customerTiers: z.optional(z.array(z.enum(CUSTOMER_TIERS))),
      organizationIds: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(100))),
      categoryIds: z.optional(z.array(slug).check(z.maxLength(100))),
      channels: z.optional(z.array(z.enum(['email', 'web', 'phone', 'api']))),
    }),
    {},
  ),
  calendarId: slug,
  /** Business minutes on the calendar; a target left out is not measured by this policy. */
  targets: z.strictObject({ first_response: z.optional(minutes), next_response: z.optional(minutes), resolution: z.optional(minutes) }),
  /** Statuses that stop the clocks while a ticket is in them. */
  pauseOn: z._default(z.array(z.enum(PAUSING_STATUSES)), [...PAUSING_STATUSES]),
  /** A warning when this share of a target's time is used. */
  warnAtPercent: z._default(z.int().check(z.minimum(1), z.maximum(99)), 80),
  escalation: z._default(z.array(escalationStepSchema).check(z.maxLength(10)), []),
  /** Agents notified as "manager" by escalation steps. */
  managerIds: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(20)), []),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;
