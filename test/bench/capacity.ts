import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { CapacityMeter, type CapacityEntry } from '../../shared/adapters/dynamodb/capacity-meter.ts';
import { Table } from '../../shared/adapters/dynamodb/table.ts';
import { DynamoTicketStore } from '../../shared/adapters/dynamodb/ticket-store.ts';
import type { Principal } from '../../shared/auth/principal.ts';
import { systemClock, randomIds } from '../../shared/runtime/clock.ts';
import { openTicket } from '../../shared/tickets/open-ticket.ts';
import { newTicketInputSchema } from '../../shared/tickets/ticket-input.ts';
import { TICKET_INPUT } from './throughput.ts';

export interface OperationCost {
  operation: string;
  /** What DynamoDB (Local) reported per call, one entry per request it made. */
  calls: CapacityEntry[];
  readUnits: number;
  writeUnits: number;
}

export interface InvocationCount {
  operation: string;
  /** Lambda invocations the API made for one request, by function logical id. */
  byFunction: Record<string, number>;
  total: number;
}

export interface CapacityResult {
  /** The same ticket the throughput run sends, and one at the 20,000-character description limit. */
  costs: OperationCost[];
  invocations: InvocationCount[];
}

const BENCH_PRINCIPAL: Principal = { id: 'bench-agent', email: 'bench@example.com', roles: ['agent'] };

/**
 * Read/write units per ticket operation, from ReturnConsumedCapacity as the store records it
 * (the very adapter the functions run, against the stack's table), and Lambda invocations per API
 * call from the local functions' counters. DynamoDB Local computes units from item size like the
 * service does; the numbers are printed as reported.
 */
export async function measureCapacity(stack: LocalStack): Promise<CapacityResult> {
  const tableName = Object.values(stack.dynamo.tables)[0]!;
  const client = new DynamoDBClient({ endpoint: stack.dynamo.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const meter = new CapacityMeter();
  const store = new DynamoTicketStore(new Table(client, tableName, meter));
  const deps = { store, clock: systemClock, ids: randomIds };
  const cost = (operation: string): OperationCost => {
    const calls = meter.drain();
    const sum = calls.reduce((t, c) => ({ r: t.r + c.readUnits, w: t.w + c.writeUnits }), { r: 0, w: 0 });
    return { operation, calls, readUnits: sum.r, writeUnits: sum.w };
  };

  const costs: OperationCost[] = [];
  try {
    const inputs = [
      { label: 'typical', input: TICKET_INPUT },
      { label: '20,000-char description', input: { ...TICKET_INPUT, description: 'x'.repeat(20_000) } },
    ];
    for (const { label, input } of inputs) {
      meter.drain();
      const ticket = await openTicket(deps, BENCH_PRINCIPAL, newTicketInputSchema.parse(input));
      costs.push(cost(`create ticket (${label})`));
      await store.get(ticket.id);
      costs.push(cost(`get ticket (${label})`));
    }
  } finally {
    client.destroy();
  }

  return { costs, invocations: await countInvocations(stack) };
}

/** One create and one get through the API, counting every function's invocations around each. */
async function countInvocations(stack: LocalStack): Promise<InvocationCount[]> {
  const token = await stack.tokenFor('agent');
  const snapshot = () => new Map([...stack.functions].map(([id, fn]) => [id, fn.invocations]));
  const delta = (operation: string, before: Map<string, number>): InvocationCount => {
    const byFunction: Record<string, number> = {};
    for (const [id, fn] of stack.functions) {
      const d = fn.invocations - (before.get(id) ?? 0);
      if (d) byFunction[id] = d;
    }
    return { operation, byFunction, total: Object.values(byFunction).reduce((a, b) => a + b, 0) };
  };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  let before = snapshot();
  const created = await fetch(`${stack.apiUrl}/v1/tickets`, { method: 'POST', headers, body: JSON.stringify(TICKET_INPUT) });
  const ticket = (await created.json()) as { id: string };
  if (created.status !== 201) throw new Error(`POST /v1/tickets answered ${created.status}`);
  const create = delta('POST /v1/tickets', before);

  before = snapshot();
  const got = await fetch(`${stack.apiUrl}/v1/tickets/${ticket.id}`, { headers });
  await got.arrayBuffer();
  if (got.status !== 200) throw new Error(`GET /v1/tickets/{id} answered ${got.status}`);
  const get = delta('GET /v1/tickets/{id}', before);
  return [create, get];
}
