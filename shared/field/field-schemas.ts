import * as z from 'zod/mini';
import { TICKET_PRIORITIES } from '../tickets/ticket-priority.ts';

/*
 * The small schemas technicians and work orders share. Kept apart from technician.ts (which needs
 * the SLA calendar's working-hours schema) so the work-order routes do not bundle calendars.
 */

export const slug = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Use lower-case letters, digits and dashes'));

/** An instant with its offset (`2026-11-24T09:00:00+08:00` or `…Z`): never a zone-less local time. */
export const instant = z.iso.datetime({ offset: true });

export const geoPointSchema = z.strictObject({
  lat: z.number().check(z.minimum(-90), z.maximum(90)),
  lng: z.number().check(z.minimum(-180), z.maximum(180)),
});
export type GeoPoint = z.infer<typeof geoPointSchema>;

export const SKILL_LEVELS = { min: 1, max: 5 } as const;
export const skillLevel = z.int().check(z.minimum(SKILL_LEVELS.min), z.maximum(SKILL_LEVELS.max));

export const eachSkillOnce = (items: readonly { skill: string }[]): boolean => new Set(items.map((s) => s.skill)).size === items.length;

export const requiredSkillsSchema = z
  .array(z.strictObject({ skill: slug, minLevel: skillLevel }))
  .check(z.maxLength(20), z.refine(eachSkillOnce, { message: 'Each skill once' }));

/** The job must start and finish inside this window (and inside the technician's hours). */
export const windowSchema = z
  .strictObject({ start: instant, end: instant })
  .check(z.refine((w) => Date.parse(w.start) < Date.parse(w.end), { message: 'The window must end after it starts', path: ['end'] }));

export const estimatedMinutesSchema = z.int().check(z.minimum(1), z.maximum(24 * 60));

export const WORK_ORDER_PRIORITIES = TICKET_PRIORITIES;
export type WorkOrderPriority = (typeof WORK_ORDER_PRIORITIES)[number];
