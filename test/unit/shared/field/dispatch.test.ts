// Proves the dispatch workflow's pure turn: who is offered next (re-ranked, never asked twice in a run), how the previous offer closes, when and why it gives up, when a run is stale, and each technician's day as the ranking sees it (local day, last job before the window).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  candidatesFor,
  DEFAULT_DISPATCH_SETTINGS,
  localDate,
  outcomeOf,
  planNextOffer,
  type DispatchSettings,
  type LastOutcome,
  type PlanResult,
} from '#shared/field/dispatch.ts';
import { EARTH_RADIUS_KM, type LatLng } from '#shared/field/haversine.ts';
import { EXCLUSION_REASONS, rankTechnicians } from '#shared/field/ranking.ts';
import type { Technician } from '#shared/field/technician.ts';
import { needsOf, type Offer, type WorkOrder, type WorkOrderStatus } from '#shared/field/work-order.ts';
import type { Weekday, WorkingInterval } from '#shared/sla/sla-config.ts';

const SITE: LatLng = { lat: 31.23, lng: 121.47 }; // central Shanghai
/** Along a meridian the great circle is exactly R × Δlat, so these distances are exact by construction. */
const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180;
const north = (km: number): LatLng => ({ lat: SITE.lat + km / KM_PER_DEGREE, lng: SITE.lng });

const closed: WorkingInterval[] = [];
function weekdays(start: string, end: string): Technician['workingHours'] {
  const hours = [{ start, end }];
  const week: Partial<Record<Weekday, WorkingInterval[]>> = { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours };
  return { sat: closed, sun: closed, mon: closed, tue: closed, wed: closed, thu: closed, fri: closed, ...week };
}

/** A free, exactly qualified Shanghai technician 5 km from the site, working 09:00–18:00 on weekdays. */
function tech(id: string, over: Partial<Technician> = {}): Technician {
  return {
    id,
    name: `Technician ${id}`,
    skills: [{ skill: 'hvac', level: 2 }],
    home: north(5),
    regions: ['pudong'],
    timeZone: 'Asia/Shanghai',
    workingHours: weekdays('09:00', '18:00'),
    dailyCapacity: 4,
    timeOff: [],
    ...over,
  };
}

const NOW = new Date('2026-11-23T10:00:00.000Z');
const STARTED = '2026-11-23T09:00:00.000Z';

/** A 90-minute HVAC job on Tuesday 2026-11-24, 09:00–13:00 Shanghai (01:00–05:00 UTC), dispatch run `run-1` just started. */
function order(over: Partial<WorkOrder> = {}): WorkOrder {
  return {
    id: 'wo-1',
    ticketId: 'ticket-1',
    ticketNumber: 101,
    type: 'repair',
    status: 'unscheduled',
    priority: 'normal',
    summary: 'Chiller trips on start',
    address: '100 Century Avenue, Pudong',
    location: SITE,
    region: 'pudong',
    skills: [{ skill: 'hvac', minLevel: 2 }],
    partsExpected: [],
    window: { start: '2026-11-24T01:00:00.000Z', end: '2026-11-24T05:00:00.000Z' },
    estimatedMinutes: 90,
    dispatch: { id: 'run-1', state: 'running', startedAt: STARTED, startedBy: 'agent-1', offers: [] },
    createdAt: STARTED,
    createdBy: 'agent-1',
    updatedAt: STARTED,
    version: 3,
    ...over,
  };
}

/** A booked job of another work order. */
function job(id: string, technicianId: string, start: string, end: string, over: Partial<WorkOrder> = {}): WorkOrder {
  return order({ id, status: 'accepted', technicianId, scheduledStart: start, scheduledEnd: end, location: north(50), dispatch: undefined, ...over });
}

function pending(technicianId: string, over: Partial<Offer> = {}): Offer {
  return { technicianId, offeredAt: STARTED, expiresAt: '2026-11-23T09:15:00.000Z', start: '2026-11-24T01:00:00.000Z', outcome: 'pending', distanceKm: 5, ...over };
}

/** The order while `technicianId` is being asked, after the given earlier offers. */
function offeredTo(technicianId: string, earlier: Offer[] = []): WorkOrder {
  return order({ status: 'offered', offeredTo: technicianId, dispatch: { id: 'run-1', state: 'running', startedAt: STARTED, startedBy: 'agent-1', offers: [...earlier, pending(technicianId)] } });
}

