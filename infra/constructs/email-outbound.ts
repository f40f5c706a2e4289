import { Aws, Duration, Stack, Tags, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { MailSettings } from '../config.ts';
import type { Api } from './api.ts';
import { LoopdeskFunction } from './loopdesk-function.ts';
import { pipeStreamToQueue } from './stream-pipe.ts';

export interface EmailOutboundProps {
  api: Api;
  table: ITable;
  attachments: IBucket;
  mail: MailSettings;
  stage: string;
  logRetentionDays: number;
}

const SEND_TIMEOUT = Duration.seconds(30);
/** After five failed sends a mail is parked in the dead-letter queue, marked failed on its entry. */
export const SEND_ATTEMPTS = 5;

/**
 * Outbound email. Replies and acknowledgements are written as outbox items in the same
 * transaction as the reply; the table's stream carries new outbox items through a pipe (no code)
 * to a queue, and the sender builds the MIME message and sends it through SES, recording
 * sent / retrying / failed on the thread. SES reports bounces and complaints through a
 * configuration set; they feed the suppression list that the sender honours.
 */
export class EmailOutbound extends Construct {
  constructor(scope: Construct, id: string, props: EmailOutboundProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'email');
    const stack = Stack.of(this);

    const identity = new EmailIdentity(this, 'Domain', { identity: Identity.domain(props.mail.domain) });
    const feedbackTopic = new Topic(this, 'MailFeedback', { displayName: 'Loopdesk: bounces and complaints', enforceSSL: true });
    Validations.of(feedbackTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'SES publishes here; SES cannot use the AWS-managed SNS key. Notifications carry addresses and bounce reasons, not bodies.',
    });
    const configurationSet = new ConfigurationSet(this, 'Sending', {});
    configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.snsTopic(feedbackTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT],
    });

    const deadLetters = new Queue(this, 'OutboxDeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(deadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This is the dead-letter queue; admins resend from the ticket.' });
    const outbox = new Queue(this, 'Outbox', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(SEND_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: SEND_ATTEMPTS },
    });

    // Stream → queue without a function: only new (or re-queued) outbox items pass the filter.
    pipeStreamToQueue(this, 'Outbox', props.table.tableStreamArn!, outbox, [
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { itemType: { S: ['outbox'] }, status: { S: ['queued'] } } } },
    ]);

    const send = new LoopdeskFunction(this, 'SendOutboundMail', {
      entry: 'email/send-outbound-mail.ts',
      description: 'Builds and sends queued mail through SES; records sent / retrying / failed',
      timeout: SEND_TIMEOUT,
      stage: props.stage,
      logRetentionDays: props.logRetentionDays,
    });
    send.bindTable(props.table, ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem']);
    send.addEnvironment('ATTACHMENTS_BUCKET', props.attachments.bucketName);
    send.addEnvironment('CONFIGURATION_SET', configurationSet.configurationSetName);
    send.addEnvironment('SEND_ATTEMPTS', String(SEND_ATTEMPTS));
    send.addEnvironment('MAIL_SETTINGS', JSON.stringify(props.mail));
    send.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [props.attachments.arnForObjects('tickets/*')] }));
    send.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendRawEmail'],
        resources: [
          `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${identity.emailIdentityName}`,
          `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:configuration-set/${configurationSet.configurationSetName}`,
        ],
      }),
    );
    send.addEventSource(new SqsEventSource(outbox, { batchSize: 10, reportBatchItemFailures: true }));

    const feedbackQueue = new Queue(this, 'FeedbackQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(60),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: new Queue(this, 'FeedbackDeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) }), maxReceiveCount: 5 },
    });
    Validations.of(this.node.findChild('FeedbackDeadLetters')).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This is the dead-letter queue.' });
    feedbackTopic.addSubscription(new SqsSubscription(feedbackQueue));
    const feedback = new LoopdeskFunction(this, 'RecordMailFeedback', {
      entry: 'email/record-mail-feedback.ts',
      description: 'Suppresses addresses that bounce or complain; marks the mail on its ticket',
      stage: props.stage,
      logRetentionDays: props.logRetentionDays,
    });
    feedback.bindTable(props.table, ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem']);
    feedback.addEventSource(new SqsEventSource(feedbackQueue, { batchSize: 10, reportBatchItemFailures: true }));

    const resend = props.api.fn(this, 'ResendMail', 'email/resend-mail.ts', "Queues a failed reply's mail again");
    resend.bindTable(props.table, ['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    props.api.addRoute('POST /v1/tickets/{id}/entries/{entryId}/resend', 'staff', resend);

    const filesId = stack.getLogicalId(props.attachments.node.defaultChild as never);
    Validations.of(send.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${filesId}.Arn>/tickets/*]`,
      reason: 'Reads the files named in a queued mail (random keys under tickets/) to attach them.',
    });
  }
}
