// Proves the stock rules exact per movement (levels, reservations, use, cost, safety alerts), their refusals, and as laws over random sequences: nothing negative, levels equal to the sum of movements.
import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { locationSchema, partSchema, type Part } from '#shared/parts/part.ts';
import {
  crossedBelowSafety,
  isSameMovement,
  movementRequestSchema,
  planMovement,
  stockLevel,
  type IssuedParts,
  type MovementContext,
  type MovementRequest,
  type StampedMovement,
  type StockLevel,
} from '#shared/parts/stock.ts';
import { DomainError } from '#shared/errors/domain-errors.ts';

const part: Part = z.parse(partSchema, { sku: 'PUMP-7', name: { en: 'Drain pump' }, unitCostCents: 1250, safetyStock: 3 });
const at = '2026-11-23T09:00:00.000Z';
const stamp = (m: MovementRequest): StampedMovement => ({ ...m, by: 'tech-1', at });
const levels = (...ls: StockLevel[]) => new Map(ls.map((l) => [l.locationId, l]));
const ctx = (over: Partial<MovementContext> = {}): MovementContext => ({ part, levels: new Map(), ...over });
const plan = (m: MovementRequest, c: Partial<MovementContext> = {}) => planMovement(stamp(m), ctx(c));
const thrown = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a domain error');
};

describe('part and location schemas', () => {
  it('default currency, safety stock and unit, and refuse lower-case SKUs and negative costs', () => {
    expect(part).toEqual({ sku: 'PUMP-7', name: { en: 'Drain pump' }, unitCostCents: 1250, currency: 'EUR', safetyStock: 3, unit: 'piece' });
    expect(z.safeParse(partSchema, { ...part, sku: 'pump-7' }).success).toBe(false);
    expect(z.safeParse(partSchema, { ...part, unitCostCents: -1 }).success).toBe(false);
    expect(z.safeParse(partSchema, { ...part, unitCostCents: 1.5 }).success).toBe(false);
    expect(z.safeParse(partSchema, { ...part, currency: 'eur' }).success).toBe(false);
  });

  it('give only vans a technician', () => {
    expect(z.safeParse(locationSchema, { id: 'van-3', kind: 'van', name: { en: 'Van 3' }, technicianId: 'tech-1' }).success).toBe(true);
    expect(z.safeParse(locationSchema, { id: 'main', kind: 'warehouse', name: { en: 'Main' }, technicianId: 'tech-1' }).error?.issues[0]?.path).toEqual([
      'technicianId',
    ]);
  });

  it('parse movement requests by kind, refusing zero quantities and transfers to the same place', () => {
    expect(z.safeParse(movementRequestSchema, { kind: 'transfer', id: 'm1', sku: 'PUMP-7', qty: 3, from: 'main', to: 'van-3' }).success).toBe(true);
    expect(z.safeParse(movementRequestSchema, { kind: 'transfer', id: 'm1', sku: 'PUMP-7', qty: 3, from: 'main', to: 'main' }).error?.issues[0]?.path).toEqual(['to']);
    expect(z.safeParse(movementRequestSchema, { kind: 'scrap', id: 'm1', sku: 'PUMP-7', qty: 0, from: 'main' }).success).toBe(false);
    expect(z.safeParse(movementRequestSchema, { kind: 'issue', id: 'm1', sku: 'PUMP-7', qty: 1, from: 'main' }).success).toBe(false);
  });
});

