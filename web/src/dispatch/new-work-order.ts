import type { NewWorkOrder, WorkOrderPriority, WorkOrderType } from '../api/field.ts';
import type { DispatchMessageKey } from '../i18n/dispatch-en.ts';
import { addDays, dayIn, fromLocalInput, toLocalInput, zonedInstant } from './board-time.ts';

/** The new-work-order form as typed: every number still text, times on the user's clock. */
export interface WorkOrderDraft {
  ticketNumber: string;
  type: WorkOrderType;
  summary: string;
  address: string;
  lat: string;
  lng: string;
  region: string;
  skills: { skill: string; minLevel: string }[];
  windowStart: string;
  windowEnd: string;
  estimatedMinutes: string;
  priority: WorkOrderPriority;
  dispatch: 'auto' | 'manual';
}

export type DraftField = 'ticketNumber' | 'summary' | 'address' | 'lat' | 'lng' | 'region' | 'skills' | 'windowStart' | 'windowEnd' | 'estimatedMinutes';
export type DraftProblems = Partial<Record<DraftField, DispatchMessageKey>>;

const SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Tomorrow 09:00–17:00 on the user's clock, an hour's job, dispatched automatically. */
export function emptyDraft(timeZone: string, now = Date.now()): WorkOrderDraft {
  const tomorrow = addDays(dayIn(timeZone, now), 1);
  return {
    ticketNumber: '',
    type: 'repair',
    summary: '',
    address: '',
    lat: '',
    lng: '',
    region: '',
    skills: [{ skill: '', minLevel: '1' }],
    windowStart: toLocalInput(zonedInstant(timeZone, tomorrow, 9 * 60), timeZone),
    windowEnd: toLocalInput(zonedInstant(timeZone, tomorrow, 17 * 60), timeZone),
    estimatedMinutes: '60',
    priority: 'normal',
    dispatch: 'auto',
  };
}

function number(text: string, min: number, max: number, integer = false): number | undefined {
  if (!text.trim()) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) return undefined;
  return value;
}

/**
 * The API's body (less the ticket id, which comes from the number or the ticket page), or what is
 * wrong field by field. The API checks again; this only spares a round trip for the obvious.
 */
export function readDraft(draft: WorkOrderDraft, timeZone: string, ticketKnown: boolean): { problems: DraftProblems; input?: Omit<NewWorkOrder, 'ticketId'> } {
  const problems: DraftProblems = {};
  if (!ticketKnown) {
    if (!draft.ticketNumber.trim()) problems.ticketNumber = 'dispatch.new.required';
    else if (number(draft.ticketNumber, 1, Number.MAX_SAFE_INTEGER, true) === undefined) problems.ticketNumber = 'dispatch.new.number';
  }
  if (!draft.summary.trim()) problems.summary = 'dispatch.new.required';
  if (!draft.address.trim()) problems.address = 'dispatch.new.required';
  const lat = number(draft.lat, -90, 90);
  const lng = number(draft.lng, -180, 180);
  if (lat === undefined) problems.lat = draft.lat.trim() ? 'dispatch.new.number' : 'dispatch.new.required';
  if (lng === undefined) problems.lng = draft.lng.trim() ? 'dispatch.new.number' : 'dispatch.new.required';
  const region = draft.region.trim();
  if (!region) problems.region = 'dispatch.new.required';
  else if (!SLUG.test(region)) problems.region = 'dispatch.new.slug';
  const skills = draft.skills
    .filter((s) => s.skill.trim())
    .map((s) => ({ skill: s.skill.trim(), minLevel: number(s.minLevel, 1, 5, true) }));
  if (skills.some((s) => !SLUG.test(s.skill))) problems.skills = 'dispatch.new.slug';
  else if (skills.some((s) => s.minLevel === undefined)) problems.skills = 'dispatch.new.number';
  const start = fromLocalInput(draft.windowStart, timeZone);
  const end = fromLocalInput(draft.windowEnd, timeZone);
  if (start === undefined) problems.windowStart = 'dispatch.new.required';
  if (end === undefined) problems.windowEnd = 'dispatch.new.required';
  else if (start !== undefined && end <= start) problems.windowEnd = 'dispatch.new.windowOrder';
  const estimatedMinutes = number(draft.estimatedMinutes, 1, 24 * 60, true);
  if (estimatedMinutes === undefined) problems.estimatedMinutes = 'dispatch.new.number';
  if (Object.keys(problems).length) return { problems };
  return {
    problems,
    input: {
      type: draft.type,
      summary: draft.summary.trim(),
      address: draft.address.trim(),
      location: { lat: lat!, lng: lng! },
      region,
      skills: skills.map((s) => ({ skill: s.skill, minLevel: s.minLevel! })),
      partsExpected: [],
      window: { start: new Date(start!).toISOString(), end: new Date(end!).toISOString() },
      estimatedMinutes: estimatedMinutes!,
      priority: draft.priority,
      dispatch: draft.dispatch,
    },
  };
}

/** Where the API's field paths (`window.end`, `skills.0.skill`) belong on the form. */
export function fieldOfPath(path: string): DraftField | undefined {
  const head = path.split('.')[0];
  switch (head) {
    case 'ticketId':
      return 'ticketNumber';
    case 'location':
      return path.endsWith('lng') ? 'lng' : 'lat';
    case 'window':
      return path.endsWith('end') ? 'windowEnd' : 'windowStart';
    case 'summary':
    case 'address':
    case 'region':
    case 'skills':
    case 'estimatedMinutes':
      return head;
    default:
      return undefined;
  }
}
