// Proves the SLA editors' pure rules: hours + minutes ↔ minutes, working-hour checks (format, 24:00, overnight overlaps), the calendar and ordered-policy checks the API also makes, what is sent, and where each problem is shown.
import { describe, expect, it } from 'vitest';
import type { SlaCalendar, SlaPolicy } from '../../../web/src/api/directory.ts';
import {
  PRESETS,
  byDate,
  calendarProblems,
  calendarsStillUsed,
  cleanCalendarDays,
  cleanPolicy,
  dayProblems,
  idsFromText,
  isOvernight,
  minutesOfParts,
  newPolicy,
  nextStep,
  normalizeTime,
  overnightProblems,
  partsOfMinutes,
  placeProblems,
  policyProblems,
  weekdayOf,
} from '../../../web/src/admin/sla-editor.ts';
import type { RowProblem } from '../../../web/src/admin/directory-editor.ts';
import { calendarProblems as apiCalendarProblems } from '../../../shared/sla/calendar-rules.ts';

const keys = (problems: { path: string; key: string }[]) => problems.map((p) => `${p.path}: ${p.key}`);

describe('durations as hours and minutes', () => {
  it('splits minutes for the inputs and adds them up again', () => {
    expect(partsOfMinutes(90)).toEqual({ hours: '1', minutes: '30' });
    expect(partsOfMinutes(4320)).toEqual({ hours: '72', minutes: '' });
    expect(partsOfMinutes(45)).toEqual({ hours: '', minutes: '45' });
    expect(partsOfMinutes(0)).toEqual({ hours: '', minutes: '0' });
    expect(partsOfMinutes(undefined)).toEqual({ hours: '', minutes: '' });
    for (const total of [1, 59, 60, 61, 480, 525_600]) expect(minutesOfParts(partsOfMinutes(total).hours, partsOfMinutes(total).minutes)).toBe(total);
  });

  it('reads what was typed: empty is unset, minutes over 59 add up, anything else is NaN', () => {
    expect(minutesOfParts('', '')).toBeUndefined();
    expect(minutesOfParts(' ', '')).toBeUndefined();
    expect(minutesOfParts('8', '')).toBe(480);
    expect(minutesOfParts('', '90')).toBe(90);
    expect(minutesOfParts('1', '75')).toBe(135);
    expect(minutesOfParts('1.5', '')).toBeNaN();
    expect(minutesOfParts('-1', '')).toBeNaN();
    expect(minutesOfParts('', 'ten')).toBeNaN();
  });
});

