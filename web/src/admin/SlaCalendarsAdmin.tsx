import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SlaCalendar } from '../api/directory.ts';
import { labelIn } from '../api/directory.ts';
import { useDirectory } from '../data/directory.ts';
import { useI18n } from '../i18n/context.tsx';
import { userTimeZone } from '../i18n/format.ts';
import { EditorFrame, IdInput, LabelInputs, RemoveButton, RowField, RowProblems, checkIdAndName, cleanLabel, useAutoIds } from './AdminShared.tsx';
import type { Row, RowProblem } from './directory-editor.ts';
import { mergeProblems, slugFrom, useDirectoryEditor } from './directory-editor.ts';
import { HolidayImport } from './HolidayImport.tsx';
import { HoursList, useProblemsText } from './SlaInputs.tsx';
import type { Weekday } from './sla-editor.ts';
import { PRESETS, WEEKDAYS, asRowProblem, byDate, calendarProblems, calendarsStillUsed, cleanCalendarDays, placeProblems, weekdayOf } from './sla-editor.ts';
import { useSlaText } from './sla-text.ts';

/** Every zone the browser knows, plus the one a calendar already has if the browser lacks it. */
function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}

function newCalendar(): SlaCalendar {
  return { id: '', name: { en: '' }, timeZone: userTimeZone(), week: PRESETS.office(), holidays: [], specialDays: [] };
}

/** Business calendars: working hours per weekday in a zone, holidays and days with other hours. */
export function SlaCalendarsAdmin() {
  const { t, language } = useI18n();
  const ts = useSlaText();
  const auto = useAutoIds();
  const policiesDoc = useDirectory('sla-policies');
  const policies = policiesDoc.data?.items ?? [];
  const editor = useDirectoryEditor('sla-calendars', {
    clean: (c) => ({
      id: c.id.trim(),
      name: cleanLabel(c.name),
      timeZone: c.timeZone,
      ...cleanCalendarDays(c),
      ...(c.holidaySource ? { holidaySource: c.holidaySource } : {}),
    }),
    check: (rows) => {
      const out: Record<string, RowProblem[]> = {};
      for (const row of rows) {
        const found = calendarProblems(row.value).map(asRowProblem);
        if (found.length) out[row.key] = found;
      }
      return mergeProblems(checkIdAndName(rows), out);
    },
  });
  // Which calendar removals were refused here, by row: the policies that still use it.
  const [refusedRemoval, setRefusedRemoval] = useState<Record<string, string[]>>({});

  // Policies decide which calendars may go: read them as they are now (on opening, after a refusal).
  const refused = Object.keys(editor.problems).length + editor.listProblems.length;
  useEffect(() => policiesDoc.reload(), [refused > 0]);

  function remove(row: Row<SlaCalendar>) {
    const kept = editor.rows.filter((r) => r !== row && !r.isNew).map((r) => r.value.id);
    const users = row.isNew ? [] : calendarsStillUsed(kept, policies).filter((u) => u.calendarId === row.value.id);
    if (users.length) setRefusedRemoval({ ...refusedRemoval, [row.key]: users.map((u) => u.policyId) });
    else editor.remove(row.key);
  }

  return (
    <EditorFrame editor={editor} what={ts('sla.what.calendars')} addLabel={ts('sla.calendar.add')} testId="sla-calendars-editor" onAdd={() => editor.add(newCalendar())}>
      {editor.rows.length === 0 ? <p class="card empty-state muted">{ts('sla.calendar.none')}</p> : null}
      <ol class="admin-list">
        {editor.rows.map((row, index) => (
          <CalendarRow
            key={row.key}
            row={row}
            index={index}
            problems={editor.problems[row.key]}
            usedBy={refusedRemoval[row.key]}
            autoId={row.isNew && !auto.typed(row.key)}
            onIdTyped={() => auto.markTyped(row.key)}
            onChange={(change) => editor.update(row.key, change)}
            onRemove={() => remove(row)}
            policyName={(id) => labelIn(policies.find((p) => p.id === id)?.name, language) || id}
          />
        ))}
      </ol>
    </EditorFrame>
  );
}

