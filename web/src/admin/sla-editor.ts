import type { SlaCalendar, SlaPolicy } from '../api/directory.ts';
import type { SlaMessageKey } from '../i18n/sla-en.ts';
import type { Params } from '../i18n/languages.ts';
import type { RowProblem } from './directory-editor.ts';

/*
 * The pure side of the SLA editors: durations as hours + minutes, working hours, the checks the
 * API makes that are cheap to make here too (so the admin sees them before a round trip, in their
 * language), and where each problem is shown. The API checks everything again.
 */

export type Weekday = keyof SlaCalendar['week'];
export type WorkingInterval = SlaCalendar['week']['mon'][number];
export type SlaTarget = keyof SlaPolicy['targets'];
export type EscalationStep = SlaPolicy['escalation'][number];
export type EscalationRecipient = EscalationStep['notify'][number];
export type PausingStatus = SlaPolicy['pauseOn'][number];

/* The API's value lists, repeated so the console never bundles the schema library (see api/directory.ts). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly Weekday[];
export const SLA_TARGETS = ['first_response', 'next_response', 'resolution'] as const satisfies readonly SlaTarget[];
export const PAUSING_STATUSES = ['pending_customer', 'pending_third_party'] as const satisfies readonly PausingStatus[];
export const ESCALATION_RECIPIENTS = ['assignee', 'team_lead', 'manager'] as const satisfies readonly EscalationRecipient[];

export const MAX_STRETCHES_A_DAY = 6;
export const MAX_TARGET_MINUTES = 525_600;
export const MAX_ESCALATION_DELAY = 10_080;
export const MAX_MANAGERS = 20;
export const MAX_ORGANIZATIONS = 100;
export const DEFAULT_WARNING_PERCENT = 80;

/** A problem found here, named by a key of the SLA catalog. */
export interface SlaProblem {
  path: string;
  key: SlaMessageKey;
  params?: Params;
}

export function asRowProblem(p: SlaProblem): RowProblem {
  return { path: p.path, message: p.params ? { sla: p.key, params: p.params } : { sla: p.key } };
}

/* ---------- durations ---------- */

/** Minutes as the two inputs show them: 90 → 1 h 30 min; nothing set → both empty. */
export function partsOfMinutes(total: number | undefined): { hours: string; minutes: string } {
  if (total === undefined || !Number.isFinite(total)) return { hours: '', minutes: '' };
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  return { hours: hours ? String(hours) : '', minutes: minutes || !hours ? String(minutes) : '' };
}

/**
 * The two inputs as minutes: both empty → undefined (not measured); anything that is not a whole
 * non-negative number → NaN, which the checks report (minutes over 59 are simply added up).
 */
export function minutesOfParts(hours: string, minutes: string): number | undefined {
  const h = hours.trim();
  const m = minutes.trim();
  if (h === '' && m === '') return undefined;
  const whole = (text: string) => (text === '' ? 0 : /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN);
  return whole(h) * 60 + whole(m);
}

/** "1 h 30 min" in the catalog's words, for summaries. */
export function durationText(total: number, text: (key: SlaMessageKey, params?: Params) => string): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (!hours) return text('sla.duration.minutes', { minutes });
  if (!minutes) return text('sla.duration.hours', { hours });
  return text('sla.duration.hoursMinutes', { hours, minutes });
}

/* ---------- working hours ---------- */

const START = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** What an admin types, as HH:MM: "9" → 09:00, "930" → 09:30, "9:5" stays (and is reported). */
export function normalizeTime(text: string): string {
  const t = text.trim().replace(/[.．：]/g, ':');
  const hourOnly = /^(\d{1,2})$/.exec(t);
  if (hourOnly) return `${hourOnly[1]!.padStart(2, '0')}:00`;
  const digits = /^(\d{1,2})(\d{2})$/.exec(t);
  if (digits) return `${digits[1]!.padStart(2, '0')}:${digits[2]}`;
  const colon = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (colon) return `${colon[1]!.padStart(2, '0')}:${colon[2]}`;
  return t;
}

