import { BatchWriteItemCommand, GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CfnResource } from '../../infra/local/cloud-assembly.ts';
import type { DynamoEngine } from '../../infra/local/dynamodb-engine.ts';
import { FIRST_TICKET_NUMBER, keys, ticketIndexKeys } from '../../shared/adapters/dynamodb/keys.ts';
import { planQueue, queueQuerySchema, type QueuePlan } from '../../shared/tickets/queue-query.ts';
import { ticketSchema, type Ticket, type TicketPriority } from '../../shared/tickets/ticket.ts';
import type { TicketStatus } from '../../shared/tickets/ticket-status.ts';
import { drainCost, openBenchTable, type BenchTable } from './bench-table.ts';
import { median, percentile, seededRandom } from './stats.ts';

export const QUEUE_SCALE = {
  smallTickets: 1_000,
  largeTickets: 100_000,
  pageSize: 25,
  /** BatchWriteItem requests in flight while seeding (25 items each). */
  seedConcurrency: 8,
  /**
   * Growing to the large size stops when its budget is spent; the size reached is then reported as
   * such. The budget is what is left of the whole bench's (see measureQueueScale's finishBy), within
   * these bounds.
   */
  maxSeedBudgetMs: 170_000,
  minSeedBudgetMs: 60_000,
  /** Time kept for what follows the growth: the control table, both measurements, stopping Java. */
  afterSeedReserveMs: 15_000,
  warmupRounds: 30,
  /** Each round pages every queue once: rounds × queues samples per size. */
  rounds: 15,
} as const;

export interface SeedRun {
  tickets: number;
  items: number;
  ms: number;
  ticketsPerSecond: number;
  itemsPerSecond: number;
}

export interface QueueSample {
  queue: string;
  index: string;
  rows: number;
  /** Distinct RCU values seen for this page over all rounds (one value when it never varied). */
  readUnits: number[];
  p50Ms: number;
  p95Ms: number;
}

export interface QueueScaleSize {
  tickets: number;
  /** Items in the table: header + description per ticket, plus what store.insert wrote for the layout check. */
  items: number;
  /** Seeding that led to this size (the large size: only the growth). */
  seed: SeedRun;
  pages: number;
  p50Ms: number;
  p95Ms: number;
  queues: QueueSample[];
}

export interface QueueScaleResult {
  settings: typeof QUEUE_SCALE;
  /** The growth's seeding budget this run (bounded by what was left of the bench's time). */
  seedBudgetMs: number;
  distribution: string;
  /** Seeded items compared with what DynamoTicketStore.insert writes for the same tickets. */
  layoutCheck: { tickets: number; identical: boolean; difference?: string };
  /** 1,000 tickets, measured before growing. */
  small: QueueScaleSize;
  /** The same table grown (measured interleaved with `control`). */
  large: QueueScaleSize;
  /** A second table with the same first 1,000 tickets, measured interleaved with `large`. */
  control: QueueScaleSize;
  /** Set when the seeding budget ran out before largeTickets: the large size is what fitted. */
  reduced?: string;
  /** large ÷ small (sequential, as asked). */
  ratio: { p50: number; p95: number };
  /** large ÷ control (same moment, interleaved). */
  controlRatio: { p50: number; p95: number };
}

// ---------------------------------------------------------------------------------------------
// Tickets as a helpdesk accumulates them. Each ticket is a pure function of its index (its own
// seeded PRNG), so any item can be built in any batch, in any order, and sizes repeat across runs.

const AGENTS = Array.from({ length: 10 }, (_, i) => `agent-${String(i + 1).padStart(2, '0')}`);
/** Two agents per team. */
const TEAMS = Array.from({ length: 5 }, (_, i) => `team-${i + 1}`);
const CUSTOMERS = 5_000;
const DAY = 86_400_000;

