// Proves the parts routes on the local runtime: catalog and locations kept by admins, stock moved by agents (idempotent by the client's id, never below zero), read by technicians, low stock across locations, work-order and ticket costs, and one StockBelowSafetyLevel on the bus per part, location and day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

let stack: LocalStack;
let moves = 0;
const nextId = () => `it-${++moves}`;

const move = (role: string, body: Record<string, unknown>) => callApi(stack, 'POST', '/v1/stock-movements', { role, body: { id: nextId(), ...body } });
const stockAt = async (locationId: string, role = 'agent') => (await callApi(stack, 'GET', `/v1/stock-locations/${locationId}/stock`, { role })).body;
const rowOf = async (locationId: string, sku: string) => (await stockAt(locationId)).items.find((r: { sku: string }) => r.sku === sku);
const alertEvents = (sku: string) => stack.events.list().filter((e) => e.event['detail-type'] === 'StockBelowSafetyLevel' && (e.event.detail as { sku?: string }).sku === sku);

beforeAll(async () => {
  stack = await startTestStack('parts-routes');
  for (const [sku, safetyStock, unitCostCents] of [
    ['FLT-100', 5, 1250],
    ['PMP-200', 2, 8000],
    ['VLV-300', 0, 300],
  ] as const) {
    const res = await callApi(stack, 'PUT', `/v1/parts/${sku}`, { role: 'admin', body: { name: { en: `Part ${sku}`, 'zh-CN': `零件 ${sku}` }, unitCostCents, safetyStock } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  for (const [id, body] of [
    ['main', { kind: 'warehouse', name: { en: 'Main warehouse', 'zh-CN': '主仓库' } }],
    ['van-7', { kind: 'van', name: { en: 'Van 7' }, technicianId: 'tech-7' }],
  ] as const) {
    const res = await callApi(stack, 'PUT', `/v1/stock-locations/${id}`, { role: 'admin', body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
});
afterAll(async () => {
  await stack?.stop();
});

describe('catalog and locations', () => {
  it('admins save parts and locations; agents and technicians read them; nobody else writes', async () => {
    const parts = await callApi(stack, 'GET', '/v1/parts?limit=2', { role: 'technician' });
    expect(parts.status).toBe(200);
    expect(parts.body.items.map((p: { sku: string }) => p.sku)).toEqual(['FLT-100', 'PMP-200']);
    const next = await callApi(stack, 'GET', `/v1/parts?limit=2&cursor=${encodeURIComponent(parts.body.cursor)}`, { role: 'agent' });
    expect(next.body.items.map((p: { sku: string }) => p.sku)).toEqual(['VLV-300']);
    expect(parts.body.items[0]).toEqual({ sku: 'FLT-100', name: { en: 'Part FLT-100', 'zh-CN': '零件 FLT-100' }, unitCostCents: 1250, currency: 'EUR', safetyStock: 5, unit: 'piece' });

    const locations = await callApi(stack, 'GET', '/v1/stock-locations', { role: 'agent' });
    expect(locations.body.items.map((l: { id: string }) => l.id).sort()).toEqual(['main', 'van-7']);

    for (const role of ['agent', 'technician', 'finance']) {
      expect((await callApi(stack, 'PUT', '/v1/parts/FLT-100', { role, body: { name: { en: 'Hacked' }, unitCostCents: 1 } })).status, role).toBe(403);
      expect((await callApi(stack, 'PUT', '/v1/stock-locations/main', { role, body: { kind: 'warehouse', name: { en: 'Hacked' } } })).status, role).toBe(403);
    }
    expect((await callApi(stack, 'GET', '/v1/parts', { role: 'finance' })).status).toBe(403);
    expect((await callApi(stack, 'GET', '/v1/parts')).status).toBe(401);
  });

  it('refuses bad input with the field and why', async () => {
    const badSku = await callApi(stack, 'PUT', '/v1/parts/lower-case', { role: 'admin', body: { name: { en: 'x' }, unitCostCents: 1 } });
    expect(badSku.status).toBe(400);
    expect(badSku.body.error.fields).toEqual([expect.objectContaining({ path: 'sku' })]);
    const negative = await callApi(stack, 'PUT', '/v1/parts/NEG-1', { role: 'admin', body: { name: { en: 'x' }, unitCostCents: -1 } });
    expect(negative.status).toBe(400);
    expect(negative.body.error.fields).toEqual([expect.objectContaining({ path: 'unitCostCents' })]);
    const vanless = await callApi(stack, 'PUT', '/v1/stock-locations/north', { role: 'admin', body: { kind: 'warehouse', name: { en: 'North' }, technicianId: 'tech-1' } });
    expect(vanless.status).toBe(400);
    expect(vanless.body.error.fields).toEqual([expect.objectContaining({ path: 'technicianId' })]);
    const noId = await callApi(stack, 'POST', '/v1/stock-movements', { role: 'agent', body: { kind: 'receive', sku: 'FLT-100', qty: 1, to: 'main' } });
    expect(noId.status).toBe(400);
    expect(noId.body.error.fields).toEqual([expect.objectContaining({ path: 'id' })]);
    const unknown = await move('agent', { kind: 'receive', sku: 'NOPE-1', qty: 1, to: 'main' });
    expect(unknown.status).toBe(404);
    expect((await callApi(stack, 'GET', '/v1/stock-locations/nowhere/stock', { role: 'agent' })).status).toBe(404);
    expect((await callApi(stack, 'GET', '/v1/parts/NOPE-1/stock', { role: 'agent' })).status).toBe(404);
  });
});

describe('movements', () => {
  it('receive, transfer and scrap change levels exactly; the ledger pages newest first', async () => {
    const received = await move('agent', { kind: 'receive', sku: 'PMP-200', qty: 10, to: 'main' });
    expect(received.status, JSON.stringify(received.body)).toBe(201);
    expect(received.body).toMatchObject({ kind: 'receive', sku: 'PMP-200', qty: 10, to: 'main', replayed: false, levels: [{ locationId: 'main', onHand: 10, available: 10 }] });
    expect((await move('admin', { kind: 'transfer', sku: 'PMP-200', qty: 4, from: 'main', to: 'van-7' })).status).toBe(201);
    expect((await move('agent', { kind: 'scrap', sku: 'PMP-200', qty: 1, from: 'van-7' })).status).toBe(201);

    expect(await rowOf('main', 'PMP-200')).toMatchObject({ onHand: 6, reserved: 0, available: 6, safetyStock: 2, belowSafety: false, name: { en: 'Part PMP-200' }, unit: 'piece' });
    expect(await rowOf('van-7', 'PMP-200')).toMatchObject({ onHand: 3, available: 3 });
    const across = await callApi(stack, 'GET', '/v1/parts/PMP-200/stock', { role: 'technician' });
    expect(across.status).toBe(200);
    expect(across.body.part.sku).toBe('PMP-200');
    expect(across.body.items.map((r: { locationId: string; onHand: number }) => [r.locationId, r.onHand]).sort()).toEqual([['main', 6], ['van-7', 3]]);

    const first = await callApi(stack, 'GET', '/v1/stock-locations/main/parts/PMP-200/movements?limit=1', { role: 'technician' });
    expect(first.status).toBe(200);
    expect(first.body.items.map((m: { kind: string }) => m.kind)).toEqual(['transfer']);
    const second = await callApi(stack, 'GET', `/v1/stock-locations/main/parts/PMP-200/movements?limit=1&cursor=${encodeURIComponent(first.body.cursor)}`, { role: 'agent' });
    expect(second.body.items.map((m: { kind: string }) => m.kind)).toEqual(['receive']);
    const van = await callApi(stack, 'GET', '/v1/stock-locations/van-7/parts/PMP-200/movements', { role: 'agent' });
    expect(van.body.items.map((m: { kind: string }) => m.kind)).toEqual(['scrap', 'transfer']);
  });

  it('a retried movement (same id) is applied once and answered as the first time; a reused id is refused', async () => {
    const body = { id: 'retry-1', kind: 'receive', sku: 'VLV-300', qty: 3, to: 'main' };
    const once = await callApi(stack, 'POST', '/v1/stock-movements', { role: 'agent', body });
    const again = await callApi(stack, 'POST', '/v1/stock-movements', { role: 'agent', body });
    expect([once.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual({ ...once.body, replayed: true });
    expect(await rowOf('main', 'VLV-300')).toMatchObject({ onHand: 3 });
    const reused = await callApi(stack, 'POST', '/v1/stock-movements', { role: 'agent', body: { ...body, qty: 4 } });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('MOVEMENT_ID_REUSED');
  });

  it('never takes stock below zero', async () => {
    const res = await move('agent', { kind: 'scrap', sku: 'VLV-300', qty: 99, from: 'main' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', available: 3, requested: 99 });
  });

  it('technicians and finance may not move stock (no van of a signed-in technician is known yet)', async () => {
    expect((await move('technician', { kind: 'receive', sku: 'VLV-300', qty: 1, to: 'van-7' })).status).toBe(403);
    expect((await move('finance', { kind: 'receive', sku: 'VLV-300', qty: 1, to: 'main' })).status).toBe(403);
    expect((await stockAt('van-7', 'technician')).items.length).toBeGreaterThan(0);
  });

  it('reserve and issue for a work order: its parts and the ticket’s parts cost', async () => {
    const ticket = (await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 'Pump broken', description: 'd' } })).body;
    expect((await move('agent', { kind: 'reserve', sku: 'PMP-200', qty: 2, from: 'van-7', workOrderId: 'wo-1', ticketId: ticket.id })).status).toBe(201);
    expect((await move('agent', { kind: 'issue', sku: 'PMP-200', qty: 1, from: 'van-7', workOrderId: 'wo-1', ticketId: ticket.id, fromReservation: true })).status).toBe(201);
    const wo = await callApi(stack, 'GET', '/v1/work-orders/wo-1/parts', { role: 'technician' });
    expect(wo.status).toBe(200);
    expect(wo.body).toEqual({
      workOrderId: 'wo-1',
      reservations: [{ sku: 'PMP-200', locationId: 'van-7', qty: 1 }],
      issued: [{ sku: 'PMP-200', qty: 1, costCents: 8000, currency: 'EUR' }],
      cost: { EUR: 8000 },
    });
    const cost = await callApi(stack, 'GET', `/v1/tickets/${ticket.id}/parts-cost`, { role: 'finance' });
    expect(cost.body).toEqual({ ticketId: ticket.id, cost: { EUR: 8000 } });
    expect((await callApi(stack, 'GET', `/v1/tickets/${ticket.id}/parts-cost`, { role: 'technician' })).status).toBe(403);
  });
});

describe('low stock and alerts', () => {
  it('lists levels below safety stock at every location; one StockBelowSafetyLevel a day on the bus, listed for the console', async () => {
    // 6 on hand at main, safety 5: taking 2 crosses below, taking 1 more stays below (no second alert).
    // Van 7 never held the part: 2 arriving leaves it below, but it crossed nothing, so no alert there.
    expect((await move('agent', { kind: 'receive', sku: 'FLT-100', qty: 6, to: 'main' })).status).toBe(201);
    await stack.whenIdle();
    expect(alertEvents('FLT-100')).toHaveLength(0);
    const crossing = await move('agent', { kind: 'transfer', sku: 'FLT-100', qty: 2, from: 'main', to: 'van-7' });
    expect(crossing.body.belowSafety).toEqual(['main']);
    await stack.whenIdle();
    expect((await move('agent', { kind: 'scrap', sku: 'FLT-100', qty: 1, from: 'main' })).status).toBe(201);
    await stack.whenIdle();

    const events = alertEvents('FLT-100');
    expect(events.map((e) => (e.event.detail as { locationId: string }).locationId)).toEqual(['main']);
    const main = events[0]!;
    expect(main.event.source).toBe('loopdesk.parts');
    const day = new Date().toISOString().slice(0, 10);
    expect(main.event.detail).toMatchObject({ eventId: `${day}#main#FLT-100`, sku: 'FLT-100', locationId: 'main', day, available: 4, onHand: 4, safetyStock: 5, movementId: crossing.body.id });

    const low = await callApi(stack, 'GET', '/v1/stock/low', { role: 'agent' });
    expect(low.status).toBe(200);
    // Van 7 is short of filters by 3 (2 of 5), main by 2 (3 of 5), van 7 of pumps by 1 (1 available, 1 reserved, of 2): biggest shortfall first.
    expect(low.body.items.map((r: { locationId: string; sku: string; available: number }) => [r.locationId, r.sku, r.available])).toEqual([
      ['van-7', 'FLT-100', 2],
      ['main', 'FLT-100', 3],
      ['van-7', 'PMP-200', 1],
    ]);
    expect(low.body.items[0]).toMatchObject({ belowSafety: true, safetyStock: 5, name: { en: 'Part FLT-100' } });
    expect((await rowOf('main', 'FLT-100')).belowSafety).toBe(true);

    const alerts = await callApi(stack, 'GET', '/v1/stock/alerts', { role: 'agent' });
    expect(alerts.body.day).toBe(day);
    expect(alerts.body.items.filter((a: { sku: string }) => a.sku === 'FLT-100')).toEqual([expect.objectContaining({ locationId: 'main', available: 4, movementId: crossing.body.id })]);
    expect((await callApi(stack, 'GET', '/v1/stock/alerts?day=2001-01-01', { role: 'admin' })).body).toEqual({ day: '2001-01-01', items: [] });
    expect((await callApi(stack, 'GET', '/v1/stock/low', { role: 'technician' })).status).toBe(403);
  });
});