function plan(input: {
  order: WorkOrder;
  technicians: Technician[];
  lastOutcome?: LastOutcome | null;
  booked?: WorkOrder[];
  giveUp?: 'workflow_error';
  settings?: Partial<DispatchSettings>;
  dispatchId?: string;
  now?: Date;
}): PlanResult {
  return planNextOffer({
    order: input.order,
    dispatchId: input.dispatchId ?? 'run-1',
    lastOutcome: input.lastOutcome ?? null,
    ...(input.giveUp ? { giveUp: input.giveUp } : {}),
    technicians: input.technicians,
    booked: input.booked ?? [],
    now: input.now ?? NOW,
    settings: { ...DEFAULT_DISPATCH_SETTINGS, ...input.settings },
  });
}

const DECLINED: LastOutcome = { Error: 'OfferDeclined', Cause: 'Too far' };
const TIMED_OUT: LastOutcome = { Error: 'States.Timeout', Cause: 'Task timed out' };

describe('outcomeOf', () => {
  it('maps the Catch errors to offer outcomes, anything else (or nothing) to failed', () => {
    expect(outcomeOf({ Error: 'OfferDeclined', Cause: 'Too far' })).toBe('declined');
    expect(outcomeOf({ Error: 'OfferWithdrawn' })).toBe('withdrawn');
    expect(outcomeOf({ Error: 'States.Timeout' })).toBe('expired');
    expect(outcomeOf({ Error: 'Lambda.ServiceException', Cause: 'boom' })).toBe('failed');
    expect(outcomeOf({ Error: 'States.TaskFailed' })).toBe('failed');
    expect(outcomeOf({})).toBe('failed');
    expect(outcomeOf(null)).toBe('failed');
    expect(outcomeOf(undefined)).toBe('failed');
  });
});

describe('localDate', () => {
  it('is the calendar date in the given zone, zero-padded YYYY-MM-DD', () => {
    const lateEvening = Date.parse('2026-11-23T23:30:00Z');
    expect(localDate(lateEvening, 'UTC')).toBe('2026-11-23');
    expect(localDate(lateEvening, 'Asia/Shanghai')).toBe('2026-11-24');
    expect(localDate(Date.parse('2026-11-24T07:30:00Z'), 'America/Los_Angeles')).toBe('2026-11-23');
    expect(localDate(Date.parse('2026-01-05T12:00:00Z'), 'Europe/Berlin')).toBe('2026-01-05');
  });
});

