import { useEffect, useState } from 'preact/hooks';
import type { RowProblem } from './directory-editor.ts';
import { useProblemText } from './AdminShared.tsx';
import type { WorkingInterval } from './sla-editor.ts';
import { MAX_STRETCHES_A_DAY, isOvernight, minutesOfParts, normalizeTime, partsOfMinutes } from './sla-editor.ts';
import { useSlaText } from './sla-text.ts';

/** The problems' messages as one string, for RowField's error slot. */
export function useProblemsText() {
  const text = useProblemText();
  return (problems: RowProblem[]): string | undefined => (problems.length ? problems.map((p) => text(p.message)).join(' ') : undefined);
}

/**
 * Hours and minutes for a value stored as minutes. What the admin types is kept as typed while the
 * stored value follows it (empty → undefined, not a whole number → NaN, which the checks report),
 * so typing "90" in the minutes is not rewritten to "1 h 30" under their fingers.
 */
export function DurationInput({
  id,
  label,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: number | undefined;
  error?: string;
  onChange(minutes: number | undefined): void;
}) {
  const ts = useSlaText();
  const [draft, setDraft] = useState(() => partsOfMinutes(value));
  // Another change (a discard, a preset) replaces what was typed.
  useEffect(() => {
    const typed = minutesOfParts(draft.hours, draft.minutes);
    if (!(typed === value || (Number.isNaN(typed) && Number.isNaN(value)))) setDraft(partsOfMinutes(value));
  }, [value]);
  const change = (next: { hours: string; minutes: string }) => {
    setDraft(next);
    onChange(minutesOfParts(next.hours, next.minutes));
  };
  return (
    <div class={`row-field duration${error ? ' field-invalid' : ''}`} role="group" aria-labelledby={`${id}-label`}>
      <span class="row-field-label" id={`${id}-label`}>
        {label}
      </span>
      <div class="duration-inputs">
        <label class="duration-part">
          <input
            type="text"
            inputMode="numeric"
            data-testid={`${id}-hours`}
            maxLength={6}
            value={draft.hours}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onInput={(e) => change({ ...draft, hours: e.currentTarget.value })}
          />
          <span>{ts('sla.unit.hours')}</span>
        </label>
        <label class="duration-part">
          <input
            type="text"
            inputMode="numeric"
            data-testid={`${id}-minutes`}
            maxLength={6}
            value={draft.minutes}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onInput={(e) => change({ ...draft, minutes: e.currentTarget.value })}
          />
          <span>{ts('sla.unit.minutes')}</span>
        </label>
      </div>
      {error ? (
        <p class="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A day's stretches of working time, each `HH:MM – HH:MM`; 24:00 may end one, and an end at or
 * before the start is shown as running into the next day.
 */
export function HoursList({
  id,
  intervals,
  closedLabel,
  problemsAt,
  onChange,
}: {
  id: string;
  intervals: WorkingInterval[];
  closedLabel: string;
  /** Problems about the stretch at this index (its start, end or the stretch as a whole). */
  problemsAt(index: number): RowProblem[];
  onChange(intervals: WorkingInterval[]): void;
}) {
  const ts = useSlaText();
  const problemsText = useProblemsText();
  const set = (i: number, change: Partial<WorkingInterval>) => onChange(intervals.map((x, j) => (j === i ? { ...x, ...change } : x)));
  const tidy = (i: number, part: 'start' | 'end') => {
    const normal = normalizeTime(intervals[i]![part]);
    if (normal !== intervals[i]![part]) set(i, { [part]: normal });
  };
  return (
    <div class="hours-list" data-testid={id}>
      {intervals.length === 0 ? <span class="hours-closed muted">{closedLabel}</span> : null}
      {intervals.map((interval, i) => {
        const error = problemsText(problemsAt(i));
        const sid = `${id}-${i}`;
        return (
          <div key={i} class={`hours-item${error ? ' field-invalid' : ''}`} data-testid="hours-item">
            <div class="hours-inputs">
              <input
                type="text"
                class="time-input mono"
                inputMode="numeric"
                maxLength={5}
                placeholder="09:00"
                aria-label={ts('sla.hours.from')}
                data-testid={`${sid}-start`}
                value={interval.start}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${sid}-error` : undefined}
                onInput={(e) => set(i, { start: e.currentTarget.value })}
                onBlur={() => tidy(i, 'start')}
              />
              <span aria-hidden="true">–</span>
              <input
                type="text"
                class="time-input mono"
                inputMode="numeric"
                maxLength={5}
                placeholder="17:00"
                aria-label={ts('sla.hours.until')}
                data-testid={`${sid}-end`}
                value={interval.end}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${sid}-error` : isOvernight(interval) ? `${sid}-overnight` : undefined}
                onInput={(e) => set(i, { end: e.currentTarget.value })}
                onBlur={() => tidy(i, 'end')}
              />
              <button
                type="button"
                class="icon-button"
                data-testid={`${sid}-remove`}
                aria-label={ts('sla.hours.remove', { start: interval.start, end: interval.end })}
                title={ts('sla.hours.remove', { start: interval.start, end: interval.end })}
                onClick={() => onChange(intervals.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </div>
            {isOvernight(interval) ? (
              <span class="hours-overnight" id={`${sid}-overnight`} data-testid={`${sid}-overnight`}>
                {ts('sla.hours.overnight', { end: interval.end })}
              </span>
            ) : null}
            {error ? (
              <p class="field-error" id={`${sid}-error`} data-testid={`${sid}-error`}>
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
      {intervals.length < MAX_STRETCHES_A_DAY ? (
        <button
          type="button"
          class="button button-quiet button-small hours-add"
          data-testid={`${id}-add`}
          onClick={() => {
            // A first stretch of office hours; a further one after the last, to be adjusted.
            const last = intervals.at(-1);
            const next = !last ? { start: '09:00', end: '17:00' } : last.end !== '24:00' ? { start: last.end, end: '24:00' } : { start: '', end: '' };
            onChange([...intervals, next]);
          }}
        >
          + {ts('sla.hours.add')}
        </button>
      ) : null}
    </div>
  );
}
