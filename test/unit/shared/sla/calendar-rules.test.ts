// Proves calendarProblems reports the calendar mistakes the schema cannot see (zone, 24:00 starts, empty and overlapping stretches, empty weeks, doubled dates) at the right paths.
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { calendarProblems } from '#shared/sla/calendar-rules.ts';
import { slaCalendarSchema, type SlaCalendar, type Weekday, type WorkingInterval } from '#shared/sla/sla-config.ts';

const span = (start: string, end: string): WorkingInterval => ({ start, end });
const nineToFive = [span('09:00', '17:00')];

/** A schema-valid calendar (Mon–Fri 09:00–17:00 unless told otherwise), so only the cross-field rules can object. */
function calendar(overrides: { timeZone?: string; week?: Partial<Record<Weekday, WorkingInterval[]>>; holidays?: SlaCalendar['holidays']; specialDays?: SlaCalendar['specialDays'] } = {}): SlaCalendar {
  return z.parse(slaCalendarSchema, {
    id: 'office',
    name: { en: 'Office' },
    timeZone: overrides.timeZone ?? 'Europe/Berlin',
    week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [], ...overrides.week },
    holidays: overrides.holidays ?? [],
    specialDays: overrides.specialDays ?? [],
  });
}
const paths = (cal: SlaCalendar, index = 0) => calendarProblems(cal, index).map((p) => p.path);

describe('calendarProblems', () => {
  it('accepts an ordinary office calendar, a 24/7 one and touching stretches', () => {
    expect(calendarProblems(calendar(), 0)).toEqual([]);
    const allDay = [span('00:00', '24:00')];
    expect(calendarProblems(calendar({ week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } }), 0)).toEqual([]);
    expect(calendarProblems(calendar({ week: { mon: [span('09:00', '12:00'), span('12:00', '17:00')], fri: [span('22:00', '06:00')], sat: [span('06:00', '10:00')] } }), 0)).toEqual([]);
  });

  it('refuses a time zone Intl does not know, at the calendar’s index', () => {
    expect(calendarProblems(calendar({ timeZone: 'Mars/Olympus_Mons' }), 2)).toEqual([{ path: 'items.2.timeZone', message: 'Unknown time zone Mars/Olympus_Mons' }]);
    expect(paths(calendar({ timeZone: 'Asia/Shanghai' }))).toEqual([]);
  });

  it('refuses 24:00 as a start and a stretch that ends when it starts', () => {
    expect(paths(calendar({ week: { mon: [span('09:00', '17:00'), span('24:00', '02:00')] } }))).toEqual(['items.0.week.mon.1.start']);
    expect(paths(calendar({ week: { tue: [span('09:00', '09:00')] } }))).toEqual(['items.0.week.tue.0.end']);
  });

  it('refuses stretches of one day that overlap, overnight ones included', () => {
    const problems = calendarProblems(calendar({ week: { mon: [span('09:00', '12:00'), span('11:00', '13:00')] } }), 0);
    expect(problems).toEqual([{ path: 'items.0.week.mon.1.start', message: 'Overlaps 09:00–12:00 on the same day' }]);
    expect(paths(calendar({ week: { tue: [span('20:00', '02:00'), span('21:00', '23:00')] } }))).toEqual(['items.0.week.tue.1.start']);
  });

  it('refuses an overnight shift that runs into the next day’s first stretch, Sunday into Monday too', () => {
    expect(calendarProblems(calendar({ week: { fri: [span('22:00', '06:00')], sat: [span('05:00', '09:00')] } }), 0)).toEqual([
      { path: 'items.0.week.fri.0.end', message: "Runs into Saturday's stretch 05:00–09:00" },
    ]);
    expect(calendarProblems(calendar({ week: { sun: [span('22:00', '10:00')] } }), 1)).toEqual([
      { path: 'items.1.week.sun.0.end', message: "Runs into Monday's stretch 09:00–17:00" },
    ]);
  });

  it('refuses a week without working hours', () => {
    const closed: WorkingInterval[] = [];
    const empty = calendar({ week: { mon: closed, tue: closed, wed: closed, thu: closed, fri: closed } });
    expect(calendarProblems(empty, 0)).toEqual([{ path: 'items.0.week', message: 'The calendar has no working hours' }]);
  });

  it('refuses a date listed twice across holidays and special days, and dates that do not exist', () => {
    const cal = calendar({
      holidays: [
        { date: '2026-10-01', name: 'National Day' },
        { date: '2026-10-01', name: 'National Day again' },
        { date: '2026-02-30', name: 'Nowhere' },
      ],
      specialDays: [{ date: '2026-10-01', hours: [] }],
    });
    expect(calendarProblems(cal, 0)).toEqual([
      { path: 'items.0.holidays.1.date', message: '2026-10-01 is already listed as a holiday' },
      { path: 'items.0.holidays.2.date', message: '2026-02-30 is not a date in the calendar' },
      { path: 'items.0.specialDays.0.date', message: '2026-10-01 is already listed as a holiday' },
    ]);
  });

  it('checks a special day’s hours on their own and against the dates around it', () => {
    // 2026-10-10 is a Saturday: its night shift runs into Sunday 2026-10-11's 07:00–12:00.
    const intoSunday = calendar({ week: { sun: [span('07:00', '12:00')] }, specialDays: [{ date: '2026-10-10', hours: [span('20:00', '08:00')] }] });
    expect(calendarProblems(intoSunday, 0)).toEqual([{ path: 'items.0.specialDays.0.hours.0.end', message: "Runs into 2026-10-11's stretch 07:00–12:00" }]);
    // Friday 2026-10-09's night shift runs into the make-up Saturday's 05:00 start.
    const fromFriday = calendar({ week: { fri: [span('22:00', '06:00')] }, specialDays: [{ date: '2026-10-10', hours: [span('05:00', '09:00')] }] });
    expect(calendarProblems(fromFriday, 0)).toEqual([
      { path: 'items.0.specialDays.0.date', message: 'The overnight stretch 22:00–06:00 of 2026-10-09 runs into 05:00–09:00' },
    ]);
    const overlapping = calendar({ specialDays: [{ date: '2026-12-24', hours: [span('09:00', '12:00'), span('10:00', '11:00'), span('24:00', '01:00')] }] });
    expect(paths(overlapping)).toEqual(['items.0.specialDays.0.hours.2.start', 'items.0.specialDays.0.hours.1.start']);
  });
});