describe('planNextOffer: offering', () => {
  it('offers the first turn to the best-ranked technician, starting where the ranking placed the job, expiring after the timeout', () => {
    const technicians = [
      // Starts at 10:00 Shanghai, so the job cannot start at the window's opening.
      tech('a', { home: north(5), workingHours: weekdays('10:00', '18:00') }),
      tech('b', { home: north(10) }),
      tech('c', { home: north(1), skills: [{ skill: 'plumbing', level: 5 }] }),
    ];
    const before = order();
    const snapshot = structuredClone(before);
    const result = plan({ order: before, technicians });

    expect(result.decision).toEqual({ action: 'offer', technicianId: 'a', timeoutSeconds: 900 });
    const ranking = rankTechnicians(needsOf(before), candidatesFor(before, technicians, []));
    expect(ranking.ranked.map((r) => r.technicianId)).toEqual(['a', 'b']);
    expect(ranking.ranked[0]!.earliestStart).toBe('2026-11-24T02:00:00.000Z');

    const saved = result.order!;
    expect(saved.status).toBe('offered');
    expect(saved.offeredTo).toBe('a');
    expect(saved.updatedAt).toBe(NOW.toISOString());
    expect(saved.version).toBe(3); // the store bumps it on save
    expect(saved.dispatch).toEqual({
      id: 'run-1',
      state: 'running',
      startedAt: STARTED,
      startedBy: 'agent-1',
      offers: [
        {
          technicianId: 'a',
          offeredAt: NOW.toISOString(),
          expiresAt: '2026-11-23T10:15:00.000Z',
          start: ranking.ranked[0]!.earliestStart,
          outcome: 'pending',
          distanceKm: 5,
        },
      ],
    });
    expect(before).toEqual(snapshot); // pure: the input is not touched
  });

  it('honours the configured timeout and rounds the distance to 100 m', () => {
    const result = plan({ order: order(), technicians: [tech('a', { home: north(3.14159) })], settings: { offerTimeoutSeconds: 90 } });
    expect(result.decision).toEqual({ action: 'offer', technicianId: 'a', timeoutSeconds: 90 });
    expect(result.order!.dispatch!.offers[0]).toMatchObject({ expiresAt: '2026-11-23T10:01:30.000Z', distanceKm: 3.1 });
  });

  it('closes a declined offer with its reason and offers to the next technician, then the next, never re-asking anyone in the run', () => {
    const technicians = [tech('a', { home: north(2) }), tech('b', { home: north(6) }), tech('c', { home: north(12) })];

    const second = plan({ order: offeredTo('a'), technicians, lastOutcome: DECLINED });
    expect(second.decision).toEqual({ action: 'offer', technicianId: 'b', timeoutSeconds: 900 });
    const afterDecline = second.order!;
    expect(afterDecline.status).toBe('offered');
    expect(afterDecline.offeredTo).toBe('b');
    expect(afterDecline.dispatch!.offers[0]).toEqual({ ...pending('a'), outcome: 'declined', answeredAt: NOW.toISOString(), reason: 'Too far' });
    expect(afterDecline.dispatch!.offers.map((o) => [o.technicianId, o.outcome])).toEqual([
      ['a', 'declined'],
      ['b', 'pending'],
    ]);

    // 'a' is still the nearest, yet the third turn goes to 'c'.
    const later = new Date(NOW.getTime() + 20 * 60_000);
    const third = plan({ order: afterDecline, technicians, lastOutcome: TIMED_OUT, now: later });
    expect(third.decision).toEqual({ action: 'offer', technicianId: 'c', timeoutSeconds: 900 });
    expect(third.order!.dispatch!.offers.map((o) => [o.technicianId, o.outcome, o.answeredAt ?? null])).toEqual([
      ['a', 'declined', NOW.toISOString()],
      ['b', 'expired', later.toISOString()],
      ['c', 'pending', null],
    ]);
  });

  it('re-ranks with the bookings it is given on each turn', () => {
    const technicians = [tech('a', { home: north(2) }), tech('b', { home: north(6) })];
    // 'a' got a job all over the window since the last turn: now only 'b' fits.
    const booked = [job('wo-other', 'a', '2026-11-24T01:00:00.000Z', '2026-11-24T05:00:00.000Z')];
    expect(plan({ order: order(), technicians, booked }).decision).toMatchObject({ action: 'offer', technicianId: 'b' });
    expect(plan({ order: order(), technicians }).decision).toMatchObject({ action: 'offer', technicianId: 'a' });
  });

  it('closes a pending offer as expired on States.Timeout (no reason), failed on an unknown error, withdrawn on OfferWithdrawn', () => {
    const technicians = [tech('a'), tech('b')];
    const closedAs = (lastOutcome: LastOutcome) => plan({ order: offeredTo('a'), technicians, lastOutcome }).order!.dispatch!.offers[0]!;

    const expired = closedAs(TIMED_OUT);
    expect(expired).toEqual({ ...pending('a'), outcome: 'expired', answeredAt: NOW.toISOString() });
    expect(expired).not.toHaveProperty('reason');
    expect(closedAs({ Error: 'Lambda.Unknown', Cause: 'socket hang up' })).toEqual({ ...pending('a'), outcome: 'failed', answeredAt: NOW.toISOString() });
    expect(closedAs({ Error: 'OfferWithdrawn' })).toMatchObject({ outcome: 'withdrawn', answeredAt: NOW.toISOString() });
  });

  it('keeps a reason and answer time already recorded on the offer', () => {
    const answered = order({
      status: 'offered',
      offeredTo: 'a',
      dispatch: { id: 'run-1', state: 'running', startedAt: STARTED, startedBy: 'agent-1', offers: [pending('a', { answeredAt: '2026-11-23T09:05:00.000Z', reason: 'On leave' })] },
    });
    const offer = plan({ order: answered, technicians: [tech('a'), tech('b')], lastOutcome: DECLINED }).order!.dispatch!.offers[0]!;
    expect(offer).toMatchObject({ outcome: 'declined', answeredAt: '2026-11-23T09:05:00.000Z', reason: 'On leave' });
  });
});

