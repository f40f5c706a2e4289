import * as z from 'zod/mini';
import { createObjectStore } from '#shared/adapters/s3/objects.ts';
import { detectAutomated } from '#shared/email/automated-mail.ts';
import { mailFileKey, parsedKeyOf, type MailHandoff } from '#shared/email/mail-handoff.ts';
import { languageOf } from '#shared/email/outbound-mail.ts';
import { parseMail } from '#shared/email/parse-mail.ts';
import type { ParsedMail } from '#shared/email/parsed-mail.ts';
import { sesNotificationFromSqsBody, verdictsOf, type SesReceived } from '#shared/email/ses-notification.ts';
import { readEnv } from '../lib/env.ts';
import { logger } from '../lib/observability.ts';
import { sqsBatch } from '../lib/sqs-batch.ts';

const env = readEnv({
  ATTACHMENTS_BUCKET: z.string().check(z.minLength(1)),
  RAW_MAIL_BUCKET: z.string().check(z.minLength(1)),
});
const objects = createObjectStore();

/** Messages up to 25 MB are taken in; a larger one is kept and held (its sender is told once). */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/**
 * Turns each message SES stored into its parsed form: text (HTML kept for the console's
 * sanitizer) and files stored beside the console's uploads, written under parsed/ — which hands
 * it to the filer. A message that is too large is handed on as held; one that cannot be parsed is
 * held with the reason and also left to fail into the dead-letter queue, from which it can be
 * replayed once the parser handles it. Never dropped.
 */
export const handler = sqsBatch(async (record) => {
  const notification = sesNotificationFromSqsBody(record.body);
  const { bucketName, objectKey } = notification.receipt.action;
  const sesMessageId = notification.mail.messageId;
  const size = await objects.size(bucketName, objectKey);
  if (size > MAX_MESSAGE_BYTES) {
    return handOff({ ...held(notification, 'too-large', size, `The message is ${size} bytes; at most ${MAX_MESSAGE_BYTES} are taken in`), ...tooLargeNotice(notification) });
  }

  let parsed: Awaited<ReturnType<typeof parseMail>>;
  try {
    parsed = await parseMail(await objects.get(bucketName, objectKey));
  } catch (error) {
    logger.warn('Mail could not be parsed; held', { sesMessageId, error });
    await handOff(held(notification, 'unparseable', size, error instanceof Error ? error.message : String(error)));
    throw error;
  }
  if (parsed.notes.length) logger.info('Mail parsed with notes', { sesMessageId, notes: parsed.notes });
  const attachments = [];
  for (const [index, file] of parsed.attachments.entries()) {
    const key = mailFileKey(sesMessageId, index);
    await objects.put(env.ATTACHMENTS_BUCKET, key, file.content, file.contentType);
    const { content: _content, ...info } = file;
    attachments.push({ ...info, key });
  }
  const mail: ParsedMail = {
    ...parsed.content,
    sesMessageId,
    recipients: notification.receipt.recipients.map((r) => r.toLowerCase()),
    size,
    attachments,
    verdicts: verdictsOf(notification),
    receivedAt: notification.mail.timestamp,
  };
  await handOff({ kind: 'parsed', sesMessageId, mail });
});

function held(n: SesReceived, reason: 'unparseable' | 'too-large', size: number, detail: string): MailHandoff {
  const from = n.mail.commonHeaders?.from?.[0];
  return {
    kind: 'held',
    sesMessageId: n.mail.messageId,
    reason,
    receivedAt: n.mail.timestamp,
    ...(from ? { from: from.slice(0, 300) } : {}),
    subject: (n.mail.commonHeaders?.subject ?? '').slice(0, 300),
    size,
    detail: detail.slice(0, 1000),
  };
}

/**
 * Whom to tell that a message was too large, judged from what SES reported (the message itself
 * is not read): never the null sender, never machine mail (no loops), never our own domain.
 */
function tooLargeNotice(n: SesReceived): Pick<Extract<MailHandoff, { kind: 'held' }>, 'notify'> {
  const headers = (n.mail.headers ?? []).map((h) => ({ key: h.name.toLowerCase(), value: h.value }));
  const returnPath = n.mail.source.replace(/^<|>$/g, '').trim().toLowerCase();
  const fromHeader = n.mail.commonHeaders?.from?.[0] ?? '';
  const address = (/<([^<>@\s]+@[^<>\s]+)>/.exec(fromHeader)?.[1] ?? fromHeader).trim().toLowerCase();
  const ownDomain = n.receipt.recipients[0]?.split('@')[1]?.toLowerCase();
  const automated = detectAutomated(headers, { type: 'multipart/mixed' }, address ? { address, name: '' } : undefined, returnPath);
  if (!returnPath || !address.includes('@') || automated || (ownDomain && address.endsWith(`@${ownDomain}`))) return {};
  return { notify: { address, language: languageOf(undefined, n.mail.commonHeaders?.subject ?? '') } };
}

async function handOff(doc: MailHandoff): Promise<void> {
  await objects.put(env.RAW_MAIL_BUCKET, parsedKeyOf(doc.sesMessageId), JSON.stringify(doc), 'application/json');
}
