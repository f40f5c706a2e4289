import type { FieldProblem } from '../errors/domain-errors.ts';
import { WEEKDAYS, type SlaCalendar, type Weekday, type WorkingInterval } from './sla-config.ts';

/*
 * Checks on an SLA calendar that its zod schema cannot express. Deadline arithmetic would still run
 * on a calendar failing them (overlaps merge, 24:00 starts roll over), but each is an admin's
 * mistake that would silently give other hours than meant, so the directory refuses them.
 */

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
const MINUTES_PER_DAY = 24 * 60;
const DAY_MS = 86_400_000;

/**
 * Problems of calendar number `index` of a list, with paths like `items.0.week.mon.1.end`: an
 * unknown time zone, `24:00` as a start, a stretch ending when it starts, stretches of one day
 * overlapping (overnight shifts included, Sunday night running into Monday too), a week without
 * working hours, and a date listed twice across holidays and special days. Empty when none.
 */
export function calendarProblems(cal: SlaCalendar, index: number): FieldProblem[] {
  const at = `items.${index}`;
  return [
    ...timeZoneProblems(cal.timeZone, `${at}.timeZone`),
    ...WEEKDAYS.flatMap((day) => stretchProblems(cal.week[day], `${at}.week.${day}`)),
    ...WEEKDAYS.flatMap((day) => overlapsWithinDay(cal.week[day], `${at}.week.${day}`)),
    ...weekOvernightOverlaps(cal.week, `${at}.week`),
    ...(WEEKDAYS.some((day) => cal.week[day].length > 0) ? [] : [{ path: `${at}.week`, message: 'The calendar has no working hours' }]),
    ...cal.specialDays.flatMap((_, k) => specialDayProblems(cal, k, `${at}.specialDays.${k}`)),
    ...dateProblems(cal, at),
  ];
}

function timeZoneProblems(timeZone: string, path: string): FieldProblem[] {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return [];
  } catch {
    return [{ path, message: `Unknown time zone ${timeZone}` }];
  }
}

/** Each stretch on its own: a start of 24:00 belongs to the next day, and start = end has no length. */
function stretchProblems(hours: WorkingInterval[], path: string): FieldProblem[] {
  return hours.flatMap(({ start, end }, j) => [
    ...(start === '24:00' ? [{ path: `${path}.${j}.start`, message: '24:00 can only end a stretch; start at 00:00 of the next day' }] : []),
    ...(start === end ? [{ path: `${path}.${j}.end`, message: 'A stretch must end at another time than it starts' }] : []),
  ]);
}

/** A stretch in minutes from its day's midnight; an overnight one ends after 1440. */
interface Minutes {
  from: number;
  to: number;
  label: string;
}