describe('planNextOffer: giving up', () => {
  it('gives up with offers_exhausted after maxOffers offers, though someone eligible is left', () => {
    const technicians = [tech('a', { home: north(2) }), tech('b', { home: north(6) }), tech('c', { home: north(12) })];
    const order2 = offeredTo('b', [{ ...pending('a'), outcome: 'declined', answeredAt: STARTED }]);
    const result = plan({ order: order2, technicians, lastOutcome: TIMED_OUT, settings: { maxOffers: 2 } });

    expect(result.decision).toEqual({ action: 'give_up', reason: 'offers_exhausted' });
    const saved = result.order!;
    expect(saved.status).toBe('unscheduled');
    expect(saved).not.toHaveProperty('offeredTo');
    expect(saved.dispatch!.state).toBe('gave_up');
    expect(saved.dispatch!.gaveUp).toEqual({ reason: 'offers_exhausted', at: NOW.toISOString() });
    expect(saved.dispatch!.offers.map((o) => o.outcome)).toEqual(['declined', 'expired']);

    // With the default of 3 the same order is offered to 'c'.
    expect(plan({ order: order2, technicians, lastOutcome: TIMED_OUT }).decision).toMatchObject({ action: 'offer', technicianId: 'c' });
  });

  it('gives up with no_eligible_technician, counting exclusions per reason in EXCLUSION_REASONS order', () => {
    const technicians = [
      // Sorted by id, the outside_region technician comes first: the counts must still follow EXCLUSION_REASONS.
      tech('a-away', { regions: ['minhang'] }),
      tech('b-plumber', { skills: [{ skill: 'plumbing', level: 3 }] }),
      tech('c-electrician', { skills: [{ skill: 'electrical', level: 4 }] }),
      // One job already that day (07:30 Shanghai), and a capacity of one.
      tech('d-full', { dailyCapacity: 1 }),
    ];
    const booked = [job('wo-early', 'd-full', '2026-11-23T23:30:00.000Z', '2026-11-24T00:00:00.000Z')];
    const result = plan({ order: order(), technicians, booked });

    expect(result.decision).toEqual({ action: 'give_up', reason: 'no_eligible_technician' });
    const gaveUp = result.order!.dispatch!.gaveUp!;
    expect(gaveUp).toEqual({ reason: 'no_eligible_technician', at: NOW.toISOString(), excluded: { missing_skill: 2, outside_region: 1, at_capacity: 1 } });
    expect(Object.keys(gaveUp.excluded!)).toEqual(['missing_skill', 'outside_region', 'at_capacity']);
    expect(Object.keys(gaveUp.excluded!)).toEqual(EXCLUSION_REASONS.filter((r) => r in gaveUp.excluded!));
    expect(result.order!.status).toBe('unscheduled');
    expect(result.order!.dispatch!.state).toBe('gave_up');
  });

  it('gives up when everyone eligible was asked in this run, without asking anyone again', () => {
    const technicians = [tech('a'), tech('b')];
    const result = plan({ order: offeredTo('b', [{ ...pending('a'), outcome: 'declined', answeredAt: STARTED }]), technicians, lastOutcome: DECLINED });
    expect(result.decision.action).toBe('give_up');
    expect(result.order!.dispatch!.offers.map((o) => [o.technicianId, o.outcome])).toEqual([
      ['a', 'declined'],
      ['b', 'declined'],
    ]);
  });

  it('records workflow_error with the Cause as detail (at most 500 characters), closing the pending offer as failed', () => {
    const cause = `Lambda timed out after 30 s; ${'x'.repeat(600)}`;
    const result = plan({ order: offeredTo('a'), technicians: [tech('a'), tech('b')], lastOutcome: { Error: 'States.TaskFailed', Cause: cause }, giveUp: 'workflow_error' });

    expect(result.decision).toEqual({ action: 'give_up', reason: 'workflow_error' });
    const saved = result.order!;
    expect(saved.status).toBe('unscheduled');
    expect(saved).not.toHaveProperty('offeredTo');
    expect(saved.dispatch!.state).toBe('gave_up');
    expect(saved.dispatch!.gaveUp).toEqual({ reason: 'workflow_error', at: NOW.toISOString(), detail: cause.slice(0, 500) });
    expect(saved.dispatch!.offers).toEqual([{ ...pending('a'), outcome: 'failed', answeredAt: NOW.toISOString() }]);
  });

  it('records workflow_error without detail when there is no Cause', () => {
    const result = plan({ order: order(), technicians: [tech('a')], lastOutcome: { Error: 'States.Runtime' }, giveUp: 'workflow_error' });
    expect(result.order!.dispatch!.gaveUp).toEqual({ reason: 'workflow_error', at: NOW.toISOString() });
  });
});