describe('working hours', () => {
  it('tidies typed times to HH:MM and leaves what it cannot read for the check', () => {
    expect(['9', '09', '930', '1730', '9:05', '18.00', '24', ' 8:30 ', '9:5', 'noon'].map(normalizeTime)).toEqual(['09:00', '09:00', '09:30', '17:30', '09:05', '18:00', '24:00', '08:30', '9:5', 'noon']);
  });

  it('calls an end at or before the start overnight; 24:00 ends the same day', () => {
    expect(isOvernight({ start: '22:00', end: '06:00' })).toBe(true);
    expect(isOvernight({ start: '22:00', end: '00:00' })).toBe(true);
    expect(isOvernight({ start: '09:00', end: '24:00' })).toBe(false);
    expect(isOvernight({ start: '09:00', end: '17:00' })).toBe(false);
    expect(isOvernight({ start: '09:00', end: '09:00' })).toBe(false);
  });

  it('refuses bad formats, 24:00 as a start and empty stretches', () => {
    expect(keys(dayProblems([{ start: '9:00', end: '17:00' }, { start: '24:00', end: '06:00' }, { start: '12:00', end: '24:30' }, { start: '08:00', end: '08:00' }], 'week.mon'))).toEqual([
      'week.mon.0.start: sla.hours.format',
      'week.mon.1.start: sla.hours.startAtMidnight',
      'week.mon.2.end: sla.hours.format',
      'week.mon.3: sla.hours.empty',
    ]);
  });

  it('finds overlaps within a day, overnight stretches included, and lets stretches touch', () => {
    expect(dayProblems([{ start: '09:00', end: '12:00' }, { start: '12:00', end: '17:00' }], 'd')).toEqual([]);
    expect(dayProblems([{ start: '00:00', end: '06:00' }, { start: '22:00', end: '06:00' }], 'd')).toEqual([]); // this morning, and tonight into tomorrow
    expect(dayProblems([{ start: '20:00', end: '04:00' }, { start: '08:00', end: '18:00' }], 'd')).toEqual([]);
    expect(dayProblems([{ start: '22:00', end: '06:00' }, { start: '23:00', end: '24:00' }], 'd')).toEqual([{ path: 'd.1', key: 'sla.hours.overlap', params: { start: '22:00', end: '06:00' } }]);
    expect(dayProblems([{ start: '13:00', end: '18:00' }, { start: '09:00', end: '14:00' }], 'd')).toEqual([{ path: 'd.1', key: 'sla.hours.overlap', params: { start: '13:00', end: '18:00' } }]);
    expect(keys(dayProblems(Array.from({ length: 7 }, (_, i) => ({ start: `0${i}:00`, end: `0${i}:30` })), 'd'))).toEqual(['d: sla.hours.tooMany']);
  });

  it('refuses an overnight stretch running into the next day’s hours, and lets it end where they start', () => {
    expect(overnightProblems([{ start: '22:00', end: '06:00' }], [{ start: '06:00', end: '14:00' }], 'week.mon')).toEqual([]);
    expect(overnightProblems([{ start: '22:00', end: '07:00' }], [{ start: '06:00', end: '14:00' }], 'week.mon')).toEqual([
      { path: 'week.mon.0.end', key: 'sla.hours.runsIntoNext', params: { start: '06:00', end: '14:00' } },
    ]);
    expect(overnightProblems([{ start: '09:00', end: '24:00' }], [{ start: '00:00', end: '08:00' }], 'week.mon')).toEqual([]);
  });

  it('offers office hours and round the clock as presets', () => {
    expect(PRESETS.office()).toMatchObject({ mon: [{ start: '09:00', end: '17:00' }], fri: [{ start: '09:00', end: '17:00' }], sat: [], sun: [] });
    expect(Object.values(PRESETS.always())).toEqual(Array.from({ length: 7 }, () => [{ start: '00:00', end: '24:00' }]));
  });
});

const calendar = (change: Partial<SlaCalendar> = {}): SlaCalendar => ({ id: 'cn', name: { en: 'China' }, timeZone: 'Asia/Shanghai', week: PRESETS.office(), holidays: [], specialDays: [], ...change });

