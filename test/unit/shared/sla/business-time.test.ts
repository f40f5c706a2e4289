// Proves SLA business-time arithmetic exact on hand-checked instants (DST, local holidays, overnight shifts, pauses) and its laws on random calendars.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessTimeBetween,
  isWorkingTime,
  NoWorkingTimeError,
  workingIntervals,
  type CalendarHours,
  type Interval,
} from '#shared/sla/business-time.ts';
import type { Weekday, WorkingInterval } from '#shared/sla/sla-config.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

/** Every expected instant below is written by hand with its local offset. */
const at = (iso: string): number => Date.parse(iso);
const utc = (instant: number): string => new Date(instant).toISOString();
const span = (start: string, end: string): WorkingInterval => ({ start, end });
const closed: WorkingInterval[] = [];

function calendar(timeZone: string, week: Partial<Record<Weekday, WorkingInterval[]>>, extra: Partial<CalendarHours> = {}): CalendarHours {
  return {
    timeZone,
    week: { mon: closed, tue: closed, wed: closed, thu: closed, fri: closed, sat: closed, sun: closed, ...week },
    holidays: [],
    specialDays: [],
    ...extra,
  };
}
const weekdays = (...hours: WorkingInterval[]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });
const everyDay = (...hours: WorkingInterval[]) => ({ ...weekdays(...hours), sat: hours, sun: hours });
const holiday = (date: string) => ({ date, name: date });

/** Asserts `addBusinessTime` lands on the hand-computed instant (compared as UTC ISO strings for readable failures). */
function expectDeadline(cal: CalendarHours, start: string, durationMs: number, expected: string, pauses?: Interval[]): void {
  expect(utc(addBusinessTime(cal, at(start), durationMs, pauses))).toBe(utc(at(expected)));
}
const intervalsAsIso = (list: Interval[]) => list.map((i) => [utc(i.start), utc(i.end)]);

const berlinOffice = calendar('Europe/Berlin', weekdays(span('09:00', '17:00')));

describe('addBusinessTime on a Mon–Fri 09:00–17:00 calendar (Europe/Berlin, CET in January)', () => {
  it('carries what Friday cannot hold over the weekend: Fri 15:00 + 4 h → Mon 11:00', () => {
    // 2026-01-16 is a Friday: 2 h until 17:00, then 2 h from Monday 2026-01-19 09:00.
    expectDeadline(berlinOffice, '2026-01-16T15:00:00+01:00', 4 * HOUR, '2026-01-19T11:00:00+01:00');
  });

  it('starts counting at the next opening when started outside working time', () => {
    expectDeadline(berlinOffice, '2026-01-17T10:00:00+01:00', HOUR, '2026-01-19T10:00:00+01:00'); // Saturday
    expectDeadline(berlinOffice, '2026-01-19T07:00:00+01:00', HOUR, '2026-01-19T10:00:00+01:00'); // Monday before opening
    expectDeadline(berlinOffice, '2026-01-19T17:00:00+01:00', HOUR, '2026-01-20T10:00:00+01:00'); // exactly at closing
  });

  it('returns the start itself for a zero or negative duration, even outside working time', () => {
    expect(addBusinessTime(berlinOffice, at('2026-01-17T10:00:00+01:00'), 0)).toBe(at('2026-01-17T10:00:00+01:00'));
    expect(addBusinessTime(berlinOffice, at('2026-01-19T10:00:00+01:00'), -HOUR)).toBe(at('2026-01-19T10:00:00+01:00'));
  });

  it('ends a deadline that uses up a day exactly at closing time, not at the next opening', () => {
    expectDeadline(berlinOffice, '2026-01-19T09:00:00+01:00', 8 * HOUR, '2026-01-19T17:00:00+01:00');
  });

  it('crosses the year end over a New Year holiday: Thu 2026-12-31 17:00 + 1 h → Mon 2027-01-04 10:00', () => {
    // 2027-01-01 is a Friday (2026-01-01 was a Thursday and 2026 has 365 days), so Monday is 2027-01-04.
    const cal = { ...berlinOffice, holidays: [holiday('2027-01-01')] };
    expectDeadline(cal, '2026-12-31T17:00:00+01:00', HOUR, '2027-01-04T10:00:00+01:00');
  });
});

