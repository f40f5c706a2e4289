import * as z from 'zod/mini';
import type { ParsedMail } from './parsed-mail.ts';

/**
 * What the parser stage hands the filer stage: the object it writes under parsed/ (S3 then tells
 * the filer's queue). Either the parsed message, or one the parser could not turn into one (kept
 * and held with the reason, never dropped). The parsed message is our own output, so only its
 * envelope is checked here.
 */
export const mailHandoffSchema = z.union([
  z.object({
    kind: z.literal('parsed'),
    sesMessageId: z.string(),
    mail: z.looseObject({ sesMessageId: z.string() }),
    /** Set when staff released a held message: file it whatever the verdicts said. */
    releasedBy: z.optional(z.string()),
  }),
  z.object({
    kind: z.literal('held'),
    sesMessageId: z.string(),
    reason: z.enum(['unparseable', 'too-large']),
    receivedAt: z.string(),
    from: z.optional(z.string()),
    subject: z.string(),
    size: z.number(),
    detail: z.string(),
    /** For a message too large to take in: whom to tell (absent when it must not be answered). */
    notify: z.optional(z.object({ address: z.string(), language: z.enum(['en', 'zh-CN']) })),
  }),
]);
type Parsed = z.infer<typeof mailHandoffSchema>;
/** The hand-off as written: the parsed message in full (its schema only checks the envelope). */
export type MailHandoff = Exclude<Parsed, { kind: 'parsed' }> | { kind: 'parsed'; sesMessageId: string; mail: ParsedMail; releasedBy?: string };

export const parsedKeyOf = (sesMessageId: string) => `parsed/${sesMessageId}.json`;
export const rawKeyOf = (sesMessageId: string) => `inbound/${sesMessageId}`;
/** Files from a message live under the attachments bucket's tickets/ prefix, by message. */
export const mailFileKey = (sesMessageId: string, index: number) => `tickets/mail/${sesMessageId}/${index}`;