function CalendarRow({
  row,
  index,
  problems,
  usedBy,
  autoId,
  onIdTyped,
  onChange,
  onRemove,
  policyName,
}: {
  row: Row<SlaCalendar>;
  index: number;
  problems: RowProblem[] | undefined;
  usedBy: string[] | undefined;
  autoId: boolean;
  onIdTyped(): void;
  onChange(change: (c: SlaCalendar) => SlaCalendar): void;
  onRemove(): void;
  policyName(id: string): string;
}) {
  const { t, language } = useI18n();
  const ts = useSlaText();
  const problemsText = useProblemsText();
  const [importing, setImporting] = useState(false);
  const [imported, setImported] = useState<number>();
  const cal = row.value;
  const id = `calendar-${index}`;
  const set = (change: Partial<SlaCalendar>) => onChange((c) => ({ ...c, ...change }));

  const anchors = [
    'id',
    'name.en',
    'name.zh-CN',
    'timeZone',
    'week',
    ...WEEKDAYS.flatMap((day) => [`week.${day}`, ...cal.week[day].map((_, i) => `week.${day}.${i}`)]),
    'holidays',
    ...cal.holidays.map((_, i) => `holidays.${i}`),
    'specialDays',
    ...cal.specialDays.flatMap((d, i) => [`specialDays.${i}`, `specialDays.${i}.hours`, ...d.hours.map((_, j) => `specialDays.${i}.hours.${j}`)]),
    'holidaySource',
  ];
  const placed = placeProblems(problems, anchors);
  const at = (anchor: string) => problemsText(placed.at(anchor));
  const zones = useMemo(() => timeZones(cal.timeZone), [cal.timeZone]);
  const sortDays = () => set({ holidays: byDate(cal.holidays), specialDays: byDate(cal.specialDays) });

  return (
    <li class="card admin-row sla-calendar" data-testid="calendar-row" data-row-key={row.key} data-calendar-id={cal.id} tabIndex={-1}>
      <div class="admin-row-head">
        <h3 class="admin-row-title">{labelIn(cal.name, language) || ts('sla.calendar.new')}</h3>
        <RemoveButton label={ts('sla.calendar.remove', { name: cal.name.en || cal.id || index + 1 })} onClick={onRemove} />
      </div>
      {usedBy?.length ? (
        <p class="notice sla-in-use" role="alert" data-testid={`${id}-in-use`}>
          {ts('sla.calendar.inUse', { policies: usedBy.map(policyName).join(t('list.separator')) })}
        </p>
      ) : null}
      <div class="admin-grid">
        <IdInput
          row={row}
          id={`${id}-id`}
          error={at('id')}
          onChange={(value) => {
            onIdTyped();
            set({ id: value });
          }}
        />
        <LabelInputs
          idPrefix={`${id}-name`}
          label={cal.name}
          enLabel={t('admin.nameEn')}
          zhLabel={t('admin.nameZh')}
          enError={at('name.en')}
          zhError={at('name.zh-CN')}
          onChange={(name) => set({ name, ...(autoId ? { id: slugFrom(name.en) } : {}) })}
        />
        <RowField id={`${id}-zone`} label={ts('sla.calendar.timeZone')} error={at('timeZone')}>
          <select id={`${id}-zone`} data-testid={`${id}-zone`} value={cal.timeZone} aria-invalid={at('timeZone') ? true : undefined} onChange={(e) => set({ timeZone: e.currentTarget.value })}>
            {zones.map((zone) => (
              <option key={zone} value={zone} translate={false}>
                {zone.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </RowField>
      </div>

      <fieldset class="sla-section" data-testid={`${id}-week`}>
        <legend class="sla-subtitle">{ts('sla.calendar.week')}</legend>
        <p class="muted field-note" data-testid={`${id}-zone-note`}>
          {ts('sla.calendar.wallTime', { zone: cal.timeZone, now: nowIn(cal.timeZone, language), yours: userTimeZone() })}
        </p>
        <div class="sla-presets">
          <span class="row-field-label">{ts('sla.preset.title')}</span>
          <button type="button" class="button button-quiet button-small" data-testid={`${id}-preset-office`} onClick={() => set({ week: PRESETS.office() })}>
            {ts('sla.preset.office')}
          </button>
          <button type="button" class="button button-quiet button-small" data-testid={`${id}-preset-always`} onClick={() => set({ week: PRESETS.always() })}>
            {ts('sla.preset.always')}
          </button>
        </div>
        {at('week') ? <p class="field-error" data-testid={`${id}-week-error`}>{at('week')}</p> : null}
        <ol class="week-grid">
          {WEEKDAYS.map((day: Weekday) => (
            <li key={day} class="week-day" data-testid={`${id}-day-${day}`}>
              <span class="week-day-name">{ts(`sla.day.${day}`)}</span>
              <div>
                <HoursList
                  id={`${id}-${day}`}
                  intervals={cal.week[day]}
                  closedLabel={ts('sla.hours.closed')}
                  problemsAt={(i) => placed.at(`week.${day}.${i}`)}
                  onChange={(intervals) => set({ week: { ...cal.week, [day]: intervals } })}
                />
                {at(`week.${day}`) ? <p class="field-error">{at(`week.${day}`)}</p> : null}
              </div>
            </li>
          ))}
        </ol>
      </fieldset>

      <fieldset class="sla-section" data-testid={`${id}-holidays`}>
        <legend class="sla-subtitle">{ts('sla.holidays.title', { count: cal.holidays.length })}</legend>
        <p class="muted field-note">
          {ts('sla.holidays.intro')}
          {cal.holidaySource ? ` ${ts('sla.holidays.source', { place: placeName(cal.holidaySource, language) })}` : ''}
        </p>
        {at('holidays') ? <p class="field-error">{at('holidays')}</p> : null}
        {cal.holidays.length ? (
          <ol class="day-rows">
            {cal.holidays.map((h, i) => {
              const error = at(`holidays.${i}`);
              const hid = `${id}-holiday-${i}`;
              const setHoliday = (change: Partial<SlaCalendar['holidays'][number]>) => set({ holidays: cal.holidays.map((x, j) => (j === i ? { ...x, ...change } : x)) });
              return (
                <li key={i} class={`day-row${error ? ' field-invalid' : ''}`} data-testid="holiday-row" data-date={h.date}>
                  <input type="date" aria-label={ts('sla.date')} data-testid={`${hid}-date`} value={h.date} aria-invalid={error ? true : undefined} onInput={(e) => setHoliday({ date: e.currentTarget.value })} onBlur={sortDays} />
                  <DayOfWeek date={h.date} />
                  <input type="text" aria-label={ts('sla.holidays.name')} placeholder={ts('sla.holidays.name')} data-testid={`${hid}-name`} maxLength={80} value={h.name} aria-invalid={error ? true : undefined} onInput={(e) => setHoliday({ name: e.currentTarget.value })} />
                  <RemoveButton label={ts('sla.holidays.remove', { date: h.date || i + 1 })} testId={`${hid}-remove`} onClick={() => set({ holidays: cal.holidays.filter((_, j) => j !== i) })} />
                  {error ? (
                    <p class="field-error day-row-error" data-testid={`${hid}-error`}>
                      {error}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ol>
        ) : null}
        {imported !== undefined ? (
          <p class="muted" role="status" data-testid={`${id}-imported`}>
            {ts('sla.import.done', { count: imported })}
          </p>
        ) : null}
        <div class="sla-actions">
          <button type="button" class="button button-quiet button-small" data-testid={`${id}-add-holiday`} onClick={() => set({ holidays: [...cal.holidays, { date: '', name: '' }] })}>
            + {ts('sla.holidays.add')}
          </button>
          <button type="button" class="button button-quiet button-small" data-testid={`${id}-import`} aria-expanded={importing} onClick={() => setImporting(!importing)}>
            {ts('sla.import.open')}
          </button>
        </div>
        {importing ? (
          <HolidayImport
            id={`${id}-import-panel`}
            calendar={cal}
            onClose={() => setImporting(false)}
            onImport={(holidays, holidaySource, added) => {
              set({ holidays, holidaySource });
              setImported(added);
              setImporting(false);
            }}
          />
        ) : null}
      </fieldset>

      <fieldset class="sla-section" data-testid={`${id}-special`}>
        <legend class="sla-subtitle">{ts('sla.special.title', { count: cal.specialDays.length })}</legend>
        <p class="muted field-note">{ts('sla.special.intro')}</p>
        {at('specialDays') ? <p class="field-error">{at('specialDays')}</p> : null}
        {cal.specialDays.length ? (
          <ol class="day-rows">
            {cal.specialDays.map((d, i) => {
              const error = at(`specialDays.${i}`);
              const sid = `${id}-special-${i}`;
              const setDay = (change: Partial<SlaCalendar['specialDays'][number]>) => set({ specialDays: cal.specialDays.map((x, j) => (j === i ? { ...x, ...change } : x)) });
              return (
                <li key={i} class={`day-row special-row${error ? ' field-invalid' : ''}`} data-testid="special-row" data-date={d.date}>
                  <input type="date" aria-label={ts('sla.date')} data-testid={`${sid}-date`} value={d.date} aria-invalid={error ? true : undefined} onInput={(e) => setDay({ date: e.currentTarget.value })} onBlur={sortDays} />
                  <DayOfWeek date={d.date} />
                  <input type="text" aria-label={ts('sla.special.name')} placeholder={ts('sla.special.name')} data-testid={`${sid}-name`} maxLength={80} value={d.name ?? ''} onInput={(e) => setDay({ name: e.currentTarget.value })} />
                  <RemoveButton label={ts('sla.special.remove', { date: d.date || i + 1 })} testId={`${sid}-remove`} onClick={() => set({ specialDays: cal.specialDays.filter((_, j) => j !== i) })} />
                  {error ? (
                    <p class="field-error day-row-error" data-testid={`${sid}-error`}>
                      {error}
                    </p>
                  ) : null}
                  <div class="special-hours">
                    <HoursList
                      id={`${sid}-hours`}
                      intervals={d.hours}
                      closedLabel={ts('sla.special.closed')}
                      problemsAt={(j) => placed.at(`specialDays.${i}.hours.${j}`)}
                      onChange={(hours) => setDay({ hours })}
                    />
                    {at(`specialDays.${i}.hours`) ? <p class="field-error">{at(`specialDays.${i}.hours`)}</p> : null}
                  </div>
                </li>
              );
            })}
          </ol>
        ) : null}
        <div class="sla-actions">
          <button
            type="button"
            class="button button-quiet button-small"
            data-testid={`${id}-add-special`}
            onClick={() => set({ specialDays: [...cal.specialDays, { date: '', hours: [...(cal.week.mon.length ? cal.week.mon : [{ start: '09:00', end: '17:00' }])], name: '' }] })}
          >
            + {ts('sla.special.add')}
          </button>
        </div>
      </fieldset>
      <RowProblems rowKey={row.key} problems={placed.rest} />
    </li>
  );
}

/** The weekday beside a date, so a make-up working Saturday is seen to be one. */
function DayOfWeek({ date }: { date: string }) {
  const ts = useSlaText();
  const day = weekdayOf(date);
  return <span class="day-weekday muted">{day ? ts(`sla.day.${day}`) : ''}</span>;
}

/** "China (CN)", "Germany (DE-BY)": where holidays were imported from, in the user's language. */
function placeName(place: NonNullable<SlaCalendar['holidaySource']>, language: string): string {
  const code = [place.country, place.state].filter(Boolean).join('-');
  try {
    const country = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }).of(place.country);
    return country ? `${country} (${code})` : code;
  } catch {
    return code;
  }
}

/** The calendar zone's wall clock now ("Tue 14:05"), so the admin sees whose hours these are. */
function nowIn(zone: string, language: string): string {
  try {
    return new Intl.DateTimeFormat(language, { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(new Date());
  } catch {
    return '—';
  }
}