describe('planMovement', () => {
  it('receives into a location that never held the part', () => {
    const p = plan({ kind: 'receive', id: 'm1', sku: 'PUMP-7', qty: 5, to: 'main' });
    expect(p.changes).toEqual([{ before: stockLevel('PUMP-7', 'main'), after: stockLevel('PUMP-7', 'main', 5) }]);
    expect(p.movement).toMatchObject({ id: 'm1', kind: 'receive', to: 'main', unitCostCents: 1250, currency: 'EUR', by: 'tech-1', at, levels: [stockLevel('PUMP-7', 'main', 5)] });
    expect(p.alerts).toEqual([]);
  });

  it('reserves available units for a work order and releases them', () => {
    const reserve = plan({ kind: 'reserve', id: 'm2', sku: 'PUMP-7', qty: 2, from: 'main', workOrderId: 'wo-1', ticketId: 't-1' }, { levels: levels(stockLevel('PUMP-7', 'main', 10)) });
    expect(reserve.changes[0]?.after).toEqual({ sku: 'PUMP-7', locationId: 'main', onHand: 10, reserved: 2, available: 8 });
    expect(reserve.reserved).toBe(2);
    const release = plan({ kind: 'release', id: 'm3', sku: 'PUMP-7', qty: 1, from: 'main', workOrderId: 'wo-1' }, { levels: levels(stockLevel('PUMP-7', 'main', 10, 2)), reserved: 2 });
    expect(release.changes[0]?.after).toEqual(stockLevel('PUMP-7', 'main', 10, 1));
    expect(release.reserved).toBe(1);
  });

  it('issues directly or from the reservation, rolling the cost up to the work order and ticket', () => {
    const direct = plan({ kind: 'issue', id: 'm4', sku: 'PUMP-7', qty: 2, from: 'van-3', workOrderId: 'wo-1', ticketId: 't-1' }, { levels: levels(stockLevel('PUMP-7', 'van-3', 10, 3)) });
    expect(direct.changes[0]?.after).toEqual(stockLevel('PUMP-7', 'van-3', 8, 3));
    expect(direct.issued).toEqual({ qty: 2, costCents: 2500, currency: 'EUR', ticketId: 't-1' });
    expect(direct.cost).toEqual({ workOrderId: 'wo-1', ticketId: 't-1', currency: 'EUR', cents: 2500 });
    expect(direct.movement).toMatchObject({ costCents: 2500, ticketId: 't-1' });

    const held: IssuedParts = { qty: 2, costCents: 2500, currency: 'EUR', ticketId: 't-1' };
    const reserved = plan(
      { kind: 'issue', id: 'm5', sku: 'PUMP-7', qty: 3, from: 'van-3', workOrderId: 'wo-1', ticketId: 't-1', fromReservation: true },
      { levels: levels(stockLevel('PUMP-7', 'van-3', 8, 3)), reserved: 3, issued: held },
    );
    expect(reserved.changes[0]?.after).toEqual(stockLevel('PUMP-7', 'van-3', 5, 0));
    expect(reserved.reserved).toBe(0);
    expect(reserved.issued).toEqual({ qty: 5, costCents: 6250, currency: 'EUR', ticketId: 't-1' });
    // Available did not move: taking reserved units raises no alert even below the threshold.
    expect(reserved.alerts).toEqual([]);
  });

  it('credits a return pro rata, and a full return exactly, whatever the rounding', () => {
    const issued: IssuedParts = { qty: 3, costCents: 1000, currency: 'EUR', ticketId: 't-1' };
    const one = plan({ kind: 'return', id: 'm6', sku: 'PUMP-7', qty: 1, to: 'main', workOrderId: 'wo-1' }, { issued });
    expect(one.cost).toEqual({ workOrderId: 'wo-1', ticketId: 't-1', currency: 'EUR', cents: -333 });
    expect(one.issued).toEqual({ ...issued, qty: 2, costCents: 667 });
    expect(one.changes[0]?.after).toEqual(stockLevel('PUMP-7', 'main', 1));
    expect(one.movement).toMatchObject({ ticketId: 't-1', unitCostCents: 333, costCents: 333 });
    const rest = plan({ kind: 'return', id: 'm7', sku: 'PUMP-7', qty: 2, to: 'main', workOrderId: 'wo-1' }, { issued: one.issued! });
    expect(rest.issued).toMatchObject({ qty: 0, costCents: 0 });
  });

  it('scraps and transfers available units', () => {
    expect(plan({ kind: 'scrap', id: 'm8', sku: 'PUMP-7', qty: 1, from: 'main' }, { levels: levels(stockLevel('PUMP-7', 'main', 4)) }).changes[0]?.after.onHand).toBe(3);
    const t = plan({ kind: 'transfer', id: 'm9', sku: 'PUMP-7', qty: 3, from: 'main', to: 'van-3' }, { levels: levels(stockLevel('PUMP-7', 'main', 5), stockLevel('PUMP-7', 'van-3', 1)) });
    expect(t.changes.map((c) => c.after)).toEqual([stockLevel('PUMP-7', 'main', 2), stockLevel('PUMP-7', 'van-3', 4)]);
    expect(t.movement.levels).toEqual([stockLevel('PUMP-7', 'main', 2), stockLevel('PUMP-7', 'van-3', 4)]);
  });

  it('refuses to take more than is available, saying how many are', () => {
    const err = thrown(() => plan({ kind: 'scrap', id: 'm1', sku: 'PUMP-7', qty: 3, from: 'main' }, { levels: levels(stockLevel('PUMP-7', 'main', 4, 2)) }));
    expect(err).toMatchObject({ status: 409, code: 'INSUFFICIENT_STOCK', details: { sku: 'PUMP-7', locationId: 'main', available: 2, requested: 3 } });
    expect(thrown(() => plan({ kind: 'issue', id: 'm1', sku: 'PUMP-7', qty: 1, from: 'main', workOrderId: 'w', ticketId: 't' }))).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { available: 0 } });
    expect(thrown(() => plan({ kind: 'reserve', id: 'm1', sku: 'PUMP-7', qty: 3, from: 'main', workOrderId: 'w', ticketId: 't' }, { levels: levels(stockLevel('PUMP-7', 'main', 2)) }))).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
    });
  });

  it('refuses releasing or issuing more than the work order reserved, and returning more than it used', () => {
    const level = levels(stockLevel('PUMP-7', 'main', 10, 5));
    expect(thrown(() => plan({ kind: 'release', id: 'm1', sku: 'PUMP-7', qty: 3, from: 'main', workOrderId: 'w' }, { levels: level, reserved: 2 }))).toMatchObject({
      status: 409,
      code: 'INSUFFICIENT_RESERVATION',
      details: { reserved: 2, requested: 3 },
    });
    expect(
      thrown(() => plan({ kind: 'issue', id: 'm1', sku: 'PUMP-7', qty: 1, from: 'main', workOrderId: 'w', ticketId: 't', fromReservation: true }, { levels: level })),
    ).toMatchObject({ code: 'INSUFFICIENT_RESERVATION', details: { reserved: 0 } });
    expect(thrown(() => plan({ kind: 'return', id: 'm1', sku: 'PUMP-7', qty: 1, to: 'main', workOrderId: 'w' }))).toMatchObject({ code: 'RETURN_EXCEEDS_ISSUED', details: { issued: 0 } });
  });

  it('refuses issuing to a work order under another ticket than its earlier parts', () => {
    const issued: IssuedParts = { qty: 1, costCents: 1250, currency: 'EUR', ticketId: 't-1' };
    const err = thrown(() => plan({ kind: 'issue', id: 'm1', sku: 'PUMP-7', qty: 1, from: 'main', workOrderId: 'w', ticketId: 't-2' }, { levels: levels(stockLevel('PUMP-7', 'main', 3)), issued }));
    expect(err.code).toBe('VALIDATION_FAILED');
  });

  it('alerts when available stock crosses below the safety stock, not when it stays above or was below already', () => {
    const from = (onHand: number, qty: number) => plan({ kind: 'scrap', id: 'm1', sku: 'PUMP-7', qty, from: 'main' }, { levels: levels(stockLevel('PUMP-7', 'main', onHand)) });
    expect(from(5, 2).alerts).toEqual([]); // 3 left: at the threshold, not below
    expect(from(5, 3).alerts).toEqual([stockLevel('PUMP-7', 'main', 2)]);
    expect(from(5, 3).movement.belowSafety).toEqual(['main']);
    expect(from(2, 1).alerts).toEqual([]); // already below
  });
});