/** Cumulative shares: 60% solved, 20% active, 20% pending. */
const STATUS_SHARES: [TicketStatus, number][] = [
  ['new', 0.03],
  ['open', 0.11],
  ['in_progress', 0.06],
  ['pending_customer', 0.15],
  ['pending_third_party', 0.05],
  ['resolved', 0.15],
  ['closed', 0.45],
];
const PRIORITY_SHARES: [TicketPriority, number][] = [
  ['low', 0.2],
  ['normal', 0.5],
  ['high', 0.2],
  ['urgent', 0.1],
];
const CHANNEL_SHARES: [Ticket['channel'], number][] = [
  ['email', 0.5],
  ['web', 0.25],
  ['phone', 0.2],
  ['api', 0.05],
];
const SUBJECTS = [
  'Printer on floor 3 prints blank pages after toner change',
  'Cannot log in to the customer portal since this morning',
  'Invoice 2024-118 shows the wrong VAT rate for our branch',
  'Laptop battery drains within an hour after the update',
  'Please add two new starters to the sales mailing list',
  'VPN disconnects every few minutes when working from home',
  'Delivery note missing from last week’s spare parts order',
  'Request a quote for an on-site maintenance visit in May',
];
const DESCRIPTION =
  'Customer wrote in: the problem started after yesterday’s change and affects the whole team. ' +
  'They already restarted the device and cleared the cache, without effect. Order and asset ' +
  'numbers are in the attachment. They ask for a call back before noon if anything is unclear. ';

function pick<T>(shares: [T, number][], r: number): T {
  let acc = 0;
  for (const [value, share] of shares) if (r < (acc += share)) return value;
  return shares[shares.length - 1]![0];
}

