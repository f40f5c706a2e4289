// Proves the dispatcher's board arithmetic (days and weeks on the user's clock, technicians' hours on theirs across zones and DST, block placement, lanes, drop slots), the gave-up reason in words, the new-work-order form's reading, and that the board's catalogs match.
import { describe, expect, it } from 'vitest';
import type { WorkOrder } from '../../../web/src/api/field.ts';
import {
  HOUR_MS,
  addDays,
  boardRange,
  dayIn,
  differentClock,
  fromLocalInput,
  lanes,
  mondayOf,
  place,
  shiftDay,
  slotAt,
  startForDay,
  toLocalInput,
  visibleHours,
  workingSpans,
  zonedInstant,
} from '../../../web/src/dispatch/board-time.ts';
import { fits, rankForAssign } from '../../../web/src/dispatch/dialogs.tsx';
import { actionErrorText, boardClock, dispatchText, durationText, gaveUpText } from '../../../web/src/dispatch/dispatch-text.ts';
import { emptyDraft, fieldOfPath, readDraft } from '../../../web/src/dispatch/new-work-order.ts';
import { waitingOrder } from '../../../web/src/dispatch/WaitingList.tsx';
import { dispatchEn } from '../../../web/src/i18n/dispatch-en.ts';
import { dispatchZhCN } from '../../../web/src/i18n/dispatch-zh-CN.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const weekdays = (hours: { start: string; end: string }[]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: [], sun: [] });
const en = dispatchText('en');
const zh = dispatchText('zh-CN');
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('days and weeks on a zone’s clock', () => {
  it('finds midnight in zones east and west of UTC, and across a DST change', () => {
    expect(iso(zonedInstant('Asia/Shanghai', '2026-05-04'))).toBe('2026-05-03T16:00:00.000Z');
    expect(iso(zonedInstant('America/New_York', '2026-01-15', 9 * 60))).toBe('2026-01-15T14:00:00.000Z');
    expect(iso(zonedInstant('America/New_York', '2026-07-15', 9 * 60))).toBe('2026-07-15T13:00:00.000Z');
    // Berlin springs forward on 29 March 2026: that day has 23 hours.
    const day = boardRange('day', '2026-03-29', 'Europe/Berlin');
    expect((day.end - day.start) / HOUR_MS).toBe(23);
    // 02:30 does not exist there that night: the instant an hour later is answered.
    expect(iso(zonedInstant('Europe/Berlin', '2026-03-29', 150))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('gives the day, the Monday-to-Monday week and the navigation between them', () => {
    expect(mondayOf('2026-05-07')).toBe('2026-05-04');
    expect(mondayOf('2026-05-10')).toBe('2026-05-04');
    expect(mondayOf('2026-05-04')).toBe('2026-05-04');
    const week = boardRange('week', '2026-05-07', 'UTC');
    expect(week.days).toEqual(['2026-05-04', '2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09', '2026-05-10']);
    expect([iso(week.start), iso(week.end)]).toEqual(['2026-05-04T00:00:00.000Z', '2026-05-11T00:00:00.000Z']);
    expect(shiftDay('week', '2026-05-07', 1)).toBe('2026-05-11');
    expect(shiftDay('day', '2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(dayIn('Asia/Shanghai', Date.parse('2026-05-03T17:00:00Z'))).toBe('2026-05-04');
  });

  it('reads and writes datetime-local values on the given clock', () => {
    const at = Date.parse('2026-05-04T01:30:00Z');
    expect(toLocalInput(at, 'Asia/Shanghai')).toBe('2026-05-04T09:30');
    expect(fromLocalInput('2026-05-04T09:30', 'Asia/Shanghai')).toBe(at);
    expect(fromLocalInput('2026-02-30T09:30', 'UTC')).toBeUndefined();
    expect(fromLocalInput('', 'UTC')).toBeUndefined();
  });

  it('tells a different clock from a different name for the same clock', () => {
    const at = Date.parse('2026-05-04T00:00:00Z');
    expect(differentClock('Asia/Shanghai', 'UTC', at)).toBe(true);
    expect(differentClock('Etc/UTC', 'UTC', at)).toBe(false);
    expect(differentClock('Asia/Shanghai', 'Asia/Shanghai', at)).toBe(false);
  });
});

describe('technicians’ working hours', () => {
  it('places a Shanghai technician’s 09:00–18:00 at 01:00–10:00 on a UTC board', () => {
    const day = boardRange('day', '2026-05-04', 'UTC');
    const spans = workingSpans({ timeZone: 'Asia/Shanghai', workingHours: weekdays([{ start: '09:00', end: '18:00' }]) }, day.start, day.end);
    expect(spans.map((s) => [iso(s.start), iso(s.end)])).toEqual([['2026-05-04T01:00:00.000Z', '2026-05-04T10:00:00.000Z']]);
  });

  it('runs an overnight shift into the next day, and a weekend off has no stretch', () => {
    const tech = { timeZone: 'UTC', workingHours: weekdays([{ start: '22:00', end: '06:00' }]) };
    const tue = boardRange('day', '2026-05-05', 'UTC');
    expect(workingSpans(tech, tue.start, tue.end).map((s) => [iso(s.start), iso(s.end)])).toEqual([
      ['2026-05-05T00:00:00.000Z', '2026-05-05T06:00:00.000Z'],
      ['2026-05-05T22:00:00.000Z', '2026-05-06T00:00:00.000Z'],
    ]);
    const sun = boardRange('day', '2026-05-10', 'UTC');
    expect(workingSpans(tech, sun.start, sun.end)).toEqual([]);
    // Saturday is off, but Friday night's shift reaches into it.
    const sat = boardRange('day', '2026-05-09', 'UTC');
    expect(workingSpans(tech, sat.start, sat.end).map((s) => iso(s.end))).toEqual(['2026-05-09T06:00:00.000Z']);
  });

  it('shows at least 08:00–18:00, widened on whole hours to every stretch and job of the day', () => {
    const day = boardRange('day', '2026-05-04', 'UTC');
    const h = (n: number) => day.start + n * HOUR_MS;
    expect(visibleHours(day, [])).toEqual({ start: h(8), end: h(18) });
    expect(visibleHours(day, [{ start: h(1), end: h(10) }, { start: h(17.5), end: h(19.25) }])).toEqual({ start: h(1), end: h(20) });
    // Beyond the day: clipped to it.
    expect(visibleHours(day, [{ start: h(-3), end: h(30) }])).toEqual({ start: h(0), end: h(24) });
  });
});

describe('blocks, lanes and drops', () => {
  const view = { start: 0, end: 10 * HOUR_MS };

  it('places a job as a share of the row, marking ends cut by the view', () => {
    expect(place(HOUR_MS, 3 * HOUR_MS, view)).toEqual({ left: 10, width: 20, cutStart: false, cutEnd: false });
    expect(place(-HOUR_MS, HOUR_MS, view)).toEqual({ left: 0, width: 10, cutStart: true, cutEnd: false });
    expect(place(9 * HOUR_MS, 12 * HOUR_MS, view)).toEqual({ left: 90, width: 10, cutStart: false, cutEnd: true });
    expect(place(11 * HOUR_MS, 12 * HOUR_MS, view)).toBeUndefined();
  });

  it('stacks overlapping jobs in lanes and reuses a lane once it is free', () => {
    const { lane, count } = lanes([
      { id: 'a', start: 0, end: 2 },
      { id: 'b', start: 1, end: 3 },
      { id: 'c', start: 2, end: 4 },
    ]);
    expect([lane.get('a'), lane.get('b'), lane.get('c'), count]).toEqual([0, 1, 0, 2]);
    expect(lanes([]).count).toBe(1);
  });

  it('turns a drop position into a quarter hour inside the row', () => {
    expect(slotAt(view, 0.5)).toBe(5 * HOUR_MS);
    expect(slotAt(view, 0.51)).toBe(5 * HOUR_MS);
    expect(slotAt(view, 0.53)).toBe(5 * HOUR_MS + 15 * 60_000);
    expect(slotAt(view, -1)).toBe(0);
    expect(slotAt(view, 1)).toBe(10 * HOUR_MS - 15 * 60_000);
  });

  it('starts a job dropped on a day at its window, else at the technician’s first hour that day', () => {
    const tech = { timeZone: 'Asia/Shanghai', workingHours: weekdays([{ start: '09:00', end: '18:00' }]) };
    const day = boardRange('day', '2026-05-05', 'UTC');
    expect(iso(startForDay({ start: '2026-05-05T03:00:00Z', end: '2026-05-05T08:00:00Z' }, tech, day))).toBe('2026-05-05T03:00:00.000Z');
    // The window opened the day before: the technician's start (09:00 Shanghai = 01:00 UTC).
    expect(iso(startForDay({ start: '2026-05-04T03:00:00Z', end: '2026-05-06T08:00:00Z' }, tech, day))).toBe('2026-05-05T01:00:00.000Z');
    const sunday = boardRange('day', '2026-05-10', 'UTC');
    expect(iso(startForDay({ start: '2026-05-01T00:00:00Z', end: '2026-05-30T00:00:00Z' }, tech, sunday))).toBe('2026-05-10T09:00:00.000Z');
  });
});

describe('words on the board', () => {
  it('says why dispatch gave up, with the counts, in English and Chinese', () => {
    const gaveUp = { reason: 'no_eligible_technician' as const, excluded: { missing_skill: 3, outside_region: 2, at_capacity: 1, booked: 0 } };
    expect(gaveUpText(gaveUp, en, 'en')).toBe('No eligible technician: 3 lack a required skill, 2 are outside the region, 1 has a full day');
    expect(gaveUpText(gaveUp, zh, 'zh-CN')).toBe('没有符合条件的技术员：3 人缺少所需技能，2 人不在该区域，1 人当天已排满');
    expect(gaveUpText({ reason: 'offers_exhausted' }, en, 'en')).toBe('Everyone offered the job declined or did not answer');
  });

  it('names a taken slot with the clashing times, and a stale version', () => {
    const clock = boardClock('en', 'UTC');
    const slot = { code: 'SLOT_TAKEN', details: { workOrderId: 'x', start: '2026-05-04T09:00:00Z', end: '2026-05-04T10:30:00Z' } };
    expect(plain(actionErrorText(slot, en, clock, 'Ana')!)).toBe('Ana already has a job then (Mon, May 4, 9:00 AM – 10:30 AM). Pick another time or technician.');
    expect(actionErrorText({ code: 'CONFLICT', details: { currentVersion: 3 } }, en, clock, '')).toMatch(/changed this work order/);
    expect(actionErrorText({ code: 'INVALID_TRANSITION', details: { from: 'completed', to: 'accepted' } }, zh, clock, '')).toBe('此派工单现在为“已完成”，无法再进行此操作。');
    expect(actionErrorText({ code: 'VALIDATION_FAILED' }, en, clock, '')).toBeUndefined();
  });

  it('writes durations as hours and minutes', () => {
    expect(durationText(45, en)).toBe('45 min');
    expect(durationText(120, en)).toBe('2 h');
    expect(durationText(90, zh)).toBe('1 小时 30 分钟');
  });

  it('has the same keys and placeholders in both catalogs', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(dispatchZhCN).sort()).toEqual(Object.keys(dispatchEn).sort());
    for (const key of Object.keys(dispatchEn) as (keyof typeof dispatchEn)[]) {
      expect(dispatchZhCN[key].trim(), key).not.toBe('');
      expect(placeholders(dispatchZhCN[key]), key).toEqual(placeholders(dispatchEn[key]));
    }
  });
});

describe('choosing and ordering', () => {
  const order = { region: 'north', skills: [{ skill: 'boiler', minLevel: 3 }] };
  const ana = { name: 'Ana', regions: ['north'], skills: [{ skill: 'boiler', level: 4 }] };
  const bo = { name: 'Bo', regions: ['south'], skills: [{ skill: 'boiler', level: 5 }] };
  const cy = { name: 'Cy', regions: ['north'], skills: [{ skill: 'boiler', level: 2 }] };

  it('puts technicians who fit region and skill level first, then by name', () => {
    expect([fits(ana, order), fits(bo, order), fits(cy, order)]).toEqual([true, false, false]);
    expect(rankForAssign([cy, bo, ana], order).map((t) => t.name)).toEqual(['Ana', 'Bo', 'Cy']);
  });

  it('lists the waiting work orders most urgent first, then by window', () => {
    const wo = (id: string, priority: WorkOrder['priority'], start: string) => ({ id, priority, window: { start, end: start } }) as WorkOrder;
    const sorted = [wo('a', 'normal', '2026-05-01T00:00:00Z'), wo('b', 'urgent', '2026-05-03T00:00:00Z'), wo('c', 'normal', '2026-04-01T00:00:00Z')].sort(waitingOrder);
    expect(sorted.map((o) => o.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('the new work order form', () => {
  it('turns a filled draft into the API body, window read on the user’s clock', () => {
    const draft = {
      ...emptyDraft('Asia/Shanghai', Date.parse('2026-05-04T02:00:00Z')),
      summary: ' Replace valve ',
      address: '1 Main St',
      lat: '31.2',
      lng: '121.5',
      region: 'pudong',
      skills: [{ skill: 'boiler', minLevel: '3' }, { skill: '', minLevel: '1' }],
    };
    expect(draft.windowStart).toBe('2026-05-05T09:00');
    const { problems, input } = readDraft(draft, 'Asia/Shanghai', true);
    expect(problems).toEqual({});
    expect(input).toMatchObject({
      summary: 'Replace valve',
      location: { lat: 31.2, lng: 121.5 },
      skills: [{ skill: 'boiler', minLevel: 3 }],
      window: { start: '2026-05-05T01:00:00.000Z', end: '2026-05-05T09:00:00.000Z' },
      estimatedMinutes: 60,
      dispatch: 'auto',
    });
  });

  it('names each problem, and places the API’s field paths on the form', () => {
    const draft = { ...emptyDraft('UTC'), lat: 'north', region: 'North Side', windowEnd: '2000-01-01T00:00', skills: [{ skill: 'Boiler', minLevel: '1' }] };
    const { problems, input } = readDraft(draft, 'UTC', false);
    expect(input).toBeUndefined();
    expect(problems).toEqual({
      ticketNumber: 'dispatch.new.required',
      summary: 'dispatch.new.required',
      address: 'dispatch.new.required',
      lat: 'dispatch.new.number',
      lng: 'dispatch.new.required',
      region: 'dispatch.new.slug',
      skills: 'dispatch.new.slug',
      windowEnd: 'dispatch.new.windowOrder',
    });
    expect([fieldOfPath('window.end'), fieldOfPath('location.lng'), fieldOfPath('skills.0.skill'), fieldOfPath('ticketId'), fieldOfPath('nope')]).toEqual(['windowEnd', 'lng', 'skills', 'ticketNumber', undefined]);
  });
});
