import * as z from 'zod/mini';
import { workingIntervalSchema } from '../sla/sla-config.ts';
import {
  eachSkillOnce,
  estimatedMinutesSchema,
  geoPointSchema,
  instant,
  requiredSkillsSchema,
  skillLevel,
  slug,
  windowSchema,
  WORK_ORDER_PRIORITIES,
} from './field-schemas.ts';

/*
 * Who can be dispatched to field work, and what a work order asks of them. Technicians are their
 * own items (shared/adapters/dynamodb/work-order-store.ts); WorkOrderNeeds is the part of a work order that dispatch ranks on
 * (shared/field/ranking.ts), so ranking never depends on the full work order shape.
 */

export { geoPointSchema, SKILL_LEVELS, WORK_ORDER_PRIORITIES, type GeoPoint, type WorkOrderPriority } from './field-schemas.ts';

const dayHours = z.array(workingIntervalSchema).check(z.maxLength(6, 'At most 6 stretches a day'));

/** The ranking builds a calendar from these, so a zone Intl does not know must never be stored. */
const timeZone = z.string().check(
  z.minLength(1),
  z.maxLength(64),
  z.refine(isKnownTimeZone, { message: 'Unknown time zone' }),
);


export const timeOffSchema = z
  .strictObject({
    from: instant,
    to: instant,
    reason: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  })
  .check(z.refine((t) => Date.parse(t.from) < Date.parse(t.to), { message: 'Time off must end after it starts', path: ['to'] }));
export type TimeOff = z.infer<typeof timeOffSchema>;

export const technicianSchema = z.strictObject({
  id: slug,
  /** The technician's Cognito user (sub), once they have a login for the mobile app. */
  userId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  name: z.string().check(z.trim(), z.minLength(1, 'Name is required'), z.maxLength(120)),
  /** Where offers are mailed (besides the console notice). */
  email: z.optional(z.email()),
  /** Language of the offer mail. */
  language: z.optional(z.enum(['en', 'zh-CN'])),
  /** The stock location of the technician's van: parts used on a visit are issued from it. */
  vanLocationId: z.optional(slug),
  skills: z
    .array(z.strictObject({ skill: slug, level: skillLevel }))
    .check(
      z.maxLength(50),
      z.refine(eachSkillOnce, { message: 'Each skill once' }),
    ),
  /** Where the day starts: distance to the first job is measured from here. */
  home: geoPointSchema,
  regions: z.array(slug).check(z.maxLength(50)),
  /** IANA zone of the working hours (a technician's shift is local to where they work). */
  timeZone,
  /** Same shape as an SLA calendar's week, so business-time arithmetic runs on it unchanged. */
  workingHours: z.strictObject({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours }),
  /** Jobs per day; the ranking skips a technician who already has this many that day. */
  dailyCapacity: z.int().check(z.minimum(1), z.maximum(20)),
  timeOff: z._default(z.array(timeOffSchema).check(z.maxLength(200)), []),
});
export type Technician = z.infer<typeof technicianSchema>;


export const workOrderNeedsSchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  skills: requiredSkillsSchema,
  region: slug,
  location: geoPointSchema,
  window: windowSchema,
  estimatedMinutes: estimatedMinutesSchema,
  priority: z._default(z.enum(WORK_ORDER_PRIORITIES), 'normal'),
});
export type WorkOrderNeeds = z.infer<typeof workOrderNeedsSchema>;

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
