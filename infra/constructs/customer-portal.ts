import { Tags } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { LoopdeskFunction } from './loopdesk-function.ts';
import type { Api } from './api.ts';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';

export interface CustomerPortalProps {
  api: Api;
  table: ITable;
  attachments: Bucket;
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
    route('GET /public/categories', 'ListPublicCategories', 'list-public-categories.ts', 'Category names for the web form').bindTable(table, [
      'dynamodb:GetItem',
    ]);
    const objects = props.attachments.arnForObjects('tickets/*');
    const bucketId = Stack.of(this).getLogicalId(props.attachments.node.defaultChild as CfnElement);
    const fileRoute = (key: string, fnId: string, entry: string, description: string, action: string, tableActions: Parameters<LoopdeskFunction['bindTable']>[1]) => {
      const fn = route(key, fnId, entry, description).bindTable(table, tableActions);
      fn.addEnvironment('ATTACHMENTS_BUCKET', props.attachments.bucketName);
      fn.addToRolePolicy(new PolicyStatement({ actions: [action], resources: [objects] }));
      Validations.of(fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/tickets/*]`,
        reason: 'Object keys are random per file under tickets/; the function may touch only that prefix, one action each.',
      });
    };
    fileRoute('POST /public/tickets/{token}/attachments', 'CreatePublicAttachment', 'create-public-attachment.ts', 'A customer attaches a file', 's3:PutObject', [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    fileRoute('GET /public/tickets/{token}/attachments/{attachmentId}', 'GetPublicAttachment', 'get-public-attachment.ts', 'A customer downloads a file', 's3:GetObject', [
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
    route('POST /public/tickets/{token}/replies', 'PostPublicReply', 'post-public-reply.ts', 'A customer replies to their ticket').bindTable(
      table,
      [...opening],
      { indexes: ['gsi4'] },
    );
  }
}