/** A version-4 UUID from the PRNG (ticketSchema requires UUIDs). */
function uuidFrom(rand: () => number): string {
  const b = Array.from({ length: 16 }, () => Math.floor(rand() * 256));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function syntheticTicket(index: number, now: number): Ticket {
  const rand = seededRandom(0x10de5c + index * 2654435761);
  const id = uuidFrom(rand);
  const status = pick(STATUS_SHARES, rand());
  const solved = status === 'resolved' || status === 'closed';
  // Open work is recent; solved tickets go back a year. Last touched within two weeks of creation.
  const created = now - rand() * (solved ? 365 : 30) * DAY;
  const updated = Math.min(now, created + rand() * 14 * DAY);
  const iso = (t: number) => new Date(Math.floor(t)).toISOString();
  const teamNo = Math.floor(rand() * TEAMS.length);
  // New tickets wait in their team's unassigned queue; everything else has one of the team's two agents.
  const assigneeId = status === 'new' ? undefined : AGENTS[teamNo * 2 + Math.floor(rand() * 2)];
  const customer = Math.floor(rand() * CUSTOMERS);
  const customerRand = seededRandom(0xc0ffee + customer);
  const t: Ticket = {
    id,
    number: FIRST_TICKET_NUMBER + index,
    subject: SUBJECTS[Math.floor(rand() * SUBJECTS.length)]!,
    description: DESCRIPTION.repeat(1 + Math.floor(rand() * 3)).trim(),
    status,
    priority: pick(PRIORITY_SHARES, rand()),
    channel: pick(CHANNEL_SHARES, rand()),
    type: (['question', 'incident', 'problem', 'task'] as const)[Math.floor(rand() * 4)]!,
    customerId: uuidFrom(customerRand),
    customerEmail: `customer${String(customer).padStart(5, '0')}@example.com`,
    customerName: `Customer ${String(customer).padStart(5, '0')}`,
    teamId: TEAMS[teamNo]!,
    ...(assigneeId ? { assigneeId } : {}),
    createdBy: 'email-ingest',
    createdAt: iso(created),
    updatedAt: iso(updated),
    ...(status !== 'new' ? { firstResponseAt: iso(created + (updated - created) * 0.1) } : {}),
    ...(solved ? { resolvedAt: iso(updated) } : {}),
    ...(status === 'closed' ? { closedAt: iso(updated) } : {}),
    version: 2 + Math.floor(rand() * 6),
  };
  return t;
}

/** The two items of a ticket as DynamoTicketStore.insert writes them (header: the commit record, written last). */
function ticketItems(t: Ticket): [description: Record<string, unknown>, header: Record<string, unknown>] {
  const { description, ...header } = t;
  return [
    { ...keys.description(t.id), itemType: 'description', text: description },
    { ...keys.ticket(t.id), ...ticketIndexKeys(t), itemType: 'ticket', ...header },
  ];
}

const marshallOptions = { removeUndefinedValues: true } as const;

// ---------------------------------------------------------------------------------------------

/**
 * Writes tickets [from, to) with BatchWriteItem, 25 items a request, `concurrency` requests in
 * flight, retrying unprocessed items. Items are numbered 2i (description) and 2i+1 (header) and
 * batches taken in order, so when the deadline stops new batches the written ones are a prefix:
 * every ticket counted has both items, the header last, as the store writes them.
 */
export async function seedTickets(
  client: DynamoDBClient,
  tableName: string,
  range: { from: number; to: number; now: number },
  options: { concurrency: number; deadline?: number; progress?: (tickets: number, ms: number) => void },
): Promise<SeedRun> {
  const totalItems = (range.to - range.from) * 2;
  const batches = Math.ceil(totalItems / 25);
  let next = 0;
  let done = 0;
  const started = performance.now();
  const progressEvery = Math.max(1, Math.round(20_000 / 12.5));
  const writeBatch = async (k: number) => {
    const requests: { PutRequest: { Item: Record<string, AttributeValue> } }[] = [];
    let cache: [number, ReturnType<typeof ticketItems>] | undefined;
    for (let n = k * 25; n < Math.min(totalItems, (k + 1) * 25); n++) {
      const index = range.from + (n >> 1);
      if (cache?.[0] !== index) cache = [index, ticketItems(syntheticTicket(index, range.now))];
      requests.push({ PutRequest: { Item: marshall(cache[1][n & 1], marshallOptions) } });
    }
    let pending = requests;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt === 8) throw new Error(`Seeding: DynamoDB Local kept ${pending.length} items unprocessed`);
      if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  };
  const worker = async () => {
    for (let k = next++; k < batches; k = next++) {
      if (options.deadline !== undefined && performance.now() > options.deadline) {
        next = batches;
        // Give back this batch number: batches written must stay a prefix.
        return k;
      }
      await writeBatch(k);
      done++;
      if (options.progress && done % progressEvery === 0) options.progress(Math.floor((done * 25) / 2), performance.now() - started);
    }
    return batches;
  };
  const stoppedAt = Math.min(...(await Promise.all(Array.from({ length: options.concurrency }, worker))));
  const ms = performance.now() - started;
  const items = Math.min(totalItems, stoppedAt * 25);
  const tickets = Math.floor(items / 2);
  return { tickets, items, ms, ticketsPerSecond: (tickets / ms) * 1000, itemsPerSecond: (items / ms) * 1000 };
}

/** Order-independent JSON of an item, for comparing what two writers stored. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Writes the first tickets through store.insert and compares the stored header and description,
 * attribute for attribute, with the items the seeder builds for the same tickets: the seeded
 * table is then the table the store would have written, only faster.
 */
async function checkLayout(bench: BenchTable, tickets: Ticket[]): Promise<QueueScaleResult['layoutCheck']> {
  for (const t of tickets) {
    ticketSchema.parse(t);
    await bench.store.insert(t);
  }
  bench.meter.drain();
  for (const t of tickets) {
    for (const expected of ticketItems(t)) {
      const key = marshall({ pk: expected.pk, sk: expected.sk });
      const stored = (await bench.client.send(new GetItemCommand({ TableName: bench.tableName, Key: key, ConsistentRead: true }))).Item;
      const seeded = marshall(expected, marshallOptions);
      if (canonical(stored) !== canonical(seeded)) {
        return {
          tickets: tickets.length,
          identical: false,
          difference: `${String(expected.sk)} of ticket ${t.id}: store wrote ${canonical(stored).slice(0, 400)} — seeder writes ${canonical(seeded).slice(0, 400)}`,
        };
      }
    }
  }
  return { tickets: tickets.length, identical: true };
}

interface QueueSpec {
  label: string;
  query: Record<string, unknown>;
  me?: string;
  /** Page 2: start from the cursor page 1 of `query` returned. */
  cursorPage?: boolean;
}

