import type { GaveUp, WorkOrder } from '../api/field.ts';
import { EXCLUSION_REASONS } from '../api/field.ts';
import { useI18n } from '../i18n/context.tsx';
import type { DispatchMessageKey } from '../i18n/dispatch-en.ts';
import { dispatchEn } from '../i18n/dispatch-en.ts';
import { dispatchZhCN } from '../i18n/dispatch-zh-CN.ts';
import { userTimeZone } from '../i18n/format.ts';
import type { Language, Params } from '../i18n/languages.ts';
import { translate } from '../i18n/languages.ts';

/** The board's catalogs: part of its own chunk, so the console's first load stays small. */
const DISPATCH_CATALOGS: Record<Language, Record<DispatchMessageKey, string>> = { en: dispatchEn, 'zh-CN': dispatchZhCN };

export type DispatchText = (key: DispatchMessageKey, params?: Params) => string;

export function dispatchText(language: Language): DispatchText {
  return (key, params) => translate(DISPATCH_CATALOGS[language], key, params);
}

/** Times on the board: the user's clock, in the console's language. */
export interface Clock {
  zone: string;
  /** 09:30 */
  time(at: number | string): string;
  /** Mon 4 May */
  day(at: number | string): string;
  /** Mon 4 May, 09:30 */
  dayTime(at: number | string): string;
  /** The hour label of the day view's columns. */
  hour(at: number): string;
  /** GMT+8 */
  offset(at: number, zone?: string): string;
  /** A time on another zone's clock (a technician's). */
  timeIn(at: number | string, zone: string): string;
}

export function boardClock(language: Language, zone: string): Clock {
  const make = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(language, { timeZone: zone, ...options });
  const time = make({ hour: 'numeric', minute: '2-digit' });
  const day = make({ weekday: 'short', month: 'short', day: 'numeric' });
  const dayTime = make({ weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  const hour = make({ hour: 'numeric' });
  const at = (value: number | string) => new Date(value);
  return {
    zone,
    time: (v) => time.format(at(v)),
    day: (v) => day.format(at(v)),
    dayTime: (v) => dayTime.format(at(v)),
    hour: (v) => hour.format(at(v)),
    offset: (v, other = zone) =>
      new Intl.DateTimeFormat('en', { timeZone: other, timeZoneName: 'shortOffset' }).formatToParts(at(v)).find((p) => p.type === 'timeZoneName')?.value ?? other,
    timeIn: (v, other) => new Intl.DateTimeFormat(language, { timeZone: other, hour: 'numeric', minute: '2-digit' }).format(at(v)),
  };
}

/** `t` for the board and a clock in the user's zone, in the language the console shows. */
export function useDispatchText(): { d: DispatchText; clock: Clock; language: Language } {
  const { language } = useI18n();
  return { d: dispatchText(language), clock: boardClock(language, userTimeZone()), language };
}

/** 90 → "1 h 30 min". */
export function durationText(minutes: number, d: DispatchText): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return d('dispatch.duration.minutes', { minutes });
  if (rest === 0) return d('dispatch.duration.hours', { hours });
  return d('dispatch.duration.hoursMinutes', { hours, minutes: rest });
}

/** A window as "Mon 4 May, 09:00 – 12:00", the day said once when both ends share it. */
export function rangeText(start: string | number, end: string | number, clock: Clock, d: DispatchText): string {
  const sameDay = clock.day(start) === clock.day(end);
  return d('dispatch.range', { start: clock.dayTime(start), end: sameDay ? clock.time(end) : clock.dayTime(end) });
}

export function skillsText(skills: WorkOrder['skills'], d: DispatchText, language: Language): string {
  if (!skills.length) return d('dispatch.noSkills');
  return skills.map((s) => d('dispatch.skill', { skill: s.skill, level: s.minLevel })).join(d('dispatch.listSeparator'));
}

/**
 * Why the workflow gave up, in words: the reason and, for "no eligible technician", how many were
 * ruled out by each rule ("No eligible technician: 3 lack a required skill, 2 are outside the region").
 */
export function gaveUpText(gaveUp: Pick<GaveUp, 'reason' | 'excluded'>, d: DispatchText, language: Language): string {
  const reason = d(`dispatch.gaveUp.${gaveUp.reason}`);
  const plural = new Intl.PluralRules(language);
  const counts = EXCLUSION_REASONS.flatMap((why) => {
    const n = gaveUp.excluded?.[why];
    if (!n) return [];
    const form = plural.select(n) === 'one' ? 'one' : 'other';
    return [d(`dispatch.excluded.${why}.${form}`, { n })];
  });
  return counts.length ? d('dispatch.gaveUp.withCounts', { reason, counts: counts.join(d('dispatch.excluded.separator')) }) : reason;
}

/**
 * A refused board action in words: the slot taken (with the clashing job's times), a stale version,
 * a status that no longer allows it, a vanished work order. Undefined for anything else, which the
 * page shows with the API's own message.
 */
export function actionErrorText(error: unknown, d: DispatchText, clock: Clock, technicianName: string): string | undefined {
  const e = error as { code?: unknown; details?: Record<string, unknown> } | null;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const details = e?.details ?? {};
  switch (code) {
    case 'SLOT_TAKEN': {
      const start = typeof details['start'] === 'string' ? details['start'] : undefined;
      const end = typeof details['end'] === 'string' ? details['end'] : undefined;
      if (!start) return d('dispatch.error.slotTakenShort', { name: technicianName });
      return d('dispatch.error.slotTaken', { name: technicianName, time: end ? rangeText(start, end, clock, d) : clock.dayTime(start) });
    }
    case 'CONFLICT':
    case 'VERSION_CONFLICT':
      return d('dispatch.error.conflict');
    case 'INVALID_TRANSITION': {
      const from = details['from'];
      const status = typeof from === 'string' && `dispatch.status.${from}` in DISPATCH_CATALOGS.en ? d(`dispatch.status.${from}` as DispatchMessageKey) : String(from ?? '');
      return d('dispatch.error.transition', { status });
    }
    case 'NOT_FOUND':
      return d('dispatch.error.notFound');
    default:
      return undefined;
  }
}
