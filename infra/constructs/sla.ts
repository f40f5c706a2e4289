import { Duration, Tags, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Api } from './api.ts';
import { LoopdeskFunction } from './loopdesk-function.ts';
import { pipeStreamToQueue } from './stream-pipe.ts';

export interface SlaProps {
  api: Api;
  table: ITable;
  stage: string;
  logRetentionDays: number;
}

const TRACK_TIMEOUT = Duration.seconds(60);

/**
 * SLA clocks. Deadlines are derived data: every write of a ticket (and every edit of the SLA
 * settings) reaches the tracker through the table's stream and a pipe, and the tracker stores the
 * recomputed deadlines on the ticket. A schedule runs the sweep every minute; it reads only the
 * tickets whose next step is due (an index on that instant) and records each step once. The steps'
 * events reach the stack's bus through the stream as well (an outbox), for integrations.
 */
export class Sla extends Construct {
  readonly bus: EventBus;
  private readonly streamArn: string;

  constructor(scope: Construct, id: string, props: SlaProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'sla');
    const { table } = props;
    this.streamArn = table.tableStreamArn!;

    this.bus = new EventBus(this, 'Bus', { eventBusName: `loopdesk-${props.stage}` });

    const tracking = this.streamQueue('Tracking', TRACK_TIMEOUT, [
      // The ticket's own writes (the tracker's own writes say writer=sla and do not come back).
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { itemType: { S: ['ticket'] }, writer: { S: ['app'] } } } },
      // An edit of the policies or calendars: every open ticket is recomputed, page by page.
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { pk: { S: ['DIRECTORY'] }, sk: { S: ['sla-policies'] } } } },
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { pk: { S: ['DIRECTORY'] }, sk: { S: ['sla-calendars'] } } } },
      { eventName: ['INSERT'], dynamodb: { NewImage: { itemType: { S: ['slaRecompute'] } } } },
    ]);
    const track = new LoopdeskFunction(this, 'TrackSla', {
      entry: 'sla/track-sla.ts',
      description: "Recomputes a ticket's SLA deadlines after each change, and all open tickets' after a settings edit",
      timeout: TRACK_TIMEOUT,
      stage: props.stage,
      logRetentionDays: props.logRetentionDays,
    });
    track.bindTable(
      table,
      [
        'dynamodb:BatchGetItem', // policies, calendars, teams
        'dynamodb:Query', // a ticket's header and history; a status's tickets (recompute)
        'dynamodb:UpdateItem', // the deadlines on the header
        'dynamodb:PutItem', // the next recompute page
      ],
      { indexes: ['gsi1'] },
    );
    track.addEventSource(new SqsEventSource(tracking, { batchSize: 10, maxBatchingWindow: Duration.seconds(1), reportBatchItemFailures: true }));

    const sweep = new LoopdeskFunction(this, 'SweepSla', {
      entry: 'sla/sweep-sla.ts',
      description: 'Every minute: SLA warnings, breaches and escalations now due, each once',
      timeout: Duration.seconds(55),
      stage: props.stage,
      logRetentionDays: props.logRetentionDays,
    });
    sweep.bindTable(
      table,
      [
        'dynamodb:Query', // the due index; each due ticket's header and history
        'dynamodb:BatchGetItem', // policies, calendars, teams; recipients' profiles
        'dynamodb:UpdateItem', // a stale summary
        'dynamodb:PutItem', // (in the transaction) ticket, history, notices, events, mail
        'dynamodb:ConditionCheckItem',
      ],
      { indexes: ['gsi3'] },
    );
    new Rule(this, 'SweepSchedule', {
      description: 'Runs the SLA sweep every minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      // A missed minute is taken by the next one; retrying an old run would only repeat it.
      targets: [new LambdaFunction(sweep, { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
    });

    const events = this.streamQueue('Events', Duration.seconds(30), [{ eventName: ['INSERT'], dynamodb: { NewImage: { itemType: { S: ['slaEvent'] } } } }]);
    const publish = new LoopdeskFunction(this, 'PublishSlaEvents', {
      entry: 'sla/publish-sla-events.ts',
      description: 'Puts SlaWarning and SlaBreached on the bus',
      stage: props.stage,
      logRetentionDays: props.logRetentionDays,
    });
    publish.addEnvironment('EVENT_BUS_NAME', this.bus.eventBusName);
    this.bus.grantPutEventsTo(publish);
    publish.addEventSource(new SqsEventSource(events, { batchSize: 10, reportBatchItemFailures: true }));

    const notices = props.api.fn(this, 'ListNotifications', 'notifications/list-notifications.ts', "The caller's SLA notices");
    notices.bindTable(table, ['dynamodb:Query']);
    props.api.addRoute('GET /v1/notifications', 'staff', notices);
    const read = props.api.fn(this, 'MarkNotificationsRead', 'notifications/mark-notifications-read.ts', "Marks the caller's notices read");
    read.bindTable(table, ['dynamodb:UpdateItem']);
    props.api.addRoute('POST /v1/notifications/read', 'staff', read);
  }

  /** A queue fed by the table's stream through a pipe (no code), with its dead-letter queue. */
  private streamQueue(name: string, consumerTimeout: Duration, filters: object[]): Queue {
    const deadLetters = new Queue(this, `${name}DeadLetters`, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(deadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This is the dead-letter queue; redrive after fixing the cause.' });
    const queue = new Queue(this, name, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });
    pipeStreamToQueue(this, name, this.streamArn, queue, filters);
    return queue;
  }
}
