// Proves outbound mail runs locally from the template: table stream → filtering pipe → outbox queue → SendOutboundMail → SES stand-in (.eml, SES's Message-ID), queue retries, and SES's bounce/complaint feedback → RecordMailFeedback.
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { DynamoDBStreamRecord } from '@aws-lambda-powertools/parser/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import type { OutboxMail } from '#shared/email/outbound-mail.ts';
import { resourcesOfType, readStacks } from '../../infra/local/cloud-assembly.ts';
import { ensureTable, LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-engine.ts';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { parseHeaders } from '../../infra/local/smtp-intake.ts';
import { testAssemblyDir } from '../support/assembly.ts';
import { startTestStack } from '../support/local-stack.ts';

const SES_MESSAGE_ID = /^<(0102[0-9a-f]{12}-[0-9a-f-]{36}-000000)@eu-west-1\.amazonses\.com>$/;

let stack: LocalStack;
let ddb: DynamoDBClient;
let tableName: string;
let outboxQueueArn: string;
/** Every body the pipe sent to the outbox queue, seen the moment it was sent. */
const forwarded: string[] = [];

beforeAll(async () => {
  stack = await startTestStack('local-outbound');
  ddb = new DynamoDBClient({ endpoint: stack.dynamo.endpoint, region: stack.region, credentials: LOCAL_CREDENTIALS });
  tableName = Object.values(stack.dynamo.tables)[0]!;
  const pipe = resourcesOfType(readStacks(testAssemblyDir())[0]!.template, 'AWS::Pipes::Pipe')[0]![1];
  const targetId = (pipe.Properties!.Target as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  outboxQueueArn = stack.sqs.queues[targetId]!.arn;
  const seen = new Set<string>();
  stack.sqs.engine.onChange((queue) => {
    if (queue.arn !== outboxQueueArn) return;
    for (const m of stack.sqs.engine.peek(outboxQueueArn)) {
      if (seen.has(m.messageId)) continue;
      seen.add(m.messageId);
      forwarded.push(m.body);
    }
  });
});

afterAll(async () => {
  ddb?.destroy();
  await stack?.stop();
});

let counter = 0;
/** An outbox mail as the ticket store writes it, with the thread entry its delivery is shown on. */
function mail(overrides: Partial<OutboxMail> = {}): OutboxMail {
  const n = ++counter;
  const id = `01OUTBOX${Date.now().toString(36).toUpperCase()}N${n}`;
  const createdAt = new Date().toISOString();
  return {
    id,
    ticketId: `TICKET${n}`,
    kind: 'reply',
    shownOn: { entry: { createdAt, id } },
    from: '"Loopdesk Support" <support@loopdesk.local>',
    fromAddress: 'support@loopdesk.local',
    to: ['ana@example.com'],
    cc: [],
    replyTo: `support+ref${n}@loopdesk.local`,
    subject: `Re: Printer on fire [#${1000 + n}]`,
    messageId: `${id}@loopdesk.local`,
    references: [`${id}@loopdesk.local`],
    threadIndex: 'AQHZAAAAAAAAAAAAAAAAAAAAAAAAAA==',
    text: `Hello Ana, <b>reply ${n}</b> & more.\n\n--\nref${n}\n`,
    html: `<p>Hello Ana, reply ${n}</p>`,
    language: 'en',
    attachments: [],
    createdAt,
    ...overrides,
  };
}

/** Writes the entry and the outbox item (itemType/status as given) with the plain SDK. */
async function put(m: OutboxMail, item: { itemType?: string; status?: string } = {}): Promise<void> {
  if ('entry' in m.shownOn) {
    const e = m.shownOn.entry;
    await ddb.send(new PutItemCommand({ TableName: tableName, Item: marshall({ ...keys.entry(m.ticketId, e.createdAt, e.id), itemType: 'entry', id: e.id, body: 'reply' }) }));
  }
  const outbox = { ...keys.outbox(m.id), itemType: item.itemType ?? 'outbox', status: item.status ?? 'queued', attempts: 0, ...m };
  await ddb.send(new PutItemCommand({ TableName: tableName, Item: marshall(outbox, { removeUndefinedValues: true }) }));
}

async function item(key: { pk: string; sk: string }): Promise<Record<string, any> | undefined> {
  const out = await ddb.send(new GetItemCommand({ TableName: tableName, Key: marshall(key), ConsistentRead: true }));
  return out.Item ? unmarshall(out.Item) : undefined;
}

async function emlWithSubject(subject: string): Promise<{ file: string; raw: Buffer; header: (name: string) => string | undefined }[]> {
  const found = [];
  for (const s of await stack.ses.sent()) {
    const headers = parseHeaders(s.raw);
    const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
    if (header('subject') === subject) found.push({ ...s, header });
  }
  return found;
}

const forwardedFor = (id: string) => forwarded.map((b) => JSON.parse(b)).filter((r) => r.dynamodb?.NewImage?.id?.S === id);

describe('outbound mail on the local runtime', () => {
  it('carries a queued outbox item through the stream and the pipe to SES, and writes the sent message to the outbox', async () => {
    const m = mail();
    await put(m);
    await stack.whenIdle();

    // The pipe sent the stream record as Pipes does: the Lambda DynamoDB record, field for field.
    const records = forwardedFor(m.id);
    expect(records).toHaveLength(1);
    const record = records[0];
    expect(Object.keys(record)).toEqual(['eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'dynamodb', 'eventSourceARN']);
    expect(record).toMatchObject({ eventName: 'INSERT', eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'eu-west-1' });
    expect(record.eventSourceARN).toMatch(new RegExp(`^arn:aws:dynamodb:eu-west-1:000000000000:table/${tableName}/stream/.+`));
    expect(Object.keys(record.dynamodb)).toEqual(['ApproximateCreationDateTime', 'Keys', 'NewImage', 'SequenceNumber', 'SizeBytes', 'StreamViewType']);
    expect(record.dynamodb.StreamViewType).toBe('NEW_IMAGE');
    expect(typeof record.dynamodb.ApproximateCreationDateTime).toBe('number');
    expect(record.dynamodb.Keys).toEqual({ pk: { S: `OUTBOX#${m.id}` }, sk: { S: 'MAIL' } });
    expect(DynamoDBStreamRecord.safeParse(record).success).toBe(true);

    const [sent, ...more] = await emlWithSubject(m.subject);
    expect(more).toEqual([]);
    expect(sent!.header('from')).toBe(m.from);
    expect(sent!.header('to')).toBe('ana@example.com');
    const messageId = sent!.header('message-id')!;
    expect(messageId).toMatch(SES_MESSAGE_ID);
    // SES's id replaced ours in Message-ID; ours rides along in References for replies.
    expect(sent!.header('references')).toContain(`<${m.messageId}>`);

    const stored = await item(keys.outbox(m.id));
    expect(stored?.status).toBe('sent');
    expect(stored?.delivery).toMatchObject({ status: 'sent', attempts: 1, messageIds: [m.messageId, messageId.slice(1, -1)] });
    // The sender's own update (status sent) is a MODIFY the filter does not let through.
    expect(forwardedFor(m.id)).toHaveLength(1);
  });

  it('forwards only queued outbox items: another status or item type stays out of the queue', async () => {
    const alreadySent = mail();
    const notOutbox = mail();
    const before = stack.pipes.stats()[0]!;
    await put(alreadySent, { status: 'sent' });
    await put(notOutbox, { itemType: 'entry' });
    await stack.whenIdle();
    const after = stack.pipes.stats()[0]!;
    expect(after.read - before.read).toBeGreaterThanOrEqual(4); // two entries, two outbox-like items
    expect(after.forwarded - before.forwarded).toBe(0);
    expect(forwardedFor(alreadySent.id)).toEqual([]);
    expect(forwardedFor(notOutbox.id)).toEqual([]);
    expect(await emlWithSubject(alreadySent.subject)).toEqual([]);
    expect(await emlWithSubject(notOutbox.subject)).toEqual([]);
  });

  it('retries through the queue when SES fails: retrying, then sent once the visibility timeout has passed', async () => {
    const m = mail();
    // MessageRejected is not retried by the SDK, so one failure fails one attempt of the function.
    stack.ses.failNext(1, 'MessageRejected');
    const calls = stack.ses.engine.calls;
    await put(m);
    await stack.whenIdle();
    expect(stack.ses.engine.calls - calls).toBe(1);
    const first = await item(keys.outbox(m.id));
    expect(first?.status).toBe('retrying');
    expect(first?.delivery).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(await emlWithSubject(m.subject)).toEqual([]);

    // No real waiting: drain moves the queue clock past the visibility timeout.
    const clock = stack.sqs.engine.now();
    await stack.drain();
    expect(stack.sqs.engine.now() - clock).toBeGreaterThan(170_000); // the queue's visibility timeout is 180 s
    const second = await item(keys.outbox(m.id));
    expect(second?.status).toBe('sent');
    expect(second?.delivery).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await emlWithSubject(m.subject)).toHaveLength(1);
  });

  it("publishes the mailbox simulator's bounce and complaint to the configuration set's topic; the feedback function suppresses the addresses", async () => {
    const bounced = mail({ to: ['bounce@simulator.amazonses.com'] });
    const complained = mail({ to: ['complaint@simulator.amazonses.com'] });
    await put(bounced);
    await put(complained);
    await stack.whenIdle();
    expect((await item(keys.outbox(bounced.id)))?.status).toBe('sent');
    // SES reports seconds after the send: not yet, until time passes.
    expect(stack.ses.engine.pendingFeedback()).toBeGreaterThanOrEqual(2);
    expect(await item(keys.suppressed('bounce@simulator.amazonses.com'))).toBeUndefined();

    await stack.drain();
    expect(await item(keys.suppressed('bounce@simulator.amazonses.com'))).toMatchObject({
      itemType: 'suppressed',
      address: 'bounce@simulator.amazonses.com',
      reason: 'bounce: smtp; 550 5.1.1 user unknown',
    });
    expect(await item(keys.suppressed('complaint@simulator.amazonses.com'))).toMatchObject({ reason: 'complaint' });
    const failed = await item(keys.outbox(bounced.id));
    expect(failed?.status).toBe('failed');
    expect(failed?.delivery?.detail).toContain('550 5.1.1 user unknown');
    // The feedback is published once; the failed status is not a queued item the pipe would forward.
    expect(stack.ses.engine.pendingFeedback()).toBe(0);
    expect(forwardedFor(bounced.id)).toHaveLength(1);
  });

  it('answers like SES to the real client: unverified senders and unknown configuration sets are refused', async () => {
    const ses = new SESClient({ endpoint: stack.ses.endpoint, region: stack.region, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    try {
      const raw = (from: string) => new TextEncoder().encode(`From: ${from}\r\nTo: ana@example.com\r\nSubject: Direct\r\nMessage-ID: <direct@loopdesk.local>\r\n\r\nHello\r\n`);
      const ok = await ses.send(new SendRawEmailCommand({ RawMessage: { Data: raw('support@loopdesk.local') }, Destinations: ['ana@example.com'] }));
      expect(`<${ok.MessageId}@eu-west-1.amazonses.com>`).toMatch(SES_MESSAGE_ID);
      const [direct] = await emlWithSubject('Direct');
      expect(direct!.header('message-id')).toBe(`<${ok.MessageId}@eu-west-1.amazonses.com>`);
      expect(direct!.raw.toString()).not.toContain('<direct@loopdesk.local>');

      await expect(ses.send(new SendRawEmailCommand({ RawMessage: { Data: raw('mallory@example.com') } }))).rejects.toMatchObject({
        name: 'MessageRejected',
        message: expect.stringContaining('Email address is not verified'),
      });
      await expect(
        ses.send(new SendRawEmailCommand({ RawMessage: { Data: raw('support@loopdesk.local') }, ConfigurationSetName: 'no-such-set' })),
      ).rejects.toMatchObject({ name: 'ConfigurationSetDoesNotExistException', ConfigurationSetName: 'no-such-set' });
      stack.ses.failNext(1, 'Throttling');
      await expect(ses.send(new SendRawEmailCommand({ RawMessage: { Data: raw('support@loopdesk.local') } }))).rejects.toMatchObject({
        name: 'Throttling',
        $metadata: { httpStatusCode: 400 },
      });
    } finally {
      ses.destroy();
    }
  });

  it('lists the outbox on a dev-only page of the console host, newest first, bodies escaped, each .eml downloadable', async () => {
    expect(stack.outboxUrl).toBe(`${stack.consoleUrl}/dev/outbox`);
    const res = await fetch(stack.outboxUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Local outbox');
    expect(html).toContain('Hello Ana, &#60;b&#62;reply 1&#60;/b&#62; &#38; more.');
    expect(html).not.toContain('<b>reply');
    const files = [...html.matchAll(/href="\/dev\/outbox\/([^"]+\.eml)"/g)].map((x) => decodeURIComponent(x[1]!));
    const all = (await stack.ses.sent()).map((s) => s.file.split('/').pop());
    expect(files).toEqual([...all].reverse());

    const eml = await fetch(`${stack.outboxUrl}/${encodeURIComponent(files[0]!)}`);
    expect(eml.status).toBe(200);
    expect(eml.headers.get('content-type')).toBe('message/rfc822');
    expect(eml.headers.get('content-disposition')).toContain('attachment');
    expect((await eml.text()).length).toBeGreaterThan(100);
    expect((await fetch(`${stack.outboxUrl}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });

  it('reports a persisted table without the stream the template asks for, rather than running without it', async () => {
    const name = 'loopdesk-older-table';
    await ddb.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    try {
      const resource = {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        },
      };
      await expect(ensureTable(ddb, name, resource)).rejects.toThrow(/has no stream .*NEW_IMAGE.*--fresh/);
    } finally {
      await ddb.send(new DeleteTableCommand({ TableName: name }));
    }
  });
});
