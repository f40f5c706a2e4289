// Proves technician ranking for dispatch: hand-checked distances, every exclusion reason, the score's ordering rules, zones and overnight shifts, and (fast-check) eligibility and order-independence.
import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_KM, haversineKm, type LatLng } from '#shared/field/haversine.ts';
import { rankTechnicians, type CandidateTechnician, type Ranking } from '#shared/field/ranking.ts';
import { technicianSchema, WORK_ORDER_PRIORITIES, workOrderNeedsSchema, type WorkOrderNeeds } from '#shared/field/technician.ts';
import { businessTimeBetween } from '#shared/sla/business-time.ts';
import type { Weekday, WorkingInterval } from '#shared/sla/sla-config.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (iso: string): number => Date.parse(iso);

const JOB_SITE: LatLng = { lat: 31.23, lng: 121.47 }; // central Shanghai
/** Along a meridian the great circle is exactly R × Δlat, so these distances are exact by construction. */
const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180;
const north = (km: number): LatLng => ({ lat: JOB_SITE.lat + km / KM_PER_DEGREE, lng: JOB_SITE.lng });

const span = (start: string, end: string): WorkingInterval => ({ start, end });
const closed: WorkingInterval[] = [];
function week(hours: Partial<Record<Weekday, WorkingInterval[]>>): CandidateTechnician['workingHours'] {
  return { mon: closed, tue: closed, wed: closed, thu: closed, fri: closed, sat: closed, sun: closed, ...hours };
}
const weekdays = (...hours: WorkingInterval[]) => week({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

/** A free, exactly qualified Shanghai technician 5 km from the job, working 09:00–18:00 on weekdays. */
function tech(id: string, overrides: Partial<CandidateTechnician> = {}): CandidateTechnician {
  return {
    id,
    name: `Technician ${id}`,
    skills: [{ skill: 'hvac', level: 2 }],
    home: north(5),
    regions: ['pudong'],
    timeZone: 'Asia/Shanghai',
    workingHours: weekdays(span('09:00', '18:00')),
    dailyCapacity: 4,
    timeOff: [],
    jobsThatDay: 0,
    bookedIntervals: [],
    ...overrides,
  };
}

/** A 90-minute HVAC job on Tuesday 2026-11-24, to start and finish 09:00–13:00 Shanghai time. */
function order(overrides: Partial<WorkOrderNeeds> = {}): WorkOrderNeeds {
  return {
    id: 'wo-1',
    skills: [{ skill: 'hvac', minLevel: 2 }],
    region: 'pudong',
    location: JOB_SITE,
    window: { start: '2026-11-24T09:00:00+08:00', end: '2026-11-24T13:00:00+08:00' },
    estimatedMinutes: 90,
    priority: 'normal',
    ...overrides,
  };
}

const ids = (ranking: Ranking) => ranking.ranked.map((r) => r.technicianId);
const reasonsOf = (candidate: CandidateTechnician, o: WorkOrderNeeds = order()) => rankTechnicians(o, [candidate]).excluded[0]?.reasons;
const earliest = (candidate: CandidateTechnician, o: WorkOrderNeeds = order()) => rankTechnicians(o, [candidate]).ranked[0]?.earliestStart;

describe('haversineKm', () => {
  it('matches hand-checked city distances within 1 km', () => {
    const berlin = { lat: 52.52, lng: 13.405 };
    const munich = { lat: 48.1351, lng: 11.582 };
    const shanghai = { lat: 31.2304, lng: 121.4737 };
    const beijing = { lat: 39.9042, lng: 116.4074 };
    expect(Math.abs(haversineKm(berlin, munich) - 504)).toBeLessThan(1);
    expect(Math.abs(haversineKm(shanghai, beijing) - 1067)).toBeLessThan(1);
    expect(haversineKm(munich, berlin)).toBe(haversineKm(berlin, munich));
  });

  it('is 0 for one point, exact along a meridian, and half the circumference between antipodes', () => {
    expect(haversineKm(JOB_SITE, JOB_SITE)).toBe(0);
    expect(haversineKm(JOB_SITE, north(10))).toBeCloseTo(10, 9);
    expect(haversineKm({ lat: 0, lng: 0 }, { lat: 0, lng: 180 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 6);
  });
});

describe('technician and work order schemas', () => {
  it('accept the fixtures used here and refuse an unknown zone, a skill listed twice and inverted time off', () => {
    const { jobsThatDay: _j, bookedIntervals: _b, ...plain } = tech('anna');
    expect(z.safeParse(technicianSchema, plain).success).toBe(true);
    expect(z.safeParse(workOrderNeedsSchema, order()).success).toBe(true);
    expect(z.safeParse(technicianSchema, { ...plain, timeZone: 'Mars/Olympus_Mons' }).success).toBe(false);
    expect(z.safeParse(technicianSchema, { ...plain, skills: [{ skill: 'hvac', level: 2 }, { skill: 'hvac', level: 3 }] }).success).toBe(false);
    expect(z.safeParse(technicianSchema, { ...plain, timeOff: [{ from: '2026-11-24T12:00:00Z', to: '2026-11-24T10:00:00Z' }] }).success).toBe(false);
    expect(z.safeParse(workOrderNeedsSchema, order({ window: { start: '2026-11-24T13:00:00+08:00', end: '2026-11-24T09:00:00+08:00' } })).success).toBe(false);
  });
});

describe('rankTechnicians: eligibility', () => {
  it('ranks an eligible technician with their distance, load, surplus and first possible start', () => {
    expect(rankTechnicians(order(), [tech('anna', { jobsThatDay: 1 })])).toEqual({
      ranked: [{ technicianId: 'anna', score: expect.closeTo(5 + 30 * 0.25, 9), distanceKm: expect.closeTo(5, 9), load: 0.25, skillSurplus: 0, earliestStart: '2026-11-24T01:00:00.000Z' }],
      excluded: [],
    });
  });

  it('excludes for a missing skill and for a level below the minimum, and counts every required skill', () => {
    expect(reasonsOf(tech('anna', { skills: [{ skill: 'electrical', level: 5 }] }))).toEqual(['missing_skill']);
    expect(reasonsOf(tech('anna', { skills: [{ skill: 'hvac', level: 1 }] }))).toEqual(['skill_level']);
    const twoSkills = order({ skills: [{ skill: 'hvac', minLevel: 2 }, { skill: 'electrical', minLevel: 3 }] });
    expect(reasonsOf(tech('anna', { skills: [{ skill: 'hvac', level: 1 }] }), twoSkills)).toEqual(['missing_skill', 'skill_level']);
    const both = tech('anna', { skills: [{ skill: 'hvac', level: 4 }, { skill: 'electrical', level: 5 }] });
    expect(rankTechnicians(twoSkills, [both]).ranked[0]?.skillSurplus).toBe(2 + 2);
  });

  it('excludes outside the region', () => {
    expect(reasonsOf(tech('anna', { regions: ['minhang', 'xuhui'] }))).toEqual(['outside_region']);
  });

  it('excludes when the job fits in no working stretch inside the window', () => {
    expect(reasonsOf(tech('anna', { workingHours: weekdays(span('14:00', '18:00')) }))).toEqual(['not_working_in_window']);
    // 12:00–13:00 of the window is working time, but 60 minutes cannot hold a 90-minute job.
    expect(reasonsOf(tech('anna', { workingHours: weekdays(span('12:00', '18:00')) }))).toEqual(['not_working_in_window']);
    // Two stretches of 60 minutes do not make one of 90: a job is not split over a lunch break.
    expect(reasonsOf(tech('anna', { workingHours: weekdays(span('09:00', '10:00'), span('11:00', '12:00')) }))).toEqual(['not_working_in_window']);
    // Touching stretches are one stretch.
    expect(earliest(tech('anna', { workingHours: weekdays(span('09:00', '10:00'), span('10:00', '12:00')) }))).toBe('2026-11-24T01:00:00.000Z');
    // Tuesday's hours count, not Monday's: weekend-only hours do not.
    expect(reasonsOf(tech('anna', { workingHours: week({ sat: [span('09:00', '18:00')], sun: [span('09:00', '18:00')] }) }))).toEqual(['not_working_in_window']);
  });

  it('excludes for time off that leaves no room, and starts after time off that leaves some', () => {
    const off = (from: string, to: string) => [{ from, to, reason: 'Training' }];
    expect(reasonsOf(tech('anna', { timeOff: off('2026-11-24T08:00:00+08:00', '2026-11-24T12:00:00+08:00') }))).toEqual(['time_off']);
    expect(reasonsOf(tech('anna', { timeOff: off('2026-11-20T00:00:00Z', '2026-12-01T00:00:00Z') }))).toEqual(['time_off']);
    expect(earliest(tech('anna', { timeOff: off('2026-11-24T09:00:00+08:00', '2026-11-24T10:00:00+08:00') }))).toBe('2026-11-24T02:00:00.000Z');
    expect(earliest(tech('anna', { timeOff: off('2026-11-23T09:00:00+08:00', '2026-11-24T09:00:00+08:00') }))).toBe('2026-11-24T01:00:00.000Z');
  });

  it('excludes when bookings leave no room, and fits between or right after them (half-open intervals)', () => {
    const booked = (start: string | number, end: string | number) => ({ start, end });
    expect(reasonsOf(tech('anna', { bookedIntervals: [booked('2026-11-24T10:00:00+08:00', '2026-11-24T12:00:00+08:00')] }))).toEqual(['booked']);
    expect(earliest(tech('anna', { bookedIntervals: [booked('2026-11-24T10:00:00+08:00', '2026-11-24T11:00:00+08:00')] }))).toBe('2026-11-24T03:00:00.000Z');
    // Epoch milliseconds work too, and a job may start the instant a booking ends.
    expect(earliest(tech('anna', { bookedIntervals: [booked(at('2026-11-24T01:00:00Z'), at('2026-11-24T01:30:00Z'))] }))).toBe('2026-11-24T01:30:00.000Z');
    // 09:30–11:00 is free: the job ends the instant the next booking starts.
    const around = [booked('2026-11-24T08:00:00+08:00', '2026-11-24T09:30:00+08:00'), booked('2026-11-24T11:00:00+08:00', '2026-11-24T12:00:00+08:00')];
    expect(earliest(tech('anna', { bookedIntervals: around }))).toBe('2026-11-24T01:30:00.000Z');
    // Time off and bookings each leave room, together they leave none: the bookings took the rest.
    const both = tech('anna', {
      timeOff: [{ from: '2026-11-24T09:00:00+08:00', to: '2026-11-24T10:00:00+08:00' }],
      bookedIntervals: [booked('2026-11-24T11:00:00+08:00', '2026-11-24T12:00:00+08:00')],
    });
    expect(reasonsOf(both)).toEqual(['booked']);
  });

  it('excludes at capacity', () => {
    expect(reasonsOf(tech('anna', { jobsThatDay: 4, dailyCapacity: 4 }))).toEqual(['at_capacity']);
    expect(reasonsOf(tech('anna', { jobsThatDay: 5, dailyCapacity: 4 }))).toEqual(['at_capacity']);
    expect(rankTechnicians(order(), [tech('anna', { jobsThatDay: 3, dailyCapacity: 4 })]).ranked[0]?.load).toBe(0.75);
  });

  it('names every failed rule at once, in a fixed order', () => {
    const hopeless = tech('anna', { skills: [], regions: [], workingHours: week({}), jobsThatDay: 9 });
    expect(reasonsOf(hopeless)).toEqual(['missing_skill', 'outside_region', 'not_working_in_window', 'at_capacity']);
  });

  it('reads working hours in the technician’s zone', () => {
    // 07:00–12:00 UTC on a November Tuesday: 08:00–13:00 in Berlin (UTC+1), 15:00–20:00 in Shanghai, 02:00–07:00 in New York.
    const o = order({ window: { start: '2026-11-24T07:00:00Z', end: '2026-11-24T12:00:00Z' } });
    const nineToFive = weekdays(span('09:00', '17:00'));
    expect(earliest(tech('berlin', { timeZone: 'Europe/Berlin', workingHours: nineToFive }), o)).toBe('2026-11-24T08:00:00.000Z');
    expect(earliest(tech('shanghai', { timeZone: 'Asia/Shanghai', workingHours: nineToFive }), o)).toBe('2026-11-24T07:00:00.000Z');
    expect(reasonsOf(tech('new-york', { timeZone: 'America/New_York', workingHours: nineToFive }), o)).toEqual(['not_working_in_window']);
  });

  it('counts an overnight shift on the day it starts, running into the next morning', () => {
    // Tuesday 01:00–05:00 in Shanghai lies in Monday's 22:00–06:00 shift, not in Tuesday's.
    const o = order({ window: { start: '2026-11-24T01:00:00+08:00', end: '2026-11-24T05:00:00+08:00' } });
    expect(earliest(tech('night', { workingHours: week({ mon: [span('22:00', '06:00')] }) }), o)).toBe('2026-11-23T17:00:00.000Z');
    expect(reasonsOf(tech('night', { workingHours: week({ tue: [span('22:00', '06:00')] }) }), o)).toEqual(['not_working_in_window']);
    // A window across midnight: the job starts Monday 23:00 local in the shift that began at 22:00.
    const lateWindow = order({ window: { start: '2026-11-23T23:00:00+08:00', end: '2026-11-24T02:00:00+08:00' } });
    expect(earliest(tech('night', { workingHours: week({ mon: [span('22:00', '06:00')] }) }), lateWindow)).toBe('2026-11-23T15:00:00.000Z');
  });

  it('throws on a technician listed twice and on an instant that does not parse', () => {
    expect(() => rankTechnicians(order(), [tech('anna'), tech('anna')])).toThrow(RangeError);
    expect(() => rankTechnicians(order(), [tech('anna', { bookedIntervals: [{ start: 'soon', end: 'later' }] })])).toThrow(RangeError);
  });
});

describe('rankTechnicians: ordering', () => {
  it('puts the nearer technician first at equal load', () => {
    const ranking = rankTechnicians(order(), [tech('far', { home: north(8) }), tech('near', { home: north(3) })]);
    expect(ids(ranking)).toEqual(['near', 'far']);
    expect(ranking.ranked.map((r) => r.score)).toEqual([expect.closeTo(3, 9), expect.closeTo(8, 9)]);
  });

  it('prefers a free technician slightly further away to a half-loaded one, but not one much further', () => {
    // Half a day's load weighs 15 km.
    const loaded = tech('loaded', { home: north(5), jobsThatDay: 2, dailyCapacity: 4 });
    expect(ids(rankTechnicians(order(), [loaded, tech('free', { home: north(15) })]))).toEqual(['free', 'loaded']);
    expect(ids(rankTechnicians(order(), [loaded, tech('free', { home: north(25) })]))).toEqual(['loaded', 'free']);
  });

  it('prefers the least over-qualified technician unless the expert is much nearer', () => {
    // Three levels of surplus weigh 15 km.
    const expert = tech('expert', { home: north(5), skills: [{ skill: 'hvac', level: 5 }] });
    expect(ids(rankTechnicians(order(), [expert, tech('junior', { home: north(12) })]))).toEqual(['junior', 'expert']);
    expect(ids(rankTechnicians(order(), [expert, tech('junior', { home: north(25) })]))).toEqual(['expert', 'junior']);
    // Skills the job does not ask for are no surplus.
    const broad = tech('broad', { home: north(4), skills: [{ skill: 'hvac', level: 2 }, { skill: 'electrical', level: 5 }] });
    expect(rankTechnicians(order(), [broad]).ranked[0]?.skillSurplus).toBe(0);
  });

  it('lets surplus count less for high priority and not at all for urgent work, or as the options say', () => {
    const expert = tech('expert', { home: north(5), skills: [{ skill: 'hvac', level: 5 }] });
    const junior = tech('junior', { home: north(12) });
    expect(ids(rankTechnicians(order({ priority: 'high' }), [expert, junior]))).toEqual(['junior', 'expert']); // 12.5 vs 12
    expect(ids(rankTechnicians(order({ priority: 'urgent' }), [expert, junior]))).toEqual(['expert', 'junior']);
    expect(ids(rankTechnicians(order(), [expert, junior], { weights: { skillSurplusPerLevel: 0 } }))).toEqual(['expert', 'junior']);
    expect(ids(rankTechnicians(order(), [tech('loaded', { jobsThatDay: 3 }), tech('free', { home: north(40) })], { weights: { load: 100 } }))).toEqual(['free', 'loaded']);
  });

  it('measures from the previous job that day when there is one, else from home', () => {
    const busy = tech('busy', { home: north(2), lastJobLocation: north(20) });
    const ranking = rankTechnicians(order(), [busy, tech('home', { home: north(10) })]);
    expect(ids(ranking)).toEqual(['home', 'busy']);
    expect(ranking.ranked[1]?.distanceKm).toBeCloseTo(20, 9);
  });

  it('breaks ties by id and gives the same answer for any order of the same candidates', () => {
    const same = ['delta', 'alpha', 'charlie', 'bravo'].map((id) => tech(id));
    expect(ids(rankTechnicians(order(), same))).toEqual(['alpha', 'bravo', 'charlie', 'delta']);

    const crowd = Array.from({ length: 30 }, (_, i) =>
      tech(`t${String(i).padStart(2, '0')}`, {
        home: north((i * 7) % 13),
        jobsThatDay: i % 5,
        skills: [{ skill: 'hvac', level: 1 + (i % 5) }],
        regions: i % 7 === 0 ? ['minhang'] : ['pudong'],
      }),
    );
    const first = rankTechnicians(order(), crowd);
    expect(rankTechnicians(order(), crowd)).toEqual(first);
    expect(rankTechnicians(order(), [...crowd].reverse())).toEqual(first);
    expect(rankTechnicians(order(), [...crowd.slice(17), ...crowd.slice(0, 17)])).toEqual(first);
    expect(first.excluded.map((e) => e.technicianId)).toEqual([...first.excluded.map((e) => e.technicianId)].sort());
  });
});

describe('rankTechnicians: laws (fast-check)', () => {
  const BASE = at('2026-11-23T00:00:00Z'); // a Monday
  const SKILLS = ['hvac', 'electrical', 'plumbing'] as const;
  const REGIONS = ['north', 'south', 'east'] as const;
  const HOURS = [
    weekdays(span('09:00', '17:00')),
    week({ mon: [span('07:00', '15:00')], tue: [span('07:00', '15:00')], wed: [span('07:00', '15:00')], sat: [span('07:00', '15:00')] }),
    weekdays(span('08:00', '12:00'), span('13:00', '17:00')),
    week({ sun: [span('22:00', '06:00')], mon: [span('22:00', '06:00')], tue: [span('22:00', '06:00')], wed: [span('22:00', '06:00')] }),
    week({ mon: [span('00:00', '24:00')], tue: [span('14:00', '22:00')], thu: [span('14:00', '22:00')], fri: [span('00:00', '24:00')] }),
    week({}),
  ];
  const ALWAYS = week({ mon: [span('00:00', '24:00')], tue: [span('00:00', '24:00')], wed: [span('00:00', '24:00')], thu: [span('00:00', '24:00')], fri: [span('00:00', '24:00')], sat: [span('00:00', '24:00')], sun: [span('00:00', '24:00')] });
  const iso = (ms: number) => new Date(ms).toISOString();
  const point = fc.record({ lat: fc.double({ min: 30.8, max: 31.6, noNaN: true }), lng: fc.double({ min: 121, max: 122, noNaN: true }) });

  const workOrder = fc
    .record({
      skills: fc.uniqueArray(fc.record({ skill: fc.constantFrom(...SKILLS), minLevel: fc.integer({ min: 1, max: 3 }) }), { selector: (s) => s.skill, maxLength: 2 }),
      region: fc.constantFrom(...REGIONS),
      location: point,
      startHour: fc.integer({ min: 0, max: 7 * 24 }),
      hours: fc.integer({ min: 2, max: 12 }),
      estimatedMinutes: fc.integer({ min: 15, max: 180 }),
      priority: fc.constantFrom(...WORK_ORDER_PRIORITIES),
    })
    .map(({ startHour, hours, ...rest }): WorkOrderNeeds => ({
      ...rest,
      id: 'wo',
      window: { start: iso(BASE + startHour * HOUR), end: iso(BASE + (startHour + hours) * HOUR) },
    }));

  /** Candidates for an order, biased toward eligibility, with time off and bookings around its window so they collide often. */
  function candidatesFor(o: WorkOrderNeeds) {
    const windowStart = Date.parse(o.window.start);
    // On a 15-minute grid, like the windows and the hours: the earliest fit is then on it too, so the oracle below can search it.
    const quarters = (min: number, max: number) => fc.integer({ min, max }).map((n) => n * 15);
    const interval = (maxMinutes: number) => fc.record({ offset: quarters(-24, 48), minutes: quarters(1, maxMinutes / 15) });
    const candidate = fc.record({
      skills: fc.uniqueArray(fc.record({ skill: fc.constantFrom(...SKILLS), level: fc.integer({ min: 1, max: 5 }) }), { selector: (s) => s.skill, minLength: 2, maxLength: 3 }),
      regions: fc.oneof(fc.constant<string[]>([...REGIONS]), fc.subarray<string>([...REGIONS], { minLength: 1 })),
      timeZone: fc.constantFrom('UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York'),
      workingHours: fc.constantFrom(...HOURS, ALWAYS, ALWAYS, ALWAYS),
      home: point,
      lastJobLocation: fc.option(point, { nil: undefined }),
      dailyCapacity: fc.integer({ min: 1, max: 6 }),
      jobsThatDay: fc.integer({ min: 0, max: 3 }),
      timeOff: fc.array(interval(8 * 60), { maxLength: 2 }),
      booked: fc.array(fc.tuple(interval(180), fc.boolean()), { maxLength: 4 }),
    });
    return fc.array(candidate, { maxLength: 25 }).map((list) =>
      list.map(({ timeOff, booked, lastJobLocation, ...rest }, i): CandidateTechnician => ({
        ...rest,
        id: `t${i}`,
        name: `T${i}`,
        ...(lastJobLocation ? { lastJobLocation } : {}),
        timeOff: timeOff.map(({ offset, minutes }) => ({ from: iso(windowStart + offset * MINUTE), to: iso(windowStart + (offset + minutes) * MINUTE) })),
        bookedIntervals: booked.map(([{ offset, minutes }, asIso]) => {
          const start = windowStart + offset * MINUTE;
          const end = start + minutes * MINUTE;
          return asIso ? { start: iso(start), end: iso(end) } : { start, end };
        }),
      })),
    );
  }
  const orderAndCandidates = workOrder.chain((o) => fc.tuple(fc.constant(o), candidatesFor(o)));
  const PARAMS = { seed: 20261123, numRuns: 100 };
  const ms = (v: number | string) => (typeof v === 'number' ? v : Date.parse(v));
  const overlaps = (s: number, e: number, from: number, to: number) => from < e && to > s;

  /**
   * The first start on the 15-minute grid where the job fits the window and the hours and misses
   * the given busy intervals, searched by brute force; NaN when none.
   */
  function bruteForceFit(o: WorkOrderNeeds, c: CandidateTechnician, busy: readonly { start: number; end: number }[]): number {
    const windowStart = Date.parse(o.window.start);
    const windowEnd = Date.parse(o.window.end);
    const duration = o.estimatedMinutes * MINUTE;
    const cal = { timeZone: c.timeZone, week: c.workingHours, holidays: [], specialDays: [] };
    for (let t = windowStart; t + duration <= windowEnd; t += 15 * MINUTE) {
      if (businessTimeBetween(cal, t, t + duration) === duration && !busy.some((b) => overlaps(t, t + duration, b.start, b.end))) return t;
    }
    return Number.NaN;
  }
  const timeOffOf = (c: CandidateTechnician) => c.timeOff.map((t) => ({ start: Date.parse(t.from), end: Date.parse(t.to) }));
  const bookedOf = (c: CandidateTechnician) => c.bookedIntervals.map((b) => ({ start: ms(b.start), end: ms(b.end) }));

  it('ranks only technicians that pass every rule, and gives every excluded one a true reason', () => {
    fc.assert(
      fc.property(orderAndCandidates, ([o, list]) => {
        const { ranked, excluded } = rankTechnicians(o, list);
        expect(ranked.length + excluded.length).toBe(list.length);
        const byId = new Map(list.map((c) => [c.id, c]));
        const duration = o.estimatedMinutes * MINUTE;
        for (const r of ranked) {
          const c = byId.get(r.technicianId)!;
          for (const need of o.skills) expect(c.skills.find((s) => s.skill === need.skill)?.level ?? 0).toBeGreaterThanOrEqual(need.minLevel);
          expect(c.regions).toContain(o.region);
          expect(c.jobsThatDay).toBeLessThan(c.dailyCapacity);
          const start = Date.parse(r.earliestStart);
          const end = start + duration;
          expect(start).toBeGreaterThanOrEqual(Date.parse(o.window.start));
          expect(end).toBeLessThanOrEqual(Date.parse(o.window.end));
          expect(businessTimeBetween({ timeZone: c.timeZone, week: c.workingHours, holidays: [], specialDays: [] }, start, end)).toBe(duration);
          for (const off of c.timeOff) expect(overlaps(start, end, Date.parse(off.from), Date.parse(off.to))).toBe(false);
          for (const b of c.bookedIntervals) expect(overlaps(start, end, ms(b.start), ms(b.end))).toBe(false);
          expect(start).toBe(bruteForceFit(o, c, [...timeOffOf(c), ...bookedOf(c)]));
          expect(r.distanceKm).toBe(haversineKm(c.lastJobLocation ?? c.home, o.location));
          expect(r.load).toBe(c.jobsThatDay / c.dailyCapacity);
        }
        for (const [i, r] of ranked.entries()) {
          const next = ranked[i + 1];
          if (next) expect(r.score < next.score || (r.score === next.score && r.technicianId < next.technicianId)).toBe(true);
        }
        for (const e of excluded) {
          const c = byId.get(e.technicianId)!;
          expect(e.reasons.length).toBeGreaterThan(0);
          const levels = o.skills.map((need) => [c.skills.find((s) => s.skill === need.skill)?.level ?? 0, need.minLevel] as const);
          expect(e.reasons.includes('missing_skill')).toBe(levels.some(([level]) => level === 0));
          expect(e.reasons.includes('skill_level')).toBe(levels.some(([level, min]) => level > 0 && level < min));
          expect(e.reasons.includes('outside_region')).toBe(!c.regions.includes(o.region));
          expect(e.reasons.includes('at_capacity')).toBe(c.jobsThatDay >= c.dailyCapacity);
          const hoursFit = !Number.isNaN(bruteForceFit(o, c, []));
          const afterTimeOff = hoursFit && !Number.isNaN(bruteForceFit(o, c, timeOffOf(c)));
          const afterBookings = afterTimeOff && !Number.isNaN(bruteForceFit(o, c, [...timeOffOf(c), ...bookedOf(c)]));
          const timeReasons = e.reasons.filter((x) => x === 'not_working_in_window' || x === 'time_off' || x === 'booked');
          expect(timeReasons).toEqual(!hoursFit ? ['not_working_in_window'] : !afterTimeOff ? ['time_off'] : !afterBookings ? ['booked'] : []);
        }
      }),
      PARAMS,
    );
  });

  it('is a function of the set of candidates: any permutation gives the same ranking', () => {
    const withShuffle = orderAndCandidates.chain(([o, list]) =>
      fc.tuple(fc.constant(o), fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })),
    );
    fc.assert(
      fc.property(withShuffle, ([o, list, shuffled]) => {
        expect(rankTechnicians(o, shuffled)).toEqual(rankTechnicians(o, list));
      }),
      PARAMS,
    );
  });
});
