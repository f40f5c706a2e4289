import { Duration, RemovalPolicy, Stack, Tags, Validations, type CfnElement } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { S3 as S3Action } from 'aws-cdk-lib/aws-ses-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { MailSettings } from '../config.ts';
import type { Api } from './api.ts';
import { LoopdeskFunction } from './loopdesk-function.ts';

export interface EmailChannelProps {
  api: Api;
  table: ITable;
  /** Files from mail land beside the console's uploads, under the same tickets/ prefix. */
  attachments: IBucket;
  mail: MailSettings;
  logBucket: IBucket;
  deletionProtection: boolean;
  stage: string;
  logRetentionDays: number;
}

/** Where each stage of intake keeps its objects in the raw mail bucket. */
export const MAIL_PREFIXES = { inbound: 'inbound/', parsed: 'parsed/' } as const;

const PARSE_TIMEOUT = Duration.seconds(60);
const FILE_TIMEOUT = Duration.seconds(30);
/** Lambda's advice for SQS sources: visibility at least six times the function timeout. */
const visibilityFor = (timeout: Duration) => Duration.seconds(timeout.toSeconds() * 6);
/** Longer than any dead-letter retention (14 days), so a replay is still recognised as a repeat. */
export const MAIL_DEDUPE_DAYS = 30;

/**
 * Inbound email: SES stores each message for the domain in an encrypted bucket and announces it on
 * a topic; a queue feeds the parser (MIME → text, files), whose output object in the same bucket
 * notifies a second queue that feeds the filer (ticket, thread, customer). Two stages because each
 * stays small (the parser needs no table, the filer no MIME library) and a poisonous message fails
 * in the parser without touching tickets.
 */
export class EmailChannel extends Construct {
  readonly rawBucket: Bucket;

