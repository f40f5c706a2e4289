import * as z from 'zod/mini';
import type { MailVerdicts } from './parsed-mail.ts';

const verdict = z.object({ status: z.string() });

/**
 * The parts of SES's "Received" notification (S3 action, delivered through SNS) that intake uses.
 * Verdicts come from here, never from headers in the message (a sender can write any header).
 */
export const sesReceivedSchema = z.object({
  notificationType: z.literal('Received'),
  mail: z.object({
    timestamp: z.string(),
    source: z.string(),
    messageId: z.string().check(z.regex(/^[A-Za-z0-9._-]{1,100}$/, 'Not an SES message id')),
    commonHeaders: z.optional(z.object({ from: z.optional(z.array(z.string())), subject: z.optional(z.string()) })),
    /** The message's headers (SES truncates past 10 KB): enough to judge a message we will not parse. */
    headers: z.optional(z.array(z.object({ name: z.string(), value: z.string() }))),
  }),
  receipt: z.object({
    recipients: z.array(z.string()),
    spamVerdict: verdict,
    virusVerdict: verdict,
    spfVerdict: verdict,
    dkimVerdict: verdict,
    dmarcVerdict: verdict,
    dmarcPolicy: z.optional(z.string()),
    action: z.object({ type: z.literal('S3'), bucketName: z.string(), objectKey: z.string() }),
  }),
});
export type SesReceived = z.infer<typeof sesReceivedSchema>;

const snsEnvelopeSchema = z.object({ Type: z.literal('Notification'), Message: z.string() });

/** An SQS record body from the topic SES notifies → the notification inside it. */
export function sesNotificationFromSqsBody(body: string): SesReceived {
  const envelope = snsEnvelopeSchema.parse(JSON.parse(body));
  return sesReceivedSchema.parse(JSON.parse(envelope.Message));
}

const VERDICTS = ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED'] as const;
const asVerdict = (v: { status: string }) => ((VERDICTS as readonly string[]).includes(v.status) ? v.status : 'PROCESSING_FAILED') as MailVerdicts['spam'];

export function verdictsOf(n: SesReceived): MailVerdicts {
  const r = n.receipt;
  const policy = r.dmarcPolicy?.toLowerCase();
  return {
    spam: asVerdict(r.spamVerdict),
    virus: asVerdict(r.virusVerdict),
    spf: asVerdict(r.spfVerdict),
    dkim: asVerdict(r.dkimVerdict),
    dmarc: asVerdict(r.dmarcVerdict),
    ...(policy === 'none' || policy === 'quarantine' || policy === 'reject' ? { dmarcPolicy: policy } : {}),
  };
}
