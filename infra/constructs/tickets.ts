import { Tags } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { Api } from './api.ts';

export interface TicketsProps {
  api: Api;
  table: ITable;
}

/** Ticket routes and their functions; each function holds only the table actions it performs. */
export class Tickets extends Construct {
  constructor(scope: Construct, id: string, props: TicketsProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'tickets');
    const { api, table } = props;

    const create = api.fn(this, 'CreateTicket', 'tickets/create-ticket.ts', 'Opens a ticket').bindTable(table, [
      'dynamodb:UpdateItem', // ticket number counter
      'dynamodb:PutItem',
    ]);
    api.addRoute('POST /v1/tickets', 'staff', create);

    const get = api.fn(this, 'GetTicket', 'tickets/get-ticket.ts', 'Reads one ticket').bindTable(table, ['dynamodb:GetItem']);
    api.addRoute('GET /v1/tickets/{id}', 'staff', get);
  }
}
