import * as z from 'zod/mini';

/** SES's event for a mail we sent (configuration set → SNS): only what feedback handling reads. */
export const sesEventSchema = z.object({
  eventType: z.string(),
  mail: z.object({ messageId: z.string(), tags: z.optional(z.record(z.string(), z.array(z.string()))) }),
  bounce: z.optional(z.object({ bounceType: z.string(), bounceSubType: z.optional(z.string()), bouncedRecipients: z.array(z.object({ emailAddress: z.string(), diagnosticCode: z.optional(z.string()) })) })),
  complaint: z.optional(z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })) })),
  reject: z.optional(z.object({ reason: z.optional(z.string()) })),
});
export type SesEvent = z.infer<typeof sesEventSchema>;

export interface FeedbackDecision {
  /** Addresses never to write to again (hard bounce, complaint). */
  suppress: { address: string; reason: string }[];
  /** What to show on the mail's entry, if anything went wrong for it. */
  failure?: string;
}

/**
 * What a bounce or complaint means. A permanent bounce or a complaint suppresses the address
 * (writing again would hurt the sending reputation of the whole account); a transient bounce
 * (mailbox full, greylisting) is only noted; a reject (virus in our own mail) fails the mail.
 */
export function feedbackDecision(e: SesEvent): FeedbackDecision {
  if (e.eventType === 'Bounce' && e.bounce) {
    const who = e.bounce.bouncedRecipients.map((r) => r.emailAddress.toLowerCase());
    const why = e.bounce.bouncedRecipients.map((r) => r.diagnosticCode).find(Boolean) ?? `${e.bounce.bounceType} bounce`;
    if (e.bounce.bounceType === 'Permanent') return { suppress: who.map((address) => ({ address, reason: `bounce: ${why}`.slice(0, 300) })), failure: `Bounced: ${why}`.slice(0, 300) };
    return { suppress: [], failure: `Not delivered yet (${e.bounce.bounceSubType ?? 'transient'}): ${why}`.slice(0, 300) };
  }
  if (e.eventType === 'Complaint' && e.complaint) {
    return { suppress: e.complaint.complainedRecipients.map((r) => ({ address: r.emailAddress.toLowerCase(), reason: 'complaint' })) };
  }
  if (e.eventType === 'Reject') return { suppress: [], failure: `Rejected by SES: ${e.reject?.reason ?? 'unknown'}` };
  return { suppress: [] };
}
