import { TransactWriteItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CfnResource } from '../../infra/local/cloud-assembly.ts';
import type { DynamoEngine } from '../../infra/local/dynamodb-engine.ts';
import type { Principal } from '../../shared/auth/principal.ts';
import { randomIds, systemClock } from '../../shared/runtime/clock.ts';
import { openTicket } from '../../shared/tickets/open-ticket.ts';
import { planQueue, queueQuerySchema } from '../../shared/tickets/queue-query.ts';
import { newEntryInputSchema } from '../../shared/tickets/thread.ts';
import { addThreadEntry, readTicketDetail, updateTicket } from '../../shared/tickets/ticket-operations.ts';
import type { Ticket, TicketUpdate } from '../../shared/tickets/ticket.ts';
import { newTicketInputSchema } from '../../shared/tickets/ticket-input.ts';
import type { TicketDeps } from '../../shared/tickets/ticket-operations.ts';
import { drainCost, openBenchTable, type MeteredCost } from './bench-table.ts';
import { TICKET_INPUT } from './throughput.ts';

export interface OperationUnits extends MeteredCost {
  operation: string;
  /** What the operation returned that makes the units plausible (rows on a page, items in a detail). */
  detail?: string;
}

export interface TransactionProbe {
  label: string;
  /** Write units DynamoDB Local reported for the TransactWriteItems call. */
  reported: number;
  /** What the service charges: 2 units per KB (rounded up) of each item written in a transaction. */
  expected: number;
}

export interface OperationCostResult {
  table: string;
  pageSize: number;
  operations: OperationUnits[];
  /** Bare transactions on scratch keys: does DynamoDB Local sum every item, as the service bills? */
  transactionProbe: TransactionProbe[];
}

const PAGE_SIZE = 25;
const AGENT: Principal = { id: 'bench-agent-01', email: 'agent01@example.com', roles: ['agent'] };
const REPLY = 'Thanks for the details. A technician will replace the fuser unit this afternoon; please keep the printer powered on.';
const NOTE = 'Checked the asset record: toner batch 2291 had reported defects, ordering a replacement from stock.';

/**
 * Read and write units of each ticket operation, measured the way the functions run them: the real
 * domain functions (openTicket, addThreadEntry, updateTicket, readTicketDetail, planQueue) on the
 * real store, whose CapacityMeter records ReturnConsumedCapacity (TOTAL, so index writes are in the
 * table's figure) per request. The table is created from the synthesized template's definition in
 * its own DynamoDB Local, so earlier phases leave nothing in it.
 */
export async function measureOperationCosts(engine: DynamoEngine, tableResource: CfnResource): Promise<OperationCostResult> {
  const bench = await openBenchTable(engine, tableResource, 'bench-operation-cost');
  const { store, meter } = bench;
  const deps: TicketDeps = { store, clock: systemClock, ids: randomIds };
  const operations: OperationUnits[] = [];
  const record = (operation: string, detail?: string) => {
    operations.push({ operation, ...drainCost(meter), ...(detail ? { detail } : {}) });
  };
  const open = (placement = {}) => openTicket(deps, AGENT, newTicketInputSchema.parse(TICKET_INPUT), placement);
  const entry = (ticket: Ticket, kind: 'reply' | 'note', body: string) =>
    addThreadEntry(deps, AGENT, ticket.id, newEntryInputSchema.parse({ kind, body })).then((r) => r.ticket);
  const edit = (ticket: Ticket, update: TicketUpdate) => updateTicket(deps, AGENT, ticket.id, ticket.version, update);

  try {
    // Queues to page through: 30 of the agent's tickets in status open (a full page of 25 and more),
    // made with the same functions. Their units are not reported; the meter is drained after.
    for (let i = 0; i < PAGE_SIZE + 5; i++) await entry(await open({ teamId: 'team-1', assigneeId: AGENT.id }), 'reply', REPLY);
    meter.drain();

    // One ticket through a working life, each step measured on its own. It ends with 5 thread
    // entries and 5 history records (created, first reply, status, priority, reassignment).
    let ticket = await open({ teamId: 'team-1', assigneeId: AGENT.id });
    record('create ticket', 'header carries 4 index keys (no customerId: no gsi2)');
    ticket = await entry(ticket, 'reply', REPLY);
    record('public reply (first: new → open, history)');
    ticket = await entry(ticket, 'note', NOTE);
    record('internal note');
    ticket = await edit(ticket, { status: 'pending_customer' });
    record('status change (open → pending_customer)');
    ticket = await edit(ticket, { priority: 'urgent' });
    record('priority change (high → urgent)');
    ticket = await entry(ticket, 'reply', REPLY);
    record('public reply (later: no status change)');
    ticket = await entry(ticket, 'note', NOTE);
    ticket = await entry(ticket, 'note', NOTE);
    ticket = await edit(ticket, { assigneeId: 'bench-agent-02' });
    meter.drain();

    const detail = await readTicketDetail(store, ticket.id);
    record('ticket detail', `header + description + ${detail.entries.length} entries + ${detail.history.length} history`);

    const queues: [label: string, query: Record<string, unknown>][] = [
      ['queue page: status open (gsi1)', { status: 'open' }],
      ['queue page: my active tickets (gsi4)', { assignee: 'me', bucket: 'active' }],
    ];
    for (const [label, raw] of queues) {
      const query = queueQuerySchema.parse({ ...raw, limit: PAGE_SIZE });
      const page = await store.queue(planQueue(query, AGENT.id), query.limit, query.cursor);
      record(label, `${page.items.length} rows`);
    }

    // As GET /v1/tickets?number=N answers it (functions/tickets/list-tickets.ts): number → id, then the ticket.
    const id = await store.findIdByNumber(ticket.number);
    const found = id ? await store.get(id) : undefined;
    if (found?.id !== ticket.id) throw new Error(`find by number #${ticket.number} did not find ${ticket.id}`);
    record('find by number (number → id, then ticket)');
    return { table: bench.tableName, pageSize: PAGE_SIZE, operations, transactionProbe: await probeTransactions(bench.client, bench.tableName) };
  } finally {
    bench.close();
  }
}

/**
 * Puts unindexed items of known size (under 1 KB, or ~1.5 KB) in one TransactWriteItems each and
 * compares the reported units with the service's rule. On DynamoDB Local (2026-01-16) items whose
 * capacity is identical are counted once per transaction, so a transaction that writes, e.g., a
 * thread entry and a history record (both small, both unindexed) is under-reported.
 */
async function probeTransactions(client: DynamoDBClient, tableName: string): Promise<TransactionProbe[]> {
  let n = 0;
  const item = (bytes: number) => ({ pk: { S: `BENCH#probe#${n++}` }, sk: { S: 'PROBE' }, body: { S: 'x'.repeat(bytes) } });
  const cases: [label: string, sizes: number[]][] = [
    ['1 item < 1 KB', [200]],
    ['2 items < 1 KB each', [200, 300]],
    ['2 items: < 1 KB + 1.5 KB', [200, 1500]],
    ['3 items < 1 KB each', [200, 300, 400]],
  ];
  const probes: TransactionProbe[] = [];
  for (const [label, sizes] of cases) {
    const out = await client.send(
      new TransactWriteItemsCommand({
        TransactItems: sizes.map((bytes) => ({ Put: { TableName: tableName, Item: item(bytes) } })),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    const reported = (out.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
    // Key and attribute names add < 40 bytes here, so each item's KB count is that of its body.
    probes.push({ label, reported, expected: sizes.reduce((sum, bytes) => sum + 2 * Math.ceil(bytes / 1024), 0) });
  }
  return probes;
}
