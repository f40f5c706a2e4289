import * as z from 'zod/mini';
import { ConflictError, ValidationError } from '../errors/domain-errors.ts';
import { locationIdSchema, skuSchema, type Part } from './part.ts';

/**
 * Stock of one part at one location. `reserved` units are promised to work orders and still on
 * the shelf (or in the van); only `available` units can be reserved, issued directly, scrapped or
 * transferred.
 */
export interface StockLevel {
  sku: string;
  locationId: string;
  onHand: number;
  reserved: number;
  /** Always onHand - reserved. Stored too, because DynamoDB conditions cannot subtract attributes. */
  available: number;
}

export function stockLevel(sku: string, locationId: string, onHand = 0, reserved = 0): StockLevel {
  return { sku, locationId, onHand, reserved, available: onHand - reserved };
}

export const MOVEMENT_KINDS = ['receive', 'reserve', 'release', 'issue', 'return', 'scrap', 'transfer'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** Caller-chosen, so a retried request carries the same id and is applied once. */
const movementId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use 1 to 64 letters, digits, dashes or underscores'));
const workOrderId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a work order id'));
const ticketId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a ticket id'));
const qty = z.int().check(z.positive('Quantity must be at least 1'), z.maximum(1_000_000));
const common = { id: movementId, sku: skuSchema, qty };

/** One stock movement as asked for; `from` is where units leave (or are reserved), `to` where they arrive. */
export const movementRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('receive'), ...common, to: locationIdSchema }),
  z.strictObject({ kind: z.literal('reserve'), ...common, from: locationIdSchema, workOrderId, ticketId }),
  z.strictObject({ kind: z.literal('release'), ...common, from: locationIdSchema, workOrderId }),
  z.strictObject({
    kind: z.literal('issue'),
    ...common,
    from: locationIdSchema,
    workOrderId,
    ticketId,
    /** Takes the units the work order reserved at `from` instead of available ones. */
    fromReservation: z.optional(z.boolean()),
  }),
  z.strictObject({ kind: z.literal('return'), ...common, to: locationIdSchema, workOrderId }),
  z.strictObject({ kind: z.literal('scrap'), ...common, from: locationIdSchema }),
  z
    .strictObject({ kind: z.literal('transfer'), ...common, from: locationIdSchema, to: locationIdSchema })
    .check(z.refine((m) => m.from !== m.to, { message: 'Transfer to another location', path: ['to'] })),
]);
export type MovementRequest = z.infer<typeof movementRequestSchema>;

/** A request with who asked and when (the operation stamps it from the principal and the clock). */
export type StampedMovement = MovementRequest & { by: string; at: string };

/** A movement as recorded in the ledger. */
export interface StockMovement {
  id: string;
  kind: MovementKind;
  sku: string;
  qty: number;
  from?: string;
  to?: string;
  workOrderId?: string;
  ticketId?: string;
  fromReservation?: boolean;
  /** The part's unit cost when the movement happened (for a return: the average the work order paid). */
  unitCostCents: number;
  currency: string;
  /** Issue: cost added to the work order and ticket roll-ups; return: cost taken off them. */
  costCents?: number;
  by: string;
  at: string;
  /** The touched levels after the movement, so a repeated request is answered exactly as the first. */
  levels: StockLevel[];
  /** Locations whose available stock fell below the part's safety stock with this movement. */
  belowSafety?: string[];
}

/** What a work order has used of one part, and what it cost. */
export interface IssuedParts {
  qty: number;
  costCents: number;
  currency: string;
  ticketId: string;
}

/** The items a movement's rules look at, as read just before it is written. */
export interface MovementContext {
  part: Pick<Part, 'sku' | 'unitCostCents' | 'currency' | 'safetyStock'>;
  /** Current levels of the touched locations; a location that never held the part has none. */
  levels: ReadonlyMap<string, StockLevel>;
  /** Units the work order holds reserved at `from` (reserve, release, issue from reservation). */
  reserved?: number;
  /** What the work order used of the part so far (issue, return). */
  issued?: IssuedParts;
}

export interface LevelChange {
  before: StockLevel;
  after: StockLevel;
}

