import { ConditionalCheckFailedException, TransactionCanceledException, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, ValidationError } from '../../errors/domain-errors.ts';
import { VersionConflictError } from '../../tickets/apply-update.ts';
import type { QueuePlan } from '../../tickets/queue-query.ts';
import { historyEntrySchema, threadEntrySchema, type HistoryEntry, type ThreadEntry } from '../../tickets/thread.ts';
import { ticketSchema, type Ticket } from '../../tickets/ticket.ts';
import type { QueuePage, TicketDetail, TicketRow, TicketStore, VersionedWrite } from '../../tickets/ticket-store.ts';
import type { CapacityMeter } from './capacity-meter.ts';
import { FIRST_TICKET_NUMBER, keys, ticketIndexKeys } from './keys.ts';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export class DynamoTicketStore implements TicketStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly meter?: CapacityMeter,
  ) {}

  async allocateNumber(): Promise<number> {
    // ADD on a counter is atomic in DynamoDB: concurrent creators each get a distinct number.
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.ticketCounter(),
        UpdateExpression: 'ADD lastNumber :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.meter?.record('allocateNumber', 'write', out.ConsumedCapacity);
    return FIRST_TICKET_NUMBER - 1 + Number(out.Attributes?.lastNumber);
  }

  /**
   * Writes the description, number lookup and first history record first, and the header last:
   * the header is the commit record (every read starts from it), so a crash in between leaves only
   * invisible leftovers, never a half ticket. No transaction, so each item costs its size once.
   */
  async insert(ticket: Ticket, history?: HistoryEntry): Promise<void> {
    const dependents: Record<string, unknown>[] = [
      { ...keys.description(ticket.id), itemType: 'description', text: ticket.description },
      { ...keys.ticketNumber(ticket.number), ticketId: ticket.id },
      ...(history ? [{ ...keys.history(history.ticketId, history.at, history.id), itemType: 'history', ...history }] : []),
    ];
    let pending = dependents.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt === 5) throw new Error(`Could not write ticket ${ticket.id}: DynamoDB kept items unprocessed`);
      if (attempt) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const out = await this.db.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: pending }, ReturnConsumedCapacity: 'TOTAL' }),
      );
      this.meter?.record('insertTicketParts', 'write', sumCapacity(out.ConsumedCapacity));
      pending = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
    }
    try {
      const out = await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: ticketItem(ticket),
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.meter?.record('insertTicket', 'write', out.ConsumedCapacity);
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new ConflictError(`Ticket ${ticket.id} already exists`);
      throw err;
    }
  }

  /** Header and description: one Query on the two adjacent items (sort keys TICKET, TICKET#DESCRIPTION). */
  async get(id: string): Promise<Ticket | undefined> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ticket)',
        ExpressionAttributeValues: { ':pk': keys.ticketPartition(id), ':ticket': 'TICKET' },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.meter?.record('getTicket', 'read', out.ConsumedCapacity);
    const header = out.Items?.find((i) => i.itemType === 'ticket');
    const description = out.Items?.find((i) => i.itemType === 'description');
    return header ? ticketSchema.parse({ ...header, description: description?.text ?? '' }) : undefined;
  }

  async getDetail(id: string): Promise<TicketDetail | undefined> {
    let header: Record<string, unknown> | undefined;
    let description = '';
    const entries: ThreadEntry[] = [];
    const history: HistoryEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.ticketPartition(id) },
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.meter?.record('queryTicketDetail', 'read', out.ConsumedCapacity);
      for (const item of out.Items ?? []) {
        if (item.itemType === 'ticket') header = item;
        else if (item.itemType === 'description') description = String(item.text);
        else if (item.itemType === 'entry') entries.push(threadEntrySchema.parse(item));
        else if (item.itemType === 'history') history.push(historyEntrySchema.parse(item));
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return header ? { ticket: ticketSchema.parse({ ...header, description }), entries, history } : undefined;
  }

  async update(write: VersionedWrite): Promise<void> {
    const items = [this.versionedPut(write)];
    if (write.history) items.push(historyPut(this.tableName, write.history));
    await this.transact('updateTicket', items, () => this.conflict(write.next.id));
  }

  async addEntry(entry: ThreadEntry, write?: VersionedWrite): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.entry(entry.ticketId, entry.createdAt, entry.id), itemType: 'entry', ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (write) {
      items.push(this.versionedPut(write));
      if (write.history) items.push(historyPut(this.tableName, write.history));
    } else {
      // The ticket must still exist and not be closed, or the entry would dangle.
      items.push({
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.ticket(entry.ticketId),
          ConditionExpression: 'attribute_exists(pk) AND #s <> :closed',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':closed': 'closed' },
        },
      });
    }
    await this.transact('addEntry', items, () => this.conflict(entry.ticketId));
  }

  async queue(plan: QueuePlan, limit: number, cursor?: string): Promise<QueuePage> {
    const pkName = `${plan.index}pk`;
    const skName = `${plan.index}sk`;
    const start = cursor ? decodeCursor(cursor, pkName, plan.partition) : undefined;
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: plan.index,
        KeyConditionExpression: plan.sortPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pkName, ...(plan.sortPrefix ? { '#sk': skName } : {}) },
        ExpressionAttributeValues: { ':pk': plan.partition, ...(plan.sortPrefix ? { ':prefix': plan.sortPrefix } : {}) },
        // Latest first for update order; lowest rank (most urgent) first for priority order.
        ScanIndexForward: plan.index === 'gsi6',
        Limit: limit,
        ExclusiveStartKey: start,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.meter?.record('queryQueue', 'read', out.ConsumedCapacity);
    return {
      items: (out.Items ?? []).map(toRow),
      ...(out.LastEvaluatedKey ? { cursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }

  async findIdByNumber(number: number): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.ticketNumber(number), ReturnConsumedCapacity: 'TOTAL' }),
    );
    this.meter?.record('getTicketNumber', 'read', out.ConsumedCapacity);
    return out.Item?.ticketId as string | undefined;
  }

  private versionedPut(write: VersionedWrite): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: ticketItem(write.next),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': write.expectedVersion },
      },
    };
  }

  private async conflict(id: string): Promise<Error> {
    const current = await this.get(id);
    return current ? new VersionConflictError(current) : new ConflictError(`Ticket ${id} no longer exists`);
  }

  private async transact(operation: string, items: TransactItem[], onConflict: () => Error | Promise<Error>): Promise<void> {
    try {
      const out = await this.db.send(new TransactWriteCommand({ TransactItems: items, ReturnConsumedCapacity: 'TOTAL' }));
      this.meter?.record(operation, 'write', sumCapacity(out.ConsumedCapacity));
    } catch (err) {
      if (err instanceof TransactionCanceledException && err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw await onConflict();
      }
      throw err;
    }
  }
}

