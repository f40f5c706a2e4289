import { outboxItem } from './outbox-item.ts';
import { ConflictError, ValidationError } from '../../errors/domain-errors.ts';
import { VersionConflictError } from '../../tickets/apply-update.ts';
import type { QueuePlan } from '../../tickets/queue-query.ts';
import { attachmentSchema, type Attachment } from '../../tickets/attachments.ts';
import { historyEntrySchema, threadEntrySchema, type HistoryEntry, type ThreadEntry } from '../../tickets/thread.ts';
import { ticketSchema, type Ticket } from '../../tickets/ticket.ts';
import type { QueuePage, TicketDetail, TicketRow, TicketStore, VersionedWrite } from '../../tickets/ticket-store.ts';
import type { OutboxItem, OutboxMail } from '../../email/outbound-mail.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { FIRST_TICKET_NUMBER, indexKeys, keys, ticketIndexKeys } from './keys.ts';
import { ConditionFailedError, type Item, type Table, type TransactAction } from './table.ts';

export class DynamoTicketStore implements TicketStore {
  constructor(private readonly table: Table) {}

  async allocateNumber(): Promise<number> {
    // ADD on a counter is atomic in DynamoDB: concurrent creators each get a distinct number.
    const out = await this.table.update('allocateNumber', keys.ticketCounter(), 'ADD lastNumber :one', { ':one': 1 });
    return FIRST_TICKET_NUMBER - 1 + Number(out.lastNumber);
  }

  /**
   * Writes the description, number lookup and first history record first, and the header last:
   * the header is the commit record (every read starts from it), so a crash in between leaves only
   * invisible leftovers, never a half ticket. No transaction, so each item costs its size once.
   */
  async insert(ticket: Ticket, history?: HistoryEntry): Promise<void> {
    await this.table.batchPut('insertTicketParts', [
      { ...keys.description(ticket.id), itemType: 'description', text: ticket.description, ...(ticket.descriptionEmail ? { email: ticket.descriptionEmail } : {}) },
      { ...keys.ticketNumber(ticket.number), ticketId: ticket.id },
      ...(history ? [historyItem(history)] : []),
    ]);
    try {
      await this.table.put('insertTicket', ticketItem(ticket), { expression: 'attribute_not_exists(pk)' });
    } catch (err) {
      if (err instanceof ConditionFailedError) throw new ConflictError(`Ticket ${ticket.id} already exists`);
      throw err;
    }
  }

  /** Header and description: one Query on the two adjacent items (sort keys TICKET, TICKET#DESCRIPTION). */
  async get(id: string): Promise<Ticket | undefined> {
    const { items } = await this.table.query('getTicket', {
      keyCondition: 'pk = :pk AND begins_with(sk, :ticket)',
      values: { ':pk': keys.ticketPartition(id), ':ticket': 'TICKET' },
    });
    const header = items.find((i) => i.itemType === 'ticket');
    const description = items.find((i) => i.itemType === 'description');
    return header ? ticketSchema.parse({ ...header, description: description?.text ?? '', ...(description?.email ? { descriptionEmail: description.email } : {}) }) : undefined;
  }

  async getDetail(id: string): Promise<TicketDetail | undefined> {
    let header: Item | undefined;
    let description = '';
    let descriptionEmail: unknown;
    const entries: ThreadEntry[] = [];
    const history: HistoryEntry[] = [];
    const attachments: Attachment[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.table.query('queryTicketDetail', {
        keyCondition: 'pk = :pk',
        values: { ':pk': keys.ticketPartition(id) },
        startKey,
      });
      for (const item of page.items) {
        if (item.itemType === 'ticket') header = item;
        else if (item.itemType === 'description') {
          description = String(item.text);
          descriptionEmail = item.email;
        }
        else if (item.itemType === 'entry') entries.push(threadEntrySchema.parse(item));
        else if (item.itemType === 'history') history.push(historyEntrySchema.parse(item));
        else if (item.itemType === 'attachment') attachments.push(attachmentSchema.parse(item));
      }
      startKey = page.lastKey;
    } while (startKey);
    return header ? { ticket: ticketSchema.parse({ ...header, description, ...(descriptionEmail ? { descriptionEmail } : {}) }), entries, history, attachments } : undefined;
  }

  async update(write: VersionedWrite): Promise<void> {
    const actions: TransactAction[] = [versionedPut(write)];
    if (write.history) actions.push({ put: { item: historyItem(write.history), condition: { expression: 'attribute_not_exists(pk)' } } });
    await this.guard(write.next.id, () => this.table.transact('updateTicket', actions));
  }

  async updateMany(writes: VersionedWrite[]): Promise<void> {
    const actions: TransactAction[] = writes.flatMap((w) => [
      versionedPut(w),
      ...(w.history ? [{ put: { item: historyItem(w.history), condition: { expression: 'attribute_not_exists(pk)' } } }] : []),
    ]);
    await this.guard(writes[0]!.next.id, () => this.table.transact('updateTickets', actions));
  }

