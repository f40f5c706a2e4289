// Proves the local SQS, SNS, event source mappings and SES receiving behave like AWS where handlers can tell, and are wired from the template.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { S3Schema, SesRecordSchema, SnsSqsNotificationSchema, SqsSchema } from '@aws-lambda-powertools/parser/schemas';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStacks, resourcesOfType } from '../../infra/local/cloud-assembly.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-engine.ts';
import { SqsEventSources } from '../../infra/local/event-sources.ts';
import { LocalFunction } from '../../infra/local/lambda-host.ts';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { LocalS3 } from '../../infra/local/s3-engine.ts';
import { SmtpIntake } from '../../infra/local/smtp-intake.ts';
import { LocalSns } from '../../infra/local/sns-router.ts';
import { LocalSqs, md5, md5OfAttributes, type LocalQueue, type MessageAttributeValue } from '../../infra/local/sqs-engine.ts';
import { testAssemblyDir } from '../support/assembly.ts';
import { startTestStack } from '../support/local-stack.ts';
import { repoRoot } from '../support/paths.ts';

const REGION = 'eu-west-1';
const ACCOUNT = '000000000000';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function engine(): Promise<{ sqs: LocalSqs; client: SQSClient }> {
  const sqs = new LocalSqs({ region: REGION, accountId: ACCOUNT });
  const endpoint = await sqs.listen();
  const client = new SQSClient({ endpoint, region: REGION, credentials });
  cleanups.push(() => sqs.close(), () => client.destroy());
  return { sqs, client };
}

function withDeadLetters(sqs: LocalSqs, name: string, visibilityTimeoutSeconds = 30): { queue: LocalQueue; dlq: LocalQueue } {
  const dlq = sqs.createQueue({ name: `${name}-dlq`, retentionSeconds: 1_209_600 });
  const queue = sqs.createQueue({ name, visibilityTimeoutSeconds, redrive: { deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 } });
  return { queue, dlq };
}

