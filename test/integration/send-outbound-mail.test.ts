// Proves the sender handler against DynamoDB Local with SES mocked (aws-sdk-client-mock): the queued
// reply is sent once with its threading and tags, a throttled SES is retried (status "retrying"),
// the fifth failure is final ("failed", the queue then parks it), a repeat delivery never sends
// again, a suppressed customer gets nothing.
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readStacks, resourcesOfType } from '../../infra/local/cloud-assembly.ts';
import { ensureTable, LOCAL_CREDENTIALS, startDynamoEngine, type DynamoEngine } from '../../infra/local/dynamodb-engine.ts';
import type { OutboxMail } from '#shared/email/outbound-mail.ts';
import { parseMail } from '#shared/email/parse-mail.ts';
import { testAssemblyDir } from '../support/assembly.ts';

const TABLE = 'send-outbound';
let engine: DynamoEngine;
let db: DynamoDBClient;
let handler: (event: SQSEvent, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
const ses = mockClient(SESClient);

beforeAll(async () => {
  engine = await startDynamoEngine({});
  const [[, resource]] = resourcesOfType(readStacks(testAssemblyDir())[0]!.template, 'AWS::DynamoDB::Table') as [[string, any]];
  await ensureTable(engine.client, TABLE, resource);
  db = new DynamoDBClient({ endpoint: engine.endpoint, region: 'eu-west-1', credentials: LOCAL_CREDENTIALS });
  Object.assign(process.env, {
    TABLE_NAME: TABLE,
    AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    ATTACHMENTS_BUCKET: 'files',
    CONFIGURATION_SET: 'loopdesk-sending',
    SEND_ATTEMPTS: '5',
    MAIL_SETTINGS: JSON.stringify({ domain: 'loopdesk.local', addresses: [{ address: 'support@loopdesk.local' }] }),
    LOG_LEVEL: 'ERROR',
  });
  // Imported after the environment is set and SES is mocked: the module builds its clients at load.
  handler = (await import('../../functions/email/send-outbound-mail.ts')).handler as never;
});
afterAll(async () => {
  ses.restore();
  db?.destroy();
  await engine?.stop();
});
beforeEach(() => ses.reset());

let n = 0;
async function queued(overrides: Partial<OutboxMail> = {}): Promise<OutboxMail> {
  n += 1;
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const ticketId = '5f0c3a8e-8d6f-4c1b-9a57-0e2d1c3b4a59';
  const entry = { createdAt: `2026-11-23T08:00:0${n % 10}.000Z`, id };
  const mail: OutboxMail = {
    id,
    ticketId,
    kind: 'reply',
    shownOn: { entry },
    from: 'support@loopdesk.local',
    fromAddress: 'support@loopdesk.local',
    to: [`customer${n}@example.com`],
    cc: [],
    replyTo: 'support+abcdefghijklmnop@loopdesk.local',
    subject: 'Re: Printer [#1001]',
    messageId: `${id}@loopdesk.local`,
    inReplyTo: 'first@mail.example.com',
    references: ['first@mail.example.com', `${id}@loopdesk.local`],
    threadIndex: 'AdjB',
    text: 'Fixed it.',
    html: '<p>Fixed it.</p>',
    language: 'en',
    attachments: [],
    createdAt: entry.createdAt,
    ...overrides,
  };
  await db.send(new PutItemCommand({ TableName: TABLE, Item: marshall({ pk: `OUTBOX#${id}`, sk: 'MAIL', itemType: 'outbox', status: 'queued', ...mail }, { removeUndefinedValues: true }) }));
  await db.send(new PutItemCommand({ TableName: TABLE, Item: marshall({ pk: `TICKET#${ticketId}`, sk: `ENTRY#${entry.createdAt}#${id}`, itemType: 'entry', id, body: 'Fixed it.' }) }));
  return mail;
}

/** The SQS event the outbox queue delivers: the pipe's stream record of the outbox item. */
function event(mail: OutboxMail, receiveCount: number): SQSEvent {
  const image = marshall({ itemType: 'outbox', status: 'queued', ...mail }, { removeUndefinedValues: true });
  return {
    Records: [
      {
        messageId: `m-${mail.id}-${receiveCount}`,
        receiptHandle: 'r',
        body: JSON.stringify({ eventName: 'INSERT', eventSource: 'aws:dynamodb', dynamodb: { NewImage: image } }),
        attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'pipes', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:Outbox',
        awsRegion: 'eu-west-1',
      },
    ],
  };
}

const context = { functionName: 'SendOutboundMail', awsRequestId: 'req', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
const item = async (pk: string, sk: string) => unmarshall((await db.send(new GetItemCommand({ TableName: TABLE, Key: marshall({ pk, sk }) }))).Item ?? {});
const entryOf = (mail: OutboxMail) => item(`TICKET#${mail.ticketId}`, `ENTRY#${(mail.shownOn as { entry: { createdAt: string } }).entry.createdAt}#${mail.id}`);

describe('SendOutboundMail', () => {
  it('sends once, with threading headers, the configuration set and tags; a repeat delivery sends nothing', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: '0102018c-aaaa' });
    const mail = await queued();
    expect((await handler(event(mail, 1), context)).batchItemFailures).toEqual([]);
    const call = ses.commandCalls(SendRawEmailCommand)[0]!.args[0].input;
    expect(call).toMatchObject({ Destinations: [mail.to[0]], ConfigurationSetName: 'loopdesk-sending', Tags: [{ Name: 'outboxId', Value: mail.id }, { Name: 'ticketId', Value: mail.ticketId }] });
    const parsed = await parseMail(call.RawMessage!.Data!);
    expect(parsed.content).toMatchObject({ subject: 'Re: Printer [#1001]', inReplyTo: ['first@mail.example.com'], references: mail.references });
    expect((await entryOf(mail)).delivery).toMatchObject({ status: 'sent', attempts: 1, messageIds: [mail.messageId, '0102018c-aaaa@eu-west-1.amazonses.com'] });
    expect((await item('MAILID#0102018c-aaaa@eu-west-1.amazonses.com', 'MAIL')).ticketId).toBe(mail.ticketId);

    await handler(event(mail, 2), context);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });

  it('retries a throttled send (retrying), and after the fifth failure marks it failed for the dead-letter queue', async () => {
    ses.on(SendRawEmailCommand).rejects(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' }));
    const mail = await queued();
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await handler(event(mail, attempt), context)).batchItemFailures).toHaveLength(1);
      expect((await entryOf(mail)).delivery).toMatchObject({ status: 'retrying', attempts: attempt });
    }
    expect((await handler(event(mail, 5), context)).batchItemFailures).toHaveLength(1);
    expect((await entryOf(mail)).delivery).toMatchObject({ status: 'failed', attempts: 5, detail: 'Maximum sending rate exceeded.' });
    expect((await item(`OUTBOX#${mail.id}`, 'MAIL')).status).toBe('failed');
  });

  it('sends nothing to a customer on the suppression list, and says so on the entry', async () => {
    const mail = await queued();
    await db.send(new PutItemCommand({ TableName: TABLE, Item: marshall({ pk: `SUPPRESSED#${mail.to[0]}`, sk: 'MAIL', reason: 'bounce' }) }));
    expect((await handler(event(mail, 1), context)).batchItemFailures).toEqual([]);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
    expect((await entryOf(mail)).delivery).toMatchObject({ status: 'suppressed' });
  });
});
