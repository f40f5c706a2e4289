import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { ConflictError, DomainError, NotFoundError } from '../../errors/domain-errors.ts';
import { locationSchema, partSchema, type Location, type Part } from '../../parts/part.ts';
import {
  isBelowSafety,
  isSameMovement,
  locationsOf,
  MovementIdReusedError,
  planMovement,
  stockLevel,
  type IssuedParts,
  type MovementPlan,
  type StampedMovement,
  type StockLevel,
  type StockMovement,
} from '../../parts/stock.ts';
import type { LowStock, MovementResult, PartsCost, StockAlert, StockStore, WorkOrderParts } from '../../parts/stock-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { keys } from './keys.ts';
import { ConditionFailedError, type Item, type Table, type TransactAction } from './table.ts';

const ALERT_DAYS = 30;
const DAY_S = 86_400;
/** Racing movements on one level succeed one per round; 20 at once need up to 20 rounds. */
const MAX_ATTEMPTS = 40;

/** What a movement read, with the version of each conditioned item (0: the item does not exist yet). */
interface MoveRead {
  part: Part;
  levels: Map<string, { level: StockLevel; version: number }>;
  reserved?: { qty: number; ticketId?: string; version: number };
  issued?: { parts: IssuedParts; version: number };
}

/**
 * Parts, locations and stock on the single table (items in keys.ts).
 *
 * Every movement is read–plan–write: the touched items are read consistently, the pure rules in
 * parts/stock.ts plan the result, and ONE TransactWriteItems writes it, each level, reservation and
 * usage item as a Put conditioned on the version that was read. A racing movement that got there
 * first changes the version, so this one is cancelled whole and planned again from the new state:
 * a level can never be written from a stale count, hence never below zero. (Table.transact offers
 * conditions on Puts and checks, not on Updates, and a versioned Put also tells us the exact level
 * after the movement, which the safety-stock alert needs.) Decreasing Puts also carry
 * `available >= :take`, so DynamoDB itself refuses a negative level should the arithmetic ever be
 * wrong. Idempotency comes from the movement record, put under its id with attribute_not_exists in
 * the same transaction.
 */
