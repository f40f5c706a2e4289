import * as z from 'zod/mini';
import type { MailIdentity } from '#shared/email/outbound-mail.ts';
import { readEnv } from './env.ts';

const identitySchema = z.object({
  domain: z.string(),
  addresses: z.array(z.object({ address: z.string(), teamId: z.optional(z.string()) })),
  displayName: z.optional(z.string()),
});

/** The stack's support addresses (from cdk.json, through the function's environment). */
export function mailIdentity(): MailIdentity {
  return identitySchema.parse(JSON.parse(readEnv({ MAIL_SETTINGS: z.string().check(z.minLength(2)) }).MAIL_SETTINGS));
}