  async copyEntries(entries: ThreadEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 25) {
      await this.table.batchPut(
        'copyEntries',
        entries.slice(i, i + 25).map((e) => ({ ...keys.entry(e.ticketId, e.createdAt, e.id), itemType: 'entry', ...e })),
      );
    }
  }

  async addEntry(entry: ThreadEntry, write?: VersionedWrite, outbox?: OutboxMail): Promise<void> {
    const actions: TransactAction[] = [
      {
        put: {
          item: { ...keys.entry(entry.ticketId, entry.createdAt, entry.id), itemType: 'entry', ...entry },
          condition: { expression: 'attribute_not_exists(pk)' },
        },
      },
    ];
    if (write) {
      actions.push(versionedPut(write));
      if (write.history) actions.push({ put: { item: historyItem(write.history), condition: { expression: 'attribute_not_exists(pk)' } } });
    } else {
      // The ticket must still exist and not be closed, or the entry would dangle.
      actions.push({
        check: {
          key: keys.ticket(entry.ticketId),
          condition: { expression: 'attribute_exists(pk) AND #s <> :closed', names: { '#s': 'status' }, values: { ':closed': 'closed' } },
        },
      });
    }
    if (outbox) actions.push({ put: { item: outboxItem(outbox), condition: { expression: 'attribute_not_exists(pk)' } } });
    await this.guard(entry.ticketId, () => this.table.transact('addEntry', actions));
  }

  async queueMail(outbox: OutboxItem): Promise<void> {
    await this.table.put('queueMail', outboxItem(outbox), { expression: 'attribute_not_exists(pk)' });
  }

  async queue(plan: QueuePlan, limit: number, cursor?: string): Promise<QueuePage> {
    const { pk: pkName, sk: skName } = indexKeys(plan.index);
    const sk = plan.sortPrefix ? 'begins_with(#sk, :prefix)' : plan.sortBefore ? '#sk <= :before' : undefined;
    const page = await this.table.query('queryQueue', {
      index: plan.index,
      keyCondition: sk ? `#pk = :pk AND ${sk}` : '#pk = :pk',
      names: { '#pk': pkName, ...(sk ? { '#sk': skName } : {}) },
      values: { ':pk': plan.partition, ...(plan.sortPrefix ? { ':prefix': plan.sortPrefix } : {}), ...(plan.sortBefore ? { ':before': plan.sortBefore } : {}) },
      limit,
      startKey: cursor ? decodeCursor(cursor, pkName, plan.partition) : undefined,
      // Latest first for update order; lowest rank (most urgent) first for priority order.
      forward: plan.byPriority,
    });
    return { items: page.items.map(toRow), ...(page.lastKey ? { cursor: encodeCursor(page.lastKey) } : {}) };
  }

  async findIdByNumber(number: number): Promise<string | undefined> {
    const item = await this.table.get('getTicketNumber', keys.ticketNumber(number));
    return item?.ticketId as string | undefined;
  }

  async addAttachment(a: Attachment): Promise<void> {
    await this.table.put('putAttachment', { ...keys.attachment(a.ticketId, a.id), itemType: 'attachment', ...a }, { expression: 'attribute_not_exists(pk)' });
  }

  async getAttachment(ticketId: string, id: string): Promise<Attachment | undefined> {
    const item = await this.table.get('getAttachment', keys.attachment(ticketId, id));
    return item ? attachmentSchema.parse(item) : undefined;
  }

  /** Turns a failed version or existence condition into the 409 the caller can act on. */
  private async guard(id: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      const current = await this.get(id);
      throw current ? new VersionConflictError(current) : new ConflictError(`Ticket ${id} no longer exists`);
    }
  }
}

/**
 * The header item: everything but the description, which is written once, beside it. `writer`
 * tells the SLA tracker's pipe which writes are the ticket's own (its own SLA writes say `sla`),
 * so recomputing deadlines never triggers itself.
 */
export function ticketItem(ticket: Ticket): Item {
  const { description: _description, descriptionEmail: _email, ...header } = ticket;
  return { ...keys.ticket(ticket.id), ...ticketIndexKeys(ticket), itemType: 'ticket', writer: TICKET_WRITER, ...header };
}

/** The `writer` of the ticket's own writes; see ticketItem. */
export const TICKET_WRITER = 'app';

/** Written with status `queued`: the table's stream carries it to the outbox queue (see EmailOutbound). */
export { outboxItem } from './outbox-item.ts';

export function historyItem(h: HistoryEntry): Item {
  return { ...keys.history(h.ticketId, h.at, h.id), itemType: 'history', ...h };
}

export function versionedPut(write: VersionedWrite): TransactAction {
  return { put: { item: ticketItem(write.next), condition: { expression: 'version = :expected', values: { ':expected': write.expectedVersion } } } };
}

const ROW_FIELDS = Object.keys(ticketSchema.shape).filter((k) => k !== 'description' && k !== 'descriptionEmail' && k !== 'customFields');
function toRow(item: Item): TicketRow {
  return Object.fromEntries(ROW_FIELDS.filter((k) => k in item).map((k) => [k, item[k]])) as TicketRow;
}