export class DynamoStockStore implements StockStore {
  constructor(
    private readonly table: Table,
    private readonly pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async savePart(part: Part): Promise<void> {
    await this.table.put('savePart', { ...keys.part(part.sku), ...keys.partListing(part.sku), itemType: 'part', ...part });
  }

  async getPart(sku: string): Promise<Part | undefined> {
    const item = await this.table.get('getPart', keys.part(sku));
    return item ? partOf(item) : undefined;
  }

  async getParts(skus: readonly string[]): Promise<Part[]> {
    const unique = [...new Set(skus)];
    const parts: Part[] = [];
    // BatchGetItem takes at most 100 keys.
    for (let i = 0; i < unique.length; i += 100) {
      const items = await this.table.batchGet('getParts', unique.slice(i, i + 100).map((s) => keys.part(s)));
      parts.push(...items.map(partOf));
    }
    return parts;
  }

  async listParts(limit: number, cursor?: string): Promise<{ parts: Part[]; cursor?: string }> {
    const page = await this.table.query('listParts', {
      index: 'gsi1',
      keyCondition: 'gsi1pk = :pk',
      values: { ':pk': 'PARTS' },
      limit,
      startKey: cursor ? decodeCursor(cursor, 'gsi1pk', 'PARTS') : undefined,
    });
    return { parts: page.items.map(partOf), ...(page.lastKey ? { cursor: encodeCursor(page.lastKey) } : {}) };
  }

  async saveLocation(location: Location): Promise<void> {
    await this.table.put('saveLocation', {
      ...keys.stockLocation(location.id),
      ...keys.stockLocationListing(location.kind, location.id),
      itemType: 'stockLocation',
      ...location,
    });
  }

  async getLocation(id: string): Promise<Location | undefined> {
    const item = await this.table.get('getLocation', keys.stockLocation(id));
    return item ? locationOf(item) : undefined;
  }

  async listLocations(): Promise<Location[]> {
    const items = await this.all('listLocations', { index: 'gsi1', keyCondition: 'gsi1pk = :pk', values: { ':pk': 'LOCATIONS' } });
    return items.map(locationOf);
  }

  async move(m: StampedMovement): Promise<MovementResult> {
    for (let attempt = 1; ; attempt++) {
      let plan: MovementPlan;
      let read: MoveRead;
      try {
        read = await this.readForMove(m);
        plan = planMovement(m, {
          part: read.part,
          levels: new Map([...read.levels].map(([id, l]) => [id, l.level])),
          ...(read.reserved ? { reserved: read.reserved.qty } : {}),
          ...(read.issued ? { issued: read.issued.parts } : {}),
        });
      } catch (err) {
        // Refused on today's state, yet possibly applied before (a retry after the stock moved on).
        if (err instanceof DomainError) {
          const first = await this.recorded(m);
          if (first) return first;
        }
        throw err;
      }
      try {
        await this.table.transact(`${m.kind}Stock`, this.actions(m, plan, read));
        return { movement: plan.movement, replayed: false };
      } catch (err) {
        if (err instanceof ConditionFailedError) {
          // Either this id is recorded (answer as the first time) or a racing movement won: plan again.
          const first = await this.recorded(m);
          if (first) return first;
        } else if (!isTransient(err)) {
          throw err;
        }
        if (attempt === MAX_ATTEMPTS) {
          throw new ConflictError(`Stock of ${m.sku} kept changing while this movement was applied; try again`, { sku: m.sku });
        }
        // Full jitter, so the losers of a race do not collide again in lockstep.
        await this.pause(Math.random() * Math.min(200, 5 * 2 ** attempt));
      }
    }
  }

  async level(sku: string, locationId: string): Promise<StockLevel> {
    const item = await this.getConsistent('getStockLevel', keys.stockLevel(locationId, sku));
    return item ? levelOf(item) : stockLevel(sku, locationId);
  }

  async stockAt(locationId: string, limit: number, cursor?: string): Promise<{ levels: StockLevel[]; cursor?: string }> {
    const partition = keys.stockLevelPartition(locationId);
    const page = await this.table.query('queryStockAt', {
      keyCondition: 'pk = :pk',
      values: { ':pk': partition },
      limit,
      startKey: cursor ? decodeCursor(cursor, 'pk', partition) : undefined,
    });
    return { levels: page.items.map(levelOf), ...(page.lastKey ? { cursor: encodeCursor(page.lastKey) } : {}) };
  }

  async stockOf(sku: string): Promise<StockLevel[]> {
    const items = await this.all('queryStockOf', { index: 'gsi1', keyCondition: 'gsi1pk = :pk', values: { ':pk': keys.stockOfPartPartition(sku) } });
    return items.map(levelOf);
  }

  /**
   * The location's levels (one Query, every page) filtered against their parts' safety stock (read
   * 100 at a time). No sparse low-stock index: a location holds hundreds of parts, not millions, and
   * an index entry that appears and disappears with every movement would make each movement dearer.
   */
  async lowStockAt(locationId: string): Promise<LowStock[]> {
    const levels = (await this.all('queryStockAt', { keyCondition: 'pk = :pk', values: { ':pk': keys.stockLevelPartition(locationId) } })).map(levelOf);
    const skus = [...new Set(levels.map((l) => l.sku))];
    const safety = new Map<string, number>();
    for (let i = 0; i < skus.length; i += 100) {
      const parts = await this.table.batchGet('getPartsForLowStock', skus.slice(i, i + 100).map((s) => keys.part(s)));
      for (const p of parts) safety.set(String(p.sku), Number(p.safetyStock ?? 0));
    }
    return levels
      .filter((l) => isBelowSafety(l, safety.get(l.sku) ?? 0))
      .map((level) => ({ level, safetyStock: safety.get(level.sku) ?? 0 }));
  }

  async movements(sku: string, locationId: string, limit: number, cursor?: string): Promise<{ movements: StockMovement[]; cursor?: string }> {
    const partition = keys.stockLedgerPartition(sku, locationId);
    const page = await this.table.query('queryStockMovements', {
      index: 'gsi1',
      keyCondition: 'gsi1pk = :pk',
      values: { ':pk': partition },
      limit,
      forward: false,
      startKey: cursor ? decodeCursor(cursor, 'gsi1pk', partition) : undefined,
    });
    return { movements: page.items.map(movementOf), ...(page.lastKey ? { cursor: encodeCursor(page.lastKey) } : {}) };
  }

  async workOrderParts(workOrderId: string): Promise<WorkOrderParts> {
    const items = await this.all('queryWorkOrderParts', { keyCondition: 'pk = :pk', values: { ':pk': keys.workOrderPartsPartition(workOrderId) } });
    return {
      reservations: items
        .filter((i) => i.itemType === 'partsReserved' && Number(i.qty) > 0)
        .map((i) => ({ sku: String(i.sku), locationId: String(i.locationId), qty: Number(i.qty) })),
      issued: items
        .filter((i) => i.itemType === 'partsIssued' && Number(i.qty) > 0)
        .map((i) => ({ sku: String(i.sku), qty: Number(i.qty), costCents: Number(i.costCents), currency: String(i.currency) })),
      cost: costOf(items.find((i) => i.itemType === 'partsCost')),
    };
  }

  async ticketPartsCost(ticketId: string): Promise<PartsCost> {
    return costOf(await this.table.get('getTicketPartsCost', keys.ticketPartsCost(ticketId)));
  }

  async alerts(day: string): Promise<StockAlert[]> {
    const items = await this.all('queryStockAlerts', { keyCondition: 'pk = :pk', values: { ':pk': keys.stockAlertPartition(day) } });
    return items.map((i) => i.detail as StockAlert);
  }

  /** The part, the locations, and every conditioned item the movement touches, with their versions. */
  private async readForMove(m: StampedMovement): Promise<MoveRead> {
    const locations = locationsOf(m);
    const workOrderId = 'workOrderId' in m ? m.workOrderId : undefined;
    const from = 'from' in m ? m.from : undefined;
    const readsReserved = m.kind === 'reserve' || m.kind === 'release' || (m.kind === 'issue' && m.fromReservation === true);
    const readsIssued = m.kind === 'issue' || m.kind === 'return';
    const [catalog, levelItems, reservedItem, issuedItem] = await Promise.all([
      // The catalog may be read eventually consistent: a cost or threshold edited a second ago is fine.
      // (Deduplicated: BatchGetItem refuses a key twice, and a transfer to its own source is refused by the rules.)
      this.table.batchGet('readPartForMove', [keys.part(m.sku), ...[...new Set(locations)].map((l) => keys.stockLocation(l))]),
      Promise.all(locations.map((l) => this.getConsistent('readStockLevel', keys.stockLevel(l, m.sku)))),
      readsReserved && workOrderId && from ? this.getConsistent('readPartsReserved', keys.partsReserved(workOrderId, from, m.sku)) : undefined,
      readsIssued && workOrderId ? this.getConsistent('readPartsIssued', keys.partsIssued(workOrderId, m.sku)) : undefined,
    ]);
    const partItem = catalog.find((i) => i.itemType === 'part');
    if (!partItem) throw new NotFoundError(`Part ${m.sku}`);
    for (const l of locations) {
      if (!catalog.some((i) => i.itemType === 'stockLocation' && i.id === l)) throw new NotFoundError(`Location ${l}`);
    }
    const levels = new Map<string, { level: StockLevel; version: number }>();
    levelItems.forEach((item, i) => {
      if (item) levels.set(locations[i]!, { level: levelOf(item), version: Number(item.version) });
    });
    return {
      part: partOf(partItem),
      levels,
      ...(reservedItem
        ? { reserved: { qty: Number(reservedItem.qty), version: Number(reservedItem.version), ...(reservedItem.ticketId ? { ticketId: String(reservedItem.ticketId) } : {}) } }
        : {}),
      ...(issuedItem
        ? {
            issued: {
              parts: { qty: Number(issuedItem.qty), costCents: Number(issuedItem.costCents), currency: String(issuedItem.currency), ticketId: String(issuedItem.ticketId) },
              version: Number(issuedItem.version),
            },
          }
        : {}),
    };
  }

  /**
   * One transaction per movement:
   * - a versioned Put per touched level (one; two for a transfer);
   * - reserve, release, issue from reservation: a versioned Put of the work order's reservation;
   * - issue, return: a versioned Put of the work order's use of the part, and an ADD of the cost
   *   (negative for a return) on the work order's and the ticket's roll-up items;
   * - the movement record, attribute_not_exists on its id (a transfer adds its arriving leg, so
   *   each location's ledger is one Query);
   * - per level that crossed below safety stock, the day's alert item (see alertAction).
   */
  private actions(m: StampedMovement, plan: MovementPlan, read: MoveRead): TransactAction[] {
    const actions: TransactAction[] = [];
    for (const { before, after } of plan.changes) {
      const version = read.levels.get(after.locationId)?.version ?? 0;
      actions.push({
        put: {
          item: {
            ...keys.stockLevel(after.locationId, after.sku),
            ...keys.stockOfPart(after.sku, after.locationId),
            itemType: 'stockLevel',
            ...after,
            version: version + 1,
            updatedAt: m.at,
          },
          condition: versioned(version, before.available - after.available),
        },
      });
    }
    const workOrderId = 'workOrderId' in m ? m.workOrderId : undefined;
    if (plan.reserved !== undefined && workOrderId && 'from' in m) {
      const version = read.reserved?.version ?? 0;
      const ticketId = read.reserved?.ticketId ?? ('ticketId' in m ? m.ticketId : undefined);
      actions.push({
        put: {
          item: {
            ...keys.partsReserved(workOrderId, m.from, m.sku),
            itemType: 'partsReserved',
            workOrderId,
            ...(ticketId ? { ticketId } : {}),
            sku: m.sku,
            locationId: m.from,
            qty: plan.reserved,
            version: version + 1,
            updatedAt: m.at,
          },
          condition: versioned(version, 0),
        },
      });
    }
    if (plan.issued && workOrderId) {
      const version = read.issued?.version ?? 0;
      actions.push({
        put: {
          item: { ...keys.partsIssued(workOrderId, m.sku), itemType: 'partsIssued', workOrderId, sku: m.sku, ...plan.issued, version: version + 1, updatedAt: m.at },
          condition: versioned(version, 0),
        },
      });
    }
    if (plan.cost) {
      const { workOrderId: wo, ticketId, currency, cents } = plan.cost;
      // Per currency, flat attributes: ADD cannot create a map and a member of it in one update.
      const names = { '#cost': `cost_${currency}` };
      actions.push({
        update: {
          key: keys.workOrderPartsCost(wo),
          expression: 'SET itemType = :t, workOrderId = :wo, ticketId = :tk, updatedAt = :at ADD #cost :c',
          names,
          values: { ':t': 'partsCost', ':wo': wo, ':tk': ticketId, ':at': m.at, ':c': cents },
        },
      });
      actions.push({
        update: {
          key: keys.ticketPartsCost(ticketId),
          expression: 'SET itemType = :t, ticketId = :tk, updatedAt = :at ADD #cost :c',
          names,
          values: { ':t': 'partsCost', ':tk': ticketId, ':at': m.at, ':c': cents },
        },
      });
    }
    const [primary] = locationsOf(m);
    const record = { itemType: 'stockMovement', ...plan.movement };
    actions.push({
      put: {
        item: { ...keys.stockMovement(m.id), ...keys.stockLedger(m.sku, primary!, m.at, m.id), ...record },
        condition: { expression: 'attribute_not_exists(pk)' },
      },
    });
    if (m.kind === 'transfer') {
      actions.push({ put: { item: { ...keys.stockMovement(m.id, 'MOVE#IN'), ...keys.stockLedger(m.sku, m.to, m.at, m.id), ...record } } });
    }
    for (const level of plan.alerts) actions.push(alertAction(m, level, read.part.safetyStock));
    return actions;
  }

  /** The first application of this movement id, if there was one; a different movement under it is refused. */
  private async recorded(m: StampedMovement): Promise<MovementResult | undefined> {
    const item = await this.getConsistent('readStockMovement', keys.stockMovement(m.id));
    if (!item) return undefined;
    const movement = movementOf(item);
    if (!isSameMovement(movement, m)) throw new MovementIdReusedError(m.id);
    return { movement, replayed: true };
  }

  /** GetItem cannot be asked for a consistent read through Table; a one-key Query can. */
  private async getConsistent(operation: string, key: { pk: string; sk: string }): Promise<Item | undefined> {
    const page = await this.table.query(operation, { keyCondition: 'pk = :pk AND sk = :sk', values: { ':pk': key.pk, ':sk': key.sk }, consistent: true });
    return page.items[0];
  }

  private async all(operation: string, input: { index?: string; keyCondition: string; values: Item }): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.table.query(operation, { ...input, startKey });
      items.push(...page.items);
      startKey = page.lastKey;
    } while (startKey);
    return items;
  }
}

