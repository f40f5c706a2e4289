import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { keys, ticketIndexKeys } from '../../shared/adapters/dynamodb/keys.ts';
import type { Ticket } from '../../shared/tickets/ticket.ts';
import { median, percentile } from './stats.ts';

export interface LoadSettings {
  requests: number;
  concurrency: number;
  warmup: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  durationMs: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
}

export interface ThroughputResult {
  settings: LoadSettings & { maxFunctionConcurrency: number };
  itemBytes: number;
  api: LoadResult;
  rawPutItem: LoadResult;
  /** API creates per second ÷ raw PutItem per second. */
  ratio: number;
}

/** A ticket a phone agent would type: a few sentences, an email; every request sends the same. */
export const TICKET_INPUT = {
  subject: 'Printer on floor 3 prints blank pages after toner change',
  description:
    'Customer called: since the toner was replaced this morning every page comes out blank. ' +
    'They power-cycled it twice and reseated the cartridge. Model LX-4200, asset tag 88213. ' +
    'Urgent for their payroll run this afternoon; please call back on the number on file.',
  priority: 'high',
  channel: 'phone',
  customerEmail: 'ops@example.com',
} as const;

/**
 * Sends `requests` calls with at most `concurrency` in flight (a fixed pool of loops pulling from
 * one counter, like N clients), recording each call's latency. A failed call is counted, not thrown,
 * so one hiccup shows in the numbers instead of hiding all of them.
 */
async function runLoad(requests: number, concurrency: number, call: (i: number) => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const loop = async () => {
    for (let i = next++; i < requests; i = next++) {
      const t = performance.now();
      try {
        await call(i);
        latencies.push(performance.now() - t);
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, loop));
  const durationMs = performance.now() - started;
  return {
    requests,
    errors,
    ...(firstError ? { firstError } : {}),
    durationMs,
    perSecond: (latencies.length / durationMs) * 1000,
    p50Ms: median(latencies),
    p95Ms: percentile(latencies, 95),
  };
}

async function createTicket(stack: LocalStack, token: string): Promise<Ticket> {
  const res = await fetch(`${stack.apiUrl}/v1/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(TICKET_INPUT),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST /v1/tickets answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Ticket;
}

/** The item exactly as DynamoTicketStore.insert writes it, with a fresh id (same lengths, same size). */
function ticketItem(template: Ticket): Record<string, AttributeValue> {
  const ticket = { ...template, id: randomUUID() };
  const item: Record<string, string | number> = {
    ...keys.ticket(ticket.id),
    ...ticketIndexKeys(ticket),
    itemType: 'ticket',
    ...(ticket as unknown as Record<string, string | number>),
  };
  return Object.fromEntries(
    Object.entries(item).map(([k, v]) => [k, typeof v === 'number' ? { N: String(v) } : { S: String(v) }]),
  );
}

/** DynamoDB's item size rule: attribute names plus values (strings in UTF-8, numbers ~1 byte per 2 digits + 1). */
export function dynamoItemBytes(item: Record<string, AttributeValue>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (value.S !== undefined) bytes += Buffer.byteLength(value.S);
    else if (value.N !== undefined) bytes += Math.ceil(value.N.replace(/^-|\./g, '').length / 2) + 1;
  }
  return bytes;
}

/**
 * Create-ticket requests per second through the local API (HTTP → JWT check → worker-thread
 * Lambda → counter UpdateItem + PutItem) next to bare PutItem calls on the same DynamoDB Local,
 * same item, same concurrency: the ratio is what our layers cost on top of the database.
 * Both sides warm up first (JIT of DynamoDB Local's JVM, function cold starts, keep-alive sockets).
 */
export async function measureThroughput(
  stack: LocalStack,
  settings: LoadSettings & { maxFunctionConcurrency: number },
): Promise<{ result: ThroughputResult; sampleTicket: Ticket }> {
  const token = await stack.tokenFor('agent');
  const tableName = Object.values(stack.dynamo.tables)[0];
  if (!tableName || Object.keys(stack.dynamo.tables).length !== 1) {
    throw new Error(`Expected one table in the stack, found ${JSON.stringify(stack.dynamo.tables)}`);
  }
  const client = new DynamoDBClient({
    endpoint: stack.dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const sampleTicket = await createTicket(stack, token);
    const put = async () => {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: ticketItem(sampleTicket),
          // The same condition the store sends, so DynamoDB Local does the same work per put.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    };

    const apiWarm = await runLoad(settings.warmup, settings.concurrency, () => createTicket(stack, token).then(() => {}));
    const rawWarm = await runLoad(settings.warmup, settings.concurrency, put);
    if (apiWarm.errors || rawWarm.errors) throw new Error(`Warm-up failed: ${apiWarm.firstError ?? rawWarm.firstError}`);

    const api = await runLoad(settings.requests, settings.concurrency, () => createTicket(stack, token).then(() => {}));
    const rawPutItem = await runLoad(settings.requests, settings.concurrency, put);
    return {
      sampleTicket,
      result: {
        settings,
        itemBytes: dynamoItemBytes(ticketItem(sampleTicket)),
        api,
        rawPutItem,
        ratio: api.perSecond / rawPutItem.perSecond,
      },
    };
  } finally {
    client.destroy();
  }
}
