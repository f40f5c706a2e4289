import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { SnsSqsNotificationSchema } from '@aws-lambda-powertools/parser/schemas';
import type { LocalSqs, MessageAttributeValue } from './sqs-engine.ts';

export interface LocalTopic {
  name: string;
  arn: string;
}

export interface LocalSubscription {
  arn: string;
  topicArn: string;
  protocol: 'sqs';
  /** The subscribed queue's ARN. */
  endpoint: string;
  /** RawMessageDelivery: the bare message instead of the SNS envelope. */
  raw: boolean;
}

export interface SnsMessageAttribute {
  /** String, String.Array, Number or Binary (Value base64). */
  Type: string;
  Value: string;
}

const MAX_MESSAGE_BYTES = 262_144; // SNS's payload limit
/** The principal SQS reports as SenderId for messages SNS delivers (a local stand-in id). */
const SNS_SENDER_ID = 'AIDALOCALSNSDELIVERY';

/**
 * Stands in for SNS topics with SQS subscriptions: `publish` delivers to every subscribed queue
 * what SNS delivers there. Without RawMessageDelivery that is the JSON envelope (Type Notification,
 * MessageId, TopicArn, Subject, Message, Timestamp, SignatureVersion, Signature, SigningCertURL,
 * UnsubscribeURL, MessageAttributes), checked against Powertools' SnsSqsNotificationSchema before
 * it is sent. The signature is a local HMAC, not SNS's certificate signature: consumers behind an
 * SQS subscription trust the queue policy, not the signature, so nothing here verifies it.
 */
export class LocalSns {
  private readonly topics = new Map<string, LocalTopic>();
  private readonly subscriptions: LocalSubscription[] = [];
  private readonly signingKey = randomBytes(32);
  published = 0;

  constructor(
    private readonly sqs: LocalSqs,
    private readonly options: { region: string; accountId: string },
  ) {}

  createTopic(name: string): LocalTopic {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) throw new Error(`Topic name ${name} is not valid (FIFO topics are not served locally)`);
    const topic = { name, arn: `arn:aws:sns:${this.options.region}:${this.options.accountId}:${name}` };
    this.topics.set(topic.arn, topic);
    return topic;
  }

  topic(arn: string): LocalTopic {
    const topic = this.topics.get(arn);
    if (!topic) throw new Error(`No local topic ${arn}`);
    return topic;
  }

  listTopics(): LocalTopic[] {
    return [...this.topics.values()];
  }

  listSubscriptions(topicArn?: string): LocalSubscription[] {
    return this.subscriptions.filter((s) => !topicArn || s.topicArn === topicArn);
  }

  subscribe(topicArn: string, queueArn: string, options: { raw?: boolean } = {}): LocalSubscription {
    this.topic(topicArn);
    this.sqs.queue(queueArn); // the queue must exist, as SNS confirms an SQS subscription at once
    const subscription: LocalSubscription = { arn: `${topicArn}:${randomUUID()}`, topicArn, protocol: 'sqs', endpoint: queueArn, raw: options.raw ?? false };
    this.subscriptions.push(subscription);
    return subscription;
  }

  /** Publishes to a topic: each subscribed queue gets the envelope (or the raw message) now. */
  publish(topicArn: string, message: string, options: { subject?: string; attributes?: Record<string, SnsMessageAttribute> } = {}): { MessageId: string } {
    const topic = this.topic(topicArn);
    if (typeof message !== 'string' || message.length === 0) throw new Error('SNS: a message is required');
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) throw new Error(`SNS: message longer than ${MAX_MESSAGE_BYTES} bytes`);
    if (options.subject !== undefined && (options.subject.length === 0 || options.subject.length > 100 || /[\r\n]/.test(options.subject))) {
      throw new Error('SNS: a subject is 1-100 characters on one line');
    }
    this.published++;
    const messageId = randomUUID();
    const timestamp = new Date(this.sqs.now()).toISOString();
    for (const sub of this.subscriptions.filter((s) => s.topicArn === topic.arn)) {
      if (sub.raw) {
        this.sqs.send(sub.endpoint, { body: message, attributes: toSqsAttributes(options.attributes), senderId: SNS_SENDER_ID });
        continue;
      }
      const envelope = this.envelope({ messageId, topicArn: topic.arn, subject: options.subject, message, timestamp, subscription: sub, attributes: options.attributes });
      this.sqs.send(sub.endpoint, { body: envelope, senderId: SNS_SENDER_ID });
    }
    return { MessageId: messageId };
  }

  /** The notification SNS delivers to an SQS subscription, in SNS's own layout. */
  private envelope(n: {
    messageId: string;
    topicArn: string;
    subject?: string;
    message: string;
    timestamp: string;
    subscription: LocalSubscription;
    attributes?: Record<string, SnsMessageAttribute>;
  }): string {
    const host = `https://sns.${this.options.region}.amazonaws.com`;
    // SNS signs these fields, in this order, each as "Name\nvalue\n" (signature version 1).
    const canonical = [
      ['Message', n.message],
      ['MessageId', n.messageId],
      ...(n.subject !== undefined ? [['Subject', n.subject]] : []),
      ['Timestamp', n.timestamp],
      ['TopicArn', n.topicArn],
      ['Type', 'Notification'],
    ]
      .map(([k, v]) => `${k}\n${v}\n`)
      .join('');
    const notification = {
      Type: 'Notification' as const,
      MessageId: n.messageId,
      TopicArn: n.topicArn,
      ...(n.subject !== undefined ? { Subject: n.subject } : {}),
      Message: n.message,
      Timestamp: n.timestamp,
      SignatureVersion: '1',
      Signature: createHmac('sha1', this.signingKey).update(canonical).digest('base64'),
      SigningCertURL: `${host}/SimpleNotificationService-local.pem`,
      UnsubscribeURL: `${host}/?Action=Unsubscribe&SubscriptionArn=${n.subscription.arn}`,
      ...(n.attributes && Object.keys(n.attributes).length ? { MessageAttributes: n.attributes } : {}),
    };
    const checked = SnsSqsNotificationSchema.safeParse(notification);
    if (!checked.success) throw new Error(`Local SNS envelope does not match the SNS-to-SQS shape: ${checked.error.message}`);
    // SNS writes the envelope with two-space indent and " : " between name and value.
    return JSON.stringify(notification, null, 2).replace(/^(\s*"[^"]+"):/gm, '$1 :');
  }
}

function toSqsAttributes(attributes?: Record<string, SnsMessageAttribute>): Record<string, MessageAttributeValue> | undefined {
  if (!attributes) return undefined;
  return Object.fromEntries(
    Object.entries(attributes).map(([name, a]) => [
      name,
      a.Type.startsWith('Binary') ? { DataType: a.Type, BinaryValue: Buffer.from(a.Value, 'base64') } : { DataType: a.Type, StringValue: a.Value },
    ]),
  );
}
