import { CapacityMeter } from '#shared/adapters/dynamodb/capacity-meter.ts';
import { createDynamoClient } from '#shared/adapters/dynamodb/dynamo-client.ts';
import { Table } from '#shared/adapters/dynamodb/table.ts';

/**
 * The table alone, without the ticket store or any schema library: for functions that touch a few
 * items and already carry a second SDK client (the bundle budget has no room for both and zod).
 */
export function tableDeps(): { meter: CapacityMeter; table: Table } {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error('Missing environment variable TABLE_NAME');
  const meter = new CapacityMeter();
  return { meter, table: new Table(createDynamoClient(), name, meter) };
}
