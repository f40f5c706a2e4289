import * as z from 'zod/mini';
import { DynamoOutboxStore } from '#shared/adapters/dynamodb/outbox-store.ts';
import { feedbackDecision, sesEventSchema } from '#shared/email/mail-feedback.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { logger } from '../lib/observability.ts';
import { sqsBatch } from '../lib/sqs-batch.ts';
import { tableDeps } from '../lib/table-deps.ts';

const deps = tableDeps();
const outbox = new DynamoOutboxStore(deps.table);
const envelopeSchema = z.object({ Type: z.literal('Notification'), Message: z.string() });

/** Bounces and complaints from SES: suppress the address, and say so on the mail's entry. */
export const handler = sqsBatch(async (record) => {
  try {
    const event = sesEventSchema.parse(JSON.parse(envelopeSchema.parse(JSON.parse(record.body)).Message));
    const decision = feedbackDecision(event);
    const at = new Date().toISOString();
    for (const s of decision.suppress) await outbox.suppress(s.address, s.reason, at);
    const outboxId = event.mail.tags?.['outboxId']?.[0];
    const mail = outboxId ? await outbox.get(outboxId) : undefined;
    if (mail && decision.failure) await outbox.record(mail, { status: 'failed', at, detail: decision.failure });
    logger.info('Mail feedback', { eventType: event.eventType, outboxId, suppressed: decision.suppress.length });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
