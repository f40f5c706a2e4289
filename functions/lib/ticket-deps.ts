import { createDynamoClient } from '#shared/adapters/dynamodb/dynamo-client.ts';
import { Table } from '#shared/adapters/dynamodb/table.ts';
import { CapacityMeter } from '#shared/adapters/dynamodb/capacity-meter.ts';
import { DynamoTicketStore } from '#shared/adapters/dynamodb/ticket-store.ts';
import { randomIds, systemClock } from '#shared/runtime/clock.ts';
import type { TicketDeps } from '#shared/tickets/open-ticket.ts';
import * as z from 'zod/mini';
import { readEnv } from './env.ts';

/** Built once per cold start and reused: clients keep their connections warm between invocations. */
export function ticketDeps(): TicketDeps & { meter: CapacityMeter; table: Table } {
  const env = readEnv({ TABLE_NAME: z.string().check(z.minLength(1)) });
  const meter = new CapacityMeter();
  const table = new Table(createDynamoClient(), env.TABLE_NAME, meter);
  return { store: new DynamoTicketStore(table), clock: systemClock, ids: randomIds, meter, table };
}

export { logConsumedCapacity } from './capacity-log.ts';
