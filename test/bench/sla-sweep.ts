import { BatchWriteItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CfnResource } from '../../infra/local/cloud-assembly.ts';
import type { DynamoEngine } from '../../infra/local/dynamodb-engine.ts';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import { DynamoSlaStore } from '../../shared/adapters/dynamodb/sla-store.ts';
import { Table } from '../../shared/adapters/dynamodb/table.ts';
import { ticketItem } from '../../shared/adapters/dynamodb/ticket-store.ts';
import { randomIds } from '../../shared/runtime/clock.ts';
import { slaPolicySchema, type SlaCalendar } from '../../shared/sla/sla-config.ts';
import { evaluateSla, sweepSla } from '../../shared/sla/sla-operations.ts';
import type { Ticket } from '../../shared/tickets/ticket.ts';
import { drainCost, openBenchTable } from './bench-table.ts';

export const SLA_SWEEP = { due: 100, small: 1_000, large: 100_000, seedConcurrency: 8 } as const;

export interface SweepSample {
  openTickets: number;
  due: number;
  stepped: number;
  ms: number;
  readUnits: number;
  writeUnits: number;
  /** Reads of the due index alone (the only part that could grow with the table). */
  indexReadUnits: number;
}

export interface SlaSweepResult {
  small: SweepSample;
  large: SweepSample;
  /** large ÷ small: duration and read units (target under 1.5). */
  ratio: { ms: number; readUnits: number };
  seedMs: number;
}

const allDay = [{ start: '00:00', end: '24:00' }];
const CALENDAR: SlaCalendar = {
  id: 'always',
  name: { en: '24/7' },
  timeZone: 'UTC',
  week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  holidays: [],
  specialDays: [],
};
const POLICY = slaPolicySchema.parse({ id: 'standard', name: { en: 'Standard' }, calendarId: 'always', targets: { first_response: 60, resolution: 480 } });
const MIN = 60_000;

/**
 * An open ticket with its deadlines stored as the tracker stores them. Due ones were opened 55
 * minutes ago (their 80% warning, at 48 minutes, is owed); the rest 5 minutes ago.
 */
function openTicket(n: number, now: number, due: boolean): Ticket {
  const created = new Date(now - (due ? 55 : 5) * MIN - (n % 1000)).toISOString();
  const t: Ticket = {
    id: randomIds.next(),
    number: 1000 + n,
    subject: 'Printer on floor 3 prints blank pages after toner change',
    description: '',
    status: 'open',
    priority: 'normal',
    channel: 'email',
    customerEmail: `customer-${n % 5000}@example.com`,
    teamId: `team-${n % 5}`,
    assigneeId: `agent-${n % 10}`,
    createdBy: 'bench',
    createdAt: created,
    updatedAt: created,
    version: 1,
  };
  t.sla = evaluateSla({ ticket: t, history: [] }, { policies: [POLICY], calendars: [CALENDAR] })!.sla;
  return t;
}

async function seed(client: import('@aws-sdk/client-dynamodb').DynamoDBClient, tableName: string, tickets: Ticket[]): Promise<void> {
  const batches: Record<string, AttributeValue>[][] = [];
  for (let i = 0; i < tickets.length; i += 25) batches.push(tickets.slice(i, i + 25).map((t) => marshall(ticketItem(t), { removeUndefinedValues: true })));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
        pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: SLA_SWEEP.seedConcurrency }, worker));
}

/**
 * The SLA sweep with 100 tickets due among 1,000 open and among 100,000 open: duration and read
 * units, through the same domain function and store the scheduled function runs. Its cost must
 * follow the tickets due (one index Query, then each due ticket), never the open ones.
 */
export async function measureSlaSweep(engine: DynamoEngine, resource: CfnResource, log: (line: string) => void): Promise<SlaSweepResult> {
  const bench = await openBenchTable(engine, resource, 'bench-sla-sweep');
  try {
    const table = new Table(bench.client, bench.tableName, bench.meter);
    await table.put('seedConfig', { ...keys.directory('sla-policies'), itemType: 'directory', kind: 'sla-policies', items: [POLICY], version: 1 });
    await table.put('seedConfig', { ...keys.directory('sla-calendars'), itemType: 'directory', kind: 'sla-calendars', items: [CALENDAR], version: 1 });
    const deps = { store: new DynamoSlaStore(table), ids: randomIds };
    const now = Date.now();
    let seedMs = 0;
    let n = 0;
    const grow = async (open: number, due: number) => {
      const t = performance.now();
      const tickets = Array.from({ length: open }, (_, i) => openTicket(n++, now, i < due));
      await seed(bench.client, bench.tableName, tickets);
      seedMs += performance.now() - t;
    };
    const measure = async (openTickets: number): Promise<SweepSample> => {
      drainCost(bench.meter);
      const t = performance.now();
      const result = await sweepSla(deps, new Date(now));
      const ms = performance.now() - t;
      const cost = drainCost(bench.meter);
      const indexReadUnits = cost.calls.filter((c) => c.operation === 'querySlaDue').reduce((s, c) => s + c.readUnits, 0);
      return { openTickets, due: result.due, stepped: result.stepped, ms, readUnits: cost.readUnits, writeUnits: cost.writeUnits, indexReadUnits };
    };

    await grow(SLA_SWEEP.small, SLA_SWEEP.due);
    drainCost(bench.meter);
    const small = await measure(SLA_SWEEP.small);
    log(`sla sweep: ${small.due} due among ${small.openTickets} open in ${small.ms.toFixed(0)} ms, ${small.readUnits} RCU`);
    // The first hundred were warned: their next step (the breach) is now 5 minutes ahead. A fresh hundred come due among the growth.
    await grow(SLA_SWEEP.large - SLA_SWEEP.small, SLA_SWEEP.due);
    const large = await measure(SLA_SWEEP.large);
    log(`sla sweep: ${large.due} due among ${large.openTickets} open in ${large.ms.toFixed(0)} ms, ${large.readUnits} RCU (seeding ${(seedMs / 1000).toFixed(0)} s)`);
    return { small, large, ratio: { ms: large.ms / small.ms, readUnits: large.readUnits / small.readUnits }, seedMs };
  } finally {
    bench.close();
  }
}