describe('calendar checks', () => {
  it('accepts a sound calendar', () => {
    expect(calendarProblems(calendar({ holidays: [{ date: '2027-10-01', name: 'National Day' }], specialDays: [{ date: '2027-09-26', hours: [{ start: '09:00', end: '18:00' }], name: '调休' }] }))).toEqual([]);
  });

  it('refuses an unknown zone, no working hours, and a date listed twice across holidays and special days', () => {
    const found = calendarProblems(
      calendar({
        timeZone: 'Mars/Olympus',
        week: PRESETS.office(),
        holidays: [
          { date: '2027-10-01', name: 'National Day' },
          { date: '', name: '' },
        ],
        specialDays: [{ date: '2027-10-01', hours: [] }],
      }),
    );
    expect(keys(found)).toEqual(['timeZone: sla.calendar.unknownZone', 'holidays.1.date: sla.required', 'holidays.1.name: sla.required', 'specialDays.0.date: sla.calendar.dateTwice']);
    const closed = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    expect(keys(calendarProblems(calendar({ week: closed })))).toEqual(['week: sla.calendar.noHours']);
  });

  it('wraps the week (Sunday night into Monday) and checks special days against the dates around them', () => {
    const nights = { ...PRESETS.office(), sun: [{ start: '22:00', end: '10:00' }] };
    expect(keys(calendarProblems(calendar({ week: nights })))).toEqual(['week.sun.0.end: sla.hours.runsIntoNext']);
    // 2027-02-20 is a Saturday: a night shift on it runs into Sunday (closed), but Friday 9–18 does not run into it.
    expect(calendarProblems(calendar({ specialDays: [{ date: '2027-02-20', hours: [{ start: '20:00', end: '08:00' }] }] }))).toEqual([]);
    // A Monday make-up night shift into Tuesday's 09:00.
    expect(keys(calendarProblems(calendar({ specialDays: [{ date: '2027-02-22', hours: [{ start: '20:00', end: '10:00' }] }] })))).toEqual(['specialDays.0.hours.0.end: sla.hours.runsIntoNext']);
    // Sunday night shift on the week, and a Monday special day starting early.
    expect(keys(calendarProblems(calendar({ week: { ...PRESETS.office(), sun: [{ start: '22:00', end: '06:00' }] }, specialDays: [{ date: '2027-02-22', hours: [{ start: '05:00', end: '12:00' }] }] })))).toEqual([
      'specialDays.0.date: sla.hours.nightBeforeRunsInto',
    ]);
  });

  it('refuses dates that do not exist', () => {
    expect(keys(calendarProblems(calendar({ holidays: [{ date: '2027-02-30', name: 'Nope' }] })))).toEqual(['holidays.0.date: sla.dateFormat']);
  });

  it('refuses what the API refuses, and accepts what it accepts', () => {
    const week = PRESETS.office();
    const cases: SlaCalendar[] = [
      calendar(),
      calendar({ timeZone: 'Nowhere/Town' }),
      calendar({ week: { ...week, mon: [{ start: '24:00', end: '06:00' }] } }),
      calendar({ week: { ...week, mon: [{ start: '08:00', end: '08:00' }] } }),
      calendar({ week: { ...week, mon: [{ start: '08:00', end: '12:00' }, { start: '11:00', end: '13:00' }] } }),
      calendar({ week: { ...week, mon: [{ start: '08:00', end: '12:00' }, { start: '12:00', end: '13:00' }] } }),
      calendar({ week: { ...week, mon: [{ start: '22:00', end: '06:00' }, { start: '00:00', end: '05:00' }] } }),
      calendar({ week: { ...week, mon: [{ start: '22:00', end: '10:00' }] } }),
      calendar({ week: { ...week, sun: [{ start: '22:00', end: '09:00' }] } }),
      calendar({ week: { ...week, sun: [{ start: '22:00', end: '10:00' }] } }),
      calendar({ week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } }),
      calendar({ holidays: [{ date: '2027-10-01', name: 'A' }], specialDays: [{ date: '2027-10-01', hours: [] }] }),
      calendar({ holidays: [{ date: '2027-02-29', name: 'A' }] }),
      calendar({ specialDays: [{ date: '2027-02-19', hours: [{ start: '20:00', end: '10:00' }] }] }),
      calendar({ week: { ...week, fri: [{ start: '20:00', end: '10:00' }] }, specialDays: [{ date: '2027-02-20', hours: [{ start: '09:00', end: '12:00' }] }] }),
      calendar({ week: { ...week, fri: [{ start: '20:00', end: '10:00' }] }, holidays: [{ date: '2027-02-20', name: 'Off' }] }),
    ];
    expect(cases.map((c) => calendarProblems(c).length > 0)).toEqual(cases.map((c, i) => apiCalendarProblems(c, i).length > 0));
  });

  it('checks special days’ hours like a weekday’s', () => {
    expect(keys(calendarProblems(calendar({ specialDays: [{ date: '2027-02-20', hours: [{ start: '09:00', end: '09:00' }] }] })))).toEqual(['specialDays.0.hours.0: sla.hours.empty']);
  });

  it('sends times as HH:MM, trimmed names, no empty special-day names', () => {
    const sent = cleanCalendarDays(calendar({ week: { ...PRESETS.office(), sat: [{ start: '9', end: '1230' }] }, holidays: [{ date: '2027-01-01', name: ' New Year ' }], specialDays: [{ date: '2027-02-20', hours: [], name: ' ' }] }));
    expect(sent.week.sat).toEqual([{ start: '09:00', end: '12:30' }]);
    expect(sent.holidays).toEqual([{ date: '2027-01-01', name: 'New Year' }]);
    expect(sent.specialDays).toEqual([{ date: '2027-02-20', hours: [] }]);
  });

  it('names the weekday of a date, whatever the zone, once the date is whole', () => {
    expect(['2027-02-20', '2027-02-22', '2027-10-01', '2028-02-29', '2027-02-2', ''].map(weekdayOf)).toEqual(['sat', 'mon', 'fri', 'tue', undefined, undefined]);
  });

  it('orders days by date, undated ones last in the order they were added', () => {
    expect(byDate([{ date: '2027-05-01' }, { date: '' }, { date: '2027-01-01' }, { date: '' }]).map((d) => d.date)).toEqual(['2027-01-01', '2027-05-01', '', '']);
  });

  it('names the policies that still use a calendar about to go', () => {
    expect(calendarsStillUsed(['cn'], [{ id: 'urgent', calendarId: 'cn' }, { id: 'eu', calendarId: 'de' }])).toEqual([{ calendarId: 'de', policyId: 'eu' }]);
  });
});

