import * as z from 'zod/mini';
import { estimatedMinutesSchema, geoPointSchema, instant, requiredSkillsSchema, slug, windowSchema, WORK_ORDER_PRIORITIES } from './field-schemas.ts';
import type { ExclusionReason } from './ranking.ts';

/*
 * A work order: a visit to fix something on site, always for a ticket. Its status moves forward
 * through the visit (WORK_ORDER_FLOW); dispatch may take it back to `unscheduled` while looking for
 * a technician, and a dispatcher may cancel it until the work is done.
 */

export const WORK_ORDER_TYPES = ['installation', 'repair', 'maintenance'] as const;
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];

export const WORK_ORDER_STATUSES = ['unscheduled', 'offered', 'accepted', 'en_route', 'on_site', 'completed', 'signed_off', 'cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** Which status may follow which. Anything else is refused with INVALID_TRANSITION. */
export const WORK_ORDER_FLOW: Readonly<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
  unscheduled: ['offered', 'accepted', 'cancelled'],
  // Declined or unanswered offers return to unscheduled; a dispatcher may assign over an offer.
  offered: ['accepted', 'unscheduled', 'cancelled'],
  // A dispatcher may take an accepted job back (unscheduled) or give it to someone else (accepted).
  accepted: ['en_route', 'on_site', 'unscheduled', 'accepted', 'cancelled'],
  en_route: ['on_site', 'accepted', 'cancelled'],
  on_site: ['completed'],
  completed: ['signed_off'],
  signed_off: [],
  cancelled: [],
};

/** Statuses in which a technician is booked (the slot counts against their day). */
export const BOOKED_STATUSES: readonly WorkOrderStatus[] = ['accepted', 'en_route', 'on_site', 'completed', 'signed_off'];
/** Statuses shown in the dispatcher's "not yet scheduled" column. */
export const UNSCHEDULED_STATUSES: readonly WorkOrderStatus[] = ['unscheduled', 'offered'];

export const GIVE_UP_REASONS = ['no_eligible_technician', 'offers_exhausted', 'workflow_error'] as const;
export type GiveUpReason = (typeof GIVE_UP_REASONS)[number];

export const OFFER_OUTCOMES = ['pending', 'accepted', 'declined', 'expired', 'withdrawn', 'failed'] as const;
export type OfferOutcome = (typeof OFFER_OUTCOMES)[number];

const text = (max: number) => z.string().check(z.trim(), z.maxLength(max));
const required = (max: number, message: string) => z.string().check(z.trim(), z.minLength(1, message), z.maxLength(max));
const sku = z.string().check(z.minLength(1), z.maxLength(64));

/** A position the phone reported, with its accuracy: check-in and check-out record where they happened. */
export const phoneLocationSchema = z.strictObject({
  lat: z.number().check(z.minimum(-90), z.maximum(90)),
  lng: z.number().check(z.minimum(-180), z.maximum(180)),
  accuracyM: z.optional(z.number().check(z.minimum(0), z.maximum(100_000))),
});
export type PhoneLocation = z.infer<typeof phoneLocationSchema>;

export const newWorkOrderSchema = z.strictObject({
  ticketId: z.string().check(z.minLength(1), z.maxLength(64)),
  assetId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  type: z.enum(WORK_ORDER_TYPES),
  summary: required(200, 'Summary is required'),
  address: required(500, 'Address is required'),
  location: geoPointSchema,
  region: slug,
  skills: requiredSkillsSchema,
  partsExpected: z._default(z.array(z.strictObject({ sku, qty: z.int().check(z.minimum(1), z.maximum(10_000)) })).check(z.maxLength(50)), []),
  window: windowSchema,
  estimatedMinutes: estimatedMinutesSchema,
  priority: z._default(z.enum(WORK_ORDER_PRIORITIES), 'normal'),
  /** `auto`: the dispatch workflow starts at once; `manual`: it waits on the board. */
  dispatch: z._default(z.enum(['auto', 'manual']), 'auto'),
});
export type NewWorkOrder = z.infer<typeof newWorkOrderSchema>;

export interface Offer {
  technicianId: string;
  offeredAt: string;
  expiresAt: string;
  /** Where the ranking placed the job in the technician's day. */
  start: string;
  outcome: OfferOutcome;
  answeredAt?: string;
  reason?: string;
  distanceKm: number;
}

