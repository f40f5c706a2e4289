// Proves on DynamoDB Local, with the template's table, that stock movements change levels exactly, never drive stock negative when 20 requests race, apply once per id, roll costs up and raise one safety alert a day.
import fc from 'fast-check';
import * as z from 'zod/mini';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoEngine, type DynamoEngine } from '../../infra/local/dynamodb-engine.ts';
import { drainCost, openBenchTable, ticketTableResource, type BenchTable } from '../bench/bench-table.ts';
import { testAssemblyDir } from '../support/assembly.ts';
import { DynamoStockStore } from '#shared/adapters/dynamodb/stock-store.ts';
import { Table } from '#shared/adapters/dynamodb/table.ts';
import { partSchema, type Part } from '#shared/parts/part.ts';
import { stockLevel, type MovementRequest, type StampedMovement } from '#shared/parts/stock.ts';
import type { MovementResult } from '#shared/parts/stock-store.ts';

let engine: DynamoEngine;
let bench: BenchTable;
let store: DynamoStockStore;

beforeAll(async () => {
  engine = await startDynamoEngine({});
  bench = await openBenchTable(engine, ticketTableResource(testAssemblyDir()), 'stock');
  store = new DynamoStockStore(new Table(bench.client, bench.tableName, bench.meter));
  await store.saveLocation({ id: 'main', kind: 'warehouse', name: { en: 'Main warehouse', 'zh-CN': '主仓库' } });
  await store.saveLocation({ id: 'van-3', kind: 'van', name: { en: 'Van 3' }, technicianId: 'tech-1' });
  await store.saveLocation({ id: 'van-4', kind: 'van', name: { en: 'Van 4' }, technicianId: 'tech-2' });
});
afterAll(async () => {
  bench?.close();
  await engine?.stop();
});

let parts = 0;
let ids = 0;
let tick = 0;
/** A fresh part per test, so tests (and property runs) never share a level. */
async function newPart(over: Partial<Part> = {}): Promise<string> {
  const sku = `P-${++parts}`;
  await store.savePart(z.parse(partSchema, { sku, name: { en: `Part ${parts}` }, unitCostCents: 1250, ...over }));
  return sku;
}
const at = () => new Date(Date.UTC(2026, 10, 23, 9) + tick++ * 1000).toISOString();
/** A movement as the tests write it: the id is made up unless the test is about ids. */
type Ask = MovementRequest extends infer M ? (M extends MovementRequest ? Omit<M, 'id'> & { id?: string } : never) : never;
const move = (m: Ask, when = at()): Promise<MovementResult> =>
  store.move({ id: `m-${++ids}`, ...m, by: 'tech-1', at: when } as StampedMovement);
const codeOf = (p: Promise<unknown>) => p.then(
  () => 'ok',
  (err: { code?: string }) => err.code ?? String(err),
);

