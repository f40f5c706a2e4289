import { todayIn } from '../i18n/format.ts';

const HOUR = 3_600_000;

/**
 * Stock alerts are stored per UTC day; the console shows the user's own today. A local day spans
 * at most two UTC days (zones run from UTC−12 to UTC+14): these are the ones to ask for, and their
 * alerts are then kept when they were raised on the local today.
 */
export function utcDaysOfLocalToday(timeZone: string, nowMs = Date.now()): string[] {
  const today = todayIn(timeZone, nowMs);
  const days = new Set<string>();
  // Hour by hour over ±26 h: every instant whose local date is today names its UTC day.
  for (let h = -26; h <= 26; h++) {
    const at = nowMs + h * HOUR;
    if (todayIn(timeZone, at) === today) days.add(new Date(at).toISOString().slice(0, 10));
  }
  return [...days].sort();
}

/** Whether an instant falls on the user's today. */
export function isLocalToday(iso: string, timeZone: string, nowMs = Date.now()): boolean {
  return todayIn(timeZone, Date.parse(iso)) === todayIn(timeZone, nowMs);
}