  constructor(scope: Construct, id: string, props: EmailChannelProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'email');
    this.rawBucket = new Bucket(this, 'RawMail', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'raw-mail/',
      // Raw messages are the record of what arrived (replays, disputes); parsed copies are derived.
      lifecycleRules: [
        { prefix: MAIL_PREFIXES.inbound, expiration: Duration.days(400) },
        { prefix: MAIL_PREFIXES.parsed, expiration: Duration.days(MAIL_DEDUPE_DAYS) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.deletionProtection,
    });

    const received = new Topic(this, 'MailReceived', { displayName: 'Loopdesk: mail received', enforceSSL: true });
    Validations.of(received).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'SES publishes here; SES cannot use the AWS-managed SNS key. Notifications carry headers and verdicts, never bodies (those stay in the encrypted bucket).',
    });

    const parseQueue = this.queueWithDeadLetters('ParseQueue', PARSE_TIMEOUT);
    received.addSubscription(new SqsSubscription(parseQueue));
    const fileQueue = this.queueWithDeadLetters('FileQueue', FILE_TIMEOUT);

    const parse = this.fn('ParseInboundMail', 'email/parse-inbound-mail.ts', 'Parses a received message: text, sanitized parts, files', PARSE_TIMEOUT, 1024, props);
    parse.addEnvironment('RAW_MAIL_BUCKET', this.rawBucket.bucketName);
    parse.addEnvironment('ATTACHMENTS_BUCKET', props.attachments.bucketName);
    parse.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.rawBucket.arnForObjects(`${MAIL_PREFIXES.inbound}*`)] }));
    parse.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.rawBucket.arnForObjects(`${MAIL_PREFIXES.parsed}*`)] }));
    parse.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [props.attachments.arnForObjects('tickets/mail/*')] }));
    // The parsed form landing in the bucket is the hand-off: S3 tells the filer's queue. The parser
    // needs no queue client (its bundle stays small) and a re-parse re-files through the same path.
    this.rawBucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(fileQueue), { prefix: MAIL_PREFIXES.parsed });
    // S3 notifications are configured by a CDK-managed singleton function at stack level.
    const notifier = Stack.of(this).node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
    if (notifier) {
      const reason = 'CDK-managed bucket-notifications handler, runs only during deployment; its role is set by aws-cdk-lib.';
      for (const id of ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'AwsSolutions-IAM5[Resource::*]']) {
        Validations.of(notifier).acknowledge({ id, reason });
      }
    }
    parse.addEventSource(new SqsEventSource(parseQueue, { batchSize: 5, reportBatchItemFailures: true }));

    const file = this.fn('FileInboundMail', 'email/file-inbound-mail.ts', 'Files a parsed message: new ticket, thread entry, quarantine or spam', FILE_TIMEOUT, 512, props);
    file.addEnvironment('RAW_MAIL_BUCKET', this.rawBucket.bucketName);
    file.addEnvironment('MAIL_SETTINGS', JSON.stringify(props.mail));
    file.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.rawBucket.arnForObjects(`${MAIL_PREFIXES.parsed}*`)] }));
    file.bindTable(props.table, [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
    ], { indexes: ['gsi4'] });
    file.addEventSource(new SqsEventSource(fileQueue, { batchSize: 5, reportBatchItemFailures: true }));

    // Held mail: the spam view and the quarantine, and releasing a message into the desk.
    const listHeld = props.api.fn(this, 'ListHeldMail', 'email/list-held-mail.ts', 'Lists held mail (quarantine or spam)');
    listHeld.bindTable(props.table, ['dynamodb:Query'], { indexes: ['gsi1'] });
    props.api.addRoute('GET /v1/mail/held', 'staff', listHeld);
    const release = props.api.fn(this, 'ReleaseHeldMail', 'email/release-held-mail.ts', 'Hands a held message to the filer again, released');
    release.addEnvironment('RAW_MAIL_BUCKET', this.rawBucket.bucketName);
    release.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [this.rawBucket.arnForObjects(`${MAIL_PREFIXES.parsed}*`)] }));
    release.bindTable(props.table, ['dynamodb:GetItem']);
    props.api.addRoute('POST /v1/mail/held/{sesMessageId}/release', 'staff', release);

    // One rule for the whole domain: support addresses and per-ticket reply addresses alike.
    const rules = new ReceiptRuleSet(this, 'Inbound', {});
    rules.addRule('StoreAndAnnounce', {
      recipients: [props.mail.domain],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.OPTIONAL,
      actions: [new S3Action({ bucket: this.rawBucket, objectKeyPrefix: MAIL_PREFIXES.inbound, topic: received })],
    });

    const rawId = Stack.of(this).getLogicalId(this.rawBucket.node.defaultChild as CfnElement);
    const filesId = Stack.of(this).getLogicalId(props.attachments.node.defaultChild as CfnElement);
    Validations.of(parse.role!).acknowledge(
      { id: `AwsSolutions-IAM5[Resource::<${rawId}.Arn>/inbound/*]`, reason: 'Reads the messages SES stored, by their SES message id, under inbound/ only.' },
      { id: `AwsSolutions-IAM5[Resource::<${rawId}.Arn>/parsed/*]`, reason: 'Writes the parsed form of each message under parsed/ only.' },
      { id: `AwsSolutions-IAM5[Resource::<${filesId}.Arn>/tickets/mail/*]`, reason: "Stores a message's files under tickets/mail/<message>/ only." },
    );
    Validations.of(file.role!).acknowledge({ id: `AwsSolutions-IAM5[Resource::<${rawId}.Arn>/parsed/*]`, reason: 'Reads the parsed form of each message under parsed/ only.' });
    Validations.of(release.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${rawId}.Arn>/parsed/*]`,
      reason: 'Reads a held message’s parsed form and writes it back marked released, under parsed/ only.',
    });
  }

  private queueWithDeadLetters(id: string, consumerTimeout: Duration): Queue {
    const deadLetters = new Queue(this, `${id}DeadLetters`, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This is the dead-letter queue; admins replay from it.' });
    return new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: visibilityFor(consumerTimeout),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });
  }

  private fn(id: string, entry: string, description: string, timeout: Duration, memorySize: number, props: EmailChannelProps): LoopdeskFunction {
    return new LoopdeskFunction(this, id, { entry, description, timeout, memorySize, stage: props.stage, logRetentionDays: props.logRetentionDays });
  }
}