describe('stock movements on DynamoDB', () => {
  it('receive, reserve, issue, return, scrap and transfer change the levels exactly, and list them', async () => {
    const sku = await newPart();
    await move({ kind: 'receive', sku, qty: 10, to: 'main' });
    await move({ kind: 'reserve', sku, qty: 4, from: 'main', workOrderId: 'wo-a', ticketId: 't-a' });
    await move({ kind: 'release', sku, qty: 1, from: 'main', workOrderId: 'wo-a' });
    await move({ kind: 'issue', sku, qty: 2, from: 'main', workOrderId: 'wo-a', ticketId: 't-a', fromReservation: true });
    await move({ kind: 'issue', sku, qty: 1, from: 'main', workOrderId: 'wo-a', ticketId: 't-a' });
    await move({ kind: 'return', sku, qty: 1, to: 'main', workOrderId: 'wo-a' });
    await move({ kind: 'scrap', sku, qty: 1, from: 'main' });
    const transfer = await move({ kind: 'transfer', sku, qty: 3, from: 'main', to: 'van-3' });

    // main: 10 in, 2 + 1 issued, 1 back, 1 scrapped, 3 out = 4 on hand; 4 reserved - 1 released - 2 used = 1
    expect(await store.level(sku, 'main')).toEqual(stockLevel(sku, 'main', 4, 1));
    expect(await store.level(sku, 'van-3')).toEqual(stockLevel(sku, 'van-3', 3));
    expect(transfer.movement.levels).toEqual([stockLevel(sku, 'main', 4, 1), stockLevel(sku, 'van-3', 3)]);
    expect(await store.stockOf(sku)).toEqual([stockLevel(sku, 'main', 4, 1), stockLevel(sku, 'van-3', 3)]);
    expect((await store.stockAt('van-3', 100)).levels).toContainEqual(stockLevel(sku, 'van-3', 3));

    const ledger = await store.movements(sku, 'main', 20);
    expect(ledger.movements.map((m) => m.kind)).toEqual(['transfer', 'scrap', 'return', 'issue', 'issue', 'release', 'reserve', 'receive']);
    expect((await store.movements(sku, 'van-3', 20)).movements.map((m) => [m.kind, m.from, m.to])).toEqual([['transfer', 'main', 'van-3']]);
    const page = await store.movements(sku, 'main', 3);
    expect((await store.movements(sku, 'main', 20, page.cursor)).movements.map((m) => m.kind)).toEqual(['issue', 'issue', 'release', 'reserve', 'receive']);

    expect(await store.workOrderParts('wo-a')).toEqual({
      reservations: [{ sku, locationId: 'main', qty: 1 }],
      issued: [{ sku, qty: 2, costCents: 2500, currency: 'EUR' }],
      cost: { EUR: 2500 },
    });
  });

  it('refuses taking more than is available with INSUFFICIENT_STOCK and the available quantity, writing nothing', async () => {
    const sku = await newPart();
    await move({ kind: 'receive', sku, qty: 2, to: 'van-3' });
    await move({ kind: 'reserve', sku, qty: 1, from: 'van-3', workOrderId: 'wo-b', ticketId: 't-b' });
    const refused = move({ kind: 'issue', sku, qty: 2, from: 'van-3', workOrderId: 'wo-b', ticketId: 't-b' });
    await expect(refused).rejects.toMatchObject({ status: 409, code: 'INSUFFICIENT_STOCK', details: { sku, locationId: 'van-3', available: 1, requested: 2 } });
    await expect(move({ kind: 'transfer', sku, qty: 2, from: 'van-3', to: 'main' })).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    await expect(move({ kind: 'release', sku, qty: 2, from: 'van-3', workOrderId: 'wo-b' })).rejects.toMatchObject({ code: 'INSUFFICIENT_RESERVATION' });
    await expect(move({ kind: 'return', sku, qty: 1, to: 'van-3', workOrderId: 'wo-b' })).rejects.toMatchObject({ code: 'RETURN_EXCEEDS_ISSUED' });
    await expect(move({ kind: 'transfer', sku, qty: 1, from: 'van-3', to: 'van-3' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(move({ kind: 'receive', sku, qty: 1, to: 'nowhere' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(move({ kind: 'receive', sku: 'NO-SUCH-PART', qty: 1, to: 'main' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(await store.level(sku, 'van-3')).toEqual(stockLevel(sku, 'van-3', 2, 1));
    expect(await store.level(sku, 'main')).toEqual(stockLevel(sku, 'main'));
    expect((await store.movements(sku, 'van-3', 20)).movements.map((m) => m.kind)).toEqual(['reserve', 'receive']);
    expect(await store.ticketPartsCost('t-b')).toEqual({});
  });

  it('lets exactly one of 20 concurrent issues of the last unit through; onHand ends at 0', async () => {
    const sku = await newPart();
    await move({ kind: 'receive', sku, qty: 1, to: 'van-3' });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => codeOf(move({ kind: 'issue', sku, qty: 1, from: 'van-3', workOrderId: `wo-race-${i}`, ticketId: `t-race-${i}` }))),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'INSUFFICIENT_STOCK')).toHaveLength(19);
    expect(await store.level(sku, 'van-3')).toEqual(stockLevel(sku, 'van-3', 0));
    expect((await store.movements(sku, 'van-3', 50)).movements.map((m) => m.kind)).toEqual(['issue', 'receive']);
  });

  it('lets exactly one of 20 concurrent transfers of 3 from a location holding 5 through', async () => {
    const sku = await newPart();
    await move({ kind: 'receive', sku, qty: 5, to: 'main' });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => codeOf(move({ kind: 'transfer', sku, qty: 3, from: 'main', to: i % 2 ? 'van-3' : 'van-4' }))),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'INSUFFICIENT_STOCK')).toHaveLength(19);
    const levels = await store.stockOf(sku);
    expect(levels.find((l) => l.locationId === 'main')).toEqual(stockLevel(sku, 'main', 2));
    expect(levels.reduce((s, l) => s + l.onHand, 0)).toBe(5);
  });

  it('applies a repeated movement id once and answers with the first result, also when the repeats race', async () => {
    const sku = await newPart();
    await move({ kind: 'receive', sku, qty: 3, to: 'main' });
    const issue = { id: 'issue-once', kind: 'issue', sku, qty: 1, from: 'main', workOrderId: 'wo-c', ticketId: 't-c' } as const;
    const first = await move(issue);
    const again = await move(issue, at());
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ movement: first.movement, replayed: true });

    const racing = await Promise.all(Array.from({ length: 5 }, () => move({ ...issue, id: 'issue-racing' })));
    expect(racing.filter((r) => !r.replayed)).toHaveLength(1);
    for (const r of racing) expect(r.movement).toEqual(racing[0]!.movement);

    expect(await store.level(sku, 'main')).toEqual(stockLevel(sku, 'main', 1));
    expect(await store.ticketPartsCost('t-c')).toEqual({ EUR: 2500 });
    // Stock that has run out since does not turn the retry into a refusal.
    await move({ kind: 'scrap', sku, qty: 1, from: 'main' });
    expect((await move(issue)).replayed).toBe(true);
    await expect(move({ ...issue, qty: 2 })).rejects.toMatchObject({ status: 409, code: 'MOVEMENT_ID_REUSED' });
  });

  it('rolls parts cost up per work order and per ticket, at the cost when issued, and credits returns', async () => {
    const pump = await newPart({ unitCostCents: 1250 });
    const seal = await newPart({ unitCostCents: 199, currency: 'CNY' });
    await move({ kind: 'receive', sku: pump, qty: 10, to: 'main' });
    await move({ kind: 'receive', sku: seal, qty: 10, to: 'main' });
    await move({ kind: 'issue', sku: pump, qty: 2, from: 'main', workOrderId: 'wo-d1', ticketId: 't-d' });
    await store.savePart(z.parse(partSchema, { ...(await store.getPart(pump))!, unitCostCents: 1500 }));
    await move({ kind: 'issue', sku: pump, qty: 1, from: 'main', workOrderId: 'wo-d2', ticketId: 't-d' });
    await move({ kind: 'issue', sku: seal, qty: 3, from: 'main', workOrderId: 'wo-d2', ticketId: 't-d' });
    await move({ kind: 'return', sku: seal, qty: 1, to: 'main', workOrderId: 'wo-d2' });

    expect((await store.workOrderParts('wo-d1')).cost).toEqual({ EUR: 2500 });
    expect((await store.workOrderParts('wo-d2')).cost).toEqual({ EUR: 1500, CNY: 398 });
    expect(await store.ticketPartsCost('t-d')).toEqual({ EUR: 4000, CNY: 398 });
    await move({ kind: 'return', sku: pump, qty: 2, to: 'main', workOrderId: 'wo-d1' });
    expect(await store.ticketPartsCost('t-d')).toEqual({ EUR: 1500, CNY: 398 });
    expect((await store.workOrderParts('wo-d1')).issued).toEqual([]);
  });

  it('writes the safety-stock alert once per part, location and day when stock crosses below it', async () => {
    const sku = await newPart({ safetyStock: 3 });
    const day1 = (h: number) => `2026-11-24T${String(h).padStart(2, '0')}:00:00.000Z`;
    await move({ kind: 'receive', sku, qty: 5, to: 'van-4' }, day1(8));
    const above = await move({ kind: 'scrap', sku, qty: 2, from: 'van-4' }, day1(9)); // 3 left: not below
    expect(above.movement.belowSafety).toBeUndefined();
    const crossing = await move({ kind: 'issue', sku, qty: 1, from: 'van-4', workOrderId: 'wo-e', ticketId: 't-e' }, day1(10));
    expect(crossing.movement.belowSafety).toEqual(['van-4']);
    await move({ kind: 'receive', sku, qty: 5, to: 'van-4' }, day1(11));
    await move({ kind: 'scrap', sku, qty: 6, from: 'van-4' }, day1(12)); // crosses again the same day
    expect((await store.alerts('2026-11-24')).filter((a) => a.sku === sku)).toEqual([
      { sku, locationId: 'van-4', day: '2026-11-24', at: day1(10), movementId: crossing.movement.id, available: 2, onHand: 2, reserved: 0, safetyStock: 3 },
    ]);
    expect((await store.lowStockAt('van-4')).filter((l) => l.level.sku === sku)).toEqual([{ level: stockLevel(sku, 'van-4', 1), safetyStock: 3 }]);

    await move({ kind: 'receive', sku, qty: 5, to: 'van-4' }, '2026-11-25T08:00:00.000Z');
    await move({ kind: 'scrap', sku, qty: 4, from: 'van-4' }, '2026-11-25T09:00:00.000Z');
    expect((await store.alerts('2026-11-25')).filter((a) => a.sku === sku)).toHaveLength(1);
  });

  it('writes each movement with ONE transaction after one round of parallel reads, and reports its capacity units', async () => {
    const sku = await newPart({ safetyStock: 1 });
    const measure = async (m: Ask) => {
      drainCost(bench.meter);
      await move(m);
      const { calls, readUnits, writeUnits } = drainCost(bench.meter);
      return { reads: calls.filter((c) => !c.writeUnits).map((c) => c.operation).sort(), writes: calls.filter((c) => c.writeUnits).map((c) => c.operation), readUnits, writeUnits };
    };
    const cost = {
      receive: await measure({ kind: 'receive', sku, qty: 6, to: 'main' }),
      reserve: await measure({ kind: 'reserve', sku, qty: 2, from: 'main', workOrderId: 'wo-f', ticketId: 't-f' }),
      release: await measure({ kind: 'release', sku, qty: 1, from: 'main', workOrderId: 'wo-f' }),
      issue: await measure({ kind: 'issue', sku, qty: 1, from: 'main', workOrderId: 'wo-f', ticketId: 't-f', fromReservation: true }),
      return: await measure({ kind: 'return', sku, qty: 1, to: 'main', workOrderId: 'wo-f' }),
      transfer: await measure({ kind: 'transfer', sku, qty: 2, from: 'main', to: 'van-3' }),
      scrap: await measure({ kind: 'scrap', sku, qty: 4, from: 'main' }),
    };
    // DynamoDB Local bills a transaction 2 table units whatever its size (AWS: 2 per item and KB),
    // plus the index copies; the units are printed for the record, the requests are asserted.
    console.log(`capacity per movement on DynamoDB Local: ${JSON.stringify(Object.fromEntries(Object.entries(cost).map(([k, c]) => [k, { readUnits: c.readUnits, writeUnits: c.writeUnits }])))}`);
    const level = 'readStockLevel';
    expect(cost.receive).toMatchObject({ reads: ['readPartForMove', level], writes: ['receiveStock'] });
    expect(cost.reserve).toMatchObject({ reads: ['readPartForMove', 'readPartsReserved', level], writes: ['reserveStock'] });
    expect(cost.release).toMatchObject({ reads: ['readPartForMove', 'readPartsReserved', level], writes: ['releaseStock'] });
    expect(cost.issue).toMatchObject({ reads: ['readPartForMove', 'readPartsIssued', 'readPartsReserved', level], writes: ['issueStock'] });
    expect(cost.return).toMatchObject({ reads: ['readPartForMove', 'readPartsIssued', level], writes: ['returnStock'] });
    expect(cost.transfer).toMatchObject({ reads: ['readPartForMove', level, level], writes: ['transferStock'] });
    expect(cost.scrap).toMatchObject({ reads: ['readPartForMove', level], writes: ['scrapStock'] });
  });
});

/** What the applied movements add up to at a location. */
function sums(applied: MovementRequest[], location: string) {
  let onHand = 0;
  let reserved = 0;
  for (const m of applied) {
    if ((m.kind === 'receive' || m.kind === 'return' || m.kind === 'transfer') && m.to === location) onHand += m.qty;
    if ((m.kind === 'issue' || m.kind === 'scrap' || m.kind === 'transfer') && m.from === location) onHand -= m.qty;
    if (m.kind === 'reserve' && m.from === location) reserved += m.qty;
    if ((m.kind === 'release' || (m.kind === 'issue' && m.fromReservation)) && m.from === location) reserved -= m.qty;
  }
  return { onHand, reserved };
}

const LOCATIONS = ['main', 'van-3'] as const;
const loc = fc.constantFrom(...LOCATIONS);
const q = fc.integer({ min: 1, max: 2 });
// Work-order steps take from the warehouse and share one work order, so that releases, issues
// from reservation and returns find something to act on; receipts, scraps and transfers roam.
const workOrder = { from: fc.constant('main'), workOrderId: fc.constant('wo') };
const step = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), qty: fc.integer({ min: 1, max: 6 }), to: loc }),
  fc.record({ kind: fc.constant('reserve' as const), qty: q, ...workOrder }),
  fc.record({ kind: fc.constant('release' as const), qty: q, ...workOrder }),
  fc.record({ kind: fc.constant('issue' as const), qty: q, ...workOrder, fromReservation: fc.boolean() }),
  fc.record({ kind: fc.constant('return' as const), qty: q, to: loc, workOrderId: workOrder.workOrderId }),
  fc.record({ kind: fc.constant('scrap' as const), qty: q, from: loc }),
  fc.record({ kind: fc.constant('transfer' as const), qty: q, from: loc, to: loc }).filter((m) => m.from !== m.to),
);