const policy = (change: Partial<SlaPolicy> = {}): SlaPolicy => ({ ...newPolicy('cn'), id: 'p', name: { en: 'P' }, targets: { first_response: 60 }, ...change });
const refs = { calendars: ['cn'], teams: ['support'], categories: ['billing'] };

describe('policy checks', () => {
  it('accepts an ordered list ending with a catch-all', () => {
    expect(policyProblems([policy({ id: 'urgent', when: { priorities: ['urgent'] } }), policy({ id: 'all' })], refs)).toEqual([[], []]);
  });

  it('wants a calendar that exists and at least one target in range', () => {
    const [noCalendar, unknown, nothing, bad] = policyProblems(
      [
        policy({ calendarId: '', when: { channels: ['email'] } }),
        policy({ calendarId: 'gone', when: { channels: ['web'] } }),
        policy({ targets: {}, when: { channels: ['phone'] } }),
        policy({ targets: { first_response: 0, next_response: Number.NaN, resolution: 600_000 }, when: { channels: ['api'] } }),
      ],
      refs,
    );
    expect(keys(noCalendar!)).toEqual(['calendarId: sla.policy.chooseCalendar']);
    expect(unknown).toEqual([{ path: 'calendarId', key: 'sla.policy.noCalendar', params: { id: 'gone' } }]);
    expect(keys(nothing!)).toEqual(['targets: sla.policy.noTarget']);
    expect(keys(bad!)).toEqual(['targets.first_response: sla.duration.atLeastMinute', 'targets.next_response: sla.duration.whole', 'targets.resolution: sla.duration.atMostYear']);
  });

  it('refuses unknown categories and teams, steps out of order and steps that do nothing', () => {
    const [found] = policyProblems(
      [
        policy({
          when: { categoryIds: ['billing', 'repairs'] },
          escalation: [
            { afterMinutes: 60, notify: ['assignee'], raisePriority: false },
            { afterMinutes: 60, notify: [], raisePriority: false },
            { afterMinutes: 20_000, notify: [], raisePriority: true, moveToTeamId: 'nobody' },
          ],
        }),
      ],
      refs,
    );
    expect(keys(found!)).toEqual([
      'when.categoryIds.1: sla.policy.noCategory',
      'escalation.1.afterMinutes: sla.escalation.later',
      'escalation.1: sla.escalation.doesNothing',
      'escalation.2.afterMinutes: sla.escalation.atMostWeek',
      'escalation.2.moveToTeamId: sla.escalation.noTeam',
    ]);
  });

  it('refuses every policy after one without conditions, naming that one', () => {
    const found = policyProblems([policy({ id: 'all' }), policy({ id: 'vip', when: { customerTiers: ['vip'] } }), policy({ id: 'web', when: { channels: ['web'] } })], refs);
    expect(found).toEqual([[], [{ path: '', key: 'sla.policy.neverUsed', params: { id: 'all' } }], [{ path: '', key: 'sla.policy.neverUsed', params: { id: 'all' } }]]);
    // An empty list is no condition at all.
    expect(policyProblems([policy({ id: 'empty', when: { priorities: [] } }), policy({ id: 'next', when: { channels: ['web'] } })], refs)[1]).toHaveLength(1);
  });

  it('checks the warning share', () => {
    expect(keys(policyProblems([policy({ warnAtPercent: 100 })], refs)[0]!)).toEqual(['warnAtPercent: sla.policy.warnRange']);
    expect(keys(policyProblems([policy({ warnAtPercent: Number.NaN })], refs)[0]!)).toEqual(['warnAtPercent: sla.policy.warnRange']);
  });

  it('sends no empty conditions or unset targets, and lists in the API’s order', () => {
    const sent = cleanPolicy(
      policy({
        id: ' urgent ',
        when: { priorities: ['urgent'], channels: [], organizationIds: undefined },
        targets: { first_response: 60, resolution: undefined },
        pauseOn: ['pending_third_party', 'pending_customer'],
        escalation: [{ afterMinutes: 0, notify: ['manager', 'assignee'], raisePriority: false, moveToTeamId: undefined }],
      }),
    );
    expect(sent).toEqual({
      id: 'urgent',
      name: { en: 'P' },
      when: { priorities: ['urgent'] },
      calendarId: 'cn',
      targets: { first_response: 60 },
      pauseOn: ['pending_customer', 'pending_third_party'],
      warnAtPercent: 80,
      escalation: [{ afterMinutes: 0, notify: ['assignee', 'manager'], raisePriority: false }],
      managerIds: [],
    });
  });

  it('starts new policies and steps with sensible values', () => {
    expect(newPolicy('cn')).toMatchObject({ calendarId: 'cn', pauseOn: ['pending_customer', 'pending_third_party'], warnAtPercent: 80, escalation: [] });
    expect(nextStep([])).toEqual({ afterMinutes: 0, notify: ['assignee'], raisePriority: false });
    expect(nextStep([{ afterMinutes: 10_050, notify: [], raisePriority: true }]).afterMinutes).toBe(10_080);
  });

  it('reads organization ids typed as a list', () => {
    expect(idsFromText(' acme, globex;acme\ninitech ，umbrella ')).toEqual(['acme', 'globex', 'initech', 'umbrella']);
    expect(idsFromText('  ')).toEqual([]);
  });
});