/** Everything one movement changes; the store writes it all in one transaction. */
export interface MovementPlan {
  movement: StockMovement;
  changes: LevelChange[];
  /** The work order's reservation at `from` after the movement. */
  reserved?: number;
  /** The work order's use of the part after the movement. */
  issued?: IssuedParts;
  /** Signed change of the parts cost of the work order and its ticket. */
  cost?: { workOrderId: string; ticketId: string; currency: string; cents: number };
  /** Levels (after) that crossed below the part's safety stock. */
  alerts: StockLevel[];
}

export class InsufficientStockError extends ConflictError {
  constructor(sku: string, locationId: string, available: number, requested: number) {
    super(`Only ${available} of ${sku} available at ${locationId}, ${requested} asked for`, { sku, locationId, available, requested });
    Object.defineProperty(this, 'code', { value: 'INSUFFICIENT_STOCK' });
  }
}

export class InsufficientReservationError extends ConflictError {
  constructor(workOrderId: string, sku: string, locationId: string, reserved: number, requested: number) {
    super(`Work order ${workOrderId} holds ${reserved} of ${sku} reserved at ${locationId}, ${requested} asked for`, {
      workOrderId,
      sku,
      locationId,
      reserved,
      requested,
    });
    Object.defineProperty(this, 'code', { value: 'INSUFFICIENT_RESERVATION' });
  }
}

export class ReturnExceedsIssuedError extends ConflictError {
  constructor(workOrderId: string, sku: string, issued: number, requested: number) {
    super(`Work order ${workOrderId} used ${issued} of ${sku}, ${requested} cannot come back`, { workOrderId, sku, issued, requested });
    Object.defineProperty(this, 'code', { value: 'RETURN_EXCEEDS_ISSUED' });
  }
}

/** The same movement id came with a different movement: the id was reused, not retried. */
export class MovementIdReusedError extends ConflictError {
  constructor(id: string) {
    super(`Movement ${id} was already recorded with different content; use a new id`, { id });
    Object.defineProperty(this, 'code', { value: 'MOVEMENT_ID_REUSED' });
  }
}

/** True when a level's available stock went from at or above the safety stock to below it. */
export function crossedBelowSafety(before: StockLevel, after: StockLevel, safetyStock: number): boolean {
  return before.available >= safetyStock && after.available < safetyStock;
}

export function isBelowSafety(level: StockLevel, safetyStock: number): boolean {
  return level.available < safetyStock;
}

/** The locations a movement touches, the one it is listed under first. */
export function locationsOf(m: MovementRequest): string[] {
  if (m.kind === 'transfer') return [m.from, m.to];
  return [m.kind === 'receive' || m.kind === 'return' ? m.to : m.from];
}

/** Whether a recorded movement is the one asked for again (a retry), not another under the same id. */
export function isSameMovement(recorded: StockMovement, m: MovementRequest): boolean {
  const asked = fingerprint(m);
  return (Object.keys(asked) as (keyof typeof asked)[]).every((k) => recorded[k] === asked[k] || (k === 'fromReservation' && !recorded[k] && !asked[k]));
}

function fingerprint(m: MovementRequest) {
  return {
    kind: m.kind,
    sku: m.sku,
    qty: m.qty,
    from: 'from' in m ? m.from : undefined,
    to: 'to' in m ? m.to : undefined,
    workOrderId: 'workOrderId' in m ? m.workOrderId : undefined,
    fromReservation: m.kind === 'issue' ? m.fromReservation === true : undefined,
  };
}

/**
 * The rules of one movement on the state read just before it: the new levels (refusing any that
 * would go below zero), the work order's reservation and use, the cost to roll up, and the safety
 * alerts. Pure; the store writes the plan conditionally on exactly the state passed here.
 */
