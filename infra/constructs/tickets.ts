import { Tags } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { MailSettings } from '../config.ts';
import type { Api } from './api.ts';

export interface TicketsProps {
  api: Api;
  table: ITable;
  /** Replies to email tickets are queued as mail from these addresses. */
  mail: MailSettings;
}

/**
 * Ticket routes, one function each, each holding only the table actions it performs. Writes that
 * span items use TransactWriteItems, which needs the underlying Put/ConditionCheck permissions.
 */
export class Tickets extends Construct {
  constructor(scope: Construct, id: string, props: TicketsProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'tickets');
    const { api, table } = props;
    const route = (key: string, fnId: string, entry: string, description: string) => {
      const fn = api.fn(this, fnId, `tickets/${entry}`, description);
      api.addRoute(key, 'staff', fn);
      return fn;
    };

    route('POST /v1/tickets', 'CreateTicket', 'create-ticket.ts', 'Opens a ticket').bindTable(
      table,
      [
        'dynamodb:UpdateItem', // ticket number counter, team round-robin turn
        'dynamodb:PutItem', // ticket header (the commit record); a new customer's profile
        'dynamodb:BatchWriteItem', // description, number lookup, first history record
        'dynamodb:GetItem', // customer by id or email claim; routing rules, teams, custom fields
        'dynamodb:ConditionCheckItem', // a new customer's email claim (in its transaction)
        'dynamodb:BatchGetItem', // availability of the team's members
        'dynamodb:Query', // active-ticket counts for least-open assignment
        'dynamodb:DeleteItem', // releases an Idempotency-Key after a failed attempt
      ],
      { indexes: ['gsi4'] },
    );
    route('GET /v1/tickets/{id}', 'GetTicket', 'get-ticket.ts', 'Reads a ticket with its thread and history').bindTable(table, [
      'dynamodb:Query',
    ]);
    route('GET /v1/tickets', 'ListTickets', 'list-tickets.ts', 'Queue pages and lookup by number').bindTable(
      table,
      ['dynamodb:Query', 'dynamodb:GetItem'], // GetItem: number → id lookup
      { indexes: ['gsi1', 'gsi2', 'gsi4', 'gsi5', 'gsi6', 'gsi7', 'gsi8', 'gsi9', 'gsi10', 'gsi11'] },
    );
    // Reading a ticket before changing it is a Query on its header and description items.
    route('PATCH /v1/tickets/{id}', 'UpdateTicket', 'update-ticket.ts', 'Changes ticket properties').bindTable(table, [
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:GetItem', // custom field definitions
    ]);
    route('POST /v1/tickets/{id}/entries', 'AddEntry', 'add-entry.ts', 'Adds a reply or internal note; queues the mail of a reply to an email ticket')
      .bindTable(table, ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'])
      .addEnvironment('MAIL_SETTINGS', JSON.stringify(props.mail));
    route('POST /v1/tickets/{id}/take', 'TakeTicket', 'take-ticket.ts', 'Assigns a ticket to the caller').bindTable(table, [
      'dynamodb:Query',
      'dynamodb:PutItem',
    ]);
    route('POST /v1/tickets/{id}/merge', 'MergeTicket', 'merge-ticket.ts', 'Merges a duplicate into another ticket').bindTable(table, [
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:BatchWriteItem',
    ]);
    route('POST /v1/tickets/{id}/links', 'LinkTickets', 'link-tickets.ts', 'Links two related tickets').bindTable(table, [
      'dynamodb:Query',
      'dynamodb:PutItem',
    ]);
    route('POST /v1/tickets/bulk', 'BulkUpdateTickets', 'bulk-update-tickets.ts', 'Assigns or sets status of many tickets').bindTable(
      table,
      ['dynamodb:Query', 'dynamodb:PutItem'],
    );
  }
}
