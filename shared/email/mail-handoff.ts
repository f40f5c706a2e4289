import * as z from 'zod/mini';

/**
 * What the parser stage hands the filer stage on its queue: a pointer to the parsed message, or a
 * message the parser could not turn into one (kept and held with the reason, never dropped).
 */
export const mailHandoffSchema = z.union([
  z.object({ kind: z.literal('parsed'), sesMessageId: z.string(), parsedKey: z.string() }),
  z.object({
    kind: z.literal('held'),
    sesMessageId: z.string(),
    reason: z.enum(['unparseable', 'too-large']),
    receivedAt: z.string(),
    from: z.optional(z.string()),
    subject: z.string(),
    size: z.number(),
    detail: z.string(),
  }),
]);
export type MailHandoff = z.infer<typeof mailHandoffSchema>;

export const parsedKeyOf = (sesMessageId: string) => `parsed/${sesMessageId}.json`;
export const rawKeyOf = (sesMessageId: string) => `inbound/${sesMessageId}`;
/** Files from a message live under the attachments bucket's tickets/ prefix, by message. */
export const mailFileKey = (sesMessageId: string, index: number) => `tickets/mail/${sesMessageId}/${index}`;