describe('where problems are shown', () => {
  const p = (path: string): RowProblem => ({ path, message: { text: path } });

  it('pins each problem to the most specific input that covers it and keeps the rest for the row', () => {
    const anchors = ['calendarId', 'targets', 'targets.first_response', 'when.categoryIds', 'escalation.1', 'escalation.1.afterMinutes'];
    const placed = placeProblems([p('targets'), p('targets.first_response'), p('when.categoryIds.3'), p('escalation.1'), p('escalation.1.afterMinutes'), p('escalation.1.notify.0'), p(''), p('pauseOn.0'), p('targetsX')], anchors);
    expect(placed.at('targets').map((x) => x.path)).toEqual(['targets']);
    expect(placed.at('targets.first_response').map((x) => x.path)).toEqual(['targets.first_response']);
    expect(placed.at('when.categoryIds').map((x) => x.path)).toEqual(['when.categoryIds.3']);
    expect(placed.at('escalation.1').map((x) => x.path)).toEqual(['escalation.1', 'escalation.1.notify.0']);
    expect(placed.at('escalation.1.afterMinutes').map((x) => x.path)).toEqual(['escalation.1.afterMinutes']);
    expect(placed.at('calendarId')).toEqual([]);
    expect(placed.rest.map((x) => x.path)).toEqual(['', 'pauseOn.0', 'targetsX']);
  });

  it('places a calendar’s working-hour problems on the stretch they are about', () => {
    const placed = placeProblems([p('week.mon.1.start'), p('week.mon'), p('specialDays.0.hours.0'), p('holidays.2.date')], ['week', 'week.mon', 'week.mon.1', 'specialDays.0', 'specialDays.0.hours.0', 'holidays.2']);
    expect(placed.at('week.mon.1').map((x) => x.path)).toEqual(['week.mon.1.start']);
    expect(placed.at('week.mon').map((x) => x.path)).toEqual(['week.mon']);
    expect(placed.at('specialDays.0.hours.0')).toHaveLength(1);
    expect(placed.at('holidays.2')).toHaveLength(1);
    expect(placed.rest).toEqual([]);
  });

  it('has nothing to place without problems', () => {
    expect(placeProblems(undefined, ['id']).rest).toEqual([]);
  });
});