describe('calendar shapes', () => {
  it('skips the closed days of a Mon/Wed/Fri calendar (America/New_York, EST)', () => {
    const cal = calendar('America/New_York', { mon: [span('10:00', '14:00')], wed: [span('10:00', '14:00')], fri: [span('10:00', '14:00')] });
    // Mon 2026-01-12 13:00: 1 h on Monday, 4 h on Wednesday the 14th, 1 h on Friday the 16th.
    expectDeadline(cal, '2026-01-12T13:00:00-05:00', 6 * HOUR, '2026-01-16T11:00:00-05:00');
  });

  it('leaves the lunch break out of split days (09:00–12:00 and 13:00–18:00)', () => {
    const cal = calendar('Europe/Berlin', weekdays(span('09:00', '12:00'), span('13:00', '18:00')));
    expectDeadline(cal, '2026-01-13T11:00:00+01:00', 2 * HOUR, '2026-01-13T14:00:00+01:00');
    expectDeadline(cal, '2026-01-13T10:00:00+01:00', 2 * HOUR, '2026-01-13T12:00:00+01:00');
    expect(businessTimeBetween(cal, at('2026-01-13T00:00:00+01:00'), at('2026-01-14T00:00:00+01:00'))).toBe(8 * HOUR);
    expect(isWorkingTime(cal, at('2026-01-13T11:59:59.999+01:00'))).toBe(true);
    expect(isWorkingTime(cal, at('2026-01-13T12:00:00+01:00'))).toBe(false);
    expect(isWorkingTime(cal, at('2026-01-13T13:00:00+01:00'))).toBe(true);
  });

  it('joins 00:00–24:00 days into one stretch and counts the whole day', () => {
    const cal = calendar('Europe/Berlin', weekdays(span('00:00', '24:00')));
    expect(intervalsAsIso(workingIntervals(cal, at('2026-01-12T00:00:00+01:00'), at('2026-01-19T00:00:00+01:00')))).toEqual([
      [utc(at('2026-01-12T00:00:00+01:00')), utc(at('2026-01-17T00:00:00+01:00'))],
    ]);
    // Friday 23:00 + 2 h: the last hour of Friday, then Monday's first hour.
    expectDeadline(cal, '2026-01-16T23:00:00+01:00', 2 * HOUR, '2026-01-19T01:00:00+01:00');
  });

  it('gives a make-up working Saturday (a special day) its hours', () => {
    const cal = calendar('Asia/Shanghai', weekdays(span('09:00', '18:00')), {
      specialDays: [{ date: '2026-10-10', hours: [span('09:00', '18:00')], name: 'Make-up working day' }],
    });
    // Fri 2026-10-09 17:00 + 3 h: 1 h on Friday, 2 h on Saturday the 10th.
    expectDeadline(cal, '2026-10-09T17:00:00+08:00', 3 * HOUR, '2026-10-10T11:00:00+08:00');
  });

  it('gives a special day its own hours instead of the weekday’s (a half day on Christmas Eve)', () => {
    const cal = { ...berlinOffice, specialDays: [{ date: '2026-12-24', hours: [span('09:00', '12:00')] }] };
    // Thu 2026-12-24 11:00 + 2 h: 1 h until 12:00, then Friday the 25th 09:00–10:00.
    expectDeadline(cal, '2026-12-24T11:00:00+01:00', 2 * HOUR, '2026-12-25T10:00:00+01:00');
  });

  it('lets a special day win over a holiday on the same date', () => {
    const cal = { ...berlinOffice, holidays: [holiday('2026-01-14')], specialDays: [{ date: '2026-01-14', hours: [span('10:00', '11:00')] }] };
    expect(businessTimeBetween(cal, at('2026-01-14T00:00:00+01:00'), at('2026-01-15T00:00:00+01:00'))).toBe(HOUR);
  });
});

