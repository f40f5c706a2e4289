import { Tags } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { Api } from './api.ts';

export interface CustomerPortalProps {
  api: Api;
  table: ITable;
}

/**
 * What customers reach without signing in: the web form and their ticket's private link. Public
 * routes (no authorizer), so each is rate-limited in the handler and throttled with the stage.
 */
export class CustomerPortal extends Construct {
  constructor(scope: Construct, id: string, props: CustomerPortalProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'portal');
    const { api, table } = props;
    const route = (key: string, fnId: string, entry: string, description: string) => {
      const fn = api.fn(this, fnId, `public/${entry}`, description);
      api.addRoute(key, 'public', fn);
      return fn;
    };
    // Opening a ticket for a customer: customer claims, routing and the ticket's items.
    const opening = [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:BatchGetItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:Query',
    ] as const;
    route('POST /public/requests', 'SubmitRequest', 'submit-request.ts', 'Web form: a customer submits a request').bindTable(table, [...opening], {
      indexes: ['gsi4'],
    });
    route('GET /public/tickets/{token}', 'GetPublicTicket', 'get-public-ticket.ts', "A customer's view of their ticket").bindTable(table, [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    route('POST /public/tickets/{token}/replies', 'PostPublicReply', 'post-public-reply.ts', 'A customer replies to their ticket').bindTable(
      table,
      [...opening],
      { indexes: ['gsi4'] },
    );
  }
}