describe('planNextOffer: stale runs', () => {
  const running = (over: Partial<WorkOrder>) => order({ status: 'offered', offeredTo: 'a', ...over });
  const cases: [string, WorkOrder, string][] = [
    ['a newer run', running({}), 'run-0'],
    ['accepted meanwhile', running({ status: 'accepted', technicianId: 'a' }), 'run-1'],
    ['cancelled', running({ status: 'cancelled' }), 'run-1'],
    ['the run gave up', running({ dispatch: { id: 'run-1', state: 'gave_up', startedAt: STARTED, startedBy: 'agent-1', offers: [] } }), 'run-1'],
    ['the run is done', running({ dispatch: { id: 'run-1', state: 'done', startedAt: STARTED, startedBy: 'agent-1', offers: [] } }), 'run-1'],
    ['no run at all', running({ dispatch: undefined }), 'run-1'],
  ];

  it.each(cases)('stops with nothing to save: %s', (_name, stale, dispatchId) => {
    const result = plan({ order: stale, technicians: [tech('a'), tech('b')], lastOutcome: DECLINED, dispatchId });
    expect(result).toEqual({ decision: { action: 'stop' } });
    expect(result.order).toBeUndefined();
  });

  it('stops even when asked to give up', () => {
    expect(plan({ order: order(), technicians: [tech('a')], giveUp: 'workflow_error', dispatchId: 'run-0' })).toEqual({ decision: { action: 'stop' } });
  });
});

describe('candidatesFor', () => {
  it("counts jobs on the technician's local day: 23:30 UTC on the day before is the window's day in Shanghai, not in London", () => {
    const shanghai = tech('sh');
    const london = tech('ldn', { timeZone: 'Europe/London' });
    const booked = [
      job('wo-sh-early', 'sh', '2026-11-23T23:30:00.000Z', '2026-11-24T00:00:00.000Z'), // 07:30 on the 24th in Shanghai
      job('wo-sh-prev', 'sh', '2026-11-23T15:00:00.000Z', '2026-11-23T15:30:00.000Z'), // 23:00 on the 23rd in Shanghai
      job('wo-ldn-early', 'ldn', '2026-11-23T23:30:00.000Z', '2026-11-24T00:00:00.000Z'), // 23:30 on the 23rd in London
    ];
    const [sh, ldn] = candidatesFor(order(), [shanghai, london], booked);
    expect(sh!.jobsThatDay).toBe(1);
    expect(ldn!.jobsThatDay).toBe(0);
    // Every booking stays a busy interval, whatever its day.
    expect(sh!.bookedIntervals).toHaveLength(2);
    expect(ldn!.bookedIntervals).toEqual([{ start: '2026-11-23T23:30:00.000Z', end: '2026-11-24T00:00:00.000Z' }]);
  });

  it('ignores cancelled, unscheduled and offered orders and the order itself', () => {
    const day = (h: number) => `2026-11-24T0${h}:00:00.000Z`;
    const booked = [
      job('wo-cancelled', 'a', day(0), day(1), { status: 'cancelled' }),
      job('wo-unscheduled', 'a', day(1), day(2), { status: 'unscheduled' }),
      job('wo-offered', 'a', day(2), day(3), { status: 'offered' }),
      job('wo-1', 'a', day(3), day(4)), // this very order, booked in a stale copy
    ];
    const [a] = candidatesFor(order(), [tech('a')], booked);
    expect(a).toMatchObject({ jobsThatDay: 0, bookedIntervals: [] });
    expect(a).not.toHaveProperty('lastJobLocation');

    const counted = candidatesFor(order(), [tech('a')], [...booked, job('wo-real', 'a', day(6), day(7), { status: 'en_route' })])[0]!;
    expect(counted.jobsThatDay).toBe(1);
  });

  it('starts the technician from the last job before the window, so a job next door beats a nearer home', () => {
    const nextDoor = tech('next-door', { home: north(30), dailyCapacity: 20 });
    const nearHome = tech('near-home', { home: north(8) });
    const booked = [
      job('wo-first', 'next-door', '2026-11-23T23:30:00.000Z', '2026-11-24T00:15:00.000Z', { location: north(40) }),
      job('wo-previous', 'next-door', '2026-11-24T00:20:00.000Z', '2026-11-24T00:50:00.000Z', { location: north(0.5) }),
      // After the window: counts for the day, but is not where they come from.
      job('wo-after', 'next-door', '2026-11-24T06:00:00.000Z', '2026-11-24T07:00:00.000Z', { location: north(0) }),
    ];
    // Listed out of order, so "last" is by start time, not by position.
    const shuffled = [booked[1]!, booked[2]!, booked[0]!];
    const [nd, nh] = candidatesFor(order(), [nextDoor, nearHome], shuffled);
    expect(nd!.lastJobLocation).toEqual(north(0.5));
    expect(nd!.jobsThatDay).toBe(3);
    expect(nh).not.toHaveProperty('lastJobLocation');

    const result = plan({ order: order(), technicians: [nearHome, nextDoor], booked: shuffled });
    expect(result.decision).toMatchObject({ action: 'offer', technicianId: 'next-door' });
    expect(result.order!.dispatch!.offers[0]!.distanceKm).toBe(0.5);

    // Without the bookings, the nearer home wins.
    expect(plan({ order: order(), technicians: [nearHome, nextDoor] }).decision).toMatchObject({ technicianId: 'near-home' });
  });

  it('takes a job ending exactly at the window start as the previous one, but not one running into the window', () => {
    const t = tech('t', { home: north(30) });
    const endsAtStart = job('wo-adjacent', 't', '2026-11-24T00:30:00.000Z', '2026-11-24T01:00:00.000Z', { location: north(1) });
    const overlaps = job('wo-overlap', 't', '2026-11-24T00:30:00.000Z', '2026-11-24T01:30:00.000Z', { location: north(1) });
    expect(candidatesFor(order(), [t], [endsAtStart])[0]!.lastJobLocation).toEqual(north(1));
    expect(candidatesFor(order(), [t], [overlaps])[0]).not.toHaveProperty('lastJobLocation');
  });
});