describe('holidays are local days', () => {
  // China's National Day holidays, 2026-10-01 (Thursday) to 2026-10-07 (Wednesday).
  const nationalDays = ['01', '02', '03', '04', '05', '06', '07'].map((d) => holiday(`2026-10-${d}`));

  it('moves a deadline set on the afternoon of 2026-09-30 to 2026-10-08 (Asia/Shanghai)', () => {
    const cal = calendar('Asia/Shanghai', weekdays(span('09:00', '18:00')), { holidays: nationalDays });
    // Wed 16:00 + 4 h: 2 h until 18:00, then Thursday 2026-10-08 09:00–11:00.
    expectDeadline(cal, '2026-09-30T16:00:00+08:00', 4 * HOUR, '2026-10-08T11:00:00+08:00');
  });

  it('covers 2026-10-01 in Shanghai from 2026-09-30T16:00Z to 2026-10-01T16:00Z, not the UTC day', () => {
    const cal = calendar('Asia/Shanghai', everyDay(span('00:00', '24:00')), { holidays: [holiday('2026-10-01')] });
    expect(intervalsAsIso(workingIntervals(cal, at('2026-09-30T12:00:00Z'), at('2026-10-02T00:00:00Z')))).toEqual([
      ['2026-09-30T12:00:00.000Z', '2026-09-30T16:00:00.000Z'],
      ['2026-10-01T16:00:00.000Z', '2026-10-02T00:00:00.000Z'],
    ]);
    expect(isWorkingTime(cal, at('2026-09-30T23:59:59.999+08:00'))).toBe(true);
    expect(isWorkingTime(cal, at('2026-10-01T00:00:00+08:00'))).toBe(false);
    expect(isWorkingTime(cal, at('2026-10-01T23:59:59.999+08:00'))).toBe(false);
    expect(isWorkingTime(cal, at('2026-10-02T00:00:00+08:00'))).toBe(true);
  });
});

describe('overnight shifts belong to the day they start on', () => {
  const fridayNight = calendar('Europe/Berlin', { fri: [span('22:00', '06:00')] });

  it('counts a Friday 22:00–06:00 shift in full although Saturday is a holiday', () => {
    const cal = { ...fridayNight, holidays: [holiday('2026-01-17')] };
    expect(businessTimeBetween(cal, at('2026-01-16T00:00:00+01:00'), at('2026-01-19T00:00:00+01:00'))).toBe(8 * HOUR);
    expectDeadline(cal, '2026-01-16T21:00:00+01:00', 8 * HOUR, '2026-01-17T06:00:00+01:00');
  });

  it('drops the whole shift when Friday is the holiday', () => {
    const cal = { ...fridayNight, holidays: [holiday('2026-01-16')] };
    expect(businessTimeBetween(cal, at('2026-01-16T00:00:00+01:00'), at('2026-01-19T00:00:00+01:00'))).toBe(0);
  });

  it('includes a shift that began before the window, clipped to it', () => {
    expect(intervalsAsIso(workingIntervals(fridayNight, at('2026-01-17T03:00:00+01:00'), at('2026-01-18T00:00:00+01:00')))).toEqual([
      [utc(at('2026-01-17T03:00:00+01:00')), utc(at('2026-01-17T06:00:00+01:00'))],
    ]);
  });

  it('merges a Sunday night shift with Monday’s first stretch', () => {
    const cal = calendar('Europe/Berlin', { sun: [span('22:00', '06:00')], mon: [span('06:00', '10:00')] });
    expect(intervalsAsIso(workingIntervals(cal, at('2026-01-18T00:00:00+01:00'), at('2026-01-20T00:00:00+01:00')))).toEqual([
      [utc(at('2026-01-18T22:00:00+01:00')), utc(at('2026-01-19T10:00:00+01:00'))],
    ]);
  });
});