describe('SQS stand-in, through the real @aws-sdk/client-sqs', () => {
  it('sends, receives and deletes with the SQS JSON protocol, MD5s and attributes as SQS computes them', async () => {
    const { sqs, client } = await engine();
    const q = sqs.createQueue({ name: 'round-trip' });
    expect(q.url).toBe(`${sqs.endpoint}/${ACCOUNT}/round-trip`);

    const attributes: Record<string, MessageAttributeValue> = {
      kind: { DataType: 'String', StringValue: 'mail' },
      size: { DataType: 'Number', StringValue: '42' },
      blob: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) },
    };
    const sent = await client.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'héllo ✉', MessageAttributes: attributes }));
    expect(sent.MD5OfMessageBody).toBe(md5('héllo ✉'));
    expect(sent.MD5OfMessageAttributes).toBe(md5OfAttributes(attributes));
    // A digest SQS itself returned for {timestamp: Number 1493147359900}: the algorithm matches.
    expect(md5OfAttributes({ timestamp: { DataType: 'Number', StringValue: '1493147359900' } })).toBe('235c5c510d26fb653d073faed50ae77c');

    const got = await client.send(
      new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
    );
    expect(got.Messages).toHaveLength(1);
    const m = got.Messages![0]!;
    expect(m.Body).toBe('héllo ✉');
    expect(m.MessageId).toBe(sent.MessageId);
    expect(m.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(m.MessageAttributes?.kind).toEqual({ DataType: 'String', StringValue: 'mail' });
    expect(Buffer.from(m.MessageAttributes!.blob!.BinaryValue!)).toEqual(Buffer.from([1, 2, 3]));
    expect(m.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SenderId: 'local' });
    expect(Number(m.Attributes!.SentTimestamp)).toBeLessThanOrEqual(Number(m.Attributes!.ApproximateFirstReceiveTimestamp));

    // Received means invisible: nobody else gets it until it is deleted or its timeout ends.
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl: q.url }))).Messages).toBeUndefined();
    const attrs = await client.send(new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    expect(attrs.Attributes).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });

    await client.send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: m.ReceiptHandle }));
    expect(sqs.counts(q.url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect((await client.send(new GetQueueUrlCommand({ QueueName: 'round-trip' }))).QueueUrl).toBe(q.url);
  });

  it('serves batches, visibility changes, purge, and names errors as SQS does', async () => {
    const { sqs, client } = await engine();
    const q = sqs.createQueue({ name: 'batches' });
    const batch = await client.send(
      new SendMessageBatchCommand({ QueueUrl: q.url, Entries: Array.from({ length: 4 }, (_, i) => ({ Id: `m${i}`, MessageBody: `body ${i}` })) }),
    );
    expect(batch.Successful?.map((s) => s.Id)).toEqual(['m0', 'm1', 'm2', 'm3']);
    const got = await client.send(new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10 }));
    expect(got.Messages?.map((m) => m.Body).sort()).toEqual(['body 0', 'body 1', 'body 2', 'body 3']);

    // Visibility 0 hands one back at once; it is received again, counting a second receive.
    const back = got.Messages![0]!;
    await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: q.url, ReceiptHandle: back.ReceiptHandle, VisibilityTimeout: 0 }));
    const again = await client.send(new ReceiveMessageCommand({ QueueUrl: q.url, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(again.Messages?.[0]?.MessageId).toBe(back.MessageId);
    expect(again.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');

    const deleted = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [...got.Messages!.slice(1).map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })), { Id: 'bad', ReceiptHandle: 'not-a-handle' }],
      }),
    );
    expect(deleted.Successful).toHaveLength(3);
    expect(deleted.Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid', SenderFault: true })]);
    expect(sqs.counts(q.url)).toEqual({ visible: 0, inFlight: 1, delayed: 0 });

    await client.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' }));
    await client.send(new PurgeQueueCommand({ QueueUrl: q.url }));
    expect(sqs.counts(q.url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });

    await expect(client.send(new SendMessageCommand({ QueueUrl: `${sqs.endpoint}/${ACCOUNT}/nope`, MessageBody: 'x' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
    });
    await expect(client.send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: 'garbage' }))).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
    await expect(
      client.send(new ChangeMessageVisibilityCommand({ QueueUrl: q.url, ReceiptHandle: back.ReceiptHandle, VisibilityTimeout: 10 })),
    ).rejects.toMatchObject({ name: 'MessageNotInflight' });
  });

  it('keeps a received message invisible for the visibility timeout, then redrives it to the DLQ after 5 receives', async () => {
    const { sqs, client } = await engine();
    const { queue, dlq } = withDeadLetters(sqs, 'redrive', 30);
    await client.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'poison', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }));

    for (let receive = 1; receive <= 5; receive++) {
      const got = sqs.receive(queue.url, { max: 10 });
      expect(got.map((m) => m.attributes.ApproximateReceiveCount)).toEqual([String(receive)]);
      sqs.advance(29_000);
      expect(sqs.receive(queue.url)).toEqual([]); // still inside its visibility timeout
      sqs.advance(1_000);
    }
    // The sixth receive finds it past maxReceiveCount: SQS moves it instead of delivering it.
    expect(sqs.receive(queue.url, { max: 10 })).toEqual([]);
    expect(sqs.counts(queue.url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    const dead = await client.send(
      new ReceiveMessageCommand({ QueueUrl: dlq.url, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
    );
    expect(dead.Messages?.[0]).toMatchObject({ Body: 'poison', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } });
    expect(dead.Messages?.[0]?.Attributes?.DeadLetterQueueSourceArn).toBe(queue.arn);
  });

  it('honours DelaySeconds, retention from the first enqueue, and wakes a long poll when a message arrives', async () => {
    const { sqs, client } = await engine();
    const q = sqs.createQueue({ name: 'timing', retentionSeconds: 60 });
    await client.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'later', DelaySeconds: 10 }));
    expect(sqs.counts(q.url)).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
    sqs.advance(10_000);
    expect(sqs.counts(q.url).visible).toBe(1);
    sqs.advance(50_000); // 60 s after it was sent: gone, received or not
    expect(sqs.counts(q.url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });

    const started = Date.now();
    const poll = client.send(new ReceiveMessageCommand({ QueueUrl: q.url, WaitTimeSeconds: 10 }));
    setTimeout(() => sqs.send(q.url, { body: 'wake up' }), 50);
    expect((await poll).Messages?.[0]?.Body).toBe('wake up');
    expect(Date.now() - started).toBeLessThan(2_000);

    // A long poll whose client went away takes nothing: the next message stays for a live consumer.
    const abandoned = new AbortController();
    const request = fetch(sqs.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ReceiveMessage' },
      body: JSON.stringify({ QueueUrl: q.url, WaitTimeSeconds: 10 }),
      signal: abandoned.signal,
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    abandoned.abort();
    await request;
    await new Promise((r) => setTimeout(r, 50));
    sqs.send(q.url, { body: 'for someone still listening' });
    expect(sqs.counts(q.url)).toEqual({ visible: 1, inFlight: 1, delayed: 0 }); // in flight: 'wake up'
  });
});