/** Minutes since midnight of a valid HH:MM (24:00 → 1440). */
export function minuteOfDay(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

/** An end at or before the start runs into the next day (22:00–06:00). */
export function isOvernight(interval: WorkingInterval): boolean {
  return START.test(interval.start) && END.test(interval.end) && interval.start !== interval.end && minuteOfDay(interval.end) <= minuteOfDay(interval.start);
}

/** [start, end) in minutes from the day's midnight; an overnight stretch ends after 1440. */
function span(interval: WorkingInterval): [number, number] {
  const start = minuteOfDay(interval.start);
  const end = minuteOfDay(interval.end);
  return [start, end <= start ? end + 1440 : end];
}

/** The well-formed stretches of a day as spans, keeping their list positions. */
function spans(intervals: WorkingInterval[]): ({ span: [number, number]; interval: WorkingInterval } | undefined)[] {
  return intervals.map((interval) =>
    START.test(interval.start) && END.test(interval.end) && interval.start !== interval.end ? { span: span(interval), interval } : undefined,
  );
}

/**
 * Overnight stretches of a day that run into a stretch of the next day: reported on the end that
 * runs too far. (A day's stretches may touch the next day's, as 22:00–06:00 and 06:00–14:00.)
 */
export function overnightProblems(hours: WorkingInterval[], nextHours: WorkingInterval[], at: string): SlaProblem[] {
  const next = spans(nextHours).filter((s) => s !== undefined);
  return spans(hours).flatMap((night, j) => {
    const hit = night && next.find((b) => b.span[0] + 1440 < night.span[1]);
    return night && hit ? [{ path: `${at}.${j}.end`, key: 'sla.hours.runsIntoNext' as const, params: { start: hit.interval.start, end: hit.interval.end } }] : [];
  });
}

/**
 * One day's stretches: the format, 24:00 only as an end, start ≠ end, and no two overlapping
 * (an overnight stretch counted up to its end the next morning). `at` is the day's path.
 */
export function dayProblems(intervals: WorkingInterval[], at: string): SlaProblem[] {
  const problems: SlaProblem[] = [];
  const valid: { index: number; span: [number, number]; interval: WorkingInterval }[] = [];
  intervals.forEach((interval, i) => {
    const path = `${at}.${i}`;
    const before = problems.length;
    if (interval.start === '24:00') problems.push({ path: `${path}.start`, key: 'sla.hours.startAtMidnight' });
    else if (!START.test(interval.start)) problems.push({ path: `${path}.start`, key: 'sla.hours.format' });
    if (!END.test(interval.end)) problems.push({ path: `${path}.end`, key: 'sla.hours.format' });
    if (problems.length > before) return;
    if (interval.start === interval.end) {
      problems.push({ path, key: 'sla.hours.empty' });
      return;
    }
    valid.push({ index: i, span: span(interval), interval });
  });
  for (const later of valid) {
    const clash = valid.find((earlier) => earlier.index < later.index && earlier.span[0] < later.span[1] && later.span[0] < earlier.span[1]);
    if (clash) problems.push({ path: `${at}.${later.index}`, key: 'sla.hours.overlap', params: { start: clash.interval.start, end: clash.interval.end } });
  }
  if (intervals.length > MAX_STRETCHES_A_DAY) problems.push({ path: at, key: 'sla.hours.tooMany', params: { max: MAX_STRETCHES_A_DAY } });
  return problems;
}

/** The same hours on every day listed, closed on the others. */
export function weekWith(days: readonly Weekday[], interval: WorkingInterval): SlaCalendar['week'] {
  const week = {} as SlaCalendar['week'];
  for (const day of WEEKDAYS) week[day] = days.includes(day) ? [{ ...interval }] : [];
  return week;
}

export const PRESETS = {
  office: () => weekWith(['mon', 'tue', 'wed', 'thu', 'fri'], { start: '09:00', end: '17:00' }),
  always: () => weekWith(WEEKDAYS, { start: '00:00', end: '24:00' }),
} as const;

/* ---------- calendars ---------- */

const LOCAL_DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;

/** Whether the browser knows the zone (the API checks against its own list too). */
export function isKnownTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a date that exists (not 2027-02-30), else undefined. */
function dayNumber(date: string): number | undefined {
  if (!LOCAL_DATE.test(date)) return undefined;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date ? undefined : ms / DAY_MS;
}

const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The weekday of a calendar date (YYYY-MM-DD), whatever the zone; undefined until the date is whole. */
export function weekdayOf(date: string): Weekday | undefined {
  const day = dayNumber(date);
  return day === undefined ? undefined : WEEKDAYS[(((day + 3) % 7) + 7) % 7]; // 1970-01-01 was a Thursday
}

/** The hours a date has on the calendar: its special day's, none on a holiday, else its weekday's. */
function hoursOn(cal: SlaCalendar, day: number): WorkingInterval[] {
  const date = dateOf(day);
  const special = cal.specialDays.find((s) => s.date === date);
  if (special) return special.hours;
  if (cal.holidays.some((h) => h.date === date)) return [];
  return cal.week[weekdayOf(date)!];
}

/** Holidays and special days in date order, undated ones last (where they were added). */
export function byDate<T extends { date: string }>(days: T[]): T[] {
  return days
    .map((day, i) => ({ day, i }))
    .sort((a, b) => (a.day.date && b.day.date ? a.day.date.localeCompare(b.day.date) : a.day.date ? -1 : b.day.date ? 1 : 0) || a.i - b.i)
    .map((x) => x.day);
}

/** A calendar's own checks (id and names are checked with the other editors' rule). */
export function calendarProblems(cal: SlaCalendar, isZone: (zone: string) => boolean = isKnownTimeZone): SlaProblem[] {
  const problems: SlaProblem[] = [];
  if (!isZone(cal.timeZone)) problems.push({ path: 'timeZone', key: 'sla.calendar.unknownZone', params: { zone: cal.timeZone } });
  WEEKDAYS.forEach((day, i) => {
    problems.push(...dayProblems(cal.week[day], `week.${day}`));
    // The week wraps: Sunday night runs into Monday.
    problems.push(...overnightProblems(cal.week[day], cal.week[WEEKDAYS[(i + 1) % 7]!], `week.${day}`));
  });
  if (WEEKDAYS.every((day) => cal.week[day].length === 0)) problems.push({ path: 'week', key: 'sla.calendar.noHours' });
  const seen = new Set<string>();
  const dated = (date: string, path: string) => {
    if (!date) problems.push({ path, key: 'sla.required' });
    else if (dayNumber(date) === undefined) problems.push({ path, key: 'sla.dateFormat' });
    else if (seen.has(date)) problems.push({ path, key: 'sla.calendar.dateTwice', params: { date } });
    seen.add(date);
  };
  cal.holidays.forEach((h, i) => {
    dated(h.date, `holidays.${i}.date`);
    if (!h.name.trim()) problems.push({ path: `holidays.${i}.name`, key: 'sla.required' });
  });
  cal.specialDays.forEach((d, i) => {
    dated(d.date, `specialDays.${i}.date`);
    problems.push(...dayProblems(d.hours, `specialDays.${i}.hours`));
    const day = dayNumber(d.date);
    if (day === undefined) return;
    // Against its neighbours on the real calendar: into the next date, and the night before into it.
    problems.push(...overnightProblems(d.hours, hoursOn(cal, day + 1), `specialDays.${i}.hours`));
    if (!cal.specialDays.some((s) => s.date === dateOf(day - 1))) {
      for (const p of overnightProblems(hoursOn(cal, day - 1), d.hours, 'before')) {
        problems.push({ path: `specialDays.${i}.date`, key: 'sla.hours.nightBeforeRunsInto', params: p.params! });
      }
    }
  });
  return problems;
}

/** What is sent: times as HH:MM, names trimmed, empty optional parts left out. */
export function cleanCalendarDays(cal: Pick<SlaCalendar, 'week' | 'holidays' | 'specialDays'>): Pick<SlaCalendar, 'week' | 'holidays' | 'specialDays'> {
  const hours = (list: WorkingInterval[]) => list.map((i) => ({ start: normalizeTime(i.start), end: normalizeTime(i.end) }));
  const week = {} as SlaCalendar['week'];
  for (const day of WEEKDAYS) week[day] = hours(cal.week[day]);
  return {
    week,
    holidays: cal.holidays.map((h) => ({ date: h.date, name: h.name.trim() })),
    specialDays: cal.specialDays.map((d) => {
      const name = d.name?.trim();
      return { date: d.date, hours: hours(d.hours), ...(name ? { name } : {}) };
    }),
  };
}

/** Calendars a removal would take from policies that use them. */
export function calendarsStillUsed(kept: string[], policies: Pick<SlaPolicy, 'id' | 'calendarId'>[]): { calendarId: string; policyId: string }[] {
  const keep = new Set(kept);
  return policies.filter((p) => !keep.has(p.calendarId)).map((p) => ({ calendarId: p.calendarId, policyId: p.id }));
}

/* ---------- policies ---------- */

export interface PolicyReferences {
  calendars: string[];
  teams: string[];
  categories: string[];
}

const hasConditions = (p: SlaPolicy) => Object.values(p.when).some((list) => Array.isArray(list) && list.length > 0);

/**
 * The ordered list's checks, by index: the ones the API makes on each policy (a calendar that
 * exists, at least one target, steps later than the one before and doing something) and across
 * the list (nothing after a policy without conditions is ever used).
 */
export function policyProblems(policies: SlaPolicy[], refs: PolicyReferences): SlaProblem[][] {
  const calendars = new Set(refs.calendars);
  const teams = new Set(refs.teams);
  const categories = new Set(refs.categories);
  let catchAll: string | undefined;
  return policies.map((p) => {
    const problems: SlaProblem[] = [];
    if (!p.calendarId) problems.push({ path: 'calendarId', key: 'sla.policy.chooseCalendar' });
    else if (!calendars.has(p.calendarId)) problems.push({ path: 'calendarId', key: 'sla.policy.noCalendar', params: { id: p.calendarId } });
    for (const target of SLA_TARGETS) {
      const minutes = p.targets[target];
      if (minutes === undefined) continue;
      const path = `targets.${target}`;
      if (!Number.isInteger(minutes)) problems.push({ path, key: 'sla.duration.whole' });
      else if (minutes < 1) problems.push({ path, key: 'sla.duration.atLeastMinute' });
      else if (minutes > MAX_TARGET_MINUTES) problems.push({ path, key: 'sla.duration.atMostYear' });
    }
    if (SLA_TARGETS.every((target) => p.targets[target] === undefined)) problems.push({ path: 'targets', key: 'sla.policy.noTarget' });
    if (!Number.isInteger(p.warnAtPercent) || p.warnAtPercent < 1 || p.warnAtPercent > 99) problems.push({ path: 'warnAtPercent', key: 'sla.policy.warnRange' });
    (p.when.categoryIds ?? []).forEach((id, j) => {
      if (!categories.has(id)) problems.push({ path: `when.categoryIds.${j}`, key: 'sla.policy.noCategory', params: { id } });
    });
    const organizations = p.when.organizationIds ?? [];
    if (organizations.length > MAX_ORGANIZATIONS) problems.push({ path: 'when.organizationIds', key: 'sla.policy.tooMany', params: { max: MAX_ORGANIZATIONS } });
    if (organizations.some((id) => id.length > 64)) problems.push({ path: 'when.organizationIds', key: 'sla.policy.organizationTooLong' });
    if (p.managerIds.length > MAX_MANAGERS) problems.push({ path: 'managerIds', key: 'sla.policy.tooMany', params: { max: MAX_MANAGERS } });
    p.escalation.forEach((step, j) => {
      const at = `escalation.${j}`;
      const delay = step.afterMinutes;
      if (!Number.isInteger(delay)) problems.push({ path: `${at}.afterMinutes`, key: 'sla.duration.whole' });
      else if (delay < 0 || delay > MAX_ESCALATION_DELAY) problems.push({ path: `${at}.afterMinutes`, key: 'sla.escalation.atMostWeek' });
      else if (j > 0 && delay <= p.escalation[j - 1]!.afterMinutes) problems.push({ path: `${at}.afterMinutes`, key: 'sla.escalation.later' });
      if (step.moveToTeamId && !teams.has(step.moveToTeamId)) problems.push({ path: `${at}.moveToTeamId`, key: 'sla.escalation.noTeam', params: { id: step.moveToTeamId } });
      if (step.notify.length === 0 && !step.raisePriority && !step.moveToTeamId) problems.push({ path: at, key: 'sla.escalation.doesNothing' });
    });
    if (catchAll !== undefined) problems.push({ path: '', key: 'sla.policy.neverUsed', params: { id: catchAll } });
    if (!hasConditions(p)) catchAll ??= p.id || '…';
    return problems;
  });
}

/** What is sent: empty condition lists and unset targets left out, so "any" stays absent. */
export function cleanPolicy(p: SlaPolicy): SlaPolicy {
  const when: SlaPolicy['when'] = {};
  for (const [name, list] of Object.entries(p.when) as [keyof SlaPolicy['when'], string[] | undefined][]) {
    if (list?.length) (when as Record<string, string[]>)[name] = list;
  }
  const targets: SlaPolicy['targets'] = {};
  for (const target of SLA_TARGETS) if (p.targets[target] !== undefined) targets[target] = p.targets[target];
  return {
    id: p.id.trim(),
    name: p.name,
    when,
    calendarId: p.calendarId,
    targets,
    pauseOn: PAUSING_STATUSES.filter((s) => p.pauseOn.includes(s)),
    warnAtPercent: p.warnAtPercent,
    escalation: p.escalation.map((s) => ({
      afterMinutes: s.afterMinutes,
      notify: ESCALATION_RECIPIENTS.filter((r) => s.notify.includes(r)),
      raisePriority: s.raisePriority,
      ...(s.moveToTeamId ? { moveToTeamId: s.moveToTeamId } : {}),
    })),
    managerIds: p.managerIds,
  };
}

export function newPolicy(calendarId: string): SlaPolicy {
  return { id: '', name: { en: '' }, when: {}, calendarId, targets: {}, pauseOn: [...PAUSING_STATUSES], warnAtPercent: DEFAULT_WARNING_PERCENT, escalation: [], managerIds: [] };
}

/** The next step starts an hour after the last one (or at the breach), telling the assignee. */
export function nextStep(steps: EscalationStep[]): EscalationStep {
  const last = steps.at(-1);
  return { afterMinutes: last ? Math.min(last.afterMinutes + 60, MAX_ESCALATION_DELAY) : 0, notify: ['assignee'], raisePriority: false };
}

/** Ids typed as a list ("acme, globex" or one a line), without repeats. */
export function idsFromText(text: string): string[] {
  return [...new Set(text.split(/[\s,;，；]+/).filter(Boolean))];
}

/* ---------- where problems are shown ---------- */

/**
 * Pins each problem to the most specific input that is about it: `escalation.1.afterMinutes` to
 * that input, `when.categoryIds.3` to the categories, and anything no input covers to the row.
 * An anchor covers its own path and every path under it.
 */
export function placeProblems(problems: RowProblem[] | undefined, anchors: readonly string[]): { at(anchor: string): RowProblem[]; rest: RowProblem[] } {
  const byAnchor = new Map<string, RowProblem[]>();
  const rest: RowProblem[] = [];
  const sorted = [...anchors].sort((a, b) => b.length - a.length);
  for (const problem of problems ?? []) {
    const anchor = sorted.find((a) => problem.path === a || problem.path.startsWith(`${a}.`));
    if (anchor === undefined) rest.push(problem);
    else byAnchor.set(anchor, [...(byAnchor.get(anchor) ?? []), problem]);
  }
  return { at: (anchor) => byAnchor.get(anchor) ?? [], rest };
}
