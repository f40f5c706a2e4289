import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readStacks, resourcesOfType, type CfnResource } from '../../infra/local/cloud-assembly.ts';
import { ensureTable, LOCAL_CREDENTIALS, type DynamoEngine } from '../../infra/local/dynamodb-engine.ts';
import { CapacityMeter } from '../../shared/adapters/dynamodb/capacity-meter.ts';
import { Table } from '../../shared/adapters/dynamodb/table.ts';
import { DynamoTicketStore } from '../../shared/adapters/dynamodb/ticket-store.ts';
import type { CapacityEntry } from '../../shared/adapters/dynamodb/capacity-meter.ts';

/** The ticket table's CloudFormation definition in the assembly the bench synthesized (there is one). */
export function ticketTableResource(assemblyDir: string): CfnResource {
  const [stack] = readStacks(assemblyDir);
  const tables = stack ? resourcesOfType(stack.template, 'AWS::DynamoDB::Table') : [];
  if (tables.length !== 1) throw new Error(`Expected one DynamoDB table in ${assemblyDir}, found ${tables.length}`);
  return tables[0]![1];
}

export interface BenchTable {
  tableName: string;
  /** A low-level client on the same engine, for seeding and raw reads. */
  client: DynamoDBClient;
  store: DynamoTicketStore;
  meter: CapacityMeter;
  close(): void;
}

/**
 * A table created from the template's definition (keys, indexes, projections) on `engine`, with the
 * store the functions run on it. The only place the bench constructs a DynamoTicketStore for its
 * own tables: if the store's constructor changes, this is the line to follow.
 */
export async function openBenchTable(engine: DynamoEngine, resource: CfnResource, tableName: string): Promise<BenchTable> {
  await ensureTable(engine.client, tableName, resource);
  const client = new DynamoDBClient({ endpoint: engine.endpoint, region: 'local', credentials: LOCAL_CREDENTIALS });
  const meter = new CapacityMeter();
  const store = createBenchStore(client, tableName, meter);
  return { tableName, client, store, meter, close: () => client.destroy() };
}

/** The store as ticketDeps() builds it in the functions (functions/lib/ticket-deps.ts). */
export function createBenchStore(client: DynamoDBClient, tableName: string, meter: CapacityMeter): DynamoTicketStore {
  return new DynamoTicketStore(new Table(client, tableName, meter));
}

export interface MeteredCost {
  readUnits: number;
  writeUnits: number;
  /** One entry per request the store made, as it recorded it. */
  calls: CapacityEntry[];
}

/** What the meter recorded since the last drain, summed. */
export function drainCost(meter: CapacityMeter): MeteredCost {
  const calls = meter.drain();
  return {
    calls,
    readUnits: calls.reduce((s, c) => s + c.readUnits, 0),
    writeUnits: calls.reduce((s, c) => s + c.writeUnits, 0),
  };
}