const QUEUES: QueueSpec[] = [
  { label: 'status open, latest first', query: { status: 'open' } },
  { label: 'status open, page 2 (cursor)', query: { status: 'open' }, cursorPage: true },
  { label: 'status closed (largest partition)', query: { status: 'closed' } },
  { label: 'status pending_customer, most urgent', query: { status: 'pending_customer', sort: 'priority' } },
  { label: 'agent-03: my tickets', query: { assignee: 'me' }, me: 'agent-03' },
  { label: 'team-2: active', query: { teamId: 'team-2', bucket: 'active' } },
  // The same partition, the bucket that sorts last (first in the descending scan): compare with active.
  { label: 'team-2: solved', query: { teamId: 'team-2', bucket: 'solved' } },
];

interface Target {
  bench: BenchTable;
  tickets: number;
  items: number;
  seed: SeedRun;
}

/**
 * Pages every queue `rounds` times (after unrecorded warm-up rounds), one Query at a time. With
 * several tables the rounds interleave them, alternating which goes first, so JIT warm-up of
 * DynamoDB Local and bursts of load on the machine fall on all of them alike.
 */
async function measureQueues(targets: Target[]): Promise<QueueScaleSize[]> {
  const planned = await Promise.all(
    targets.map((target) =>
      Promise.all(
        QUEUES.map(async (spec) => {
          const query = queueQuerySchema.parse({ ...spec.query, limit: QUEUE_SCALE.pageSize });
          const plan: QueuePlan = planQueue(query, spec.me ?? 'bench-agent');
          const cursor = spec.cursorPage ? (await target.bench.store.queue(plan, query.limit)).cursor : undefined;
          if (spec.cursorPage && !cursor) throw new Error(`${spec.label}: page 1 returned no cursor`);
          return { spec, plan, limit: query.limit, cursor, ms: [] as number[], rcu: new Set<number>(), rows: new Set<number>() };
        }),
      ),
    ),
  );
  for (let round = 0; round < QUEUE_SCALE.warmupRounds + QUEUE_SCALE.rounds; round++) {
    for (let q = 0; q < QUEUES.length; q++) {
      for (let k = 0; k < targets.length; k++) {
        const t = (k + round) % targets.length;
        const { bench } = targets[t]!;
        const p = planned[t]![q]!;
        bench.meter.drain();
        const started = performance.now();
        const page = await bench.store.queue(p.plan, p.limit, p.cursor);
        const ms = performance.now() - started;
        const { readUnits, calls } = drainCost(bench.meter);
        if (calls.length !== 1) throw new Error(`${p.spec.label}: a queue page made ${calls.length} requests, expected one Query`);
        if (round < QUEUE_SCALE.warmupRounds) continue;
        p.ms.push(ms);
        p.rcu.add(readUnits);
        p.rows.add(page.items.length);
      }
    }
  }
  return targets.map((target, t) => {
    const all = planned[t]!.flatMap((p) => p.ms);
    return {
      tickets: target.tickets,
      items: target.items,
      seed: target.seed,
      pages: all.length,
      p50Ms: median(all),
      p95Ms: percentile(all, 95),
      queues: planned[t]!.map((p) => ({
        queue: p.spec.label,
        index: p.plan.index,
        rows: Math.min(...p.rows),
        readUnits: [...p.rcu].sort((a, b) => a - b),
        p50Ms: median(p.ms),
        p95Ms: percentile(p.ms, 95),
      })),
    };
  });
}

/**
 * Queue-page latency and read units with 1,000 tickets in the table, then with 100,000: every page
 * is one index Query bounded by its Limit, so neither should move with the table's size. Seeded
 * directly (BatchWriteItem) in a fresh in-memory DynamoDB Local, on tables from the template.
 *
 * Measured twice: as asked (1,000, grow, 100,000), where the small size meets a JVM that has not
 * yet run minutes of writes; and as a control, the grown table interleaved with a second table
 * holding the same first 1,000 tickets, both measured at the same moment.
 */
