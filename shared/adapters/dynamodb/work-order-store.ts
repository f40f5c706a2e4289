import { ConflictError } from '../../errors/domain-errors.ts';
import type { Technician } from '../../field/technician.ts';
import { BOOKED_STATUSES, UNSCHEDULED_STATUSES, type WorkOrder } from '../../field/work-order.ts';
import type { StoredWorkOrder, TechnicianStore, WorkOrderStore } from '../../field/work-order-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { fieldKeys as keys } from './field-keys.ts';
import { ConditionFailedError, type Item, type Table } from './table.ts';

const DAY_MS = 86_400_000;
/** The board asks for a week; a longer range is refused rather than read day by day. */
const MAX_RANGE_DAYS = 42;

/** The index entries a work order belongs in, from its status (sparse: each index holds only its kind). */
function workOrderItem(order: StoredWorkOrder): Item {
  const booked = BOOKED_STATUSES.includes(order.status) && order.scheduledStart && order.technicianId;
  const waiting = UNSCHEDULED_STATUSES.includes(order.status);
  return {
    ...keys.workOrder(order.id),
    itemType: 'workOrder',
    ...order,
    gsi1pk: keys.workOrdersOfTicketPartition(order.ticketId),
    gsi1sk: order.createdAt,
    ...(booked
      ? {
          gsi2pk: keys.workOrderDayPartition(order.scheduledStart!.slice(0, 10)),
          gsi2sk: order.scheduledStart,
          gsi4pk: keys.workOrdersOfTechnicianPartition(order.technicianId!),
          gsi4sk: order.scheduledStart,
        }
      : {}),
    // An offer waits in the technician's own list too, until they answer it.
    ...(order.status === 'offered' && order.offeredTo
      ? { gsi4pk: keys.workOrdersOfTechnicianPartition(order.offeredTo), gsi4sk: utc(order.window.start) }
      : {}),
    ...(waiting ? { gsi5pk: keys.unscheduledWorkOrdersPartition, gsi5sk: `${utc(order.window.start)}#${order.id}` } : {}),
  };
}

/** Index sort keys compare as text, so every instant in one is UTC (`…Z`), whatever offset it came with. */
const utc = (instant: string) => new Date(instant).toISOString();

const INTERNAL = ['pk', 'sk', 'itemType', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk'];
function toOrder(item: Item, keepToken = false): StoredWorkOrder {
  const order = Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.includes(k))) as unknown as StoredWorkOrder;
  if (!keepToken) delete order.offerToken;
  return order;
}

/** Work orders on the single table (layout in keys.ts). Instants are stored as UTC ISO strings. */
export class DynamoWorkOrderStore implements WorkOrderStore {
  constructor(private readonly table: Table) {}

  async create(order: WorkOrder): Promise<void> {
    await this.table.put('createWorkOrder', workOrderItem(order), { expression: 'attribute_not_exists(pk)' });
  }

  async get(id: string): Promise<StoredWorkOrder | undefined> {
    const item = await this.table.get('getWorkOrder', keys.workOrder(id));
    return item ? toOrder(item, true) : undefined;
  }

  async save(order: StoredWorkOrder, expectedVersion: number): Promise<StoredWorkOrder> {
    const next = { ...order, version: expectedVersion + 1 };
    try {
      await this.table.put('saveWorkOrder', workOrderItem(next), { expression: 'version = :v', values: { ':v': expectedVersion } });
    } catch (err) {
      if (err instanceof ConditionFailedError) throw new ConflictError('The work order was changed by someone else; reload it', { workOrderId: order.id });
      throw err;
    }
    return next;
  }

  async setOfferToken(id: string, technicianId: string, dispatchId: string, token: string): Promise<boolean> {
    try {
      await this.table.update(
        'setOfferToken',
        keys.workOrder(id),
        'SET offerToken = :token',
        { ':token': token, ':offered': 'offered', ':run': dispatchId, ':tech': technicianId },
        { '#s': 'status', '#d': 'dispatch' },
        // Only for the offer the plan recorded; a stale or repeated invocation changes nothing.
        '#s = :offered AND #d.id = :run AND offeredTo = :tech',
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionFailedError) return false;
      throw err;
    }
  }

  async ofTicket(ticketId: string): Promise<WorkOrder[]> {
    const page = await this.table.query('queryTicketWorkOrders', {
      index: 'gsi1',
      keyCondition: 'gsi1pk = :pk',
      values: { ':pk': keys.workOrdersOfTicketPartition(ticketId) },
      limit: 100,
    });
    return page.items.map((i) => toOrder(i));
  }

