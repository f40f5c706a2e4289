// Proves on DynamoDB Local, with the template's table, that work orders round-trip, save only on the version read, land in the right index for their status (booked by UTC day, waiting list, technician's jobs and offers, ticket), keep the offer token server-side, that booked() costs one query per UTC day, and that technicians list in full and own one login each.
import * as z from 'zod/mini';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoEngine, type DynamoEngine } from '../../infra/local/dynamodb-engine.ts';
import { drainCost, openBenchTable, ticketTableResource, type BenchTable } from '../bench/bench-table.ts';
import { testAssemblyDir } from '../support/assembly.ts';
import { DynamoTechnicianStore, DynamoWorkOrderStore, utcDays } from '#shared/adapters/dynamodb/work-order-store.ts';
import { Table } from '#shared/adapters/dynamodb/table.ts';
import { ConflictError } from '#shared/errors/domain-errors.ts';
import { technicianSchema, type Technician } from '#shared/field/technician.ts';
import type { WorkOrder, WorkOrderStatus } from '#shared/field/work-order.ts';

let engine: DynamoEngine;
let bench: BenchTable;
let orders: DynamoWorkOrderStore;
let technicians: DynamoTechnicianStore;

beforeAll(async () => {
  engine = await startDynamoEngine({});
  bench = await openBenchTable(engine, ticketTableResource(testAssemblyDir()), 'work-orders');
  const table = new Table(bench.client, bench.tableName, bench.meter);
  orders = new DynamoWorkOrderStore(table);
  technicians = new DynamoTechnicianStore(table);
});
afterAll(async () => {
  bench?.close();
  await engine?.stop();
});

const CREATED = '2026-11-20T08:00:00.000Z';

/**
 * A work order as the operations write it (instants in UTC). Each test uses its own ids and its own
 * dates, because the day partitions and the waiting list are shared by the whole table.
 */
function workOrder(id: string, over: Partial<WorkOrder> = {}): WorkOrder {
  return {
    id,
    ticketId: `ticket-${id}`,
    ticketNumber: 7,
    customerId: 'cust-1',
    type: 'repair',
    status: 'unscheduled',
    priority: 'normal',
    summary: 'Chiller trips on start',
    address: '100 Century Avenue, Pudong',
    location: { lat: 31.23, lng: 121.47 },
    region: 'pudong',
    skills: [{ skill: 'hvac', minLevel: 2 }],
    partsExpected: [{ sku: 'P-1', qty: 2 }],
    window: { start: '2026-11-24T01:00:00.000Z', end: '2026-11-24T05:00:00.000Z' },
    estimatedMinutes: 90,
    createdAt: CREATED,
    createdBy: 'agent-1',
    updatedAt: CREATED,
    version: 1,
    ...over,
  };
}

/** A job booked for `technicianId` at `start` (90 minutes), in `status`. */
function bookedJob(id: string, technicianId: string, start: string, status: WorkOrderStatus = 'accepted', over: Partial<WorkOrder> = {}): WorkOrder {
  const end = new Date(Date.parse(start) + 90 * 60_000).toISOString();
  return workOrder(id, { status, technicianId, scheduledStart: start, scheduledEnd: end, window: { start, end: new Date(Date.parse(start) + 4 * 3_600_000).toISOString() }, ...over });
}

function offered(id: string, technicianId: string, windowStart: string, over: Partial<WorkOrder> = {}): WorkOrder {
  return workOrder(id, {
    status: 'offered',
    offeredTo: technicianId,
    window: { start: windowStart, end: new Date(Date.parse(windowStart) + 4 * 3_600_000).toISOString() },
    dispatch: {
      id: `run-${id}`,
      state: 'running',
      startedAt: CREATED,
      startedBy: 'agent-1',
      offers: [{ technicianId, offeredAt: CREATED, expiresAt: '2026-11-20T08:15:00.000Z', start: windowStart, outcome: 'pending', distanceKm: 4.2 }],
    },
    ...over,
  });
}