/** The version read (0: absent) must still be there; `take` units must still be available. */
function versioned(version: number, take: number) {
  if (version === 0) return { expression: 'attribute_not_exists(pk)' };
  return take > 0
    ? { expression: 'version = :v AND available >= :take', values: { ':v': version, ':take': take } }
    : { expression: 'version = :v', values: { ':v': version } };
}

/**
 * The day's safety-stock alert for a level, as an item the table's stream carries to the bus: a
 * later pipe (filter: INSERT of itemType stockAlert, like the SLA events) publishes it as
 * `StockBelowSafetyLevel` from `loopdesk.parts`. One item per part, location and UTC day, so a level
 * bouncing around its threshold raises one alert a day. Written with if_not_exists rather than a Put
 * with attribute_not_exists: inside the movement's transaction a failed condition would cancel
 * the movement itself, whereas this update leaves an existing alert as it was (no INSERT, no event).
 */
function alertAction(m: StampedMovement, level: StockLevel, safetyStock: number): TransactAction {
  const day = m.at.slice(0, 10);
  const detail: StockAlert = {
    sku: level.sku,
    locationId: level.locationId,
    day,
    at: m.at,
    movementId: m.id,
    available: level.available,
    onHand: level.onHand,
    reserved: level.reserved,
    safetyStock,
  };
  return {
    update: {
      key: keys.stockAlert(day, level.locationId, level.sku),
      expression:
        'SET itemType = if_not_exists(itemType, :t), detailType = if_not_exists(detailType, :dt), detail = if_not_exists(detail, :d), expiresAt = if_not_exists(expiresAt, :exp)',
      values: { ':t': 'stockAlert', ':dt': 'StockBelowSafetyLevel', ':d': detail, ':exp': Math.floor(Date.parse(m.at) / 1000) + ALERT_DAYS * DAY_S },
    },
  };
}