export async function measureQueueScale(
  engine: DynamoEngine,
  tableResource: CfnResource,
  options: { log?: (line: string) => void; /** performance.now() by which the whole bench should be done. */ finishBy?: number } = {},
): Promise<QueueScaleResult> {
  const settings = QUEUE_SCALE;
  const log = options.log ?? (() => {});
  const bench = await openBenchTable(engine, tableResource, 'bench-queue-scale');
  const reference = await openBenchTable(engine, tableResource, 'bench-queue-reference');
  const now = Date.now();
  try {
    const checked = [0, 1, 2].map((i) => syntheticTicket(i, now));
    const layoutCheck = await checkLayout(bench, checked);
    if (!layoutCheck.identical) log(`queue scale: WARNING seeded items differ from the store's: ${layoutCheck.difference}`);
    // store.insert also wrote a number item per checked ticket.
    const extraItems = checked.length;

    const smallSeed = await seedTickets(bench.client, bench.tableName, { from: checked.length, to: settings.smallTickets, now }, { concurrency: settings.seedConcurrency });
    const smallTickets = checked.length + smallSeed.tickets;
    const [small] = await measureQueues([{ bench, tickets: smallTickets, items: smallTickets * 2 + extraItems, seed: smallSeed }]);
    const left = options.finishBy === undefined ? Infinity : options.finishBy - performance.now() - settings.afterSeedReserveMs;
    const seedBudgetMs = Math.round(Math.min(settings.maxSeedBudgetMs, Math.max(settings.minSeedBudgetMs, left)));
    log(`queue scale: ${count(smallTickets)} tickets, queue page p50 ${small!.p50Ms.toFixed(2)} ms; growing to ${count(settings.largeTickets)} (seeding budget ${(seedBudgetMs / 1000).toFixed(0)} s)…`);

    const largeSeed = await seedTickets(
      bench.client,
      bench.tableName,
      { from: smallTickets, to: settings.largeTickets, now },
      {
        concurrency: settings.seedConcurrency,
        deadline: performance.now() + seedBudgetMs,
        progress: (n, ms) => log(`queue scale: +${count(n)} tickets in ${(ms / 1000).toFixed(1)} s (${((n / ms) * 1000).toFixed(0)} tickets/s)`),
      },
    );
    const largeTickets = smallTickets + largeSeed.tickets;
    const reduced =
      largeTickets < settings.largeTickets
        ? `seeding budget of ${(seedBudgetMs / 1000).toFixed(0)} s${seedBudgetMs < settings.maxSeedBudgetMs ? ' (what the earlier phases left of the bench\'s time)' : ''} ran out at ${count(largeTickets)} of ${count(settings.largeTickets)} tickets; the large size is what fitted`
        : undefined;
    if (reduced) log(`queue scale: ${reduced}`);

    const referenceSeed = await seedTickets(reference.client, reference.tableName, { from: 0, to: smallTickets, now }, { concurrency: settings.seedConcurrency });
    const [large, control] = await measureQueues([
      { bench, tickets: largeTickets, items: largeTickets * 2 + extraItems, seed: largeSeed },
      { bench: reference, tickets: referenceSeed.tickets, items: referenceSeed.items, seed: referenceSeed },
    ]);

    return {
      settings,
      seedBudgetMs,
      distribution:
        'statuses 60% solved (resolved 15, closed 45), 20% active (new 3, open 11, in_progress 6), 20% pending (customer 15, third party 5); ' +
        '10 agents in 5 teams (new tickets unassigned); priority low 20 / normal 50 / high 20 / urgent 10; 5,000 customers',
      layoutCheck,
      small: small!,
      large: large!,
      control: control!,
      ...(reduced ? { reduced } : {}),
      ratio: { p50: large!.p50Ms / small!.p50Ms, p95: large!.p95Ms / small!.p95Ms },
      controlRatio: { p50: large!.p50Ms / control!.p50Ms, p95: large!.p95Ms / control!.p95Ms },
    };
  } finally {
    bench.close();
    reference.close();
  }
}

const count = (n: number) => n.toLocaleString('en');
