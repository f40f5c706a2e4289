// Proves the technician pages' pure helpers: days and their ranges in the technician's zone, offers first then jobs in time order, the time left to answer, the map link per platform, the step each status leads to, the report's checks, the signature's smoothing and ink test, the #/jobs routes, and that the technician catalogs match.
import { describe, expect, it } from 'vitest';
import type { Offer, WorkOrder } from '../../../web/src/api/jobs.ts';
import { errorDetail, pendingOffer } from '../../../web/src/api/jobs.ts';
import { ApiError } from '../../../web/src/api/errors.ts';
import { techEn } from '../../../web/src/i18n/tech-en.ts';
import { techZhCN } from '../../../web/src/i18n/tech-zh-CN.ts';
import { isTechnicianOnly, visibleModules } from '../../../web/src/modules.ts';
import { parseRoute, paths } from '../../../web/src/router.ts';
import {
  addDays,
  beyondVan,
  dayIn,
  dayRange,
  flowState,
  formatSpan,
  isUrgent,
  mapsLink,
  nextStep,
  partLine,
  partLinesFrom,
  partsUsed,
  reportProblems,
  splitJobs,
  startOfDayIn,
  timeLeft,
} from '../../../web/src/technician/jobs-view.ts';
import { addPoint, inkLength, isSigned, smoothStroke, svgPath } from '../../../web/src/technician/signature.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function order(over: Partial<WorkOrder> & { id: string }): WorkOrder {
  return {
    ticketId: 't1',
    ticketNumber: 1001,
    type: 'repair',
    status: 'accepted',
    priority: 'normal',
    summary: 'Boiler leaking',
    address: '1 Main St',
    location: { lat: 31.23, lng: 121.47 },
    region: 'north',
    skills: [],
    partsExpected: [],
    window: { start: '2026-11-24T01:00:00Z', end: '2026-11-24T09:00:00Z' },
    estimatedMinutes: 60,
    createdAt: '2026-11-20T00:00:00Z',
    createdBy: 'u',
    updatedAt: '2026-11-20T00:00:00Z',
    version: 1,
    ...over,
  };
}

function offered(id: string, expiresAt: string, technicianId = 'tech-1', outcome: Offer['outcome'] = 'pending'): WorkOrder {
  return order({
    id,
    status: 'offered',
    offeredTo: technicianId,
    dispatch: {
      id: 'd1',
      state: 'running',
      startedAt: '2026-11-24T00:00:00Z',
      startedBy: 'u',
      offers: [{ technicianId, offeredAt: '2026-11-24T00:00:00Z', expiresAt, start: '2026-11-24T03:00:00Z', outcome, distanceKm: 4.2 }],
    },
  });
}

describe('days in the technician’s zone', () => {
  it('moves calendar days across month and year ends', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  });

  it('starts a day at local midnight, in zones ahead of and behind UTC', () => {
    expect(startOfDayIn('2026-11-24', 'Asia/Shanghai')).toBe('2026-11-23T16:00:00.000Z');
    expect(startOfDayIn('2026-11-24', 'America/New_York')).toBe('2026-11-24T05:00:00.000Z');
    expect(startOfDayIn('2026-11-24', 'UTC')).toBe('2026-11-24T00:00:00.000Z');
  });

  it('gives a 23-hour range on the day clocks spring forward', () => {
    const { from, to } = dayRange('2026-03-08', 'America/New_York');
    expect(from).toBe('2026-03-08T05:00:00.000Z');
    expect(to).toBe('2026-03-09T04:00:00.000Z');
  });

  it('names the day an instant falls on and shows spans on the local clock', () => {
    expect(dayIn('2026-11-23T17:00:00Z', 'Asia/Shanghai')).toBe('2026-11-24');
    expect(formatSpan('2026-11-24T01:00:00Z', '2026-11-24T02:30:00Z', 'en-GB', 'Asia/Shanghai')).toBe('9:00 – 10:30 GMT+8');
    expect(formatSpan('2026-11-24T01:00:00Z', '2026-11-24T02:30:00Z', 'zh-CN', 'UTC')).toBe('1:00 – 2:30 UTC');
  });
});

