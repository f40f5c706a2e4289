import * as z from 'zod/mini';
import { CapacityMeter } from '#shared/adapters/dynamodb/capacity-meter.ts';
import { DynamoDirectoryStore } from '#shared/adapters/dynamodb/directory-store.ts';
import { createDynamoClient } from '#shared/adapters/dynamodb/dynamo-client.ts';
import { Table } from '#shared/adapters/dynamodb/table.ts';
import { systemClock } from '#shared/runtime/clock.ts';
import { readEnv } from './env.ts';

export function directoryDeps() {
  const env = readEnv({ TABLE_NAME: z.string().check(z.minLength(1)) });
  const meter = new CapacityMeter();
  const table = new Table(createDynamoClient(), env.TABLE_NAME, meter);
  return { directory: new DynamoDirectoryStore(table), clock: systemClock, meter, table };
}