const idsOf = (list: readonly { id: string }[]) => list.map((o) => o.id);
const sortedIds = (list: readonly { id: string }[]) => idsOf(list).sort();
/** The waiting list, whole, in the store's order. */
async function allUnscheduled(): Promise<WorkOrder[]> {
  return (await orders.unscheduled(100)).orders;
}

describe('work orders on DynamoDB', () => {
  it('round-trips a created work order, refuses creating the same id twice, and answers undefined for an unknown id', async () => {
    const order = workOrder('wo-rt', {
      assetId: 'asset-9',
      dispatch: { id: 'run-rt', state: 'gave_up', startedAt: CREATED, startedBy: 'agent-1', offers: [], gaveUp: { reason: 'no_eligible_technician', at: CREATED, excluded: { missing_skill: 2 } } },
    });
    await orders.create(order);
    expect(await orders.get('wo-rt')).toEqual(order);

    await expect(orders.create({ ...order, summary: 'Overwritten' })).rejects.toThrow();
    expect((await orders.get('wo-rt'))!.summary).toBe('Chiller trips on start');
    expect(await orders.get('wo-nope')).toBeUndefined();
  });

  it('saves on the version read (version + 1), and refuses a stale version with a 409 ConflictError, overwriting nothing', async () => {
    await orders.create(workOrder('wo-ver'));
    const first = await orders.save({ ...workOrder('wo-ver'), summary: 'First edit' }, 1);
    expect(first.version).toBe(2);
    expect(await orders.get('wo-ver')).toEqual({ ...workOrder('wo-ver'), summary: 'First edit', version: 2 });

    const stale = orders.save({ ...workOrder('wo-ver'), summary: 'Lost update', status: 'cancelled' }, 1);
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(orders.save({ ...workOrder('wo-ver'), summary: 'Lost update' }, 1)).rejects.toMatchObject({ status: 409, code: 'CONFLICT' });
    // A version from the future is just as stale.
    await expect(orders.save({ ...workOrder('wo-ver'), summary: 'Lost update' }, 5)).rejects.toMatchObject({ status: 409 });
    expect(await orders.get('wo-ver')).toEqual({ ...workOrder('wo-ver'), summary: 'First edit', version: 2 });
    // Saving a work order that was never created is a conflict too, not an upsert.
    await expect(orders.save(workOrder('wo-ghost'), 1)).rejects.toMatchObject({ status: 409 });
    expect(await orders.get('wo-ghost')).toBeUndefined();
  });

  it('booked(from, to) returns booked statuses starting in [from, to) across two UTC days, not waiting, offered or cancelled ones', async () => {
    const from = '2026-12-01T06:00:00.000Z';
    const to = '2026-12-02T18:00:00.000Z';
    const inside = [
      bookedJob('bk-at-from', 'tech-1', from, 'on_site'),
      bookedJob('bk-late-day1', 'tech-2', '2026-12-01T23:30:00.000Z', 'accepted'),
      bookedJob('bk-day2', 'tech-1', '2026-12-02T02:00:00.000Z', 'en_route'),
      bookedJob('bk-completed', 'tech-3', '2026-12-02T10:00:00.000Z', 'completed'),
      bookedJob('bk-signed', 'tech-3', '2026-12-02T17:59:59.999Z', 'signed_off'),
    ];
    const outside = [
      bookedJob('bk-at-to', 'tech-1', to, 'accepted'),
      bookedJob('bk-before-from', 'tech-2', '2026-12-01T05:59:59.999Z', 'accepted'),
      bookedJob('bk-day3', 'tech-2', '2026-12-03T01:00:00.000Z', 'accepted'),
      bookedJob('bk-day0', 'tech-2', '2026-11-30T12:00:00.000Z', 'accepted'),
      // Statuses that are not booked, though they carry a technician and a start from before.
      bookedJob('bk-cancelled', 'tech-1', '2026-12-01T09:00:00.000Z', 'cancelled'),
      bookedJob('bk-unscheduled', 'tech-1', '2026-12-01T10:00:00.000Z', 'unscheduled'),
      offered('bk-offered', 'tech-1', '2026-12-01T11:00:00.000Z'),
    ];
    for (const o of [...inside, ...outside]) await orders.create(o);

    const found = await orders.booked(from, to);
    expect(sortedIds(found)).toEqual(sortedIds(inside));
    expect(found.find((o) => o.id === 'bk-day2')).toEqual(inside[2]);

    // Taking a job back (unscheduled) takes it off the day.
    await orders.save({ ...inside[2]!, status: 'unscheduled' }, 1);
    expect(idsOf(await orders.booked(from, to))).not.toContain('bk-day2');
    expect(await orders.booked(to, from)).toEqual([]);
  });

  it('unscheduled() lists waiting and offered work orders by window start, pages with a cursor, and drops one once accepted', async () => {
    // 2020 windows sort before every other test's, so this test's orders are the head of the list.
    const late = workOrder('un-c', { window: { start: '2020-01-03T01:00:00.000Z', end: '2020-01-03T05:00:00.000Z' } });
    const early = offered('un-a', 'tech-1', '2020-01-01T01:00:00.000Z');
    const middle = workOrder('un-b', { window: { start: '2020-01-02T01:00:00.000Z', end: '2020-01-02T05:00:00.000Z' } });
    const sameStart = workOrder('un-b2', { window: { start: '2020-01-02T01:00:00.000Z', end: '2020-01-02T06:00:00.000Z' } });
    const booked = bookedJob('un-booked', 'tech-1', '2020-01-01T00:30:00.000Z');
    const cancelled = workOrder('un-cancelled', { status: 'cancelled', window: { start: '2020-01-01T00:00:00.000Z', end: '2020-01-01T05:00:00.000Z' } });
    for (const o of [late, early, middle, sameStart, booked, cancelled]) await orders.create(o);

    const mine = (list: WorkOrder[]) => idsOf(list).filter((id) => id.startsWith('un-'));
    expect(mine(await allUnscheduled())).toEqual(['un-a', 'un-b', 'un-b2', 'un-c']);
    expect((await allUnscheduled()).find((o) => o.id === 'un-a')).toEqual(early);

    const page1 = await orders.unscheduled(2);
    expect(idsOf(page1.orders)).toEqual(['un-a', 'un-b']);
    expect(page1.cursor).toEqual(expect.any(String));
    const page2 = await orders.unscheduled(2, page1.cursor);
    expect(idsOf(page2.orders)).toEqual(['un-b2', 'un-c']);

    await orders.save({ ...middle, status: 'accepted', technicianId: 'tech-1', scheduledStart: middle.window.start, scheduledEnd: '2020-01-02T02:30:00.000Z' }, 1);
    expect(mine(await allUnscheduled())).toEqual(['un-a', 'un-b2', 'un-c']);
    await orders.save({ ...early, status: 'accepted', technicianId: 'tech-1', scheduledStart: early.window.start }, 1);
    expect(mine(await allUnscheduled())).toEqual(['un-b2', 'un-c']);
  });

  it("ofTechnician() returns the technician's booked jobs in range and an offer waiting for them, not once the offer is closed", async () => {
    const from = '2026-12-10T00:00:00.000Z';
    const to = '2026-12-11T00:00:00.000Z';
    const mine = bookedJob('ot-mine', 'tech-ot', '2026-12-10T02:00:00.000Z', 'en_route');
    const offer = offered('ot-offer', 'tech-ot', '2026-12-10T05:00:00.000Z');
    const others = [
      bookedJob('ot-tomorrow', 'tech-ot', '2026-12-11T03:00:00.000Z'),
      bookedJob('ot-at-to', 'tech-ot', to),
      bookedJob('ot-yesterday', 'tech-ot', '2026-12-09T23:00:00.000Z'),
      bookedJob('ot-cancelled', 'tech-ot', '2026-12-10T08:00:00.000Z', 'cancelled'),
      bookedJob('ot-colleague', 'tech-other', '2026-12-10T02:00:00.000Z'),
      offered('ot-colleague-offer', 'tech-other', '2026-12-10T06:00:00.000Z'),
      offered('ot-offer-later', 'tech-ot', '2026-12-12T06:00:00.000Z'),
    ];
    for (const o of [mine, offer, ...others]) await orders.create(o);

    const jobs = await orders.ofTechnician('tech-ot', from, to);
    expect(idsOf(jobs)).toEqual(['ot-mine', 'ot-offer']);
    expect(jobs[1]).toEqual(offer);
    expect(idsOf(await orders.ofTechnician('tech-other', from, to))).toEqual(['ot-colleague', 'ot-colleague-offer']);

    // Declined: back to unscheduled, no one asked.
    const { offeredTo: _t, ...withoutOffer } = offer;
    await orders.save({ ...withoutOffer, status: 'unscheduled', dispatch: { ...offer.dispatch!, offers: [{ ...offer.dispatch!.offers[0]!, outcome: 'declined', answeredAt: CREATED }] } }, 1);
    expect(idsOf(await orders.ofTechnician('tech-ot', from, to))).toEqual(['ot-mine']);

    // Offered to them again and accepted: back in their list as a booked job, at its start.
    await orders.save({ ...offer, version: 2 }, 2);
    expect(idsOf(await orders.ofTechnician('tech-ot', from, to))).toEqual(['ot-mine', 'ot-offer']);
    const { offeredTo: _u, ...accepted } = offer;
    await orders.save({ ...accepted, status: 'accepted', technicianId: 'tech-ot', scheduledStart: '2026-12-10T06:00:00.000Z', scheduledEnd: '2026-12-10T07:30:00.000Z' }, 3);
    const after = await orders.ofTechnician('tech-ot', from, to);
    expect(idsOf(after)).toEqual(['ot-mine', 'ot-offer']);
    expect(after[1]).toMatchObject({ status: 'accepted', scheduledStart: '2026-12-10T06:00:00.000Z' });
  });

  it('orders the waiting list and finds offers by the instant of the window start, also when the window was given with an offset', async () => {
    // The API accepts windows with an offset (instant: `2026-11-24T09:00:00+08:00`) and
    // createWorkOrder stores them as given; the indexes sort the raw strings.
    const shanghai = offered('tz-shanghai', 'tech-tz', '2020-06-01T09:00:00+08:00'); // 01:00 UTC
    const utc = workOrder('tz-utc', { window: { start: '2020-06-01T05:00:00.000Z', end: '2020-06-01T09:00:00.000Z' } });
    await orders.create(shanghai);
    await orders.create(utc);

    const inRange = await orders.ofTechnician('tech-tz', '2020-06-01T00:00:00.000Z', '2020-06-01T04:00:00.000Z');
    const waiting = idsOf(await allUnscheduled()).filter((id) => id.startsWith('tz-'));
    expect({ inRange: idsOf(inRange), waiting }).toEqual({ inRange: ['tz-shanghai'], waiting: ['tz-shanghai', 'tz-utc'] });
  });

  it('setOfferToken stores the token only for the recorded offer; get returns it, lists never do', async () => {
    const order = offered('tok-1', 'tech-tok', '2026-12-15T02:00:00.000Z');
    await orders.create(order);
    await orders.create(workOrder('tok-waiting', { ticketId: order.ticketId, createdAt: '2026-11-20T09:00:00.000Z', dispatch: order.dispatch! }));

    expect(await orders.setOfferToken('tok-1', 'tech-someone-else', 'run-tok-1', 'token-x')).toBe(false);
    expect(await orders.setOfferToken('tok-1', 'tech-tok', 'run-older', 'token-x')).toBe(false);
    expect(await orders.setOfferToken('tok-waiting', 'tech-tok', 'run-tok-1', 'token-x')).toBe(false); // not offered
    expect(await orders.setOfferToken('tok-nope', 'tech-tok', 'run-tok-1', 'token-x')).toBe(false);
    expect(await orders.get('tok-1')).toEqual(order);
    expect(await orders.get('tok-waiting')).not.toHaveProperty('offerToken');

    expect(await orders.setOfferToken('tok-1', 'tech-tok', 'run-tok-1', 'token-1')).toBe(true);
    const stored = await orders.get('tok-1');
    expect(stored).toEqual({ ...order, offerToken: 'token-1' });

    const noToken = (list: WorkOrder[]) => {
      const found = list.find((o) => o.id === 'tok-1');
      expect(found).toBeDefined();
      expect(found).not.toHaveProperty('offerToken');
    };
    noToken(await orders.ofTicket(order.ticketId));
    noToken(await orders.ofTechnician('tech-tok', '2026-12-15T00:00:00.000Z', '2026-12-16T00:00:00.000Z'));
    noToken(await allUnscheduled());

    // Accepted as read (token and all): the booked lists still never carry it.
    const { offeredTo: _o, ...rest } = stored!;
    await orders.save({ ...rest, status: 'accepted', technicianId: 'tech-tok', scheduledStart: '2026-12-15T02:00:00.000Z', scheduledEnd: '2026-12-15T03:30:00.000Z' }, 1);
    noToken(await orders.booked('2026-12-15T00:00:00.000Z', '2026-12-16T00:00:00.000Z'));
    noToken(await orders.ofTechnician('tech-tok', '2026-12-15T00:00:00.000Z', '2026-12-16T00:00:00.000Z'));
    noToken(await orders.ofTicket(order.ticketId));
    // No longer offered: a late token for it is refused.
    expect(await orders.setOfferToken('tok-1', 'tech-tok', 'run-tok-1', 'token-late')).toBe(false);
  });

  it("ofTicket() lists a ticket's work orders, oldest first, and no other ticket's", async () => {
    await orders.create(workOrder('tk-2', { ticketId: 'ticket-shared', createdAt: '2026-11-21T08:00:00.000Z' }));
    await orders.create(bookedJob('tk-1', 'tech-1', '2026-12-20T02:00:00.000Z', 'completed', { ticketId: 'ticket-shared', createdAt: '2026-11-20T08:00:00.000Z' }));
    await orders.create(workOrder('tk-other', { ticketId: 'ticket-other' }));
    const list = await orders.ofTicket('ticket-shared');
    expect(idsOf(list)).toEqual(['tk-1', 'tk-2']);
    expect(list[1]).toEqual(workOrder('tk-2', { ticketId: 'ticket-shared', createdAt: '2026-11-21T08:00:00.000Z' }));
    expect(await orders.ofTicket('ticket-none')).toEqual([]);
  });

  it('booked() over 7 days with 20 work orders costs one query per UTC day, and nothing else', async () => {
    const from = '2027-01-04T06:00:00.000Z';
    const to = '2027-01-11T06:00:00.000Z';
    const jobs = Array.from({ length: 20 }, (_, i) =>
      bookedJob(`cap-${String(i).padStart(2, '0')}`, `tech-${i % 4}`, new Date(Date.parse(from) + i * 8 * 3_600_000).toISOString()),
    );
    for (const j of jobs) await orders.create(j);

    drainCost(bench.meter);
    const found = await orders.booked(from, to);
    const cost = drainCost(bench.meter);
    expect(sortedIds(found)).toEqual(sortedIds(jobs));

    const days = utcDays(from, to);
    expect(days).toEqual(['2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08', '2027-01-09', '2027-01-10', '2027-01-11']);
    expect(cost.calls.map((c) => c.operation)).toEqual(days.map(() => 'queryBookedDay'));
    expect(cost.calls.length).toBeGreaterThanOrEqual(7);
    expect(cost.calls.length).toBeLessThanOrEqual(8);
    expect(cost.writeUnits).toBe(0);
    console.log(`booked() over 7 days, 20 orders, on DynamoDB Local: ${cost.calls.length} queries, ${cost.readUnits} read units`);
    expect(() => utcDays('2027-01-01T00:00:00.000Z', '2027-03-01T00:00:00.000Z')).toThrow(RangeError);
  });
});