describe('crossedBelowSafety', () => {
  it('is true exactly when available goes from >= safety to < safety', () => {
    fc.assert(
      fc.property(fc.nat(20), fc.nat(20), fc.nat(20), (before, after, safety) =>
        crossedBelowSafety(stockLevel('S', 'l', before), stockLevel('S', 'l', after), safety) === (before >= safety && after < safety),
      ),
    );
    // A safety stock of 0 never alerts: available never goes below 0.
    expect(crossedBelowSafety(stockLevel('S', 'l', 1), stockLevel('S', 'l', 0), 0)).toBe(false);
  });
});

describe('isSameMovement', () => {
  it('tells a retry from a different movement under the same id', () => {
    const m: MovementRequest = { kind: 'issue', id: 'm1', sku: 'PUMP-7', qty: 1, from: 'main', workOrderId: 'w', ticketId: 't' };
    const recorded = plan(m, { levels: levels(stockLevel('PUMP-7', 'main', 3)) }).movement;
    expect(isSameMovement(recorded, m)).toBe(true);
    expect(isSameMovement(recorded, { ...m, fromReservation: false })).toBe(true);
    expect(isSameMovement(recorded, { ...m, qty: 2 })).toBe(false);
    expect(isSameMovement(recorded, { ...m, fromReservation: true })).toBe(false);
    expect(isSameMovement(recorded, { kind: 'scrap', id: 'm1', sku: 'PUMP-7', qty: 1, from: 'main' })).toBe(false);
  });
});