describe('the list of my jobs', () => {
  it('puts my pending offers first (soonest to run out on top), then booked jobs in time order', () => {
    const jobs = [
      order({ id: 'late', scheduledStart: '2026-11-24T08:00:00Z' }),
      offered('offer-b', '2026-11-24T00:30:00Z'),
      order({ id: 'early', status: 'on_site', scheduledStart: '2026-11-24T02:00:00Z' }),
      offered('offer-a', '2026-11-24T00:10:00Z'),
      offered('someone-else', '2026-11-24T00:05:00Z', 'tech-2'),
      offered('answered', '2026-11-24T00:05:00Z', 'tech-1', 'declined'),
    ];
    const { offers, booked } = splitJobs(jobs, 'tech-1');
    expect(offers.map((o) => o.order.id)).toEqual(['offer-a', 'offer-b']);
    expect(booked.map((o) => o.id)).toEqual(['early', 'late']);
  });

  it('finds the pending offer only while it is mine and unanswered', () => {
    expect(pendingOffer(offered('x', '2026-11-24T00:30:00Z'), 'tech-1')?.distanceKm).toBe(4.2);
    expect(pendingOffer(offered('x', '2026-11-24T00:30:00Z'), 'tech-9')).toBeUndefined();
    expect(pendingOffer(order({ id: 'y' }), 'tech-1')).toBeUndefined();
  });
});

describe('time left to answer an offer', () => {
  const now = Date.parse('2026-11-24T00:00:00Z');
  it('rounds down to the minute and says when it is over', () => {
    expect(timeLeft('2026-11-24T00:12:59Z', now)).toEqual({ kind: 'minutes', minutes: 12 });
    expect(timeLeft('2026-11-24T02:05:00Z', now)).toEqual({ kind: 'hours', hours: 2, minutes: 5 });
    expect(timeLeft('2026-11-24T00:00:30Z', now)).toEqual({ kind: 'underMinute' });
    expect(timeLeft('2026-11-24T00:00:00Z', now)).toEqual({ kind: 'expired' });
    expect(timeLeft('not a time', now)).toEqual({ kind: 'expired' });
  });

  it('is urgent under five minutes', () => {
    expect(isUrgent({ kind: 'minutes', minutes: 4 })).toBe(true);
    expect(isUrgent({ kind: 'minutes', minutes: 5 })).toBe(false);
    expect(isUrgent({ kind: 'underMinute' })).toBe(true);
    expect(isUrgent({ kind: 'expired' })).toBe(false);
  });
});

describe('open in maps', () => {
  const android = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36';
  const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
  it('uses a geo: link with a labelled pin on Android', () => {
    expect(mapsLink({ lat: 31.2304, lng: 121.4737 }, 'Flat 3 (rear), 1 Main St', android)).toBe('geo:31.2304,121.4737?q=31.2304,121.4737(Flat%203%20rear%20%2C%201%20Main%20St)');
  });
  it('uses OpenStreetMap elsewhere, without float noise', () => {
    expect(mapsLink({ lat: 0.1 + 0.2, lng: -0.12345678 }, 'x', iphone)).toBe('https://www.openstreetmap.org/?mlat=0.3&mlon=-0.123457#map=17/0.3/-0.123457');
  });
});

describe('the visit’s steps', () => {
  it('offers one next step per status', () => {
    expect(nextStep('accepted')).toBe('start_travel');
    expect(nextStep('en_route')).toBe('check_in');
    expect(nextStep('on_site')).toBe('check_out');
    expect(nextStep('completed')).toBe('sign_off');
    expect(nextStep('signed_off')).toBeUndefined();
    expect(nextStep('offered')).toBeUndefined();
  });

  it('marks the progress line', () => {
    expect(flowState('on_site', 'en_route')).toBe('done');
    expect(flowState('on_site', 'on_site')).toBe('current');
    expect(flowState('on_site', 'completed')).toBe('todo');
    expect(flowState('signed_off', 'signed_off')).toBe('done');
  });
});

describe('the service report', () => {
  it('starts from the expected parts and sends only filled lines', () => {
    const lines = partLinesFrom([{ sku: 'VALVE-22', qty: 2 }]);
    expect(lines.map(({ sku, qty }) => [sku, qty])).toEqual([['VALVE-22', '2']]);
    expect(partsUsed([...lines, partLine(), partLine(' SEAL-1 ', ' 1 ')])).toEqual([
      { sku: 'VALVE-22', qty: 2 },
      { sku: 'SEAL-1', qty: 1 },
    ]);
  });

  it('asks for diagnosis and work done, whole quantities and each part once', () => {
    const a = partLine('VALVE-22', '1.5');
    const b = partLine('VALVE-22', '1');
    const c = partLine('', '3');
    const problems = reportProblems({ diagnosis: ' ', workDone: 'Replaced valve', parts: [a, b, c, partLine()] });
    expect(problems).toEqual({ diagnosis: 'required', [`part-${a.key}-qty`]: 'qty', [`part-${b.key}-sku`]: 'twice', [`part-${c.key}-sku`]: 'sku' });
    expect(reportProblems({ diagnosis: 'Seal worn', workDone: 'Replaced', parts: [partLine('X', '1000')] })).toEqual({});
  });

  it('says (without refusing) when more is used than the van shows', () => {
    const van = new Map([['VALVE-22', 1]]);
    expect(beyondVan(partLine('VALVE-22', '2'), van)).toBe(1);
    expect(beyondVan(partLine('VALVE-22', '1'), van)).toBeUndefined();
    expect(beyondVan(partLine('OTHER', '9'), van)).toBeUndefined();
  });
});