describe('random movement sequences through the store (fast-check)', () => {
  it('never leave onHand or reserved negative, and levels equal the sum of the applied movements', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 6, maxLength: 12, size: 'max' }), async (steps) => {
        const sku = await newPart({ safetyStock: 2 });
        const run = `r${parts}`;
        const applied: MovementRequest[] = [];
        // Every run starts with stock in both places, so that most steps have something to move.
        const opening = [{ kind: 'receive' as const, qty: 6, to: 'main' }, { kind: 'receive' as const, qty: 3, to: 'van-3' }];
        for (const s of [...opening, ...steps]) {
          const request = {
            ...s,
            id: `${run}-${applied.length}-${ids++}`,
            sku,
            ...('workOrderId' in s ? { workOrderId: `${run}-${s.workOrderId}`, ...(s.kind === 'reserve' || s.kind === 'issue' ? { ticketId: `${run}-t` } : {}) } : {}),
          } as MovementRequest;
          const outcome = await store.move({ ...request, by: 'prop', at: at() }).catch((err: { code?: string }) => err.code ?? String(err));
          if (typeof outcome === 'string') {
            expect(['INSUFFICIENT_STOCK', 'INSUFFICIENT_RESERVATION', 'RETURN_EXCEEDS_ISSUED']).toContain(outcome);
            continue;
          }
          for (const l of outcome.movement.levels) expect(Math.min(l.onHand, l.reserved, l.available)).toBeGreaterThanOrEqual(0);
          applied.push(request);
          seen.set(request.kind, (seen.get(request.kind) ?? 0) + 1);
        }
        const levels = await store.stockOf(sku);
        for (const location of LOCATIONS) {
          const level = levels.find((l) => l.locationId === location) ?? stockLevel(sku, location);
          expect(level.onHand).toBeGreaterThanOrEqual(0);
          expect(level.reserved).toBeGreaterThanOrEqual(0);
          expect(level.available).toBe(level.onHand - level.reserved);
          expect({ onHand: level.onHand, reserved: level.reserved }).toEqual(sums(applied, location));
        }
      }),
      { seed: 20261123, numRuns: 50 },
    );
    for (const kind of ['receive', 'reserve', 'release', 'issue', 'return', 'scrap', 'transfer']) expect(seen.get(kind) ?? 0, kind).toBeGreaterThan(3);
  });
});
