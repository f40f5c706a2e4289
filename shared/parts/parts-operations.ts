import type { Principal } from '../auth/principal.ts';
import { NotFoundError } from '../errors/domain-errors.ts';
import type { Clock } from '../runtime/clock.ts';
import type { Location, Part, PartUnit } from './part.ts';
import { isBelowSafety, type MovementRequest, type StockLevel } from './stock.ts';
import type { MovementResult, StockAlert, StockStore } from './stock-store.ts';

export interface PartsDeps {
  store: StockStore;
  clock: Clock;
}

/** A level with what a person needs to judge it: the part's name, unit and safety stock. */
export interface StockRow extends StockLevel {
  name: Part['name'];
  unit: PartUnit;
  safetyStock: number;
  belowSafety: boolean;
}

/** Records a movement as the caller, now. The store makes it all-or-nothing and idempotent by its id. */
export function postMovement(deps: PartsDeps, principal: Principal, request: MovementRequest): Promise<MovementResult> {
  return deps.store.move({ ...request, by: principal.id, at: deps.clock.now().toISOString() });
}

/** One page of a location's stock, each level beside its part's safety stock. */
export async function stockAtLocation(store: StockStore, locationId: string, limit: number, cursor?: string): Promise<{ location: Location; items: StockRow[]; cursor?: string }> {
  const location = await store.getLocation(locationId);
  if (!location) throw new NotFoundError(`Location ${locationId}`);
  const page = await store.stockAt(locationId, limit, cursor);
  return { location, items: await rowsOf(store, page.levels), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** A part and its stock at every location that ever held it. */
export async function stockOfPart(store: StockStore, sku: string): Promise<{ part: Part; items: StockRow[] }> {
  const [part, levels] = await Promise.all([store.getPart(sku), store.stockOf(sku)]);
  if (!part) throw new NotFoundError(`Part ${sku}`);
  return { part, items: levels.map((level) => rowOf(level, part)) };
}

/** Locations queried at once; more would only queue up in the SDK's connection pool. */
const LOCATION_READS_AT_ONCE = 8;

/**
 * Everything below its safety stock, location by location: one Query per location (plus the
 * parts' thresholds), never a scan. Locations are few — warehouses and vans, tens to a few
 * hundred — so this costs a few reads per location, and no index has to change with every
 * movement (see DynamoStockStore.lowStockAt).
 */
export async function lowStock(store: StockStore): Promise<{ items: StockRow[] }> {
  const locations = await store.listLocations();
  const levels: StockLevel[] = [];
  for (let i = 0; i < locations.length; i += LOCATION_READS_AT_ONCE) {
    const batch = await Promise.all(locations.slice(i, i + LOCATION_READS_AT_ONCE).map((l) => store.lowStockAt(l.id)));
    levels.push(...batch.flat().map((low) => low.level));
  }
  const rows = await rowsOf(store, levels);
  // The biggest shortfall first: what to restock before anything else.
  rows.sort((a, b) => b.safetyStock - b.available - (a.safetyStock - a.available) || a.locationId.localeCompare(b.locationId) || a.sku.localeCompare(b.sku));
  return { items: rows };
}

/** Safety-stock alerts raised on a UTC day (today's by default), newest first. */
export async function stockAlerts(deps: PartsDeps, day?: string): Promise<{ day: string; items: StockAlert[] }> {
  const on = day ?? deps.clock.now().toISOString().slice(0, 10);
  const items = await deps.store.alerts(on);
  return { day: on, items: items.sort((a, b) => b.at.localeCompare(a.at)) };
}

async function rowsOf(store: StockStore, levels: StockLevel[]): Promise<StockRow[]> {
  const parts = new Map((await store.getParts(levels.map((l) => l.sku))).map((p) => [p.sku, p]));
  // A level whose part was never in the catalog cannot exist (movements need the part); skip defensively.
  return levels.flatMap((level) => {
    const part = parts.get(level.sku);
    return part ? [rowOf(level, part)] : [];
  });
}

function rowOf(level: StockLevel, part: Part): StockRow {
  return { ...level, name: part.name, unit: part.unit, safetyStock: part.safetyStock, belowSafety: isBelowSafety(level, part.safetyStock) };
}