describe('signature path smoothing', () => {
  it('drops points closer than the jitter threshold', () => {
    let stroke = addPoint([], { x: 0, y: 0 });
    stroke = addPoint(stroke, { x: 1, y: 0 });
    stroke = addPoint(stroke, { x: 3, y: 0 });
    expect(stroke).toEqual([
      { x: 0, y: 0 },
      { x: 3, y: 0 },
    ]);
  });

  it('draws a tap as a dot, two points as a line, and more as curves through the midpoints', () => {
    expect(svgPath(smoothStroke([{ x: 5, y: 5 }]))).toBe('M5 5h0');
    expect(svgPath(smoothStroke([{ x: 0, y: 0 }, { x: 10, y: 0 }]))).toBe('M0 0 L10 0');
    expect(
      svgPath(
        smoothStroke([
          { x: 0, y: 0 },
          { x: 10, y: 10 },
          { x: 20, y: 0 },
          { x: 30, y: 10 },
        ]),
      ),
    ).toBe('M0 0 L5 5 Q10 10 15 5 Q20 0 25 5 L30 10');
    expect(smoothStroke([])).toEqual([]);
  });

  it('counts a tap or a slip as unsigned, a real stroke as signed', () => {
    expect(isSigned([[{ x: 1, y: 1 }]])).toBe(false);
    expect(isSigned([[{ x: 0, y: 0 }, { x: 20, y: 0 }]])).toBe(false);
    expect(inkLength([[{ x: 0, y: 0 }, { x: 30, y: 40 }], [{ x: 0, y: 0 }, { x: 0, y: 10 }]])).toBe(60);
    expect(isSigned([[{ x: 0, y: 0 }, { x: 30, y: 40 }]])).toBe(true);
  });
});

describe('routes, menu and catalogs', () => {
  it('parses #/jobs with its day and #/jobs/<id>', () => {
    expect(parseRoute('#/jobs')).toEqual({ name: 'jobs' });
    expect(parseRoute('#/jobs?day=tomorrow')).toEqual({ name: 'jobs', day: 'tomorrow' });
    expect(parseRoute('#/jobs?day=today')).toEqual({ name: 'jobs' });
    expect(parseRoute('#/jobs?day=someday')).toEqual({ name: 'jobs' });
    expect(parseRoute('#/jobs/wo%2F1')).toEqual({ name: 'job', id: 'wo/1' });
    expect(paths.jobs('yesterday')).toBe('#/jobs?day=yesterday');
    expect(paths.job('wo/1')).toBe('#/jobs/wo%2F1');
  });

  it('shows My jobs to technicians and starts technician-only users there', () => {
    expect(visibleModules(['technician']).map((m) => m.id)).toContain('jobs');
    expect(visibleModules(['agent']).map((m) => m.id)).not.toContain('jobs');
    expect(isTechnicianOnly(['technician'])).toBe(true);
    expect(isTechnicianOnly(['technician', 'agent'])).toBe(false);
    expect(isTechnicianOnly([])).toBe(false);
  });

  it('has the same keys, non-empty messages and placeholders in Chinese', () => {
    expect(Object.keys(techZhCN).sort()).toEqual(Object.keys(techEn).sort());
    for (const key of Object.keys(techEn) as (keyof typeof techEn)[]) {
      expect(techZhCN[key].trim(), key).not.toBe('');
      expect(placeholders(techZhCN[key]), key).toEqual(placeholders(techEn[key]));
    }
  });

  it('reads a 409’s reason from details', () => {
    expect(errorDetail(new ApiError(409, 'OFFER_NOT_PENDING', '', [], undefined, { details: { reason: 'expired' } }), 'reason')).toBe('expired');
    expect(errorDetail(new ApiError(409, 'OFFER_NOT_PENDING', '', [], undefined, { reason: 'none' }), 'reason')).toBe('none');
  });
});