describe('SQS stand-in across restarts', () => {
  it('keeps messages (body, attributes, receive count) in its data file when it stops and starts again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-sqs-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const persistFile = path.join(dir, 'sqs', 'messages.json');
    const first = new LocalSqs({ region: REGION, accountId: ACCOUNT, persistFile });
    const q = first.createQueue({ name: 'durable' });
    const { MessageId } = first.send(q.arn, { body: 'keep me', attributes: { b: { DataType: 'Binary', BinaryValue: Buffer.from('xyz') } } });
    first.receive(q.arn);
    first.expireVisibility();
    await first.close();

    const second = new LocalSqs({ region: REGION, accountId: ACCOUNT, persistFile });
    second.createQueue({ name: 'durable' });
    const [m] = second.receive('durable');
    expect(m).toMatchObject({ messageId: MessageId, body: 'keep me', attributes: { ApproximateReceiveCount: '2' } });
    expect(m!.messageAttributes.b!.BinaryValue).toEqual(Buffer.from('xyz'));
    await second.close();
  });
});

describe('event source mapping (Lambda SQS poller) with a fixture function', () => {
  const bundleFile = path.join(repoRoot, 'test', 'fixtures', 'sqs-behaviours.mjs');

  async function setup(options: { batchSize?: number; enabled?: boolean; timeoutSeconds?: number; report?: boolean } = {}) {
    const { sqs } = await engine();
    const { queue, dlq } = withDeadLetters(sqs, 'work', 60);
    const audit = sqs.createQueue({ name: 'audit' });
    const fn = new LocalFunction(
      {
        logicalId: 'Consumer',
        functionName: 'Consumer',
        bundleFile,
        handlerExport: 'handler',
        timeoutSeconds: options.timeoutSeconds ?? 5,
        memoryMb: 256,
        environment: {
          AWS_REGION: REGION,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_ENDPOINT_URL_SQS: sqs.endpoint,
          AUDIT_QUEUE_URL: audit.url,
        },
      },
      { maxConcurrency: 2, echoLogs: false },
    );
    const sources = new SqsEventSources(sqs, REGION, () => {});
    sources.add({ logicalId: 'Mapping', queueArn: queue.arn, fn, batchSize: options.batchSize ?? 5, reportBatchItemFailures: options.report ?? true, enabled: options.enabled });
    sources.start();
    cleanups.push(() => fn.stop(), () => sources.stop());
    const send = (...actions: string[]) => actions.map((a, i) => sqs.send(queue.url, { body: JSON.stringify({ do: a, i }) }).MessageId);
    /** Every event the function received, as it saw it. */
    const seen = () => sqs.receive(audit.url, { max: 10 }).map((m) => JSON.parse(m.body) as { Records: Record<string, any>[] });
    return { sqs, queue, dlq, fn, sources, send, seen };
  }

  it('invokes with the SQS event Lambda builds, deletes what succeeded, and leaves only the reported failures', async () => {
    const { sqs, queue, dlq, sources, send, seen } = await setup();
    const ids = send('ok', 'fail', 'ok', 'ok', 'fail', 'ok', 'ok');
    await sources.whenIdle();

    const events = seen();
    expect(events.map((e) => e.Records.length).sort()).toEqual([2, 5]); // BatchSize 5
    for (const e of events) expect(SqsSchema.safeParse(e).success).toBe(true);
    const record = events.flatMap((e) => e.Records).find((r) => r.messageId === ids[0])!;
    expect(record).toMatchObject({
      body: JSON.stringify({ do: 'ok', i: 0 }),
      md5OfBody: md5(JSON.stringify({ do: 'ok', i: 0 })),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: REGION,
      messageAttributes: {},
      attributes: { ApproximateReceiveCount: '1' },
    });
    expect(Object.keys(record.attributes).sort()).toEqual(['ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'SenderId', 'SentTimestamp']);

    // Only the two reported failures are left, invisible until their visibility timeout ends.
    expect(sqs.counts(queue.url)).toEqual({ visible: 0, inFlight: 2, delayed: 0 });
    expect(sources.stats()[0]).toMatchObject({ invocations: 2, deleted: 5, retried: 2, failedBatches: 0 });
    sqs.expireVisibility(queue.url);
    await sources.whenIdle();
    const retry = seen();
    expect(retry.flatMap((e) => e.Records.map((r) => [r.messageId, r.attributes.ApproximateReceiveCount]))).toEqual(
      expect.arrayContaining([
        [ids[1], '2'],
        [ids[4], '2'],
      ]),
    );

    // Three more failures each, then the sixth receive moves them to the dead-letter queue.
    await sources.drain();
    expect(sqs.counts(queue.url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect(sqs.peek(dlq.url).map((m) => [m.messageId, m.receiveCount]).sort()).toEqual(
      [
        [ids[1], 5],
        [ids[4], 5],
      ].sort(),
    );
  });

  it('deletes nothing when the function throws or returns a malformed failure list: the whole batch comes back', async () => {
    const { sqs, queue, sources, send } = await setup();
    send('ok', 'crash', 'ok');
    await sources.whenIdle();
    expect(sqs.counts(queue.url)).toEqual({ visible: 0, inFlight: 3, delayed: 0 });
    expect(sources.stats()[0]).toMatchObject({ failedBatches: 1, deleted: 0 });

    sqs.purge(queue.url);
    send('ok', 'malformed');
    await sources.whenIdle();
    expect(sqs.counts(queue.url)).toEqual({ visible: 0, inFlight: 2, delayed: 0 });
    expect(sources.stats()[0]).toMatchObject({ failedBatches: 2, deleted: 0 });
  });

  it('treats a timeout as a failed batch', async () => {
    const { sqs, queue, sources, send } = await setup({ timeoutSeconds: 1 });
    send('hang');
    await sources.whenIdle();
    expect(sqs.counts(queue.url)).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    expect(sources.stats()[0]).toMatchObject({ failedBatches: 1, deleted: 0 });
  });

  it('deletes the whole batch on success without ReportBatchItemFailures, and polls nothing when disabled', async () => {
    const on = await setup({ report: false });
    on.send('ok', 'fail');
    await on.sources.whenIdle();
    expect(on.sqs.counts(on.queue.url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });

    const off = await setup({ enabled: false });
    off.send('ok');
    await off.sources.whenIdle();
    expect(off.fn.invocations).toBe(0);
    expect(off.sqs.counts(off.queue.url).visible).toBe(1);
  });
});

describe('SNS stand-in', () => {
  it('delivers the SNS envelope to a subscribed queue exactly as SNS does for non-raw delivery', async () => {
    const { sqs } = await engine();
    const sns = new LocalSns(sqs, { region: REGION, accountId: ACCOUNT });
    const topic = sns.createTopic('mail-received');
    const queue = sqs.createQueue({ name: 'subscriber' });
    const raw = sqs.createQueue({ name: 'raw-subscriber' });
    const sub = sns.subscribe(topic.arn, queue.arn);
    sns.subscribe(topic.arn, raw.arn, { raw: true });

    const { MessageId } = sns.publish(topic.arn, '{"hello":"world"}', { subject: 'Greetings', attributes: { kind: { Type: 'String', Value: 'test' } } });
    const [delivered] = sqs.receive(queue.url);
    const envelope = JSON.parse(delivered!.body);
    expect(SnsSqsNotificationSchema.parse(envelope)).toBeTruthy();
    expect(Object.keys(envelope)).toEqual([
      'Type',
      'MessageId',
      'TopicArn',
      'Subject',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
      'UnsubscribeURL',
      'MessageAttributes',
    ]);
    expect(envelope).toMatchObject({
      Type: 'Notification',
      MessageId,
      TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:mail-received`,
      Subject: 'Greetings',
      Message: '{"hello":"world"}',
      SignatureVersion: '1',
      UnsubscribeURL: `https://sns.${REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${sub.arn}`,
      MessageAttributes: { kind: { Type: 'String', Value: 'test' } },
    });
    expect(delivered!.body).toContain('"Type" : "Notification"'); // SNS's own layout

    const [bare] = sqs.receive(raw.url);
    expect(bare!.body).toBe('{"hello":"world"}');
    expect(bare!.messageAttributes.kind).toEqual({ DataType: 'String', StringValue: 'test' });

    sns.publish(topic.arn, 'no subject');
    expect(JSON.parse(sqs.receive(queue.url)[0]!.body)).not.toHaveProperty('Subject');
  });
});

describe('S3 event notifications to queues (Custom::S3BucketNotifications)', () => {
  async function presign(base: string, method: string, bucket: string, key: string): Promise<string> {
    const url = new URL(base);
    const signer = new SignatureV4({ service: 's3', region: REGION, credentials: LOCAL_CREDENTIALS, sha256: Sha256, uriEscapePath: false });
    const signed = await signer.presign(
      { method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: `/${bucket}/${key}`, query: {}, headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
      { expiresIn: 60 },
    );
    return `${base}/${bucket}/${key}?${new URLSearchParams(signed.query as Record<string, string>)}`;
  }

  it('sends the S3 event record of each object created under the filter to the queue; serves byte ranges', async () => {
    const { sqs } = await engine();
    const queue = sqs.createQueue({ name: 'created' });
    const root = mkdtempSync(path.join(tmpdir(), 'loopdesk-s3n-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const s3 = new LocalS3(root, REGION);
    s3.addBucket('raw');
    const base = await s3.listen();
    cleanups.push(() => s3.close());
    s3.setNotifications('raw', [{ id: 'parsed', queueArn: queue.arn, events: ['s3:ObjectCreated:*'], prefix: 'parsed/' }], (arn, body) => sqs.send(arn, { body }));

    s3.putObject('raw', 'inbound/ignored', Buffer.from('not under the prefix'));
    s3.putObject('raw', 'parsed/a b.json', Buffer.from('{"x":1}'), 'application/json');
    const put = await fetch(await presign(base, 'PUT', 'raw', 'parsed/over-http'), { method: 'PUT', body: '0123456789' });
    expect(put.status).toBe(200);

    const bodies = sqs.receive(queue.arn, { max: 10 }).map((m) => JSON.parse(m.body));
    expect(bodies).toHaveLength(2);
    for (const b of bodies) expect(S3Schema.safeParse(b).success).toBe(true);
    expect(bodies.map((b) => b.Records[0].s3.object.key)).toEqual(['parsed/a+b.json', 'parsed/over-http']);
    expect(bodies[1].Records[0]).toMatchObject({
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: { configurationId: 'parsed', bucket: { name: 'raw', arn: 'arn:aws:s3:::raw' }, object: { size: 10, eTag: md5('0123456789') } },
    });
    expect(put.headers.get('etag')).toBe(`"${md5('0123456789')}"`);

    const part = await fetch(await presign(base, 'GET', 'raw', 'parsed/over-http'), { headers: { range: 'bytes=0-3' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 0-3/10');
    expect(await part.text()).toBe('0123');
  });
});

/** Speaks SMTP line by line; resolves with each full reply (multi-line replies joined). */
async function smtpDialog(port: number, commands: string[]): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  const replies: string[] = [];
  const waiting: ((reply: string) => void)[] = [];
  let buffer = '';
  let current: string[] = [];
  socket.on('data', (data) => {
    buffer += data.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 2);
      current.push(line);
      if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
        const reply = current.join('\n');
        current = [];
        const waiter = waiting.shift();
        if (waiter) waiter(reply);
        else replies.push(reply);
      }
    }
  });
  const next = () => (replies.length ? Promise.resolve(replies.shift()!) : new Promise<string>((resolve) => waiting.push(resolve)));
  const out = [await next()];
  for (const command of commands) {
    socket.write(`${command}\r\n`);
    out.push(await next());
  }
  socket.end();
  return out;
}

function mime(headers: Record<string, string>, body: string): Buffer {
  return Buffer.from(`${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`, 'utf8');
}

describe('SMTP intake (SES receiving stand-in) on its own', () => {
  it('refuses a message over the size limit with 552 and keeps nothing', async () => {
    const { sqs } = await engine();
    const sns = new LocalSns(sqs, { region: REGION, accountId: ACCOUNT });
    const root = mkdtempSync(path.join(tmpdir(), 'loopdesk-smtp-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const s3 = new LocalS3(root, REGION);
    s3.addBucket('raw');
    const intake = new SmtpIntake({
      rules: [{ name: 'r', recipients: ['example.test'], enabled: true, actions: [{ type: 'S3', bucketName: 'raw', objectKeyPrefix: 'inbound/' }] }],
      s3,
      sns,
      region: REGION,
      maxMessageBytes: 2_048,
      log: () => {},
    });
    const { port } = await intake.listen(0);
    cleanups.push(() => intake.close());
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
    await expect(
      transport.sendMail({ envelope: { from: 'a@b.test', to: ['x@example.test'] }, raw: mime({ Subject: 'big' }, 'x'.repeat(4_000)) }),
    ).rejects.toMatchObject({ responseCode: 552 });
    const ok = await transport.sendMail({ envelope: { from: 'a@b.test', to: ['x@example.test'] }, raw: mime({ Subject: 'small' }, 'fits') });
    expect(ok.response).toMatch(/^250 /);
    expect(intake.received).toHaveLength(1);
    transport.close();
  });
});

describe('the email channel of the synthesized stack', () => {
  let stack: LocalStack;
  let tap: LocalQueue;
  let parseQueue: LocalQueue;
  const template = () => readStacks(testAssemblyDir())[0]!.template;
  const rule = () => resourcesOfType(template(), 'AWS::SES::ReceiptRule')[0]![1].Properties!.Rule;

  beforeAll(async () => {
    stack = await startTestStack('local-queues');
    const subscription = resourcesOfType(template(), 'AWS::SNS::Subscription')[0]![1].Properties!;
    parseQueue = stack.sqs.queues[subscription.Endpoint['Fn::GetAtt'][0]]!;
    // A test-only subscriber on the same topic sees every notification, whatever the handlers do.
    const topicArn = stack.sns.listSubscriptions().find((s) => s.endpoint === parseQueue.arn)!.topicArn;
    tap = stack.sqs.engine.createQueue({ name: 'test-tap' });
    stack.sns.subscribe(topicArn, tap.arn, { raw: true });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** The SES notification of each message SES announced since the last call. */
  const notifications = () => stack.sqs.engine.receive(tap.url, { max: 10 }).map((m) => JSON.parse(m.body));
  const send = async (envelope: { from: string; to: string[] }, raw: Buffer) => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: stack.smtp!.port, ignoreTLS: true });
    try {
      return await transport.sendMail({ envelope, raw });
    } finally {
      transport.close();
    }
  };

  it('serves every queue, topic, subscription and event source mapping of the template', () => {
    const t = template();
    const queueIds = resourcesOfType(t, 'AWS::SQS::Queue').map(([id]) => id);
    expect(Object.keys(stack.sqs.queues).sort()).toEqual(queueIds.sort());
    for (const [id, res] of resourcesOfType(t, 'AWS::SQS::Queue')) {
      const q = stack.sqs.queues[id]!;
      expect(q.settings.retentionSeconds).toBe(res.Properties!.MessageRetentionPeriod);
      if (res.Properties!.VisibilityTimeout) expect(q.settings.visibilityTimeoutSeconds).toBe(res.Properties!.VisibilityTimeout);
      const redrive = res.Properties!.RedrivePolicy;
      if (redrive) expect(q.settings.redrive).toEqual({ deadLetterTargetArn: stack.sqs.queues[redrive.deadLetterTargetArn['Fn::GetAtt'][0]]!.arn, maxReceiveCount: redrive.maxReceiveCount });
    }
    const mappings = resourcesOfType(t, 'AWS::Lambda::EventSourceMapping');
    expect(mappings.length).toBeGreaterThanOrEqual(2);
    expect(stack.eventSources.stats().map((s) => s.logicalId).sort()).toEqual(mappings.map(([id]) => id).sort());
    for (const [, m] of mappings) {
      const fn = stack.functions.get(m.Properties!.FunctionName.Ref)!;
      expect(fn.spec.environment.AWS_ENDPOINT_URL_SQS).toBe(stack.sqs.endpoint);
    }
    // Any function variable that names a queue (its Ref) holds the local queue URL.
    for (const [fnId, fn] of resourcesOfType(t, 'AWS::Lambda::Function')) {
      for (const [name, value] of Object.entries((fn.Properties?.Environment?.Variables ?? {}) as Record<string, any>)) {
        const queue = stack.sqs.queues[value?.Ref];
        if (queue) expect(stack.functions.get(fnId)?.spec.environment[name], `${fnId} ${name}`).toBe(queue.url);
      }
    }
    expect(stack.smtp?.recipients).toEqual(rule().Recipients);
  });

  it("sends S3 event notifications of the template's buckets to their queues, which hand them to their functions", async () => {
    const notifications = resourcesOfType(template(), 'Custom::S3BucketNotifications');
    for (const [, res] of notifications) {
      const bucket = stack.s3.buckets[res.Properties!.BucketName.Ref]!;
      for (const q of res.Properties!.NotificationConfiguration.QueueConfigurations as Record<string, any>[]) {
        const queue = stack.sqs.queues[q.QueueArn['Fn::GetAtt'][0]]!;
        const prefix = (q.Filter?.Key?.FilterRules ?? []).find((r: { Name: string }) => r.Name === 'prefix')?.Value ?? '';
        const mapping = () => stack.eventSources.stats().find((m) => m.queue === queue.name);
        const before = mapping()?.invocations ?? 0;
        stack.s3.engine.putObject(bucket, `${prefix}local-queues-test.json`, Buffer.from('{}'), 'application/json');
        await stack.whenIdle();
        if (mapping()) expect(mapping()!.invocations).toBeGreaterThan(before);
        else expect(stack.sqs.engine.counts(queue.arn).visible).toBeGreaterThan(0);
      }
    }
  });

  it('answers the SDK on the stack endpoint: a handler finds its queue by the URL in its environment', async () => {
    const client = new SQSClient({ endpoint: stack.sqs.endpoint, region: stack.region, credentials });
    const out = await client.send(new GetQueueUrlCommand({ QueueName: parseQueue.name }));
    expect(out.QueueUrl).toBe(parseQueue.url);
    client.destroy();
  });

  it('stores a mailed message under inbound/<SES id> and announces it, 250 only after both', async () => {
    const domain = String(rule().Recipients[0]);
    const raw = mime(
      {
        From: 'Ana Souza <ana@example.com>',
        To: `support@${domain}`,
        Cc: '"Ops, Team" <ops@example.com>, lee@example.com',
        Subject: 'Printer on fire',
        Date: 'Tue, 03 Mar 2026 10:00:00 +0000',
        'Message-ID': '<m1@example.com>',
        'MIME-Version': '1.0',
        'Content-Type': 'text/plain; charset=utf-8',
      },
      'Help.\r\n.leading dot survives\r\nç\r\n',
    );
    // (Matching ignores case: the RCPT test below sends upper case; nodemailer lower-cases domains.)
    const info = await send({ from: 'ana@example.com', to: [`Support+T42@${domain}`] }, raw);
    const sesId = /^250 2\.6\.0 Ok ([a-z0-9]{28})$/.exec(info.response)?.[1];
    expect(sesId, info.response).toBeDefined();

    // Stored the moment 250 came back: SES's trace headers, then the very bytes that were sent.
    const bucket = resolveBucket(rule().Actions[0].S3Action.BucketName.Ref);
    const stored = stack.s3.engine.getObject(bucket, `inbound/${sesId}`);
    expect(stored).toBeDefined();
    expect(stored!.body.subarray(stored!.body.length - raw.length)).toEqual(raw);
    const trace = stored!.body.subarray(0, stored!.body.length - raw.length).toString();
    expect(trace).toMatch(/^Return-Path: <ana@example.com>\r\nReceived: from .* with SMTP id [a-z0-9]{28}/s);
    expect(trace).toContain('X-SES-Spam-Verdict: PASS\r\nX-SES-Virus-Verdict: PASS\r\n');

    const [n] = notifications();
    expect(n.notificationType).toBe('Received');
    expect(SesRecordSchema.shape.ses.shape.mail.safeParse(n.mail).success).toBe(true);
    expect(n.mail).toMatchObject({
      source: 'ana@example.com',
      messageId: sesId,
      destination: [`Support+T42@${domain}`],
      headersTruncated: false,
      commonHeaders: {
        returnPath: 'ana@example.com',
        from: ['Ana Souza <ana@example.com>'],
        to: [`support@${domain}`],
        cc: ['"Ops, Team" <ops@example.com>', 'lee@example.com'],
        date: 'Tue, 03 Mar 2026 10:00:00 +0000',
        messageId: '<m1@example.com>',
        subject: 'Printer on fire',
      },
    });
    expect(n.mail.headers.slice(0, 2).map((h: { name: string }) => h.name)).toEqual(['Return-Path', 'Received']);
    expect(n.receipt).toMatchObject({
      recipients: [`Support+T42@${domain}`],
      spamVerdict: { status: 'PASS' },
      virusVerdict: { status: 'PASS' },
      spfVerdict: { status: 'PASS' },
      dkimVerdict: { status: 'PASS' },
      dmarcVerdict: { status: 'PASS' },
      action: { type: 'S3', bucketName: bucket, objectKeyPrefix: 'inbound/', objectKey: `inbound/${sesId}`, topicArn: expect.stringMatching(/^arn:aws:sns:/) },
    });
    expect(n.receipt).not.toHaveProperty('dmarcPolicy');

    // The same notification went to the parse queue inside SNS's envelope and was handed to its function.
    await stack.whenIdle();
    const parse = stack.eventSources.stats().find((s) => s.queue === parseQueue.name)!;
    expect(parse.invocations).toBeGreaterThanOrEqual(1);
    const envelopes = stack.sqs.engine.peek(parseQueue.url).map((m) => JSON.parse(m.body));
    for (const e of envelopes) expect(SnsSqsNotificationSchema.safeParse(e).success).toBe(true);
  });

  it('refuses recipients outside the receipt rule with 550 5.1.1, matching domains case-insensitively', async () => {
    const domain = String(rule().Recipients[0]);
    const replies = await smtpDialog(stack.smtp!.port, [
      'EHLO client.example',
      'MAIL FROM:<ana@example.com>',
      'RCPT TO:<someone@elsewhere.example>',
      `RCPT TO:<help+ticket-9@${domain.toUpperCase()}>`,
      `RCPT TO:<x@sub.${domain}>`,
      'QUIT',
    ]);
    expect(replies[1]).toContain('SIZE 41943040'); // SES's 40 MB limit, advertised
    expect(replies[3]).toBe('550 5.1.1 Requested action not taken: mailbox unavailable');
    expect(replies[4]).toMatch(/^250 /);
    expect(replies[5]).toMatch(/^550 5\.1\.1/);
  });

  it('takes the verdicts from X-Loopdesk-Local-Verdicts, the local stand-in for SES scanning', async () => {
    const domain = String(rule().Recipients[0]);
    const raw = mime(
      { From: 'spammer@example.net', To: `support@${domain}`, Subject: 'Win', 'X-Loopdesk-Local-Verdicts': 'spam=FAIL; dkim=FAIL; dmarc=FAIL; dmarcPolicy=reject' },
      'prize',
    );
    await send({ from: 'spammer@example.net', to: [`support@${domain}`] }, raw);
    const [n] = notifications();
    expect(n.receipt).toMatchObject({
      spamVerdict: { status: 'FAIL' },
      virusVerdict: { status: 'PASS' },
      spfVerdict: { status: 'PASS' },
      dkimVerdict: { status: 'FAIL' },
      dmarcVerdict: { status: 'FAIL' },
      dmarcPolicy: 'reject',
    });
    expect(n.mail.headers).toContainEqual({ name: 'X-Loopdesk-Local-Verdicts', value: 'spam=FAIL; dkim=FAIL; dmarc=FAIL; dmarcPolicy=reject' });
    expect(n.mail.commonHeaders).not.toHaveProperty('date');

    await expect(
      send({ from: 'a@example.net', to: [`support@${domain}`] }, mime({ Subject: 'x', 'X-Loopdesk-Local-Verdicts': 'spam=MAYBE' }, 'x')),
    ).rejects.toMatchObject({ responseCode: 554 });
  });

  function resolveBucket(logicalId: string): string {
    return stack.s3.buckets[logicalId]!;
  }
});