describe('the dispatch loop (fast-check)', () => {
  const outcomes: LastOutcome[] = [DECLINED, TIMED_OUT, { Error: 'Lambda.Unknown' }, { Error: 'OfferWithdrawn' }];

  it('asks eligible technicians nearest first, each at most once, and gives up after min(maxOffers, eligible) offers', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 0, maxLength: 7 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.constantFrom(...outcomes), { minLength: 8, maxLength: 8 }),
        (tenthsKm, ineligible, maxOffers, answers) => {
          const eligible = tenthsKm.map((d, i) => tech(`t${i}`, { home: north(d / 10) }));
          const others = Array.from({ length: ineligible }, (_, i) => tech(`x${i}`, { home: north(0.01), regions: ['elsewhere'] }));
          let current = order();
          let result: PlanResult | undefined;
          for (let turn = 0; turn < 10; turn++) {
            const now = new Date(NOW.getTime() + turn * 60_000);
            result = plan({ order: current, technicians: [...others, ...eligible], lastOutcome: turn ? answers[turn - 1] : null, settings: { maxOffers }, now });
            current = result.order!;
            if (result.decision.action !== 'offer') break;
            expect(current.offeredTo).toBe(result.decision.technicianId);
          }
          expect(result!.decision.action).toBe('give_up');
          const offers = current.dispatch!.offers;
          const expectedCount = Math.min(maxOffers, eligible.length);
          expect(offers).toHaveLength(expectedCount);
          expect(new Set(offers.map((o) => o.technicianId)).size).toBe(offers.length);
          expect(offers.every((o) => o.outcome !== 'pending')).toBe(true);
          const nearestFirst = eligible.map((t, i) => ({ id: t.id, d: tenthsKm[i]! })).sort((a, b) => a.d - b.d).map((t) => t.id);
          expect(offers.map((o) => o.technicianId)).toEqual(nearestFirst.slice(0, expectedCount));
          expect(current.dispatch!.state).toBe('gave_up');
          expect(current.status).toBe('unscheduled');
          if (offers.length === maxOffers) expect(current.dispatch!.gaveUp!.reason).toBe('offers_exhausted');
          if (eligible.length === 0) expect(current.dispatch!.gaveUp!.excluded).toEqual(ineligible ? { outside_region: ineligible } : {});
        },
      ),
      { seed: 20261124, numRuns: 200 },
    );
  });
});

// Keep the status list honest: every status outside the two the workflow works on stops a run.
describe('planNextOffer: statuses', () => {
  const statuses: WorkOrderStatus[] = ['accepted', 'en_route', 'on_site', 'completed', 'signed_off', 'cancelled'];
  it.each(statuses)('stops on %s', (status) => {
    expect(plan({ order: order({ status }), technicians: [tech('a')] }).decision).toEqual({ action: 'stop' });
  });
  it.each(['unscheduled', 'offered'] as const)('plans on %s', (status) => {
    expect(plan({ order: order({ status }), technicians: [tech('a')] }).decision).toMatchObject({ action: 'offer', technicianId: 'a' });
  });
});
