import * as z from 'zod/mini';
import { fileMail } from '#shared/email/file-mail.ts';
import { HELD_VIEW } from '#shared/email/mail-policy.ts';
import { mailHandoffSchema, rawKeyOf } from '#shared/email/mail-handoff.ts';
import type { ParsedMail } from '#shared/email/parsed-mail.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { mailDeps } from '../lib/mail-deps.ts';
import { logger } from '../lib/observability.ts';
import { sqsBatch } from '../lib/sqs-batch.ts';

const m = mailDeps();

/** The S3 event S3 puts on the queue when the parser writes a parsed/ object. */
const s3EventSchema = z.object({
  Records: z.optional(z.array(z.object({ s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }) }))),
  Event: z.optional(z.string()),
});

/**
 * Files each parsed message: a new ticket, an entry on the ticket it continues, a follow-up, or a
 * held message (quarantine, spam). Repeats of a message file nothing twice; a failure is retried
 * by the queue and, after five receives, parked in its dead-letter queue for replay.
 */
export const handler = sqsBatch(async (record) => {
  try {
    const event = s3EventSchema.parse(JSON.parse(record.body));
    if (event.Event === 's3:TestEvent') return; // S3 checks the destination once when notifications are set up
    for (const r of event.Records ?? []) {
      const key = decodeURIComponent(r.s3.object.key.replace(/\+/g, ' '));
      const handoff = mailHandoffSchema.parse(JSON.parse(new TextDecoder().decode(await m.objects.get(r.s3.bucket.name, key))));
      if (handoff.kind === 'held') {
        const { kind: _kind, notify, ...held } = handoff;
        await m.deps.mail.hold({ ...held, view: HELD_VIEW[held.reason], rawKey: rawKeyOf(held.sesMessageId) });
        logger.warn('Mail held', { sesMessageId: held.sesMessageId, reason: held.reason, detail: held.detail });
        // One polite notice per message (the claim), within the caps for automated mail per address.
        if (notify && (await m.deps.mail.claim(`notice:${held.sesMessageId}`, new Date(), 3600)).status === 'new' && (await m.deps.allowAutomatedMail(notify.address))) {
          await m.deps.tickets.store.queueMail!({
            id: m.deps.tickets.ids.next(),
            ticketId: held.sesMessageId,
            kind: 'postmaster',
            shownOn: { held: held.sesMessageId },
            to: [notify.address],
            language: notify.language,
            notice: { subject: held.subject, limitMb: 25 },
            createdAt: new Date().toISOString(),
          });
        }
        continue;
      }
      const result = await fileMail(m.deps, handoff.mail as unknown as ParsedMail, handoff.releasedBy ? { releasedBy: handoff.releasedBy } : {});
      if (handoff.releasedBy) {
        const ticketId = 'ticketId' in result ? result.ticketId : undefined;
        await m.deps.mail.markReleased(handoff.sesMessageId, { at: m.deps.tickets.clock.now().toISOString(), by: handoff.releasedBy, ...(ticketId ? { ticketId } : {}) });
      }
      logger.info('Mail filed', { sesMessageId: handoff.sesMessageId, ...result });
    }
  } finally {
    logConsumedCapacity(m.meter);
  }
});
