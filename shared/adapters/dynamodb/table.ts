import {
  BatchGetItemCommand,
  DeleteItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type ConsumedCapacity,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { CapacityMeter } from './capacity-meter.ts';

export type Item = Record<string, unknown>;

export interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Item;
}

export type TransactAction =
  | { put: { item: Item; condition?: Condition } }
  | { check: { key: Item; condition: Condition } }
  | { update: { key: Item; expression: string; values: Item; names?: Record<string, string> } };

/** Thrown when a condition (or a condition inside a transaction) failed: the caller decides what it means. */
export class ConditionFailedError extends Error {
  constructor(readonly operation: string) {
    super(`${operation}: condition failed`);
  }
}

const marshallOptions = { removeUndefinedValues: true } as const;

/**
 * The single table, as the adapters use it: plain objects in and out (marshalled with
 * util-dynamodb), every call asking for its consumed capacity and reporting it to the meter under
 * an operation name. A thin layer of our own instead of lib-dynamodb's DocumentClient, which costs
 * ~7 KB of every bundle for the same marshalling.
 */
export class Table {
  constructor(
    readonly client: DynamoDBClient,
    readonly name: string,
    private readonly meter?: CapacityMeter,
  ) {}

  async get(operation: string, key: Item): Promise<Item | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.name, Key: marshall(key), ReturnConsumedCapacity: 'TOTAL' }));
    this.record(operation, 'read', out.ConsumedCapacity);
    return out.Item ? unmarshall(out.Item) : undefined;
  }

  async put(operation: string, item: Item, condition?: Condition): Promise<void> {
    try {
      const out = await this.client.send(
        new PutItemCommand({ TableName: this.name, Item: marshall(item, marshallOptions), ...conditionInput(condition), ReturnConsumedCapacity: 'TOTAL' }),
      );
      this.record(operation, 'write', out.ConsumedCapacity);
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new ConditionFailedError(operation);
      throw err;
    }
  }

  async delete(operation: string, key: Item): Promise<void> {
    const out = await this.client.send(new DeleteItemCommand({ TableName: this.name, Key: marshall(key), ReturnConsumedCapacity: 'TOTAL' }));
    this.record(operation, 'write', out.ConsumedCapacity);
  }

  async update(operation: string, key: Item, expression: string, values: Item, names?: Record<string, string>, condition?: string): Promise<Item> {
    try {
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.name,
          Key: marshall(key),
          UpdateExpression: expression,
          ExpressionAttributeValues: marshall(values, marshallOptions),
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ...(condition ? { ConditionExpression: condition } : {}),
          ReturnValues: 'UPDATED_NEW',
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.record(operation, 'write', out.ConsumedCapacity);
      return out.Attributes ? unmarshall(out.Attributes) : {};
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new ConditionFailedError(operation);
      throw err;
    }
  }

  async query(
    operation: string,
    input: { index?: string; keyCondition: string; names?: Record<string, string>; values: Item; limit?: number; startKey?: Item; forward?: boolean; consistent?: boolean },
  ): Promise<{ items: Item[]; lastKey?: Item }> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.name,
        ...(input.index ? { IndexName: input.index } : {}),
        KeyConditionExpression: input.keyCondition,
        ...(input.names ? { ExpressionAttributeNames: input.names } : {}),
        ExpressionAttributeValues: marshall(input.values),
        ...(input.limit ? { Limit: input.limit } : {}),
        ...(input.startKey ? { ExclusiveStartKey: marshall(input.startKey) } : {}),
        ScanIndexForward: input.forward ?? true,
        ...(input.consistent ? { ConsistentRead: true } : {}),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.record(operation, 'read', out.ConsumedCapacity);
    return { items: (out.Items ?? []).map((i) => unmarshall(i)), ...(out.LastEvaluatedKey ? { lastKey: unmarshall(out.LastEvaluatedKey) } : {}) };
  }

  /** Gets up to 100 items by key in one request, retrying unprocessed keys. Order is not kept. */
  async batchGet(operation: string, itemKeys: Item[]): Promise<Item[]> {
    const found: Item[] = [];
    let pending = itemKeys.map((k) => marshall(k));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt === 5) throw new Error(`${operation}: DynamoDB kept ${pending.length} keys unprocessed`);
      if (attempt) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const out = await this.client.send(new BatchGetItemCommand({ RequestItems: { [this.name]: { Keys: pending } }, ReturnConsumedCapacity: 'TOTAL' }));
      this.record(operation, 'read', sum(out.ConsumedCapacity));
      found.push(...(out.Responses?.[this.name] ?? []).map((i) => unmarshall(i)));
      pending = out.UnprocessedKeys?.[this.name]?.Keys ?? [];
    }
    return found;
  }

  /** Counts the items of a key range (Select COUNT): reads are billed, nothing is returned. */
  async count(operation: string, input: { index?: string; keyCondition: string; names?: Record<string, string>; values: Item }): Promise<number> {
    let total = 0;
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.name,
          ...(input.index ? { IndexName: input.index } : {}),
          KeyConditionExpression: input.keyCondition,
          ...(input.names ? { ExpressionAttributeNames: input.names } : {}),
          ExpressionAttributeValues: marshall(input.values),
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.record(operation, 'read', out.ConsumedCapacity);
      total += out.Count ?? 0;
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return total;
  }

  /** Puts up to 25 items in one request, retrying what DynamoDB leaves unprocessed (with backoff). */
  async batchPut(operation: string, items: Item[]): Promise<void> {
    let pending: { PutRequest: { Item: Record<string, AttributeValue> } }[] = items.map((item) => ({ PutRequest: { Item: marshall(item, marshallOptions) } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt === 5) throw new Error(`${operation}: DynamoDB kept ${pending.length} items unprocessed`);
      if (attempt) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const out = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.name]: pending }, ReturnConsumedCapacity: 'TOTAL' }));
      this.record(operation, 'write', sum(out.ConsumedCapacity));
      pending = (out.UnprocessedItems?.[this.name] ?? []) as typeof pending;
    }
  }

  /** All or nothing. A failed condition anywhere becomes ConditionFailedError. */
  async transact(operation: string, actions: TransactAction[]): Promise<void> {
    const items: TransactWriteItem[] = actions.map((a) =>
      'put' in a
        ? { Put: { TableName: this.name, Item: marshall(a.put.item, marshallOptions), ...conditionInput(a.put.condition) } }
        : 'update' in a
          ? {
              Update: {
                TableName: this.name,
                Key: marshall(a.update.key),
                UpdateExpression: a.update.expression,
                ExpressionAttributeValues: marshall(a.update.values, marshallOptions),
                ...(a.update.names ? { ExpressionAttributeNames: a.update.names } : {}),
              },
            }
          : { ConditionCheck: { TableName: this.name, Key: marshall(a.check.key), ...(conditionInput(a.check.condition) as { ConditionExpression: string }) } },
    );
    try {
      const out = await this.client.send(new TransactWriteItemsCommand({ TransactItems: items, ReturnConsumedCapacity: 'TOTAL' }));
      this.record(operation, 'write', sum(out.ConsumedCapacity));
    } catch (err) {
      if (err instanceof TransactionCanceledException && err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new ConditionFailedError(operation);
      }
      throw err;
    }
  }

  private record(operation: string, kind: 'read' | 'write', consumed: ConsumedCapacity | undefined): void {
    this.meter?.record(operation, kind, consumed);
  }
}

function conditionInput(condition: Condition | undefined) {
  if (!condition) return {};
  return {
    ConditionExpression: condition.expression,
    ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
    ...(condition.values ? { ExpressionAttributeValues: marshall(condition.values, marshallOptions) } : {}),
  };
}

function sum(list: ConsumedCapacity[] | undefined): ConsumedCapacity {
  return { CapacityUnits: (list ?? []).reduce((total, c) => total + (c.CapacityUnits ?? 0), 0) };
}
