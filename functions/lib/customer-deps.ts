import * as z from 'zod/mini';
import { CapacityMeter } from '#shared/adapters/dynamodb/capacity-meter.ts';
import { DynamoCustomerStore } from '#shared/adapters/dynamodb/customer-store.ts';
import { createDynamoClient } from '#shared/adapters/dynamodb/dynamo-client.ts';
import { Table } from '#shared/adapters/dynamodb/table.ts';
import type { CustomerDeps } from '#shared/customers/customer-operations.ts';
import { randomIds, systemClock } from '#shared/runtime/clock.ts';
import { readEnv } from './env.ts';

/** Built once per cold start and reused, like ticketDeps. */
export function customerDeps(): CustomerDeps & { meter: CapacityMeter; table: Table } {
  const env = readEnv({ TABLE_NAME: z.string().check(z.minLength(1)) });
  const meter = new CapacityMeter();
  const table = new Table(createDynamoClient(), env.TABLE_NAME, meter);
  return { customers: new DynamoCustomerStore(table), clock: systemClock, ids: randomIds, meter, table };
}
