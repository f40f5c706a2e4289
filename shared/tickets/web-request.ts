import * as z from 'zod/mini';

/**
 * The public web form. `website` is a honeypot: a field people never see and bots fill in.
 * Strict, so nobody can slip in an assignee, a status or a priority.
 */
export const webRequestSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1, 'Please tell us your name'), z.maxLength(200)),
  email: z.string().check(z.trim(), z.toLowerCase(), z.email('Please give a valid email address'), z.maxLength(254)),
  subject: z.string().check(z.trim(), z.minLength(1, 'Please give a subject'), z.maxLength(200)),
  description: z.string().check(z.trim(), z.minLength(1, 'Please describe your request'), z.maxLength(20_000)),
  categoryId: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/))),
  language: z._default(z.enum(['en', 'zh-CN']), 'en'),
  website: z.optional(z.string().check(z.maxLength(200))),
});
export type WebRequest = z.infer<typeof webRequestSchema>;

export const customerReplySchema = z.strictObject({
  body: z.string().check(z.trim(), z.minLength(1, 'Write something first'), z.maxLength(20_000)),
  attachmentIds: z.optional(z.array(z.uuid()).check(z.maxLength(10, 'At most 10 files per message'))),
});
