/** The zone the browser runs in, so agents see times on their own clock. */
export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Formats an ISO timestamp with the zone abbreviation. Explicit fields are used because
 * `dateStyle`/`timeStyle` cannot be combined with `timeZoneName`.
 */
export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "5 minutes ago" for the last week, the full date and time (in the user's zone) before that.
 * Queues use it: recent activity is easier to judge as a distance than as a clock time.
 */
export function formatRelativeTime(iso: string, locale: string, timeZone: string, nowMs = Date.now()): string {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((at - nowMs) / 1000);
  const distance = Math.abs(seconds);
  if (distance >= 7 * DAY) return formatDateTime(iso, locale, timeZone);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (distance < MINUTE) return rtf.format(0, 'second');
  if (distance < HOUR) return rtf.format(Math.trunc(seconds / MINUTE), 'minute');
  if (distance < DAY) return rtf.format(Math.trunc(seconds / HOUR), 'hour');
  return rtf.format(Math.trunc(seconds / DAY), 'day');
}

/**
 * A calendar date (YYYY-MM-DD, e.g. a warranty end) as the user writes dates. It names a day, not
 * an instant, so it is never shifted by a time zone.
 */
export function formatCalendarDate(day: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(date);
}

/** Today's date (YYYY-MM-DD) on the user's own calendar. */
export function todayIn(timeZone: string, nowMs = Date.now()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).formatToParts(new Date(nowMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
