import type { BoardTechnician } from '../api/field.ts';

/*
 * The board's arithmetic, pure: days and hours on the user's own clock, technicians' working hours
 * on theirs, where a block sits on a row and where a drop lands. Instants are epoch milliseconds;
 * a "day" is a calendar date (YYYY-MM-DD) in the zone named beside it.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export type BoardView = 'day' | 'week';
export const BOARD_VIEWS = ['day', 'week'] as const satisfies readonly BoardView[];

type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
const WEEKDAY_BY_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const wallClocks = new Map<string, Intl.DateTimeFormat>();
function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClocks.set(timeZone, format);
  }
  return format;
}

/** The zone's wall clock at `at`, read as if it were UTC (so its date and time fields can be used directly). */
function wallTime(timeZone: string, at: number): number {
  const parts = wallClock(timeZone).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
}

/** How far the zone's clock is ahead of UTC at `at` (negative west of Greenwich). */
export function zoneOffsetMs(timeZone: string, at: number): number {
  const whole = Math.floor(at / 1000) * 1000;
  return wallTime(timeZone, whole) - whole;
}

function dayParts(day: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`Not a calendar date: ${day}`);
  return [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
}

export function isCalendarDay(value: string | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = dayParts(value);
  const date = new Date(Date.UTC(y, m, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m && date.getUTCDate() === d;
}

function dayFromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = dayParts(day);
  return dayFromUtc(Date.UTC(y, m, d + days));
}

export function weekdayOf(day: string): Weekday {
  const [y, m, d] = dayParts(day);
  return WEEKDAY_BY_UTC_DAY[new Date(Date.UTC(y, m, d)).getUTCDay()]!;
}

/** The Monday that starts the (ISO) week of `day`. */
export function mondayOf(day: string): string {
  const index = WEEKDAY_BY_UTC_DAY.indexOf(weekdayOf(day));
  return addDays(day, -((index + 6) % 7));
}

/** The calendar date at `at` in the zone. */
export function dayIn(timeZone: string, at: number): string {
  return dayFromUtc(wallTime(timeZone, at));
}

/** Minutes since the zone's midnight at `at`. */
export function minutesIn(timeZone: string, at: number): number {
  return Math.floor((wallTime(timeZone, at) % DAY_MS) / MINUTE_MS);
}

/**
 * The instant at which the zone's clock shows `minutes` after midnight of `day` (minutes may pass
 * 1440 for the next day). In a spring-forward gap the clock time does not exist; the instant an
 * hour later is answered, as the zone itself would read it.
 */
export function zonedInstant(timeZone: string, day: string, minutes = 0): number {
  const [y, m, d] = dayParts(day);
  const wall = Date.UTC(y, m, d) + minutes * MINUTE_MS;
  let guess = wall - zoneOffsetMs(timeZone, wall);
  const corrected = wall - zoneOffsetMs(timeZone, guess);
  if (corrected !== guess) guess = corrected;
  return guess;
}

export interface Range {
  start: number;
  end: number;
}

/** The instants the board asks for: the day, or the week from Monday, in the user's zone. */
export function boardRange(view: BoardView, day: string, timeZone: string): Range & { days: string[] } {
  const first = view === 'week' ? mondayOf(day) : day;
  const count = view === 'week' ? 7 : 1;
  const days = Array.from({ length: count }, (_, i) => addDays(first, i));
  return { start: zonedInstant(timeZone, first), end: zonedInstant(timeZone, addDays(first, count)), days };
}

/** Where the date navigation goes from `day` (a day or a week back or on). */
export function shiftDay(view: BoardView, day: string, direction: -1 | 1): string {
  return addDays(view === 'week' ? mondayOf(day) : day, direction * (view === 'week' ? 7 : 1));
}

const minutesOfTime = (time: string): number => {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Sorted, overlapping or touching ranges joined. */
export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/**
 * When the technician works between `from` and `to`: their weekly hours read on their own clock
 * (overnight stretches run into the next day), as instants, clipped to the range.
 */
export function workingSpans(tech: Pick<BoardTechnician, 'timeZone' | 'workingHours'>, from: number, to: number): Range[] {
  const spans: Range[] = [];
  // A day earlier for overnight stretches that reach into the range.
  const last = dayIn(tech.timeZone, to);
  for (let day = addDays(dayIn(tech.timeZone, from), -1); day <= last; day = addDays(day, 1)) {
    for (const stretch of tech.workingHours[weekdayOf(day)] ?? []) {
      const startMin = minutesOfTime(stretch.start);
      let endMin = minutesOfTime(stretch.end);
      if (endMin <= startMin) endMin += 24 * 60;
      const start = Math.max(from, zonedInstant(tech.timeZone, day, startMin));
      const end = Math.min(to, zonedInstant(tech.timeZone, day, endMin));
      if (start < end) spans.push({ start, end });
    }
  }
  return mergeRanges(spans);
}

/**
 * The hours the day view shows: every working stretch and booking of the day, on whole hours of the
 * user's clock, and at least 08:00–18:00 so an empty day still reads as a working day.
 */
export function visibleHours(day: Range, busy: Range[]): Range {
  let start = day.start + 8 * HOUR_MS;
  let end = day.start + 18 * HOUR_MS;
  for (const r of busy) {
    if (r.end <= day.start || r.start >= day.end) continue;
    start = Math.min(start, Math.max(day.start, r.start));
    end = Math.max(end, Math.min(day.end, r.end));
  }
  // Whole hours from the day's start (the user's midnight), never outside the day.
  start = day.start + Math.floor((start - day.start) / HOUR_MS) * HOUR_MS;
  end = Math.min(day.end, day.start + Math.ceil((end - day.start) / HOUR_MS) * HOUR_MS);
  return { start, end: Math.max(end, Math.min(day.end, start + HOUR_MS)) };
}

export interface Placement {
  /** Percent of the row from its left edge. */
  left: number;
  width: number;
  /** The job started before, or runs past, what is shown. */
  cutStart: boolean;
  cutEnd: boolean;
}

/** Where a job from `start` to `end` sits on a row showing `view`; undefined when none of it is shown. */
export function place(start: number, end: number, view: Range): Placement | undefined {
  const span = view.end - view.start;
  if (span <= 0) return undefined;
  const from = Math.max(start, view.start);
  const to = Math.min(Math.max(end, start), view.end);
  if (to <= from && !(start === end && start >= view.start && start < view.end)) return undefined;
  return {
    left: ((from - view.start) / span) * 100,
    width: (Math.max(to - from, 0) / span) * 100,
    cutStart: start < view.start,
    cutEnd: end > view.end,
  };
}

/** Stacks overlapping jobs of one row: each gets the first lane free at its start. */
export function lanes<T extends Range & { id: string }>(items: T[]): { lane: Map<string, number>; count: number } {
  const lane = new Map<string, number>();
  const laneEnds: number[] = [];
  for (const item of [...items].sort((a, b) => a.start - b.start || a.end - b.end)) {
    let index = laneEnds.findIndex((end) => end <= item.start);
    if (index < 0) index = laneEnds.push(item.end) - 1;
    else laneEnds[index] = item.end;
    lane.set(item.id, index);
  }
  return { lane, count: Math.max(1, laneEnds.length) };
}

/** The instant a drop at `fraction` (0–1) across a row showing `view` means, on a quarter hour. */
export function slotAt(view: Range, fraction: number, stepMinutes = 15): number {
  const clamped = Math.min(Math.max(fraction, 0), 1);
  const step = stepMinutes * MINUTE_MS;
  const at = view.start + clamped * (view.end - view.start);
  return Math.min(view.start + Math.floor((at - view.start) / step) * step, view.end - step);
}

/**
 * Where a job dropped on a technician's day (week view) starts: the window's start when it falls
 * that day, else the first working stretch of the technician that day not before the window, else
 * 09:00 on the user's clock.
 */
export function startForDay(window: { start: string; end: string }, tech: Pick<BoardTechnician, 'timeZone' | 'workingHours'>, day: Range): number {
  const windowStart = Date.parse(window.start);
  if (windowStart >= day.start && windowStart < day.end) return windowStart;
  const spans = workingSpans(tech, day.start, day.end);
  const working = spans.find((s) => s.end > windowStart) ?? spans[0];
  if (working) return Math.max(working.start, Math.min(windowStart, working.end));
  return day.start + 9 * HOUR_MS;
}

/** `YYYY-MM-DDTHH:MM` on the zone's clock, as an `<input type="datetime-local">` holds it. */
export function toLocalInput(at: number, timeZone: string): string {
  return new Date(wallTime(timeZone, at)).toISOString().slice(0, 16);
}

/** The instant a `datetime-local` value means on the zone's clock; undefined when incomplete. */
export function fromLocalInput(value: string, timeZone: string): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match || !isCalendarDay(match[1])) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (hours > 23 || minutes > 59) return undefined;
  return zonedInstant(timeZone, match[1]!, hours * 60 + minutes);
}

/** True when the zone's clock differs from the user's anywhere in the range (not just by name). */
export function differentClock(zone: string, userZone: string, at: number): boolean {
  return zone !== userZone && zoneOffsetMs(zone, at) !== zoneOffsetMs(userZone, at);
}