export function planMovement(m: StampedMovement, ctx: MovementContext): MovementPlan {
  if (ctx.part.sku !== m.sku) throw new Error(`planMovement: part ${ctx.part.sku} given for ${m.sku}`);
  const levelAt = (locationId: string) => ctx.levels.get(locationId) ?? stockLevel(m.sku, locationId);
  const changes: LevelChange[] = [];
  const change = (locationId: string, onHand: number, reserved: number) => {
    const before = levelAt(locationId);
    const after = stockLevel(m.sku, locationId, before.onHand + onHand, before.reserved + reserved);
    // Available covers both: reserved units stay on hand, so onHand >= reserved >= 0 keeps onHand >= 0.
    if (after.available < 0 || after.reserved < 0) throw new InsufficientStockError(m.sku, locationId, before.available, m.qty);
    changes.push({ before, after });
  };

  const q = m.qty;
  let unitCostCents = ctx.part.unitCostCents;
  let currency = ctx.part.currency;
  let reserved: number | undefined;
  let issued: IssuedParts | undefined;
  let cost: MovementPlan['cost'];
  let ticket: string | undefined;

  switch (m.kind) {
    case 'receive':
      change(m.to, q, 0);
      break;
    case 'reserve':
      change(m.from, 0, q);
      reserved = (ctx.reserved ?? 0) + q;
      ticket = m.ticketId;
      break;
    case 'release':
      reserved = takeReserved(m.workOrderId, m.sku, m.from, ctx.reserved, q);
      change(m.from, 0, -q);
      break;
    case 'issue': {
      if (m.fromReservation) reserved = takeReserved(m.workOrderId, m.sku, m.from, ctx.reserved, q);
      change(m.from, -q, m.fromReservation ? -q : 0);
      const before = ctx.issued;
      if (before && before.currency !== currency) {
        throw new ConflictError(`Work order ${m.workOrderId} used ${m.sku} priced in ${before.currency}; it is now priced in ${currency}`, { currency: before.currency });
      }
      if (before && before.ticketId !== m.ticketId) {
        throw new ValidationError(`Work order ${m.workOrderId} belongs to ticket ${before.ticketId}`, [{ path: 'ticketId', message: 'Not the work order’s ticket' }]);
      }
      const cents = q * unitCostCents;
      issued = { qty: (before?.qty ?? 0) + q, costCents: (before?.costCents ?? 0) + cents, currency, ticketId: m.ticketId };
      cost = { workOrderId: m.workOrderId, ticketId: m.ticketId, currency, cents };
      ticket = m.ticketId;
      break;
    }
    case 'return': {
      const before = ctx.issued;
      if (!before || before.qty < q) throw new ReturnExceedsIssuedError(m.workOrderId, m.sku, before?.qty ?? 0, q);
      // Credit what was paid, pro rata; returning the last unit credits the rest exactly, so a fully
      // returned work order costs 0 whatever the rounding on the way.
      const credit = before.qty === q ? before.costCents : Math.round((before.costCents * q) / before.qty);
      change(m.to, q, 0);
      issued = { ...before, qty: before.qty - q, costCents: before.costCents - credit };
      cost = { workOrderId: m.workOrderId, ticketId: before.ticketId, currency: before.currency, cents: -credit };
      unitCostCents = Math.round(credit / q);
      currency = before.currency;
      ticket = before.ticketId;
      break;
    }
    case 'scrap':
      change(m.from, -q, 0);
      break;
    case 'transfer':
      if (m.from === m.to) throw new ValidationError('Transfer to another location', [{ path: 'to', message: 'Same as from' }]);
      change(m.from, -q, 0);
      change(m.to, q, 0);
      break;
  }

  const alerts = changes.filter((c) => crossedBelowSafety(c.before, c.after, ctx.part.safetyStock)).map((c) => c.after);
  const movement: StockMovement = {
    id: m.id,
    kind: m.kind,
    sku: m.sku,
    qty: q,
    ...('from' in m ? { from: m.from } : {}),
    ...('to' in m ? { to: m.to } : {}),
    ...('workOrderId' in m ? { workOrderId: m.workOrderId } : {}),
    ...(ticket ? { ticketId: ticket } : {}),
    ...(m.kind === 'issue' && m.fromReservation ? { fromReservation: true } : {}),
    unitCostCents,
    currency,
    ...(cost ? { costCents: Math.abs(cost.cents) } : {}),
    by: m.by,
    at: m.at,
    levels: changes.map((c) => c.after),
    ...(alerts.length ? { belowSafety: alerts.map((a) => a.locationId) } : {}),
  };
  return { movement, changes, ...(reserved !== undefined ? { reserved } : {}), ...(issued ? { issued } : {}), ...(cost ? { cost } : {}), alerts };
}

function takeReserved(workOrderId: string, sku: string, locationId: string, held: number | undefined, q: number): number {
  if ((held ?? 0) < q) throw new InsufficientReservationError(workOrderId, sku, locationId, held ?? 0, q);
  return (held ?? 0) - q;
}