function isTransient(err: unknown): boolean {
  if (err instanceof TransactionCanceledException) {
    return (err.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
  }
  return err instanceof Error && err.name === 'TransactionConflictException';
}

function partOf(item: Item): Part {
  return z.parse(partSchema, {
    sku: item.sku,
    name: item.name,
    unitCostCents: item.unitCostCents,
    currency: item.currency,
    safetyStock: item.safetyStock,
    unit: item.unit,
  });
}

function locationOf(item: Item): Location {
  return z.parse(locationSchema, { id: item.id, kind: item.kind, name: item.name, ...(item.technicianId ? { technicianId: item.technicianId } : {}) });
}

function levelOf(item: Item): StockLevel {
  return stockLevel(String(item.sku), String(item.locationId), Number(item.onHand), Number(item.reserved));
}

function movementOf(item: Item): StockMovement {
  const { pk: _pk, sk: _sk, gsi1pk: _gpk, gsi1sk: _gsk, itemType: _t, ...movement } = item;
  return movement as unknown as StockMovement;
}

function costOf(item: Item | undefined): PartsCost {
  const cost: PartsCost = {};
  for (const [name, value] of Object.entries(item ?? {})) {
    const currency = /^cost_([A-Z]{3})$/.exec(name)?.[1];
    if (currency) cost[currency] = Number(value);
  }
  return cost;
}