const HOURS = [{ start: '09:00', end: '18:00' }];
/** A schema-valid technician; `timeOff` long enough to make the list run over DynamoDB's 1 MB page when asked. */
function technician(id: string, over: Partial<Technician> = {}): Technician {
  return z.parse(technicianSchema, {
    id,
    name: `Technician ${id}`,
    email: `${id}@example.com`,
    language: 'zh-CN',
    skills: [{ skill: 'hvac', level: 3 }],
    home: { lat: 31.2, lng: 121.5 },
    regions: ['pudong', 'minhang'],
    timeZone: 'Asia/Shanghai',
    workingHours: { mon: HOURS, tue: HOURS, wed: HOURS, thu: HOURS, fri: HOURS, sat: [], sun: [] },
    dailyCapacity: 4,
    timeOff: [],
    ...over,
  });
}

function longTimeOff(n: number): Technician['timeOff'] {
  return Array.from({ length: n }, (_, i) => {
    const from = Date.UTC(2027, 0, 1) + i * 86_400_000;
    return { from: new Date(from).toISOString(), to: new Date(from + 3_600_000).toISOString(), reason: `Training block ${i}: ${'r'.repeat(180)}` };
  });
}

describe('technicians on DynamoDB', () => {
  it('saves, gets and lists every technician, page after page', async () => {
    const team = Array.from({ length: 25 }, (_, i) => technician(`tl-${String(i).padStart(2, '0')}`, { timeOff: longTimeOff(200) }));
    for (const t of team) await technicians.save(t);
    expect(await technicians.get('tl-07')).toEqual(team[7]);
    expect(await technicians.get('tl-nope')).toBeUndefined();

    drainCost(bench.meter);
    const listed = await technicians.list();
    const pages = drainCost(bench.meter).calls.filter((c) => c.operation === 'queryTechnicians').length;
    // ~50 KB each: 25 of them do not fit DynamoDB's 1 MB page.
    expect(pages).toBeGreaterThan(1);
    const mine = listed.filter((t) => t.id.startsWith('tl-'));
    expect(mine.map((t) => t.id)).toEqual(team.map((t) => t.id));
    expect(mine).toEqual(team);

    await technicians.save({ ...team[3]!, name: 'Renamed', timeOff: [] });
    expect(await technicians.get('tl-03')).toEqual({ ...team[3]!, name: 'Renamed', timeOff: [] });
    expect((await technicians.list()).filter((t) => t.id === 'tl-03')).toHaveLength(1);
  });

  it('finds a technician by their login, gives each login to one technician, and releases a login when re-linked', async () => {
    const ann = technician('tu-ann', { userId: 'user-ann' });
    await technicians.save(ann);
    expect(await technicians.ofUser('user-ann')).toEqual(ann);
    expect(await technicians.ofUser('user-nobody')).toBeUndefined();

    const bob = technician('tu-bob', { userId: 'user-ann' });
    const claim = technicians.save(bob);
    await expect(claim).rejects.toBeInstanceOf(ConflictError);
    await expect(technicians.save(bob)).rejects.toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(await technicians.get('tu-bob')).toBeUndefined();
    expect(await technicians.ofUser('user-ann')).toEqual(ann);

    // Saving again with the same login keeps it.
    await technicians.save({ ...ann, name: 'Ann Li' });
    expect((await technicians.ofUser('user-ann'))!.name).toBe('Ann Li');

    await technicians.save({ ...ann, userId: 'user-ann-new' });
    expect(await technicians.ofUser('user-ann')).toBeUndefined();
    expect((await technicians.ofUser('user-ann-new'))!.id).toBe('tu-ann');

    // The released login is free for someone else now.
    await technicians.save(bob);
    expect((await technicians.ofUser('user-ann'))!.id).toBe('tu-bob');

    // Unlinking releases it too.
    const { userId: _u, ...unlinked } = { ...ann, userId: 'user-ann-new' };
    await technicians.save(unlinked);
    expect(await technicians.ofUser('user-ann-new')).toBeUndefined();
    expect(await technicians.get('tu-ann')).not.toHaveProperty('userId');
  });
});
