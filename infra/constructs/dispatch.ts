import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RemovalPolicy, Stack, Tags, Validations, type CfnElement } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Api } from './api.ts';
import { LoopdeskFunction } from './loopdesk-function.ts';

/** The definition is a file: the very same JSON runs in Step Functions and in the local engine. */
const DEFINITION_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'state-machines', 'dispatch.asl.json');

export interface DispatchProps {
  api: Api;
  table: ITable;
  /** Photos and signatures from visits are files of the work order's ticket. */
  attachments: IBucket;
  stage: string;
  logRetentionDays: number;
}

/**
 * Field service: technicians, work orders and the dispatch workflow.
 *
 * The workflow is a STANDARD state machine: an offer waits for a person's answer (task token) for
 * up to the offer timeout — minutes to hours — and Express workflows can neither wait on a task
 * token nor run longer than five minutes. Standard bills per state transition, not per second
 * waited, so a dispatch costs the same whether the technician answers in a minute or an hour
 * (4 transitions when the first technician accepts; 3 more per declined or unanswered offer).
 */
export class Dispatch extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: DispatchProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'dispatch');
    const { api, table } = props;
    const fn = (fnId: string, entry: string, description: string) =>
      new LoopdeskFunction(this, fnId, { entry: `field/${entry}`, description, stage: props.stage, logRetentionDays: props.logRetentionDays });
    const route = (key: string, fnId: string, entry: string, description: string) => {
      const handler = api.fn(this, fnId, `field/${entry}`, description);
      api.addRoute(key, 'staff', handler);
      return handler;
    };

    // The workflow's two tasks.
    const plan = fn('PlanOffer', 'plan-offer.ts', 'Dispatch workflow: records the last answer, ranks technicians, offers or gives up');
    plan.bindTable(table, ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'], { indexes: ['gsi1', 'gsi2'] });
    const offer = fn('OfferWorkOrder', 'offer-work-order.ts', 'Dispatch workflow: keeps the task token with the offer and tells the technician');
    offer.bindTable(table, ['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem']);

    const logs = new LogGroup(this, 'WorkflowLogs', { retention: props.logRetentionDays as RetentionDays, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new StateMachine(this, 'Workflow', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(readFileSync(DEFINITION_FILE, 'utf8')),
      definitionSubstitutions: { PlanOfferFunctionArn: plan.functionArn, OfferFunctionArn: offer.functionArn },
      // The execution timeout (a day: three offers and retries fit well inside) is TimeoutSeconds
      // in the ASL file: CDK drops `timeout` for a definition given as a string.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
    });
    plan.grantInvoke(this.stateMachine);
    offer.grantInvoke(this.stateMachine);
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Step Functions log delivery (logs:CreateLogDelivery, PutResourcePolicy, DescribeLogGroups…) supports no resource-level permissions.',
    });
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions-SF2',
      reason: 'Execution history and ALL-level logs trace every dispatch; X-Ray would add a per-trace charge for no extra insight here.',
    });
    for (const task of [plan, offer]) {
      Validations.of(this.stateMachine.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(task.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason: 'CDK grants invoke on the function and its versions/aliases; only these two task functions.',
      });
    }

    const workflowEnv = (handler: LoopdeskFunction) => handler.addEnvironment('DISPATCH_STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);

    route('GET /v1/technicians', 'ListTechnicians', 'list-technicians.ts', 'Every technician').bindTable(table, ['dynamodb:Query'], { indexes: ['gsi1'] });
    route('PUT /v1/technicians/{id}', 'PutTechnician', 'put-technician.ts', 'Creates or replaces a technician').bindTable(table, [
      'dynamodb:GetItem',
      'dynamodb:PutItem', // the technician; the claim of their login
      'dynamodb:DeleteItem', // a released login claim
    ]);

    const create = route('POST /v1/work-orders', 'CreateWorkOrder', 'create-work-order.ts', 'Creates a work order for a ticket; starts dispatch');
    create.bindTable(table, ['dynamodb:GetItem', 'dynamodb:PutItem']);
    workflowEnv(create);
    this.stateMachine.grantStartExecution(create);

    route('GET /v1/work-orders/{id}', 'GetWorkOrder', 'get-work-order.ts', 'Reads a work order').bindTable(table, ['dynamodb:GetItem']);
    route('GET /v1/tickets/{id}/work-orders', 'ListTicketWorkOrders', 'list-ticket-work-orders.ts', "A ticket's work orders").bindTable(
      table,
      ['dynamodb:Query'],
      { indexes: ['gsi1'] },
    );
    route('GET /v1/dispatch/board', 'GetDispatchBoard', 'get-board.ts', "The dispatcher's board: booked by day, and waiting").bindTable(
      table,
      ['dynamodb:Query'],
      { indexes: ['gsi1', 'gsi2', 'gsi5'] },
    );
    route('GET /v1/me/jobs', 'ListMyJobs', 'list-my-jobs.ts', "The technician's own jobs and offers").bindTable(
      table,
      ['dynamodb:GetItem', 'dynamodb:Query'],
      { indexes: ['gsi4'] },
    );

    const redispatch = route('POST /v1/work-orders/{id}/dispatch', 'DispatchWorkOrder', 'dispatch-work-order.ts', 'Starts the dispatch workflow again');
    redispatch.bindTable(table, ['dynamodb:GetItem', 'dynamodb:PutItem']);
    workflowEnv(redispatch);
    this.stateMachine.grantStartExecution(redispatch);

    // Routes that answer (or withdraw) a waiting offer send its task token back.
    const answering = [
      route('POST /v1/work-orders/{id}/assign', 'AssignWorkOrder', 'assign-work-order.ts', 'Books a technician by hand'),
      route('POST /v1/work-orders/{id}/cancel', 'CancelWorkOrder', 'cancel-work-order.ts', 'Cancels a work order'),
      route('POST /v1/work-orders/{id}/offer', 'AnswerOffer', 'answer-offer.ts', "The technician's accept or decline"),
    ];
    for (const handler of answering) {
      // GetItem: the work order and technicians; Query: the technician's day (no double booking).
      handler.bindTable(table, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], { indexes: ['gsi4'] });
      workflowEnv(handler);
      this.stateMachine.grantTaskResponse(handler);
    }

    route('POST /v1/work-orders/{id}/progress', 'RecordVisitProgress', 'record-progress.ts', 'Travel, check-in, check-out with report, sign-off').bindTable(table, [
      'dynamodb:GetItem',
      'dynamodb:PutItem', // the work order
      'dynamodb:BatchGetItem', // parts issued from the van: the levels and usage read together
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem', // the stock movement's transaction
    ]);

    const upload = route('POST /v1/work-orders/{id}/attachments', 'CreateWorkOrderAttachment', 'create-work-order-attachment.ts', 'Presigns a photo or signature upload');
    upload.bindTable(table, ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']);
    upload.addEnvironment('ATTACHMENTS_BUCKET', props.attachments.bucketName);
    upload.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [props.attachments.arnForObjects('tickets/*')] }));
    Validations.of(upload.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.attachments.node.defaultChild as CfnElement)}.Arn>/tickets/*]`,
      reason: 'Object keys are random per file under tickets/; the function may only put under that prefix.',
    });
  }
}
