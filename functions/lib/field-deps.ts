import { SFNClient } from '@aws-sdk/client-sfn';
import { createDynamoClient } from '#shared/adapters/dynamodb/dynamo-client.ts';
import { CapacityMeter } from '#shared/adapters/dynamodb/capacity-meter.ts';
import { ticketKey } from '#shared/adapters/dynamodb/field-keys.ts';
import { Table } from '#shared/adapters/dynamodb/table.ts';
import { DynamoTechnicianStore, DynamoWorkOrderStore } from '#shared/adapters/dynamodb/work-order-store.ts';
import { StepFunctionsDispatchWorkflow } from '#shared/adapters/sfn/dispatch-workflow.ts';
import type { DispatchWorkflow, FieldDeps, TicketFacts } from '#shared/field/work-order-operations.ts';
import { randomIds, systemClock } from '#shared/runtime/clock.ts';

/** Work orders and technicians on the table; the ticket read as the few facts a work order copies. */
export function fieldDeps(): FieldDeps & { meter: CapacityMeter; table: Table } {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error('Missing environment variable TABLE_NAME');
  const meter = new CapacityMeter();
  const table = new Table(createDynamoClient(), name, meter);
  const ticket = async (id: string): Promise<TicketFacts | undefined> => {
    const item = await table.get('getTicketFacts', ticketKey(id));
    return item ? { id, number: Number(item.number), status: String(item.status), ...(item.customerId ? { customerId: String(item.customerId) } : {}) } : undefined;
  };
  return { meter, table, orders: new DynamoWorkOrderStore(table), technicians: new DynamoTechnicianStore(table), ticket, clock: systemClock, ids: randomIds };
}

/** For the routes that start the workflow or answer its offers. */
export function dispatchWorkflow(): DispatchWorkflow {
  const arn = process.env.DISPATCH_STATE_MACHINE_ARN;
  if (!arn) throw new Error('Missing environment variable DISPATCH_STATE_MACHINE_ARN');
  return new StepFunctionsDispatchWorkflow(new SFNClient({}), arn);
}
