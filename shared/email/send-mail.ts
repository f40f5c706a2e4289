import type { Delivery } from '../tickets/thread.ts';
import { buildMime, type MimeAttachment } from './mime-builder.ts';
import type { OutboxMail } from './outbound-mail.ts';

export interface SendPorts {
  /** True when this outbox item was already sent (a repeated delivery of the queue message). */
  alreadySent(id: string): Promise<boolean>;
  /** The addresses among these that bounced for good or complained. */
  suppressedAmong(addresses: string[]): Promise<Set<string>>;
  file(key: string): Promise<Uint8Array>;
  /** Hands the raw message to SES; answers SES's message id. */
  send(raw: Uint8Array, destinations: string[], outboxId: string, ticketId: string): Promise<string>;
  record(mail: OutboxMail, delivery: Delivery): Promise<void>;
  rememberMessageIds(ids: string[], ticketId: string): Promise<void>;
  now(): Date;
  /** SES rewrites Message-ID to `<its id>@<region>.amazonses.com`; replies will name that one. */
  sesMessageIdDomain: string;
}

export type SendOutcome = 'sent' | 'suppressed' | 'already-sent';

/**
 * Sends one queued mail. Suppressed recipients are left out (and a mail with no one left is
 * marked suppressed, not sent); a failure is recorded as retrying, or failed on the last attempt,
 * and rethrown so the queue retries and finally parks it in the dead-letter queue.
 */
export async function sendQueuedMail(ports: SendPorts, mail: OutboxMail, attempt: number, maxAttempts: number): Promise<SendOutcome> {
  if (await ports.alreadySent(mail.id)) return 'already-sent';
  const suppressed = await ports.suppressedAmong([...mail.to, ...mail.cc]);
  const to = mail.to.filter((a) => !suppressed.has(a.toLowerCase()));
  const cc = mail.cc.filter((a) => !suppressed.has(a.toLowerCase()));
  if (to.length === 0) {
    await ports.record(mail, { status: 'suppressed', at: ports.now().toISOString(), detail: `Not sent: ${mail.to.join(', ')} bounced or complained before` });
    return 'suppressed';
  }
  try {
    const attachments: MimeAttachment[] = [];
    for (const a of mail.attachments) attachments.push({ name: a.name, contentType: a.contentType, content: await ports.file(a.key) });
    const raw = buildMime({ ...mail, to, cc, date: ports.now(), attachments, ...(mail.autoSubmitted ? { autoSubmitted: mail.autoSubmitted } : {}) });
    const sesId = await ports.send(raw, [...to, ...cc], mail.id, mail.ticketId);
    const messageIds = [mail.messageId, `${sesId}@${ports.sesMessageIdDomain}`];
    // Replies to our ticket mail thread by these ids; a postmaster notice belongs to no ticket, a staff notice to no conversation.
    if (mail.kind !== 'postmaster' && mail.kind !== 'staff-notice') await ports.rememberMessageIds(messageIds, mail.ticketId);
    await ports.record(mail, { status: 'sent', at: ports.now().toISOString(), attempts: attempt, messageIds });
    return 'sent';
  } catch (error) {
    const final = attempt >= maxAttempts;
    const detail = error instanceof Error ? error.message.slice(0, 300) : 'Sending failed';
    await ports.record(mail, { status: final ? 'failed' : 'retrying', at: ports.now().toISOString(), attempts: attempt, detail }).catch(() => undefined);
    throw error;
  }
}
