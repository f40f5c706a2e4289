import * as z from 'zod/mini';

export const ENTRY_KINDS = ['reply', 'note'] as const;
export const THREAD_METHODS = ['reply-address', 'headers', 'marker', 'subject'] as const;

/** Where an entry came from when it arrived by email: enough to thread, audit and show it. */
export const entryEmailSchema = z.object({
  sesMessageId: z.string(),
  messageId: z.optional(z.string()),
  from: z.string(),
  fromName: z.optional(z.string()),
  to: z.optional(z.array(z.string())),
  cc: z.optional(z.array(z.string())),
  subject: z.string(),
  /** The HTML as received; the console shows it only through its sanitizer, in a sandbox. */
  html: z.optional(z.string()),
  /** How the message found this ticket (absent: it opened the ticket). */
  matchedBy: z.optional(z.enum(THREAD_METHODS)),
  /** Machine-sent mail (auto-reply, bounce, list): recorded, never reopens, never answered. */
  automated: z.optional(z.object({ kind: z.string(), evidence: z.string() })),
  /** SES could not verify the sender (SPF or DKIM failed). */
  unverified: z.optional(z.boolean()),
  /** Whether an automatic acknowledgement goes out, or why not. */
  autoAck: z.optional(z.string()),
});
export type EntryEmail = z.infer<typeof entryEmailSchema>;

/** How an outgoing reply's mail is doing: shown on the entry (sent / retrying / failed). */
export const deliverySchema = z.object({
  status: z.enum(['queued', 'retrying', 'sent', 'failed', 'suppressed']),
  at: z.string(),
  attempts: z.optional(z.number()),
  /** Ids the mail is known by: ours and the one SES gave it (SES rewrites Message-ID). */
  messageIds: z.optional(z.array(z.string())),
  detail: z.optional(z.string()),
});
export type Delivery = z.infer<typeof deliverySchema>;
export const AUTHOR_TYPES = ['agent', 'customer', 'system'] as const;

/**
 * One message on a ticket's thread. `note`s are internal: never shown or sent to customers.
 * Bodies are plain text; HTML from email arrives already sanitized (email issue).
 */
export const threadEntrySchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  kind: z.enum(ENTRY_KINDS),
  body: z.string(),
  author: z.object({ type: z.enum(AUTHOR_TYPES), id: z.string(), name: z.optional(z.string()) }),
  attachmentIds: z.optional(z.array(z.string())),
  email: z.optional(entryEmailSchema),
  delivery: z.optional(deliverySchema),
  createdAt: z.string(),
});
export type ThreadEntry = z.infer<typeof threadEntrySchema>;

export const newEntryInputSchema = z.strictObject({
  kind: z.enum(ENTRY_KINDS),
  body: z.string().check(z.trim(), z.minLength(1, 'Write something first'), z.maxLength(20_000, 'At most 20,000 characters')),
  /** Files uploaded to this ticket beforehand (POST …/attachments), shown with the message. */
  attachmentIds: z.optional(z.array(z.uuid()).check(z.maxLength(10, 'At most 10 files per message'))),
});
export type NewEntryInput = z.infer<typeof newEntryInputSchema>;

/** The immutable record of one change: who, what (old → new), when. */
export const historyEntrySchema = z.object({
  id: z.string(),
  ticketId: z.uuid(),
  at: z.string(),
  actor: z.object({ type: z.enum(AUTHOR_TYPES), id: z.string() }),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