  async booked(from: string, to: string): Promise<WorkOrder[]> {
    const days = utcDays(from, to);
    const pages = await Promise.all(
      days.map((day) =>
        this.allPages('queryBookedDay', {
          index: 'gsi2',
          keyCondition: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
          values: { ':pk': keys.workOrderDayPartition(day), ':from': from, ':to': to },
        }),
      ),
    );
    return pages.flat().filter((o) => o.scheduledStart! < to);
  }

  async ofTechnician(technicianId: string, from: string, to: string): Promise<WorkOrder[]> {
    const items = await this.allPages('queryTechnicianJobs', {
      index: 'gsi4',
      keyCondition: 'gsi4pk = :pk AND gsi4sk BETWEEN :from AND :to',
      values: { ':pk': keys.workOrdersOfTechnicianPartition(technicianId), ':from': from, ':to': to },
    });
    return items.filter((o) => Date.parse(o.scheduledStart ?? o.window.start) < Date.parse(to));
  }

  async unscheduled(limit: number, cursor?: string): Promise<{ orders: WorkOrder[]; cursor?: string }> {
    const page = await this.table.query('queryUnscheduled', {
      index: 'gsi5',
      keyCondition: 'gsi5pk = :pk',
      values: { ':pk': keys.unscheduledWorkOrdersPartition },
      limit,
      ...(cursor ? { startKey: decodeCursor(cursor, 'gsi5pk', keys.unscheduledWorkOrdersPartition) } : {}),
    });
    return { orders: page.items.map((i) => toOrder(i)), ...(page.lastKey ? { cursor: encodeCursor(page.lastKey) } : {}) };
  }

  private async allPages(operation: string, input: Parameters<Table['query']>[1]): Promise<WorkOrder[]> {
    const out: WorkOrder[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.table.query(operation, { ...input, ...(startKey ? { startKey } : {}) });
      out.push(...page.items.map((i) => toOrder(i)));
      startKey = page.lastKey;
    } while (startKey);
    return out;
  }
}

/** The UTC days an instant range touches, oldest first. */
export function utcDays(from: string, to: string): string[] {
  const start = Date.parse(from.slice(0, 10) + 'T00:00:00Z');
  const end = Date.parse(to);
  if (!(end > Date.parse(from))) return [];
  if (end - start > MAX_RANGE_DAYS * DAY_MS) throw new RangeError(`At most ${MAX_RANGE_DAYS} days at once`);
  const days: string[] = [];
  for (let t = start; t < end; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export class DynamoTechnicianStore implements TechnicianStore {
  constructor(private readonly table: Table) {}

  async save(technician: Technician): Promise<void> {
    const previous = await this.get(technician.id);
    if (technician.userId && technician.userId !== previous?.userId) {
      // One login is one technician: claim the user id, refuse one already claimed by another.
      await this.table
        .put('claimTechnicianUser', { ...keys.technicianOfUser(technician.userId), itemType: 'techUser', technicianId: technician.id }, {
          expression: 'attribute_not_exists(pk) OR technicianId = :id',
          values: { ':id': technician.id },
        })
        .catch((err: unknown) => {
          if (err instanceof ConditionFailedError) throw new ConflictError('That login already belongs to another technician', { field: 'userId' });
          throw err;
        });
    }
    await this.table.put('saveTechnician', { ...keys.technician(technician.id), ...keys.technicianListing(technician.id), itemType: 'technician', ...technician });
    if (previous?.userId && previous.userId !== technician.userId) await this.table.delete('releaseTechnicianUser', keys.technicianOfUser(previous.userId));
  }

  async get(id: string): Promise<Technician | undefined> {
    const item = await this.table.get('getTechnician', keys.technician(id));
    return item ? stripTechnician(item) : undefined;
  }

  async list(): Promise<Technician[]> {
    const out: Technician[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.table.query('queryTechnicians', {
        index: 'gsi1',
        keyCondition: 'gsi1pk = :pk',
        values: { ':pk': 'TECHS' },
        ...(startKey ? { startKey } : {}),
      });
      out.push(...page.items.map(stripTechnician));
      startKey = page.lastKey;
    } while (startKey);
    return out;
  }

  async ofUser(userId: string): Promise<Technician | undefined> {
    const claim = await this.table.get('getTechnicianOfUser', keys.technicianOfUser(userId));
    return claim ? this.get(String(claim.technicianId)) : undefined;
  }
}

function stripTechnician(item: Item): Technician {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, itemType: _t, ...tech } = item;
  return tech as unknown as Technician;
}
