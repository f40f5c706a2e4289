import type { SlaCalendar } from '../api/directory.ts';
import type { Language } from '../i18n/languages.ts';

/*
 * Public holidays computed in the browser by the `date-holidays` package. Its rules and the time
 * zone data it needs are large (over 200 KB gzipped), so they are fetched only when an admin opens
 * the import, as a file of their own (holiday-library.ts); nothing here imports the package.
 */

/** The parts of a date-holidays holiday used here. */
export interface LibraryHoliday {
  /** Local "YYYY-MM-DD hh:mm:ss", sometimes with an offset (" -0600": it starts the evening before). */
  date: string;
  start: Date;
  end: Date;
  name: string;
  type: string;
}

/** One line of the review list. */
export interface HolidayCandidate {
  /** The whole local days it covers (a three-day festival is three). */
  dates: string[];
  name: string;
  type: string;
  /** Starts during the day (a half day such as 12:00): not a whole day off, so not ticked at first. */
  partDay: boolean;
  ticked: boolean;
}

/** Days off for everyone or for many; school holidays and observances are not. */
const DAYS_OFF = new Set(['public', 'bank', 'optional']);
const DAY_MS = 86_400_000;

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/**
 * The package's holidays of a year as review lines: days off only, each as the local days it
 * covers; public holidays that are whole days are ticked, the rest (half days, bank and optional
 * holidays) are offered unticked.
 */
export function holidayCandidates(holidays: LibraryHoliday[]): HolidayCandidate[] {
  return holidays
    .filter((h) => DAYS_OFF.has(h.type))
    .map((h) => {
      const first = h.date.slice(0, 10);
      const partDay = h.date.slice(11, 16) !== '00:00';
      // Rounded: a day across a clock change lasts 23 or 25 hours.
      const length = partDay ? 1 : Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS));
      return {
        dates: Array.from({ length }, (_, i) => addDays(first, i)),
        name: h.name,
        type: h.type,
        partDay,
        ticked: h.type === 'public' && !partDay,
      };
    });
}

/**
 * The calendar's holidays with the ticked candidates added as whole days, in date order. A date the
 * calendar already has (as a holiday or a special day), or that an earlier candidate took, is not
 * added again.
 */
export function withImportedHolidays(cal: Pick<SlaCalendar, 'holidays' | 'specialDays'>, candidates: HolidayCandidate[]): { holidays: SlaCalendar['holidays']; added: number; skipped: number } {
  const taken = new Set([...cal.holidays.map((h) => h.date), ...cal.specialDays.map((d) => d.date)]);
  const holidays = [...cal.holidays];
  let added = 0;
  let skipped = 0;
  for (const candidate of candidates) {
    if (!candidate.ticked) continue;
    for (const date of candidate.dates) {
      if (taken.has(date)) {
        skipped++;
        continue;
      }
      taken.add(date);
      holidays.push({ date, name: candidate.name.slice(0, 80) });
      added++;
    }
  }
  holidays.sort((a, b) => (a.date && b.date ? a.date.localeCompare(b.date) : a.date ? -1 : b.date ? 1 : 0));
  return { holidays, added, skipped };
}

/** The package names holidays in ISO 639-1 languages. */
export function holidayLanguage(language: Language): string {
  return language === 'zh-CN' ? 'zh' : 'en';
}

/** A guess at the admin's country for the picker: the region of the browser's language tag. */
export function countryFromLocale(tags: readonly string[]): string | undefined {
  for (const tag of tags) {
    try {
      const region = new Intl.Locale(tag).maximize().region;
      if (region && /^[A-Z]{2}$/.test(region)) return region;
    } catch {
      // Not a valid tag: try the next one.
    }
  }
  return undefined;
}

export interface HolidayLibrary {
  /** Country codes and names (the package's names, often in the country's own language). */
  countries(language: string): Record<string, string>;
  /** States or regions of a country, if the package knows holidays of its own for them. */
  states(country: string, language: string): Record<string, string>;
  holidays(year: number, place: { country: string; state?: string }, language: string): LibraryHoliday[];
}

/** Where web/build.ts put the separately built holiday-library.ts (replaced at build time). */
declare const LOOPDESK_HOLIDAY_LIBRARY_URL: string;

let library: Promise<HolidayLibrary> | undefined;

/** Fetches the holiday rules the first time they are needed; a failed fetch may be tried again. */
export function loadHolidayLibrary(): Promise<HolidayLibrary> {
  // Through a variable: esbuild leaves the import alone instead of bundling it into the console.
  const url = LOOPDESK_HOLIDAY_LIBRARY_URL;
  library ??= (import(url) as Promise<typeof import('./holiday-library.ts')>).then(
    (module) => module.library,
    (error: unknown) => {
      library = undefined;
      throw error;
    },
  );
  return library;
}