describe('daylight saving time: business time is real elapsed time', () => {
  const allDay = (timeZone: string) => calendar(timeZone, everyDay(span('00:00', '24:00')));
  const nightShift = (timeZone: string) => calendar(timeZone, { sat: [span('22:00', '06:00')] });
  const hoursBetween = (cal: CalendarHours, from: string, to: string) => businessTimeBetween(cal, at(from), at(to)) / HOUR;

  it('gives a 24/7 calendar 23-hour and 25-hour days in Europe/Berlin (2026-03-29, 2026-10-25)', () => {
    const cal = allDay('Europe/Berlin');
    expect(hoursBetween(cal, '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00')).toBe(23);
    expect(hoursBetween(cal, '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00')).toBe(25);
    // Saturday 12:00 CET + 24 h of real time is Sunday 13:00 CEST.
    expectDeadline(cal, '2026-03-28T12:00:00+01:00', 24 * HOUR, '2026-03-29T13:00:00+02:00');
    expectDeadline(cal, '2026-10-24T12:00:00+02:00', 24 * HOUR, '2026-10-25T11:00:00+01:00');
  });

  it('gives a 24/7 calendar 23-hour and 25-hour days in America/New_York (2026-03-08, 2026-11-01)', () => {
    const cal = allDay('America/New_York');
    expect(hoursBetween(cal, '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00')).toBe(23);
    expect(hoursBetween(cal, '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00')).toBe(25);
  });

  it('makes a Saturday 22:00–06:00 shift 7 hours in spring and 9 hours in autumn', () => {
    const berlin = nightShift('Europe/Berlin');
    expect(intervalsAsIso(workingIntervals(berlin, at('2026-03-28T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00')))).toEqual([
      [utc(at('2026-03-28T22:00:00+01:00')), utc(at('2026-03-29T06:00:00+02:00'))],
    ]);
    expect(hoursBetween(berlin, '2026-03-28T00:00:00+01:00', '2026-03-30T00:00:00+02:00')).toBe(7);
    expect(hoursBetween(berlin, '2026-10-24T00:00:00+02:00', '2026-10-26T00:00:00+01:00')).toBe(9);
    // 8 business hours from Saturday 22:00 CEST (20:00Z) end at 04:00Z = 05:00 CET.
    expectDeadline(berlin, '2026-10-24T22:00:00+02:00', 8 * HOUR, '2026-10-25T05:00:00+01:00');

    const newYork = nightShift('America/New_York');
    expect(hoursBetween(newYork, '2026-03-07T00:00:00-05:00', '2026-03-09T00:00:00-04:00')).toBe(7);
    expect(hoursBetween(newYork, '2026-10-31T00:00:00-04:00', '2026-11-02T00:00:00-05:00')).toBe(9);
    expectDeadline(newYork, '2026-03-07T22:00:00-05:00', 7 * HOUR, '2026-03-08T06:00:00-04:00');
  });

  it('maps a local time in the spring-forward gap to the end of the gap', () => {
    // 02:30 does not exist in Berlin on 2026-03-29: the stretch starts at 03:00 CEST.
    const cal = calendar('Europe/Berlin', { sun: [span('02:30', '04:00')] });
    expect(intervalsAsIso(workingIntervals(cal, at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00')))).toEqual([
      [utc(at('2026-03-29T03:00:00+02:00')), utc(at('2026-03-29T04:00:00+02:00'))],
    ]);
    // 02:00–03:00 on 2026-03-08 in New York lies wholly in the gap: no working time at all.
    const vanished = calendar('America/New_York', { sun: [span('02:00', '03:00')] });
    expect(workingIntervals(vanished, at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'))).toEqual([]);
  });

  it('maps an ambiguous local time of the fall-back night to its earlier instant', () => {
    // 02:30 happens twice in Berlin on 2026-10-25; the first (CEST) is taken, so 02:30–03:00 lasts 1.5 h.
    const cal = calendar('Europe/Berlin', { sun: [span('02:30', '03:00')] });
    expect(intervalsAsIso(workingIntervals(cal, at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00')))).toEqual([
      [utc(at('2026-10-25T02:30:00+02:00')), utc(at('2026-10-25T03:00:00+01:00'))],
    ]);
  });

  it('handles the 30-minute DST of Australia/Lord_Howe (2026-10-04 is 23.5 h, 2026-04-05 is 24.5 h)', () => {
    const cal = allDay('Australia/Lord_Howe');
    expect(hoursBetween(cal, '2026-10-04T00:00:00+10:30', '2026-10-05T00:00:00+11:00')).toBe(23.5);
    expect(hoursBetween(cal, '2026-04-05T00:00:00+11:00', '2026-04-06T00:00:00+10:30')).toBe(24.5);
  });

  it('starts a day at 01:00 when its midnight was skipped (America/Sao_Paulo, 2018-11-04)', () => {
    const cal = calendar('America/Sao_Paulo', { sun: [span('00:00', '24:00')] });
    expect(intervalsAsIso(workingIntervals(cal, at('2018-11-03T00:00:00-03:00'), at('2018-11-06T00:00:00-02:00')))).toEqual([
      [utc(at('2018-11-04T01:00:00-02:00')), utc(at('2018-11-05T00:00:00-02:00'))],
    ]);
  });
});

describe('pauses', () => {
  const withHoliday = { ...berlinOffice, holidays: [holiday('2026-01-14')] };

  it('delays the deadline only by the business time inside a pause that spans a holiday', () => {
    // Tue 09:00 + 16 h: Tuesday, then Thursday (Wednesday is a holiday) → Thu 17:00.
    expectDeadline(withHoliday, '2026-01-13T09:00:00+01:00', 16 * HOUR, '2026-01-15T17:00:00+01:00');
    // Paused Tue 15:00 – Thu 11:00: 2 h of Tuesday and 2 h of Thursday are lost → Friday 13:00.
    const pauses = [{ start: at('2026-01-13T15:00:00+01:00'), end: at('2026-01-15T11:00:00+01:00') }];
    expectDeadline(withHoliday, '2026-01-13T09:00:00+01:00', 16 * HOUR, '2026-01-16T13:00:00+01:00', pauses);
    expect(businessTimeBetween(withHoliday, at('2026-01-13T09:00:00+01:00'), at('2026-01-16T13:00:00+01:00'), pauses)).toBe(16 * HOUR);
  });

  it('ignores pauses outside working time and counts overlapping pauses once', () => {
    const pauses = [
      { start: at('2026-01-17T00:00:00+01:00'), end: at('2026-01-19T00:00:00+01:00') },
      { start: at('2026-01-19T09:30:00+01:00'), end: at('2026-01-19T10:30:00+01:00') },
      { start: at('2026-01-19T10:00:00+01:00'), end: at('2026-01-19T11:00:00+01:00') },
    ];
    expectDeadline(berlinOffice, '2026-01-16T16:00:00+01:00', 2 * HOUR, '2026-01-19T11:30:00+01:00', pauses);
  });

  it('never ends a deadline inside a pause: one starting at the deadline pushes it past', () => {
    const pauses = [{ start: at('2026-01-19T10:00:00+01:00'), end: at('2026-01-19T12:00:00+01:00') }];
    expectDeadline(berlinOffice, '2026-01-19T09:00:00+01:00', HOUR, '2026-01-19T10:00:00+01:00', pauses);
    expectDeadline(berlinOffice, '2026-01-19T09:00:00+01:00', HOUR + 1, '2026-01-19T12:00:00.001+01:00', pauses);
  });
});

describe('calendars without working time', () => {
  it('throws NoWorkingTimeError when the week has no hours', () => {
    const empty = calendar('Europe/Berlin', {});
    expect(() => addBusinessTime(empty, at('2026-01-16T15:00:00+01:00'), HOUR)).toThrow(NoWorkingTimeError);
    expect(() => addBusinessTime(empty, at('2026-01-16T15:00:00+01:00'), HOUR)).toThrow(/no working time within 10 years/);
  });

  it('throws NoWorkingTimeError when a pause never ends', () => {
    const forever = [{ start: at('2026-01-16T12:00:00+01:00'), end: Number.POSITIVE_INFINITY }];
    expect(() => addBusinessTime(berlinOffice, at('2026-01-16T15:00:00+01:00'), HOUR, forever)).toThrow(NoWorkingTimeError);
  });

  it('refuses non-finite inputs instead of looping', () => {
    expect(() => addBusinessTime(berlinOffice, Number.NaN, HOUR)).toThrow(RangeError);
    expect(() => addBusinessTime(berlinOffice, 0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('speed', () => {
  it('adds a year of business minutes (525,600) on a 9–17 calendar well within 50 ms', () => {
    addBusinessTime(berlinOffice, at('2030-01-07T09:00:00+01:00'), HOUR); // the zone's Intl data is loaded once per process
    const began = performance.now();
    const due = addBusinessTime(berlinOffice, at('2026-01-16T15:00:00+01:00'), 525_600 * MINUTE);
    const took = performance.now() - began;
    // 8,760 h: 2 h on Friday, 218 weeks of 40 h from Monday 2026-01-19 (1,526 days → Monday 2030-03-25),
    // then 38 h: Monday to Thursday and 6 h of Friday 2030-03-29, still CET (DST starts 2030-03-31).
    expect(utc(due)).toBe(utc(at('2030-03-29T15:00:00+01:00')));
    expect(took).toBeLessThan(50);
  });
});

// ---------------------------------------------------------------------------------------------
// Laws over generated calendars

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Shanghai', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'UTC'];
/** Local dates where clocks change or a year turns (Sao Paulo still had DST in 2018/19). */
const AROUND = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01', '2026-12-31', '2018-11-04', '2019-02-17'];

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const minuteOfDay = fc.oneof(fc.integer({ min: 0, max: 95 }).map((q) => q * 15), fc.integer({ min: 0, max: 1439 }));
const stretch = fc
  .tuple(minuteOfDay, minuteOfDay, fc.boolean())
  .map(([start, end, endsAtMidnight]) => span(hhmm(start), endsAtMidnight && start > 0 ? '24:00' : hhmm(end)));
const dayHours = fc.array(stretch, { maxLength: 2 });
const isoDate = (dayNumber: number) => new Date(dayNumber * DAY).toISOString().slice(0, 10);

interface Scenario {
  cal: CalendarHours;
  start: number;
  pauses: Interval[];
}

const weeklyMinutes = (week: CalendarHours['week']) =>
  Object.values(week)
    .flat()
    .reduce((sum, s) => {
      const [from, to] = [s.start, s.end].map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
      return sum + (to! <= from! ? to! + 1440 - from! : to! - from!);
    }, 0);

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    around: fc.constantFrom(...AROUND),
    week: fc.record({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours }),
    holidayDays: fc.array(fc.integer({ min: -3, max: 40 }), { maxLength: 8 }),
    // One special day per date: two for the same date is a calendar the editor and the API refuse.
    specials: fc.uniqueArray(fc.tuple(fc.integer({ min: -3, max: 40 }), dayHours), { maxLength: 3, selector: ([day]) => day }),
    startOffset: fc.integer({ min: -3 * DAY, max: 3 * DAY }),
    pauses: fc.array(fc.tuple(fc.integer({ min: -2 * DAY, max: 20 * DAY }), fc.integer({ min: 1, max: 3 * DAY })), { maxLength: 3 }),
  })
  .filter(({ week }) => weeklyMinutes(week) >= 60)
  .map(({ timeZone, around, week, holidayDays, specials, startOffset, pauses }) => {
    const base = Date.parse(`${around}T12:00:00Z`);
    const baseDay = base / DAY - 0.5;
    const start = base + startOffset;
    return {
      cal: {
        timeZone,
        week,
        holidays: holidayDays.map((d) => holiday(isoDate(baseDay + d))),
        specialDays: specials.map(([d, hours]) => ({ date: isoDate(baseDay + d), hours })),
      },
      start,
      pauses: pauses.map(([from, length]) => ({ start: start + from, end: start + from + length })),
    };
  });
const duration = fc.integer({ min: 0, max: 30 * 8 * HOUR });
const inPause = (pauses: Interval[], instant: number) => pauses.some((p) => p.start <= instant && instant < p.end);
/** A fixed seed: the suite runs the same cases every time (change it to explore others). */
const RUNS = { numRuns: 150, seed: 20261123 };

describe('laws of business time (fast-check)', () => {
  it('(a) measures back exactly the duration it added, with and without pauses', () => {
    fc.assert(
      fc.property(scenario, duration, ({ cal, start, pauses }, d) => {
        expect(businessTimeBetween(cal, start, addBusinessTime(cal, start, d))).toBe(d);
        expect(businessTimeBetween(cal, start, addBusinessTime(cal, start, d, pauses), pauses)).toBe(d);
      }),
      RUNS,
    );
  });

  it('(b) puts every positive deadline at the end of unpaused working time', () => {
    fc.assert(
      fc.property(scenario, duration, ({ cal, start, pauses }, d) => {
        fc.pre(d > 0);
        const due = addBusinessTime(cal, start, d, pauses);
        expect(due).toBeGreaterThan(start);
        expect(isWorkingTime(cal, due - 1)).toBe(true);
        expect(inPause(pauses, due - 1)).toBe(false);
      }),
      RUNS,
    );
  });

  it('(c) never makes a deadline earlier by adding pauses', () => {
    fc.assert(
      fc.property(scenario, duration, ({ cal, start, pauses }, d) => {
        expect(addBusinessTime(cal, start, d, pauses)).toBeGreaterThanOrEqual(addBusinessTime(cal, start, d));
      }),
      RUNS,
    );
  });

  it('(d) is monotonic: a longer duration never gives an earlier deadline', () => {
    fc.assert(
      fc.property(scenario, duration, duration, ({ cal, start, pauses }, x, y) => {
        const [d1, d2] = x <= y ? [x, y] : [y, x];
        expect(addBusinessTime(cal, start, d1, pauses)).toBeLessThanOrEqual(addBusinessTime(cal, start, d2, pauses));
      }),
      RUNS,
    );
  });

  it('(e) is additive: between(a, b) + between(b, c) = between(a, c)', () => {
    const gap = fc.integer({ min: 0, max: 10 * DAY });
    fc.assert(
      fc.property(scenario, gap, gap, ({ cal, start, pauses }, ab, bc) => {
        const [a, b, c] = [start, start + ab, start + ab + bc];
        expect(businessTimeBetween(cal, a, b, pauses) + businessTimeBetween(cal, b, c, pauses)).toBe(businessTimeBetween(cal, a, c, pauses));
      }),
      RUNS,
    );
  });

  it('agrees with a wall-clock reading of the calendar at instants away from clock changes', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 10 * DAY }), ({ cal, start }, later) => {
        const instant = start + later;
        const wall = wallClock(cal.timeZone);
        fc.pre(wall.offset(instant - 3 * HOUR) === wall.offset(instant + 3 * HOUR));
        expect(isWorkingTime(cal, instant)).toBe(workingByWallClock(cal, instant + wall.offset(instant)));
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });
});

/** The zone's offset at an instant, read straight from Intl (the reference for the oracle below). */
function wallClock(timeZone: string) {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return {
    offset(instant: number): number {
      const p = Object.fromEntries(format.formatToParts(Math.floor(instant / 1000) * 1000).map((x) => [x.type, x.value]));
      return Date.parse(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}Z`) - Math.floor(instant / 1000) * 1000;
    },
  };
}

/**
 * Oracle: is the local wall-clock time `wall` (ms, read as if UTC) inside a stretch of its own day or
 * of one of the two days before (overnight shifts, a 24:00 start)? Exact wherever the wall time is
 * unambiguous, which the caller ensures.
 */
function workingByWallClock(cal: CalendarHours, wall: number): boolean {
  const names: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const today = Math.floor(wall / DAY);
  for (let day = today - 2; day <= today; day++) {
    const date = isoDate(day);
    const special = cal.specialDays.find((s) => s.date === date);
    const hours = special ? special.hours : cal.holidays.some((h) => h.date === date) ? [] : cal.week[names[new Date(day * DAY).getUTCDay()]!];
    for (const { start, end } of hours) {
      const from = Number(start.slice(0, 2)) * 60 + Number(start.slice(3));
      let to = Number(end.slice(0, 2)) * 60 + Number(end.slice(3));
      if (to <= from) to += 1440;
      if (day * DAY + from * MINUTE <= wall && wall < day * DAY + to * MINUTE) return true;
    }
  }
  return false;
}
