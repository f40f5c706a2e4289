import { SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DynamoMailStore } from '#shared/adapters/dynamodb/mail-store.ts';
import { DynamoOutboxStore } from '#shared/adapters/dynamodb/outbox-store.ts';
import { createObjectStore } from '#shared/adapters/s3/objects.ts';
import { composeAck, composeNotice, composeOfferNotice, composeStaffNotice, isAckRequest, isNoticeRequest, isOfferNoticeRequest, isStaffNoticeRequest, type MailIdentity, type OutboxItem, type OutboxMail } from '#shared/email/outbound-mail.ts';
import { sendQueuedMail } from '#shared/email/send-mail.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { logger } from '../lib/observability.ts';
import { sqsBatch } from '../lib/sqs-batch.ts';
import { tableDeps } from '../lib/table-deps.ts';

// This function holds two SDK clients; zod's 29 KB would take it past the bundle budget, so its
// two inputs (environment, the pipe's stream record) are checked by hand.
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}
const env = {
  ATTACHMENTS_BUCKET: required('ATTACHMENTS_BUCKET'),
  CONFIGURATION_SET: required('CONFIGURATION_SET'),
  SEND_ATTEMPTS: Number(required('SEND_ATTEMPTS')),
  AWS_REGION: required('AWS_REGION'),
};
const identity = JSON.parse(required('MAIL_SETTINGS')) as MailIdentity;
if (!identity.domain || !Array.isArray(identity.addresses) || identity.addresses.length === 0) throw new Error('MAIL_SETTINGS names no domain or address');
const deps = tableDeps();
const outbox = new DynamoOutboxStore(deps.table);
const mail = new DynamoMailStore(deps.table);
const objects = createObjectStore();
const ses = new SESClient({});

/** What the pipe puts on the queue: the table's stream record of a queued outbox item. */
function outboxImage(body: string): OutboxMail {
  const image = (JSON.parse(body) as { dynamodb?: { NewImage?: Record<string, unknown> } }).dynamodb?.NewImage;
  if (!image || typeof image !== 'object') throw new Error('Not a stream record with a new image');
  const item = unmarshall(image as never) as OutboxItem & { itemType?: string };
  if (item.itemType !== 'outbox' || !item.id || !item.ticketId || !Array.isArray(item.to)) throw new Error('The stream record is not an outbox mail');
  // Acknowledgements are queued as requests and written here, in the customer's language.
  const mail = isAckRequest(item)
    ? composeAck(item, identity)
    : isNoticeRequest(item)
      ? composeNotice(item, identity)
      : isStaffNoticeRequest(item)
        ? composeStaffNotice(item, identity)
        : isOfferNoticeRequest(item)
          ? composeOfferNotice(item, identity)
          : item;
  if (typeof mail.subject !== 'string' || typeof mail.text !== 'string') throw new Error('The outbox mail has no subject or text');
  return mail;
}

/** Sends each queued mail through SES (see sendQueuedMail for retries, suppression and status). */
export const handler = sqsBatch(async (record) => {
  try {
    const image = outboxImage(record.body);
    const attempt = Number(record.attributes.ApproximateReceiveCount ?? 1);
    const outcome = await sendQueuedMail(
      {
        alreadySent: (id) => outbox.alreadySent(id),
        suppressedAmong: (addresses) => outbox.suppressedAmong(addresses),
        file: (key) => objects.get(env.ATTACHMENTS_BUCKET, key),
        send: async (raw, destinations, outboxId, ticketId) => {
          const out = await ses.send(
            new SendRawEmailCommand({
              RawMessage: { Data: raw },
              Destinations: destinations,
              ConfigurationSetName: env.CONFIGURATION_SET,
              Tags: [
                { Name: 'outboxId', Value: outboxId },
                { Name: 'ticketId', Value: ticketId },
              ],
            }),
          );
          return out.MessageId!;
        },
        record: (m, delivery) => outbox.record(m, delivery),
        rememberMessageIds: async (ids, ticketId) => {
          for (const id of ids) await mail.saveMessageId(id, ticketId, new Date());
        },
        now: () => new Date(),
        sesMessageIdDomain: `${env.AWS_REGION}.amazonses.com`,
      },
      image,
      attempt,
      env.SEND_ATTEMPTS,
    );
    logger.info('Mail sent', { outboxId: image.id, ticketId: image.ticketId, kind: image.kind, outcome, attempt });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
