import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SlaCalendar } from '../api/directory.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { useI18n } from '../i18n/context.tsx';
import type { HolidayCandidate, HolidayLibrary } from './holiday-import.ts';
import { countryFromLocale, holidayCandidates, holidayLanguage, loadHolidayLibrary, withImportedHolidays } from './holiday-import.ts';
import { useSlaText } from './sla-text.ts';

type Place = NonNullable<SlaCalendar['holidaySource']>;

/**
 * Picks a country (and a state), computes that year's holidays in the browser and shows them for
 * review; the ticked ones are added to the calendar as whole local days.
 */
export function HolidayImport({
  id,
  calendar,
  onImport,
  onClose,
}: {
  id: string;
  calendar: SlaCalendar;
  onImport(holidays: SlaCalendar['holidays'], source: Place, added: number): void;
  onClose(): void;
}) {
  const { language } = useI18n();
  const ts = useSlaText();
  const [library, setLibrary] = useState<HolidayLibrary>();
  const [failure, setFailure] = useState<unknown>();
  const [place, setPlace] = useState<Place>(() => calendar.holidaySource ?? { country: countryFromLocale(navigator.languages ?? [navigator.language]) ?? 'CN' });
  const [year, setYear] = useState(() => String(new Date().getFullYear()));
  const [ticks, setTicks] = useState<Record<number, boolean>>({});

  function load() {
    setFailure(undefined);
    loadHolidayLibrary().then(setLibrary, setFailure);
  }
  useEffect(load, []);

  const lang = holidayLanguage(language);
  const countries = useMemo(() => {
    if (!library) return [];
    const regionNames = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    return Object.entries(library.countries(lang))
      .map(([code, own]) => ({ code, name: regionNames.of(code) ?? own }))
      .sort((a, b) => a.name.localeCompare(b.name, language));
  }, [library, language]);
  const states = useMemo(() => (library ? Object.entries(library.states(place.country, lang)) : []), [library, place.country, lang]);
  const yearNumber = /^\d{4}$/.test(year) ? Number(year) : undefined;
  const candidates: HolidayCandidate[] = useMemo(() => {
    if (!library || yearNumber === undefined) return [];
    try {
      return holidayCandidates(library.holidays(yearNumber, place, lang));
    } catch {
      return [];
    }
  }, [library, yearNumber, place.country, place.state, lang]);
  useEffect(() => setTicks({}), [candidates]);

  const present = new Set([...calendar.holidays.map((h) => h.date), ...calendar.specialDays.map((d) => d.date)]);
  const reviewed = candidates.map((c, i) => ({ ...c, ticked: ticks[i] ?? c.ticked, listed: c.dates.every((d) => present.has(d)) }));
  const result = withImportedHolidays(calendar, reviewed);

  return (
    <section class="holiday-import" data-testid={`${id}`} aria-labelledby={`${id}-title`}>
      <h4 class="sla-subtitle" id={`${id}-title`}>
        {ts('sla.import.title')}
      </h4>
      <p class="muted field-note">{ts('sla.import.intro')}</p>
      {failure ? (
        <div class="notice" role="alert" data-testid={`${id}-failed`}>
          <p>{ts('sla.import.loadFailed')}</p>
          <div class="notice-actions">
            <button type="button" class="button button-primary" onClick={load}>
              {ts('sla.import.retry')}
            </button>
          </div>
          <ErrorBanner error={failure} />
        </div>
      ) : !library ? (
        <p class="muted" role="status" data-testid={`${id}-loading`}>
          {ts('sla.import.loading')}
        </p>
      ) : (
        <>
          <div class="import-pickers">
            <div class="row-field">
              <label class="row-field-label" for={`${id}-country`}>
                {ts('sla.import.country')}
              </label>
              <select id={`${id}-country`} data-testid={`${id}-country`} value={place.country} onChange={(e) => setPlace({ country: e.currentTarget.value })}>
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name} ({c.code})
                  </option>
                ))}
              </select>
            </div>
            {states.length ? (
              <div class="row-field">
                <label class="row-field-label" for={`${id}-state`}>
                  {ts('sla.import.state')}
                </label>
                <select
                  id={`${id}-state`}
                  data-testid={`${id}-state`}
                  value={place.state ?? ''}
                  onChange={(e) => setPlace({ country: place.country, ...(e.currentTarget.value ? { state: e.currentTarget.value } : {}) })}
                >
                  <option value="">{ts('sla.import.wholeCountry')}</option>
                  {states.map(([code, name]) => (
                    <option key={code} value={code}>
                      {name}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <div class="row-field import-year">
              <label class="row-field-label" for={`${id}-year`}>
                {ts('sla.import.year')}
              </label>
              <input id={`${id}-year`} data-testid={`${id}-year`} type="number" min={1970} max={2100} step={1} value={year} onInput={(e) => setYear(e.currentTarget.value)} />
            </div>
          </div>
          {reviewed.length === 0 ? (
            <p class="muted" data-testid={`${id}-none`}>
              {ts('sla.import.none')}
            </p>
          ) : (
            <ul class="import-list" data-testid={`${id}-list`}>
              {reviewed.map((c, i) => (
                <li key={`${c.dates[0]}-${i}`} class="import-item" data-testid="import-holiday" data-date={c.dates[0]}>
                  <label class="check-label">
                    <input type="checkbox" checked={c.ticked && !c.listed} disabled={c.listed} onChange={(e) => setTicks({ ...ticks, [i]: e.currentTarget.checked })} />
                    <span class="import-date">{daysText(c.dates, language)}</span>
                    <span class="import-name">{c.name}</span>
                    {c.partDay ? <span class="tag">{ts('sla.import.partDay')}</span> : null}
                    {c.type !== 'public' ? <span class="tag">{ts(c.type === 'bank' ? 'sla.import.type.bank' : 'sla.import.type.optional')}</span> : null}
                    {c.listed ? <span class="muted import-note">{ts('sla.import.listed')}</span> : null}
                  </label>
                </li>
              ))}
            </ul>
          )}
          <div class="import-actions">
            <button type="button" class="button button-quiet" data-testid={`${id}-cancel`} onClick={onClose}>
              {ts('sla.import.cancel')}
            </button>
            <button type="button" class="button button-primary" data-testid={`${id}-add`} disabled={result.added === 0} onClick={() => onImport(result.holidays, place, result.added)}>
              {ts('sla.import.add', { count: result.added })}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** "Fri, Feb 5" or "Fri, Feb 5 – Sun, Feb 7": calendar dates, never shifted by a zone. */
function daysText(dates: string[], language: string): string {
  const format = new Intl.DateTimeFormat(language, { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const day = (date: string) => format.format(new Date(`${date}T00:00:00Z`));
  return dates.length > 1 ? `${day(dates[0]!)} – ${day(dates.at(-1)!)}` : day(dates[0]!);
}
