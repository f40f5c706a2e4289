import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../errors/domain-errors.ts';
import { ticketSchema, type Ticket } from '../../tickets/ticket.ts';
import type { TicketStore } from '../../tickets/ticket-store.ts';
import { FIRST_TICKET_NUMBER, keys } from './keys.ts';
import type { CapacityMeter } from './capacity-meter.ts';

export class DynamoTicketStore implements TicketStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly meter?: CapacityMeter,
  ) {}

  async allocateNumber(): Promise<number> {
    // ADD on a counter is atomic in DynamoDB: concurrent creators each get a distinct number.
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.ticketCounter(),
        UpdateExpression: 'ADD lastNumber :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.meter?.record('allocateNumber', 'write', out.ConsumedCapacity);
    return FIRST_TICKET_NUMBER - 1 + Number(out.Attributes?.lastNumber);
  }

  async insert(ticket: Ticket): Promise<void> {
    try {
      const out = await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.ticket(ticket.id),
            ...keys.ticketQueue(ticket.status, ticket.updatedAt, ticket.id),
            type: 'ticket',
            ...ticket,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.meter?.record('insertTicket', 'write', out.ConsumedCapacity);
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new ConflictError(`Ticket ${ticket.id} already exists`);
      throw err;
    }
  }

  async get(id: string): Promise<Ticket | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.ticket(id), ReturnConsumedCapacity: 'TOTAL' }),
    );
    this.meter?.record('getTicket', 'read', out.ConsumedCapacity);
    if (!out.Item) return undefined;
    // Parsing strips the key attributes and proves the stored item still matches the model.
    return ticketSchema.parse(out.Item);
  }
}
