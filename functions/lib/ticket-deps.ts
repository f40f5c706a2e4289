import { createDynamoClient } from '#shared/adapters/dynamodb/dynamo-client.ts';
import { Table } from '#shared/adapters/dynamodb/table.ts';
import { CapacityMeter } from '#shared/adapters/dynamodb/capacity-meter.ts';
import { DynamoTicketStore } from '#shared/adapters/dynamodb/ticket-store.ts';
import { randomIds, systemClock } from '#shared/runtime/clock.ts';
import type { TicketDeps } from '#shared/tickets/open-ticket.ts';
import * as z from 'zod/mini';
import { readEnv } from './env.ts';
import { logger } from './observability.ts';

/** Built once per cold start and reused: clients keep their connections warm between invocations. */
export function ticketDeps(): TicketDeps & { meter: CapacityMeter } {
  const env = readEnv({ TABLE_NAME: z.string().check(z.minLength(1)) });
  const meter = new CapacityMeter();
  return { store: new DynamoTicketStore(new Table(createDynamoClient(), env.TABLE_NAME, meter)), clock: systemClock, ids: randomIds, meter };
}

/** Logs what one request consumed, so cost per operation can be read from the logs. */
export function logConsumedCapacity(meter: CapacityMeter): void {
  const entries = meter.drain();
  if (entries.length) logger.info('DynamoDB capacity consumed', { capacity: entries });
}