/** The well-formed stretches of a day (the others are reported on their own), keeping list positions. */
function asMinutes(hours: WorkingInterval[]): (Minutes | undefined)[] {
  return hours.map(({ start, end }) => {
    if (start === '24:00' || start === end) return undefined;
    const from = minutesOf(start);
    const to = minutesOf(end);
    return { from, to: to <= from ? to + MINUTES_PER_DAY : to, label: `${start}–${end}` };
  });
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Two stretches of the same day sharing time; reported on the later one in the list. */
function overlapsWithinDay(hours: WorkingInterval[], path: string): FieldProblem[] {
  const stretches = asMinutes(hours);
  const problems: FieldProblem[] = [];
  stretches.forEach((b, j) => {
    const a = stretches.slice(0, j).find((earlier) => earlier && b && earlier.from < b.to && b.from < earlier.to);
    if (a && b) problems.push({ path: `${path}.${j}.start`, message: `Overlaps ${a.label} on the same day` });
  });
  return problems;
}

/** Overnight stretches (by list position) running into one of the next day's stretches. */
function overnightCollisions(hours: WorkingInterval[], nextHours: WorkingInterval[]): { j: number; night: Minutes; hit: Minutes }[] {
  const next = asMinutes(nextHours).filter((s): s is Minutes => s !== undefined);
  return asMinutes(hours).flatMap((night, j) => {
    const hit = night && next.find((b) => b.from + MINUTES_PER_DAY < night.to);
    return night && hit ? [{ j, night, hit }] : [];
  });
}

/** Reported on the overnight stretch's end, which is what runs too far. */
function overnightIntoNextDay(hours: WorkingInterval[], nextHours: WorkingInterval[], nextDayName: string, path: string): FieldProblem[] {
  return overnightCollisions(hours, nextHours).map(({ j, hit }) => ({ path: `${path}.${j}.end`, message: `Runs into ${nextDayName}'s stretch ${hit.label}` }));
}

/** The weekly pattern wraps: Sunday night runs into Monday. */
function weekOvernightOverlaps(week: SlaCalendar['week'], path: string): FieldProblem[] {
  return WEEKDAYS.flatMap((day, i) => {
    const next = WEEKDAYS[(i + 1) % WEEKDAYS.length]!;
    return overnightIntoNextDay(week[day], week[next], DAY_NAMES[next], `${path}.${day}`);
  });
}

/**
 * A special day's stretches against each other and against its neighbours on the real calendar:
 * its overnight shift into the following date, and the previous date's overnight shift into it
 * (when that date is a special day itself, its own check reports it).
 */
function specialDayProblems(cal: SlaCalendar, k: number, path: string): FieldProblem[] {
  const special = cal.specialDays[k]!;
  const problems = [...stretchProblems(special.hours, `${path}.hours`), ...overlapsWithinDay(special.hours, `${path}.hours`)];
  const day = dayNumberOf(special.date);
  if (day === undefined) return problems;
  problems.push(...overnightIntoNextDay(special.hours, hoursOn(cal, day + 1), isoDate(day + 1), `${path}.hours`));
  const previous = isoDate(day - 1);
  if (!cal.specialDays.some((s) => s.date === previous)) {
    for (const { night, hit } of overnightCollisions(hoursOn(cal, day - 1), special.hours)) {
      problems.push({ path: `${path}.date`, message: `The overnight stretch ${night.label} of ${previous} runs into ${hit.label}` });
    }
  }
  return problems;
}

/** The hours of a date as the calendar gives them (special day, then holiday, then weekday). */
function hoursOn(cal: SlaCalendar, day: number): WorkingInterval[] {
  const date = isoDate(day);
  const special = cal.specialDays.find((s) => s.date === date);
  if (special) return special.hours;
  if (cal.holidays.some((h) => h.date === date)) return [];
  const weekday = WEEKDAYS[(((day + 3) % 7) + 7) % 7]!; // 1970-01-01 (day 0) was a Thursday
  return cal.week[weekday];
}

/** Dates that do not exist (2026-02-30), and a date given twice across holidays and special days. */
function dateProblems(cal: SlaCalendar, at: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, string>();
  const entries = [
    ...cal.holidays.map((h, k) => ({ date: h.date, kind: 'a holiday', path: `${at}.holidays.${k}.date` })),
    ...cal.specialDays.map((s, k) => ({ date: s.date, kind: 'a special day', path: `${at}.specialDays.${k}.date` })),
  ];
  for (const { date, kind, path } of entries) {
    if (dayNumberOf(date) === undefined) problems.push({ path, message: `${date} is not a date in the calendar` });
    const earlier = seen.get(date);
    if (earlier) problems.push({ path, message: `${date} is already listed as ${earlier}` });
    else seen.set(date, kind);
  }
  return problems;
}

/** `YYYY-MM-DD` to days since 1970-01-01; undefined for a date that does not exist. */
function dayNumberOf(date: string): number | undefined {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) || isoDate(ms / DAY_MS) !== date ? undefined : ms / DAY_MS;
}

function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