export interface DispatchRecord {
  /** One run of the workflow; a new run (dispatch again) gets a new id and old runs stop. */
  id: string;
  state: 'running' | 'gave_up' | 'done';
  startedAt: string;
  startedBy: string;
  offers: Offer[];
  gaveUp?: { reason: GiveUpReason; at: string; excluded?: Partial<Record<ExclusionReason, number>>; detail?: string };
}

export interface ServiceReport {
  diagnosis: string;
  workDone: string;
  /** Ticket attachments (photos) uploaded through the work order. */
  photoIds: string[];
  partsUsed: { sku: string; qty: number; fromLocationId: string }[];
}

export interface WorkOrder {
  id: string;
  ticketId: string;
  ticketNumber: number;
  customerId?: string;
  assetId?: string;
  type: WorkOrderType;
  status: WorkOrderStatus;
  priority: NewWorkOrder['priority'];
  summary: string;
  address: string;
  location: NewWorkOrder['location'];
  region: string;
  skills: NewWorkOrder['skills'];
  partsExpected: NewWorkOrder['partsExpected'];
  window: NewWorkOrder['window'];
  estimatedMinutes: number;
  technicianId?: string;
  /** While offered: who is being asked. */
  offeredTo?: string;
  scheduledStart?: string;
  scheduledEnd?: string;
  dispatch?: DispatchRecord;
  checkIn?: { at: string; location?: PhoneLocation };
  checkOut?: { at: string; location?: PhoneLocation };
  report?: ServiceReport;
  signOff?: { at: string; signedBy: string; signatureId: string };
  cancelled?: { at: string; by: string; reason: string };
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
}

/** The technician's steps through the visit, one request each. */
export const progressSchema = z.discriminatedUnion('step', [
  z.strictObject({ step: z.literal('start_travel') }),
  z.strictObject({ step: z.literal('check_in'), location: z.optional(phoneLocationSchema) }),
  z.strictObject({
    step: z.literal('check_out'),
    location: z.optional(phoneLocationSchema),
    report: z.strictObject({
      diagnosis: required(4000, 'Diagnosis is required'),
      workDone: required(4000, 'Work done is required'),
      photoIds: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(20)), []),
      /** Parts taken from the technician's van; issued from stock as the visit closes. */
      partsUsed: z._default(z.array(z.strictObject({ sku, qty: z.int().check(z.minimum(1), z.maximum(1000)) })).check(z.maxLength(50)), []),
    }),
  }),
  z.strictObject({
    step: z.literal('sign_off'),
    signedBy: required(120, 'Name of the person signing is required'),
    /** The signature drawn on the phone, uploaded as a PNG attachment first. */
    signatureId: z.string().check(z.minLength(1), z.maxLength(64)),
  }),
]);
export type ProgressInput = z.infer<typeof progressSchema>;

export const offerAnswerSchema = z.strictObject({
  answer: z.enum(['accept', 'decline']),
  reason: z.optional(text(500)),
});
export type OfferAnswer = z.infer<typeof offerAnswerSchema>;

export const assignSchema = z.strictObject({
  technicianId: z.string().check(z.minLength(1), z.maxLength(64)),
  start: instant,
});
export type AssignInput = z.infer<typeof assignSchema>;

export const cancelSchema = z.strictObject({ reason: required(500, 'Reason is required') });

export const boardQuerySchema = z.strictObject({
  from: instant,
  to: instant,
});

export const myJobsQuerySchema = z.strictObject({ from: instant, to: instant });

/** The statuses reached by each progress step, and where each may start from. */
export const STEP_TRANSITIONS: Readonly<Record<ProgressInput['step'], { from: readonly WorkOrderStatus[]; to: WorkOrderStatus }>> = {
  start_travel: { from: ['accepted'], to: 'en_route' },
  check_in: { from: ['accepted', 'en_route'], to: 'on_site' },
  check_out: { from: ['on_site'], to: 'completed' },
  sign_off: { from: ['completed'], to: 'signed_off' },
};

export function canMove(from: WorkOrderStatus, to: WorkOrderStatus): boolean {
  return WORK_ORDER_FLOW[from].includes(to);
}

/** The part of a work order dispatch ranks on. */
export function needsOf(order: WorkOrder) {
  return {
    id: order.id,
    skills: order.skills,
    region: order.region,
    location: order.location,
    window: order.window,
    estimatedMinutes: order.estimatedMinutes,
    priority: order.priority,
  };
}

/** What a client may see: the task token of a pending offer stays on the server. */
export function publicWorkOrder(order: WorkOrder & { offerToken?: string }): WorkOrder {
  const { offerToken: _token, ...visible } = order;
  return visible;
}
