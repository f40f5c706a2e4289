// Proves what each ticket operation costs in DynamoDB units (ReturnConsumedCapacity) on the template's real table definition.
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStacks, resourcesOfType } from '../../infra/local/cloud-assembly.ts';
import { ensureTable, LOCAL_CREDENTIALS, startDynamoEngine, type DynamoEngine } from '../../infra/local/dynamodb-engine.ts';
import { CapacityMeter } from '#shared/adapters/dynamodb/capacity-meter.ts';
import { DynamoTicketStore } from '#shared/adapters/dynamodb/ticket-store.ts';
import { Table } from '#shared/adapters/dynamodb/table.ts';
import { openTicket } from '#shared/tickets/open-ticket.ts';
import { randomIds, systemClock } from '#shared/runtime/clock.ts';
import { testAssemblyDir } from '../support/assembly.ts';

let engine: DynamoEngine;
let store: DynamoTicketStore;
let client: DynamoDBClient;
const meter = new CapacityMeter();
const table = 'tickets-cost';
const agent = { id: 'agent-1', email: 'a@x.test', roles: ['agent' as const] };

beforeAll(async () => {
  engine = await startDynamoEngine({});
  const [[, resource]] = resourcesOfType(readStacks(testAssemblyDir())[0]!.template, 'AWS::DynamoDB::Table') as [[string, any]];
  await ensureTable(engine.client, table, resource);
  client = new DynamoDBClient({ endpoint: engine.endpoint, region: 'local', credentials: LOCAL_CREDENTIALS });
  store = new DynamoTicketStore(new Table(client, table, meter));
});
afterAll(async () => {
  client?.destroy();
  await engine?.stop();
});

const open = (description: string) =>
  openTicket({ store, clock: systemClock, ids: randomIds }, agent, { subject: 'Cost', description, priority: 'normal', channel: 'phone' });

describe('cost per ticket operation', () => {
  it('creates a ticket for 13 write units: counter, description + number + history, header + 8 queue indexes (no customer: not in gsi2; no SLA yet: not in gsi3/gsi11)', async () => {
    meter.drain();
    await open('short');
    expect(meter.drain().map((e) => [e.operation, e.writeUnits])).toEqual([
      ['allocateNumber', 1],
      ['insertTicketParts', 3],
      ['insertTicket', 9],
    ]);
  });

  it('does not copy a long description into the indexes (20 KB costs 20 units once)', async () => {
    meter.drain();
    const ticket = await open('x'.repeat(20_000));
    const written = meter.drain().reduce((sum, e) => sum + e.writeUnits, 0);
    expect(written).toBe(1 + 22 + 9);
    const row = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :s',
        FilterExpression: 'id = :id',
        ExpressionAttributeValues: { ':s': { S: 'STATUS#new' }, ':id': { S: ticket.id } },
      }),
    );
    expect(row.Items?.[0]?.subject?.S).toBe('Cost');
    expect(row.Items?.[0]).not.toHaveProperty('description');
  });

  it('reads a ticket (header and description) for half a read unit, and its whole detail in one Query', async () => {
    const ticket = await open('short');
    meter.drain();
    expect((await store.get(ticket.id))?.description).toBe('short');
    expect(meter.drain()).toEqual([{ operation: 'getTicket', readUnits: 0.5, writeUnits: 0 }]);
    const detail = await store.getDetail(ticket.id);
    expect(detail?.history).toHaveLength(1);
    expect(meter.drain().map((e) => e.operation)).toEqual(['queryTicketDetail']);
  });

  it('saves an edit and its history atomically: 4 units plus the moved index entries', async () => {
    const ticket = await open('short');
    meter.drain();
    const next = { ...ticket, priority: 'high' as const, updatedAt: new Date().toISOString(), version: 2 };
    await store.update({ next, expectedVersion: 1, history: { id: 'h2', ticketId: ticket.id, at: next.updatedAt, actor: { type: 'agent', id: 'a' }, changes: [] } });
    const [update] = meter.drain();
    expect(update?.operation).toBe('updateTicket');
    expect(update?.writeUnits).toBeGreaterThanOrEqual(4);
    await expect(store.update({ next: { ...next, version: 3 }, expectedVersion: 1 })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
  });
});
