import type { Location, Part } from './part.ts';
import type { StampedMovement, StockLevel, StockMovement } from './stock.ts';

export interface MovementResult {
  movement: StockMovement;
  /** True when the id had been applied before: the answer is then the first application's. */
  replayed: boolean;
}

/** Parts cost in minor units per currency (a catalog may price parts in more than one). */
export type PartsCost = Record<string, number>;

export interface WorkOrderParts {
  reservations: { sku: string; locationId: string; qty: number }[];
  issued: { sku: string; qty: number; costCents: number; currency: string }[];
  cost: PartsCost;
}

export interface LowStock {
  level: StockLevel;
  safetyStock: number;
}

/** A level that fell below its part's safety stock, recorded once per part, location and UTC day. */
export interface StockAlert {
  sku: string;
  locationId: string;
  day: string;
  at: string;
  movementId: string;
  /** The level right after the movement that crossed. */
  available: number;
  onHand: number;
  reserved: number;
  safetyStock: number;
}

export interface StockStore {
  savePart(part: Part): Promise<void>;
  getPart(sku: string): Promise<Part | undefined>;
  /** Several parts at once (any order; unknown SKUs are left out). */
  getParts(skus: readonly string[]): Promise<Part[]>;
  /** The catalog by SKU, one page at a time. */
  listParts(limit: number, cursor?: string): Promise<{ parts: Part[]; cursor?: string }>;
  saveLocation(location: Location): Promise<void>;
  getLocation(id: string): Promise<Location | undefined>;
  listLocations(): Promise<Location[]>;

  /**
   * Applies one movement all or nothing: no level ever goes below zero, however many requests
   * race. Idempotent by movement id: a repeated request is answered with the first result
   * (MOVEMENT_ID_REUSED if the id comes back with a different movement). Throws
   * INSUFFICIENT_STOCK, INSUFFICIENT_RESERVATION or RETURN_EXCEEDS_ISSUED (409), or NOT_FOUND for
   * an unknown part or location.
   */
  move(movement: StampedMovement): Promise<MovementResult>;
  /** The part's level at the location, read consistently (zero if it never held the part). */
  level(sku: string, locationId: string): Promise<StockLevel>;
  /** A location's stock by SKU, one page at a time. */
  stockAt(locationId: string, limit: number, cursor?: string): Promise<{ levels: StockLevel[]; cursor?: string }>;
  /** A part's stock at every location that ever held it. */
  stockOf(sku: string): Promise<StockLevel[]>;
  /** Levels at the location whose available stock is below their part's safety stock. */
  lowStockAt(locationId: string): Promise<LowStock[]>;
  /** The ledger of one part at one location, newest first. */
  movements(sku: string, locationId: string, limit: number, cursor?: string): Promise<{ movements: StockMovement[]; cursor?: string }>;
  workOrderParts(workOrderId: string): Promise<WorkOrderParts>;
  ticketPartsCost(ticketId: string): Promise<PartsCost>;
  /** Safety-stock alerts raised on a UTC day (YYYY-MM-DD). */
  alerts(day: string): Promise<StockAlert[]>;
}