/** The whole stock of one part in memory, changed only through planMovement, as the store does. */
class Model {
  levels = new Map<string, StockLevel>();
  reserved = new Map<string, number>();
  issued = new Map<string, IssuedParts>();
  cost = new Map<string, number>(); // work order → cents
  ticketCost = new Map<string, number>();

  apply(m: StampedMovement): boolean {
    const from = 'from' in m ? m.from : '';
    const wo = 'workOrderId' in m ? m.workOrderId : '';
    let p;
    try {
      p = planMovement(m, { part, levels: this.levels, reserved: this.reserved.get(`${wo}/${from}`), issued: this.issued.get(wo) });
    } catch (err) {
      if (err instanceof DomainError) return false;
      throw err;
    }
    for (const c of p.changes) this.levels.set(c.after.locationId, c.after);
    if (p.reserved !== undefined) this.reserved.set(`${wo}/${from}`, p.reserved);
    if (p.issued) this.issued.set(wo, p.issued);
    if (p.cost) {
      this.cost.set(wo, (this.cost.get(wo) ?? 0) + p.cost.cents);
      this.ticketCost.set(p.cost.ticketId, (this.ticketCost.get(p.cost.ticketId) ?? 0) + p.cost.cents);
    }
    return true;
  }
}

const LOCATIONS = ['main', 'van-3'] as const;
const WORK_ORDERS = { 'wo-1': 't-1', 'wo-2': 't-1', 'wo-3': 't-2' } as const;
const loc = fc.constantFrom(...LOCATIONS);
const wo = fc.constantFrom(...(Object.keys(WORK_ORDERS) as (keyof typeof WORK_ORDERS)[]));
const q = fc.integer({ min: 1, max: 4 });
const sku = 'PUMP-7';
const movement: fc.Arbitrary<MovementRequest> = fc.oneof(
  // Receipts weigh more, so that stock exists for the other kinds to move most of the time.
  { arbitrary: fc.record({ kind: fc.constant('receive' as const), id: fc.constant(''), sku: fc.constant(sku), qty: fc.integer({ min: 1, max: 8 }), to: loc }), weight: 3 },
  fc.record({ kind: fc.constant('reserve' as const), id: fc.constant(''), sku: fc.constant(sku), qty: q, from: loc, workOrderId: wo }).map((m) => ({ ...m, ticketId: WORK_ORDERS[m.workOrderId] })),
  fc.record({ kind: fc.constant('release' as const), id: fc.constant(''), sku: fc.constant(sku), qty: q, from: loc, workOrderId: wo }),
  fc
    .record({ kind: fc.constant('issue' as const), id: fc.constant(''), sku: fc.constant(sku), qty: q, from: loc, workOrderId: wo, fromReservation: fc.boolean() })
    .map((m) => ({ ...m, ticketId: WORK_ORDERS[m.workOrderId] })),
  fc.record({ kind: fc.constant('return' as const), id: fc.constant(''), sku: fc.constant(sku), qty: q, to: loc, workOrderId: wo }),
  fc.record({ kind: fc.constant('scrap' as const), id: fc.constant(''), sku: fc.constant(sku), qty: q, from: loc }),
  fc.record({ kind: fc.constant('transfer' as const), id: fc.constant(''), sku: fc.constant(sku), qty: q, from: loc, to: loc }).filter((m) => m.from !== m.to),
);

