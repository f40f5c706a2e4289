import type { Offer, ProgressInput, WorkOrder, WorkOrderStatus } from '../api/jobs.ts';
import { pendingOffer } from '../api/jobs.ts';

/*
 * Pure helpers of the technician's pages (no DOM, no Preact), unit-tested in
 * test/unit/web/technician.test.ts: days in the technician's zone, the order of the list, the time
 * left to answer an offer, the map link, the step each status leads to, the report's checks.
 */

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` moved by whole calendar days. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Minutes the zone is ahead of UTC at that instant (480 for Asia/Shanghai). */
function offsetMinutes(timeZone: string, atMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(atMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(atMs / 1000) * 1000) / 60_000);
}

/**
 * The instant a calendar day starts in a zone (its local midnight; on a day that skips midnight for
 * daylight saving, the first moment that exists). Two passes settle offsets that change that night.
 */
export function startOfDayIn(day: string, timeZone: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let guess = wall - offsetMinutes(timeZone, wall) * 60_000;
  guess = wall - offsetMinutes(timeZone, guess) * 60_000;
  return new Date(guess).toISOString();
}

/** The range `GET /v1/me/jobs` is asked for: from the day's start to the next day's, in my zone. */
export function dayRange(day: string, timeZone: string): { from: string; to: string } {
  return { from: startOfDayIn(day, timeZone), to: startOfDayIn(addDays(day, 1), timeZone) };
}

export const DAY_CHOICES = ['yesterday', 'today', 'tomorrow'] as const;
export type DayChoice = (typeof DAY_CHOICES)[number];

export function dayOf(choice: DayChoice, today: string): string {
  return addDays(today, choice === 'yesterday' ? -1 : choice === 'tomorrow' ? 1 : 0);
}

/** When a job starts: its booking, else where the offer would put it, else its window. */
export function jobStart(order: WorkOrder): string {
  return order.scheduledStart ?? order.dispatch?.offers.at(-1)?.start ?? order.window.start;
}

export interface JobLists {
  /** Offers waiting for my answer, the one running out first on top. */
  offers: { order: WorkOrder; offer: Offer }[];
  /** Booked jobs in time order. */
  booked: WorkOrder[];
}

export function splitJobs(jobs: readonly WorkOrder[], technicianId: string | undefined): JobLists {
  const offers: JobLists['offers'] = [];
  const booked: WorkOrder[] = [];
  for (const order of jobs) {
    const offer = pendingOffer(order, technicianId);
    if (offer) offers.push({ order, offer });
    else if (order.status !== 'offered' && order.status !== 'unscheduled') booked.push(order);
  }
  offers.sort((a, b) => Date.parse(a.offer.expiresAt) - Date.parse(b.offer.expiresAt));
  booked.sort((a, b) => Date.parse(jobStart(a)) - Date.parse(jobStart(b)) || a.id.localeCompare(b.id));
  return { offers, booked };
}

export type TimeLeft =
  | { kind: 'expired' }
  | { kind: 'underMinute' }
  | { kind: 'minutes'; minutes: number }
  | { kind: 'hours'; hours: number; minutes: number };

/** Time left to answer an offer, rounded down to the minute (never promising more than there is). */
export function timeLeft(expiresAt: string, nowMs: number): TimeLeft {
  const ms = Date.parse(expiresAt) - nowMs;
  if (!(ms > 0)) return { kind: 'expired' };
  const total = Math.floor(ms / 60_000);
  if (total < 1) return { kind: 'underMinute' };
  if (total < 60) return { kind: 'minutes', minutes: total };
  return { kind: 'hours', hours: Math.floor(total / 60), minutes: total % 60 };
}

/** Under five minutes the countdown is shown as urgent (and ticks every second). */
export function isUrgent(left: TimeLeft): boolean {
  return left.kind === 'underMinute' || (left.kind === 'minutes' && left.minutes < 5);
}

/**
 * "Open in maps" as a plain link. Android opens `geo:` in whichever map app the technician uses
 * (the `q` label puts a pin there); elsewhere (iPhone, desktop) a `geo:` link often does nothing,
 * so OpenStreetMap's web map, which every browser can open, centred on a marker.
 */
export function mapsLink(location: { lat: number; lng: number }, label: string, userAgent: string): string {
  const lat = round(location.lat);
  const lng = round(location.lng);
  if (/Android/i.test(userAgent)) {
    // Parentheses end the label in the geo: form, so they are taken out of it.
    const name = encodeURIComponent(label.replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim());
    return `geo:${lat},${lng}?q=${lat},${lng}${name ? `(${name})` : ''}`;
  }
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;
}

/** Six decimals: about 10 cm, and no float noise (0.30000000000000004) in a link. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** The step the big button takes from each status; none once the visit is signed off (or off my list). */
export function nextStep(status: WorkOrderStatus): ProgressInput['step'] | undefined {
  switch (status) {
    case 'accepted':
      return 'start_travel';
    case 'en_route':
      return 'check_in';
    case 'on_site':
      return 'check_out';
    case 'completed':
      return 'sign_off';
    default:
      return undefined;
  }
}

/** The visit's statuses in order, for the progress line on the job page. */
export const VISIT_FLOW = ['accepted', 'en_route', 'on_site', 'completed', 'signed_off'] as const satisfies readonly WorkOrderStatus[];

export function flowState(status: WorkOrderStatus, step: (typeof VISIT_FLOW)[number]): 'done' | 'current' | 'todo' {
  const at = VISIT_FLOW.indexOf(status as (typeof VISIT_FLOW)[number]);
  const index = VISIT_FLOW.indexOf(step);
  if (at < 0) return 'todo';
  if (index < at || (index === at && status === 'signed_off')) return 'done';
  return index === at ? 'current' : 'todo';
}

/** One line of "parts used" as typed: the quantity stays text until it is sent. */
export interface PartLine {
  key: number;
  sku: string;
  qty: string;
}

let nextLine = 0;

export function partLine(sku = '', qty = ''): PartLine {
  return { key: ++nextLine, sku, qty };
}

/** The form starts from the parts the job expected (the technician corrects what was really used). */
export function partLinesFrom(expected: readonly { sku: string; qty: number }[]): PartLine[] {
  return expected.length ? expected.map((p) => partLine(p.sku, String(p.qty))) : [];
}

export interface ReportDraft {
  diagnosis: string;
  workDone: string;
  parts: PartLine[];
}

export type ReportProblem = 'required' | 'qty' | 'sku' | 'twice';

/** What the API would refuse, said before sending: keys are `diagnosis`, `workDone`, `part-<key>-sku|qty`. */
export function reportProblems(draft: ReportDraft): Record<string, ReportProblem> {
  const problems: Record<string, ReportProblem> = {};
  if (!draft.diagnosis.trim()) problems['diagnosis'] = 'required';
  if (!draft.workDone.trim()) problems['workDone'] = 'required';
  const seen = new Set<string>();
  for (const line of draft.parts) {
    const sku = line.sku.trim();
    const qtyText = line.qty.trim();
    if (!sku && !qtyText) continue; // an empty line is ignored
    if (!sku || sku.length > 64) problems[`part-${line.key}-sku`] = 'sku';
    else if (seen.has(sku)) problems[`part-${line.key}-sku`] = 'twice';
    seen.add(sku);
    const qty = Number(qtyText);
    if (!/^\d+$/.test(qtyText) || qty < 1 || qty > 1000) problems[`part-${line.key}-qty`] = 'qty';
  }
  return problems;
}

/** The parts as the API takes them (empty lines left out). */
export function partsUsed(lines: readonly PartLine[]): { sku: string; qty: number }[] {
  return lines.filter((l) => l.sku.trim() && l.qty.trim()).map((l) => ({ sku: l.sku.trim(), qty: Number(l.qty.trim()) }));
}

/**
 * More than the van shows: said, not refused (the stock shown may be older than the van's shelf,
 * and the stock movement at check-out has the last word).
 */
export function beyondVan(line: PartLine, available: ReadonlyMap<string, number> | undefined): number | undefined {
  const have = available?.get(line.sku.trim());
  const qty = Number(line.qty.trim());
  return have !== undefined && Number.isInteger(qty) && qty > have ? have : undefined;
}

/** "09:30" (or "9:30 AM") on the technician's clock; with the zone's short name when asked. */
export function formatClock(iso: string, locale: string, timeZone: string, withZone = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone, ...(withZone ? { timeZoneName: 'short' } : {}) }).format(date);
}

/**
 * "9:00 AM – 10:30 AM GMT+8" (the list leaves the zone to its heading); the zone comes once, at the
 * end, in every language, and the end's date is named when the job runs past midnight.
 */
export function formatSpan(startIso: string, endIso: string | undefined, locale: string, timeZone: string, withZone = true): string {
  const zone = withZone ? ` ${zoneName(startIso, locale, timeZone)}` : '';
  if (!endIso) return `${formatClock(startIso, locale, timeZone)}${zone}`;
  const sameDay = dayIn(startIso, timeZone) === dayIn(endIso, timeZone);
  const end = sameDay
    ? formatClock(endIso, locale, timeZone)
    : new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(endIso));
  return `${formatClock(startIso, locale, timeZone)} – ${end}${zone}`;
}

/** The zone's short name at that instant ("GMT+8", "EST", "UTC"). */
export function zoneName(iso: string, locale: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(new Date(iso));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a zone. */
export function dayIn(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "Tuesday, 24 November" for the day switcher (a calendar day: never shifted by a zone). */
export function formatDayLong(day: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}
