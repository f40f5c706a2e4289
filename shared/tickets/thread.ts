import * as z from 'zod/mini';

export const ENTRY_KINDS = ['reply', 'note'] as const;
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
