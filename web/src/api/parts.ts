import type { Location, Part } from '#shared/parts/part.ts';
import type { StockRow } from '#shared/parts/parts-operations.ts';
import type { MovementKind, MovementRequest, StockMovement } from '#shared/parts/stock.ts';
import type { StockAlert } from '#shared/parts/stock-store.ts';
import type { ApiClient } from './client.ts';

export type { Location, MovementKind, MovementRequest, Part, StockAlert, StockMovement, StockRow };

export interface Page<T> {
  items: T[];
  cursor?: string;
}

const pageQuery = (limit: number, cursor?: string) => {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return query.toString();
};
const seg = encodeURIComponent;

export function listParts(api: ApiClient, cursor?: string, limit = 25): Promise<Page<Part>> {
  return api.get(`/v1/parts?${pageQuery(limit, cursor)}`);
}

export function getPartStock(api: ApiClient, sku: string): Promise<{ part: Part; items: StockRow[] }> {
  return api.get(`/v1/parts/${seg(sku)}/stock`);
}

export async function listLocations(api: ApiClient): Promise<Location[]> {
  return (await api.get<{ items: Location[] }>('/v1/stock-locations')).items;
}

export function listLocationStock(api: ApiClient, locationId: string, cursor?: string, limit = 50): Promise<Page<StockRow> & { location: Location }> {
  return api.get(`/v1/stock-locations/${seg(locationId)}/stock?${pageQuery(limit, cursor)}`);
}

export function listMovements(api: ApiClient, locationId: string, sku: string, cursor?: string, limit = 25): Promise<Page<StockMovement>> {
  return api.get(`/v1/stock-locations/${seg(locationId)}/parts/${seg(sku)}/movements?${pageQuery(limit, cursor)}`);
}

export async function listLowStock(api: ApiClient): Promise<StockRow[]> {
  return (await api.get<{ items: StockRow[] }>('/v1/stock/low')).items;
}

/** Alerts are kept per UTC day. */
export async function listStockAlerts(api: ApiClient, utcDay: string): Promise<StockAlert[]> {
  return (await api.get<{ items: StockAlert[] }>(`/v1/stock/alerts?day=${utcDay}`)).items;
}

/** 201 for a new movement; 200 with `replayed` when this id was recorded before (a retry). */
export function postMovement(api: ApiClient, movement: MovementRequest): Promise<StockMovement & { replayed: boolean }> {
  return api.post('/v1/stock-movements', movement);
}
