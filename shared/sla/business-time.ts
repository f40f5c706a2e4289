import type { SlaCalendar, WorkingInterval } from './sla-config.ts';

/*
 * Exact business-time arithmetic on an SLA calendar, in integer epoch milliseconds.
 *
 * Working hours are wall-clock times in the calendar's zone. Each local day's stretches are turned
 * into real instants through the zone's UTC offsets (read from Intl, cached per day), so business
 * time is real elapsed time: a 00:00–24:00 day lasts 23 or 25 hours on DST days. Local times that do
 * not exist (spring-forward gap) map to the first instant after the gap; ambiguous ones (fall back)
 * map to the earlier instant. Work is done per local day, never per minute.
 */

/** The parts of a calendar that decide when it is working time. */
export type CalendarHours = Pick<SlaCalendar, 'timeZone' | 'week' | 'holidays' | 'specialDays'>;

/** Half-open [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/** The calendar has no working time (left after pauses) for 10 years: a deadline would never come. */
export class NoWorkingTimeError extends Error {
  constructor(timeZone: string, from: number) {
    super(`The calendar (${timeZone}) has no working time within 10 years after ${new Date(from).toISOString()}`);
    this.name = 'NoWorkingTimeError';
  }
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
const MINUTES_PER_DAY = 24 * 60;
const GIVE_UP_AFTER = 3653 * DAY;
/** How much calendar time addBusinessTime examines at once: long enough to amortize the look-ups. */
const SCAN_WINDOW = 28 * DAY;

/**
 * Working intervals of the calendar that intersect [from, to), clipped to it, sorted and merged
 * (touching or overlapping stretches, e.g. an overnight shift running into the next day's hours,
 * become one interval).
 */
export function workingIntervals(cal: CalendarHours, from: number, to: number): Interval[] {
  if (!(from < to)) return [];
  return collectIntervals(new CalendarIndex(cal), from, to);
}

/**
 * Business time in [from, to) in ms, not counting `pauses` (any intervals: they may overlap each
 * other or lie outside working time). `from >= to` → 0. Additive: between(a, b) + between(b, c) =
 * between(a, c).
 */
export function businessTimeBetween(cal: CalendarHours, from: number, to: number, pauses: Interval[] = []): number {
  if (!(from < to)) return 0;
  const paused = mergeIntervals(pauses);
  let total = 0;
  for (const span of collectIntervals(new CalendarIndex(cal), from, to)) {
    for (const part of unpausedParts(span, paused)) total += part.end - part.start;
  }
  return total;
}

/**
 * The instant at which `durationMs` of business time (not counting `pauses`) has passed since
 * `start`. `durationMs <= 0` → `start`, even outside working time. Otherwise the result is the
 * earliest such instant, so it lies in (a, b] of an unpaused working stretch: a deadline that uses
 * up a stretch exactly is its end (17:00), not the start of the next one.
 *
 * @throws NoWorkingTimeError when 10 years pass without working time (or when a pause never ends).
 * @throws RangeError for a non-finite `start` or `durationMs`, or an unknown time zone.
 */
export function addBusinessTime(cal: CalendarHours, start: number, durationMs: number, pauses: Interval[] = []): number {
  if (!Number.isFinite(start) || !Number.isFinite(durationMs)) throw new RangeError('start and durationMs must be finite numbers');
  if (durationMs <= 0) return start;
  const index = new CalendarIndex(cal);
  const paused = mergeIntervals(pauses);
  let remaining = durationMs;
  let cursor = start;
  let lastWorkSeen = start;
  for (;;) {
    const resumed = endOfPauseAt(paused, cursor);
    if (resumed !== cursor) {
      // Nothing inside a pause counts, so jump over it instead of scanning it day by day.
      if (!Number.isFinite(resumed)) throw new NoWorkingTimeError(cal.timeZone, start);
      cursor = lastWorkSeen = resumed;
    }
    const windowEnd = cursor + SCAN_WINDOW;
    for (const span of collectIntervals(index, cursor, windowEnd)) {
      lastWorkSeen = span.end;
      for (const part of unpausedParts(span, paused)) {
        const length = part.end - part.start;
        if (remaining <= length) return part.start + remaining;
        remaining -= length;
      }
    }
    if (windowEnd - lastWorkSeen >= GIVE_UP_AFTER) throw new NoWorkingTimeError(cal.timeZone, start);
    cursor = windowEnd;
  }
}

/** True when `at` is inside working time: in [a, b) of a working interval. */
export function isWorkingTime(cal: CalendarHours, at: number): boolean {
  return workingIntervals(cal, at, at + 1).length > 0;
}

/** The calendar's stretches that intersect [from, to), as instants, clipped, sorted and merged. */
function collectIntervals(index: CalendarIndex, from: number, to: number): Interval[] {
  const clock = index.clock;
  // A shift belongs to the day it starts on and may run into the next day, so the day before
  // `from` can still reach into the window. Two days before cannot: even a 24:00 start with an
  // overnight end stops by the local midnight that begins `from`'s day.
  const firstDay = clock.localDay(from) - 1;
  const lastDay = clock.localDay(to - 1);
  const found: Interval[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    for (const shift of index.shiftsOn(day)) {
      const start = Math.max(from, clock.instantOf(day, shift.startMinute));
      const end = Math.min(to, clock.instantOf(day, shift.endMinute));
      if (start < end) found.push({ start, end });
    }
  }
  return mergeIntervals(found);
}

/** Sorted copy with overlapping or touching intervals joined; empty ones dropped. */
function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.start < i.end).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const { start, end } of sorted) {
    const last = merged.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

/** Index of the first merged pause that ends after `at` (pauses before it cannot matter). */
function firstPauseEndingAfter(paused: readonly Interval[], at: number): number {
  let lo = 0;
  let hi = paused.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (paused[mid]!.end <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where the pause covering `at` ends; `at` itself when no pause covers it. */
function endOfPauseAt(paused: readonly Interval[], at: number): number {
  const pause = paused[firstPauseEndingAfter(paused, at)];
  return pause && pause.start <= at ? pause.end : at;
}

/** The parts of `span` that no merged pause covers, in order. */
function unpausedParts(span: Interval, paused: readonly Interval[]): Interval[] {
  const parts: Interval[] = [];
  let cursor = span.start;
  for (let i = firstPauseEndingAfter(paused, span.start); i < paused.length && cursor < span.end; i++) {
    const pause = paused[i]!;
    if (pause.start >= span.end) break;
    if (pause.start > cursor) parts.push({ start: cursor, end: pause.start });
    cursor = pause.end; // merged pauses are disjoint and sorted, so this only moves forward
  }
  if (cursor < span.end) parts.push({ start: cursor, end: span.end });
  return parts;
}

/** A stretch of one local day in minutes from that day's midnight; the end may pass 1440 (overnight). */
interface Shift {
  startMinute: number;
  endMinute: number;
}

const JS_WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * The calendar's rules keyed by local day number (days since 1970-01-01 in local dates), so the
 * holiday of 2026-10-01 is the local day in the calendar's zone, never the UTC day.
 */
class CalendarIndex {
  readonly clock: ZoneClock;
  private readonly week: Shift[][];
  private readonly holidays = new Set<number>();
  private readonly specialDays = new Map<number, Shift[]>();

  constructor(cal: CalendarHours) {
    this.clock = zoneClock(cal.timeZone);
    this.week = JS_WEEKDAYS.map((name) => cal.week[name].map(toShift));
    for (const { date } of cal.holidays) {
      const day = dayNumberOf(date);
      if (day !== undefined) this.holidays.add(day);
    }
    for (const { date, hours } of cal.specialDays) {
      const day = dayNumberOf(date);
      if (day !== undefined) this.specialDays.set(day, hours.map(toShift));
    }
  }

  /**
   * The stretches starting on a local day. A special day wins over a holiday on the same date: a
   * holiday list is typically imported, and a special day is the admin's explicit word on that date.
   */
  shiftsOn(day: number): Shift[] {
    const special = this.specialDays.get(day);
    if (special) return special;
    if (this.holidays.has(day)) return [];
    return this.week[(((day + 4) % 7) + 7) % 7]!; // 1970-01-01 was a Thursday
  }
}

/** `HH:MM` to minutes; an end at or before the start is an overnight shift into the next day. */
function toShift({ start, end }: WorkingInterval): Shift {
  const startMinute = minutesOf(start);
  const endMinute = minutesOf(end);
  return { startMinute, endMinute: endMinute <= startMinute ? endMinute + MINUTES_PER_DAY : endMinute };
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** `YYYY-MM-DD` to a day number; undefined for a date that does not exist (2026-02-30). */
function dayNumberOf(date: string): number | undefined {
  const [year, month, day] = date.split('-').map(Number);
  const ms = utcMilliseconds(year!, month!, day!, 0, 0, 0);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return undefined;
  return ms / DAY;
}

/** Date.UTC without its habit of reading years 0–99 as 1900–1999. */
function utcMilliseconds(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/**
 * Local wall-clock time ↔ instant for one IANA zone. Offsets are sampled at UTC midnights and cached
 * (one Intl call per day seen); a local day whose surrounding samples agree has no transition, so
 * its times convert by plain arithmetic, and only transition days take the careful path.
 * This assumes a zone never changes its offset twice within three days; in the tz data from 1970 to
 * 2045 the closest changes are a week apart (Brazil 2000, Gaza 2040).
 */
class ZoneClock {
  private readonly formatter: Intl.DateTimeFormat;
  private readonly samples = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The local day number of an instant. */
  localDay(instant: number): number {
    return Math.floor((instant + this.offsetAt(instant)) / DAY);
  }

  /** The instant of a local wall-clock time; `minute` may run past the day (overnight ends). */
  instantOf(day: number, minute: number): number {
    const carry = Math.floor(minute / MINUTES_PER_DAY);
    const localDay = day + carry;
    const wall = localDay * DAY + (minute - carry * MINUTES_PER_DAY) * MINUTE;
    // Local day d spans instants within [d·DAY − 14 h, (d + 1)·DAY + 12 h], inside these samples.
    const before = this.sampledOffset(localDay - 1);
    const after = this.sampledOffset(localDay + 2);
    return before === after ? wall - before : this.instantAcrossTransition(wall, before, after);
  }

  /** Offset (local − UTC, in ms) in force at an instant, to the second as Intl reports it. */
  offsetAt(instant: number): number {
    const whole = Math.floor(instant / SECOND) * SECOND;
    // format() and a regex are about twice as fast as formatToParts, which stays as the fallback.
    const quick = EN_US_DATE_TIME.exec(this.formatter.format(whole));
    const field = quick ? { month: quick[1], day: quick[2], year: quick[3], hour: quick[4], minute: quick[5], second: quick[6] } : this.fieldsOf(whole);
    return utcMilliseconds(Number(field.year), Number(field.month), Number(field.day), Number(field.hour), Number(field.minute), Number(field.second)) - whole;
  }

  private fieldsOf(instant: number): Record<string, string> {
    return Object.fromEntries(this.formatter.formatToParts(instant).map((part) => [part.type, part.value]));
  }

  private sampledOffset(day: number): number {
    let offset = this.samples.get(day);
    if (offset === undefined) {
      offset = this.offsetAt(day * DAY);
      if (this.samples.size >= 100_000) this.samples.clear(); // bound memory in long-lived processes
      this.samples.set(day, offset);
    }
    return offset;
  }

  /**
   * A wall time near one offset change: valid under the offset before or after it. Both valid
   * (fall back) → the earlier instant; neither (spring-forward gap) → the instant the gap ends.
   */
  private instantAcrossTransition(wall: number, before: number, after: number): number {
    const valid = [wall - before, wall - after].filter((instant, i) => this.offsetAt(instant) === (i === 0 ? before : after));
    if (valid.length > 0) return Math.min(...valid);
    return this.transitionBetween(Math.min(wall - before, wall - after), Math.max(wall - before, wall - after));
  }

  /** First second at or before `to` whose offset differs from the one at `from` (binary search). */
  private transitionBetween(from: number, to: number): number {
    const initial = this.offsetAt(from);
    let lo = from;
    let hi = to;
    while (hi - lo > SECOND) {
      const mid = lo + Math.floor((hi - lo) / (2 * SECOND)) * SECOND;
      if (this.offsetAt(mid) === initial) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}

/** `1/31/2026, 17:05:09`: how en-US formats the fields ZoneClock asks for (era-less years only). */
const EN_US_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{1,6}), (\d{2}):(\d{2}):(\d{2})$/;

const clocks = new Map<string, ZoneClock>();

/** One clock per zone for the life of the process, so its offset samples are reused across calls. */
function zoneClock(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new ZoneClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}