/** What the applied movements add up to at a location: in minus out, and reserved minus released or used. */
function sums(applied: MovementRequest[], at: string) {
  let onHand = 0;
  let reserved = 0;
  for (const m of applied) {
    if ((m.kind === 'receive' || m.kind === 'return') && m.to === at) onHand += m.qty;
    if (m.kind === 'transfer' && m.to === at) onHand += m.qty;
    if ((m.kind === 'issue' || m.kind === 'scrap' || m.kind === 'transfer') && m.from === at) onHand -= m.qty;
    if (m.kind === 'reserve' && m.from === at) reserved += m.qty;
    if ((m.kind === 'release' || (m.kind === 'issue' && m.fromReservation)) && m.from === at) reserved -= m.qty;
  }
  return { onHand, reserved };
}

describe('laws over random movement sequences (fast-check)', () => {
  it('never let a level, a reservation or a use go negative; levels equal the sum of the applied movements; costs add up', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(movement, { minLength: 5, maxLength: 60, size: 'medium' }), (ms) => {
        const model = new Model();
        const applied = ms.map((m, i) => ({ ...m, id: `m${i}` })).filter((m) => model.apply(stamp(m)));
        for (const m of applied) seen.set(m.kind, (seen.get(m.kind) ?? 0) + 1);
        for (const l of LOCATIONS) {
          const level = model.levels.get(l) ?? stockLevel(sku, l);
          expect(level.onHand).toBeGreaterThanOrEqual(0);
          expect(level.reserved).toBeGreaterThanOrEqual(0);
          expect(level.available).toBe(level.onHand - level.reserved);
          expect(level.available).toBeGreaterThanOrEqual(0);
          expect({ onHand: level.onHand, reserved: level.reserved }).toEqual(sums(applied, l));
          // A level's reservations are exactly the work orders' reservations there.
          expect([...model.reserved].filter(([k]) => k.endsWith(`/${l}`)).reduce((s, [, n]) => s + n, 0)).toBe(level.reserved);
        }
        for (const [w, used] of model.issued) {
          expect(used.qty).toBeGreaterThanOrEqual(0);
          expect(used.costCents).toBeGreaterThanOrEqual(0);
          expect(model.cost.get(w)).toBe(used.costCents);
        }
        const byTicket = (t: string) => [...model.issued.values()].filter((u) => u.ticketId === t).reduce((s, u) => s + u.costCents, 0);
        expect(model.ticketCost.get('t-1') ?? 0).toBe(byTicket('t-1'));
        expect(model.ticketCost.get('t-2') ?? 0).toBe(byTicket('t-2'));
      }),
      { seed: 20261123, numRuns: 200 },
    );
    // The sequences really exercise every kind, not only the refusals.
    for (const kind of ['receive', 'reserve', 'release', 'issue', 'return', 'scrap', 'transfer']) expect(seen.get(kind) ?? 0, kind).toBeGreaterThan(50);
  });
});
