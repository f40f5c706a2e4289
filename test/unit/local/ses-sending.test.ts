// Proves the SES sending stand-in rewrites headers like SES, publishes only the event types a destination lists, on the stack's clock, and fails on demand.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalSesSending, withHeaders } from '../../../infra/local/ses-sending.ts';
import { LocalSns } from '../../../infra/local/sns-router.ts';
import { LocalSqs } from '../../../infra/local/sqs-engine.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('withHeaders', () => {
  it('replaces every occurrence of a field (folded lines included) where the first stood, and keeps the body bytes', () => {
    const body = Buffer.from([0xe2, 0x9c, 0x89, 0x0d, 0x0a, 0xff]);
    const raw = Buffer.concat([Buffer.from('From: a@x.com\r\nMessage-ID:\r\n <ours@x.com>\r\nSubject: Hi\r\nmessage-id: <again@x.com>\r\n\r\n'), body]);
    const out = withHeaders(raw, { 'message-id': '<ses@eu-west-1.amazonses.com>' });
    expect(out.subarray(0, out.length - body.length).toString()).toBe('From: a@x.com\r\nMessage-ID: <ses@eu-west-1.amazonses.com>\r\nSubject: Hi\r\n\r\n');
    expect(out.subarray(out.length - body.length)).toEqual(body);
  });

  it('puts a field the message lacks first', () => {
    const out = withHeaders(Buffer.from('From: a@x.com\nSubject: Hi\n\nbody\n'), { 'message-id': '<m@x>' });
    expect(out.toString()).toBe('Message-ID: <m@x>\nFrom: a@x.com\nSubject: Hi\n\nbody\n');
  });
});

async function standIn(matchingEventTypes: ('bounce' | 'complaint' | 'delivery' | 'send')[]) {
  const sqs = new LocalSqs({ region: 'eu-west-1', accountId: '000000000000' });
  const feedback = sqs.createQueue({ name: 'feedback' });
  const sns = new LocalSns(sqs, { region: 'eu-west-1', accountId: '000000000000' });
  const topic = sns.createTopic('feedback');
  sns.subscribe(topic.arn, feedback.arn, { raw: true });
  const outboxDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-ses-unit-'));
  const ses = new LocalSesSending({
    region: 'eu-west-1',
    accountId: '000000000000',
    identities: [{ identity: 'loopdesk.local' }],
    configurationSets: { sending: [{ name: 'Feedback', enabled: true, matchingEventTypes, topicArn: topic.arn }] },
    outboxDir,
    sns,
    clock: sqs,
    feedbackDelayMs: 2_000,
  });
  const client = new SESClient({ endpoint: await ses.listen(), region: 'eu-west-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 });
  cleanups.push(() => rmSync(outboxDir, { recursive: true, force: true }), () => sqs.close(), () => ses.close(), () => client.destroy());
  const send = (to: string, from = 'Support <support@help.loopdesk.local>') =>
    client.send(
      new SendRawEmailCommand({
        RawMessage: { Data: Buffer.from(`From: ${from}\r\nTo: ${to}\r\nSubject: =?UTF-8?B?w4lsw6h2ZQ==?=\r\n\r\nHi\r\n`) },
        Destinations: [to],
        ConfigurationSetName: 'sending',
        Tags: [{ Name: 'outboxId', Value: 'o-1' }],
      }),
    );
  const events = () => sqs.peek(feedback.arn).map((m) => JSON.parse(m.body));
  return { sqs, ses, send, events };
}

describe('SES sending stand-in', () => {
  it("publishes only the destination's event types, when the clock reaches them", async () => {
    const { ses, sqs, send, events } = await standIn(['bounce']);
    await send('ana@example.com'); // a subdomain of a verified domain may send
    await send('bounce@simulator.amazonses.com');
    expect(ses.files()).toHaveLength(2);
    expect(ses.publishFeedback('due')).toBe(0);
    expect(events()).toEqual([]);
    const before = sqs.now();
    expect(ses.publishFeedback('all')).toBe(1);
    expect(sqs.now() - before).toBeGreaterThan(1_900);
    const [bounce] = events();
    expect(bounce).toMatchObject({
      eventType: 'Bounce',
      bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'bounce@simulator.amazonses.com', action: 'failed', status: '5.1.1' }] },
      mail: {
        source: 'Support <support@help.loopdesk.local>',
        sendingAccountId: '000000000000',
        destination: ['bounce@simulator.amazonses.com'],
        headersTruncated: false,
        commonHeaders: { subject: 'Élève' },
        tags: { outboxId: ['o-1'], 'ses:configuration-set': ['sending'] },
      },
    });
  });

  it('publishes send and delivery events when the destination asks for them', async () => {
    const { ses, send, events } = await standIn(['send', 'delivery']);
    const { MessageId } = await send('ana@example.com');
    expect(events().map((e) => e.eventType)).toEqual(['Send']);
    ses.publishFeedback('all');
    expect(events().map((e) => [e.eventType, e.mail.messageId])).toEqual([
      ['Send', MessageId],
      ['Delivery', MessageId],
    ]);
  });

  it('fails the next n calls with the code asked for, then accepts again', async () => {
    const { ses, send } = await standIn([]);
    ses.failNext(2, 'ServiceUnavailable');
    await expect(send('ana@example.com')).rejects.toMatchObject({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
    await expect(send('ana@example.com')).rejects.toMatchObject({ name: 'ServiceUnavailable' });
    await expect(send('ana@example.com')).resolves.toMatchObject({ MessageId: expect.stringMatching(/-000000$/) });
    await expect(send('ana@example.com', 'x@loopdesk.local.evil.com')).rejects.toMatchObject({ name: 'MessageRejected' });
    expect(ses.calls).toBe(4);
    expect(ses.files()).toHaveLength(1);
  });
});