/** The header item: everything but the description, which is written once, beside it. */
function ticketItem(ticket: Ticket): Record<string, unknown> {
  const { description: _description, ...header } = ticket;
  return { ...keys.ticket(ticket.id), ...ticketIndexKeys(ticket), itemType: 'ticket', ...header };
}

function historyPut(tableName: string, h: HistoryEntry): TransactItem {
  return {
    Put: { TableName: tableName, Item: { ...keys.history(h.ticketId, h.at, h.id), itemType: 'history', ...h }, ConditionExpression: 'attribute_not_exists(pk)' },
  };
}

const ROW_FIELDS = ticketSchema.shape;
function toRow(item: Record<string, unknown>): TicketRow {
  const row: Record<string, unknown> = {};
  for (const key of Object.keys(ROW_FIELDS)) if (key in item && key !== 'description' && key !== 'customFields') row[key] = item[key];
  return row as TicketRow;
}

function sumCapacity(list: ConsumedCapacity[] | undefined): ConsumedCapacity {
  return { CapacityUnits: (list ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0) };
}

/** Cursors are the index position, base64url; only a position inside the asked partition is honoured. */
function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string, pkName: string, partition: string): Record<string, string> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const ok =
    typeof key === 'object' && key !== null && Object.values(key).every((v) => typeof v === 'string') && (key as Record<string, string>)[pkName] === partition;
  if (!ok) throw new ValidationError('The cursor does not belong to this queue', [{ path: 'cursor', message: 'Start again without a cursor' }]);
  return key as Record<string, string>;
}
