import * as z from 'zod/mini';

import { CUSTOMER_TIERS } from './customer-tier.ts';
export { CUSTOMER_TIERS };
export const LANGUAGES = ['en', 'zh-CN'] as const;

export const emailSchema = z.string().check(z.trim(), z.toLowerCase(), z.email('Not a valid email address'), z.maxLength(254));
/** Phones are kept as + and digits only, so "+86 138-0013-8000" and "+8613800138000" are one number. */
const phoneSchema = z.pipe(
  z.string().check(z.trim(), z.maxLength(40)),
  z.transform((raw: string) => raw.replace(/(?!^\+)[^\d]/g, '')),
).check(z.regex(/^\+?\d{5,20}$/, 'Not a valid phone number'));

export const customerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  organizationId: z.optional(z.string()),
  tier: z.enum(CUSTOMER_TIERS),
  region: z.optional(z.string()),
  language: z.enum(LANGUAGES),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});
export type Customer = z.infer<typeof customerSchema>;

export const newCustomerInputSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1, 'Name is required'), z.maxLength(200)),
  emails: z._default(z.array(emailSchema).check(z.maxLength(10)), []),
  phones: z._default(z.array(phoneSchema).check(z.maxLength(10)), []),
  organizationId: z.optional(z.uuid()),
  tier: z._default(z.enum(CUSTOMER_TIERS), 'standard'),
  region: z.optional(z.string().check(z.trim(), z.maxLength(64))),
  language: z._default(z.enum(LANGUAGES), 'en'),
  tags: z._default(z.array(z.string().check(z.trim(), z.toLowerCase(), z.minLength(1), z.maxLength(40))).check(z.maxLength(20)), []),
});
export type NewCustomerInput = z.infer<typeof newCustomerInputSchema>;

export const customerUpdateSchema = z.partial(
  z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1, 'Name is required'), z.maxLength(200)),
    organizationId: z.nullable(z.uuid()),
    tier: z.enum(CUSTOMER_TIERS),
    region: z.nullable(z.string().check(z.trim(), z.maxLength(64))),
    language: z.enum(LANGUAGES),
    tags: z.array(z.string().check(z.trim(), z.toLowerCase(), z.minLength(1), z.maxLength(40))).check(z.maxLength(20)),
  }),
);
export type CustomerUpdate = z.infer<typeof customerUpdateSchema>;

export const assetSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  productModel: z.string(),
  serialNumber: z.string(),
  installDate: z.optional(z.string()),
  warrantyEnd: z.optional(z.string()),
  address: z.optional(z.string()),
  createdAt: z.string(),
});
export type Asset = z.infer<typeof assetSchema>;

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD'));
export const newAssetInputSchema = z.strictObject({
  productModel: z.string().check(z.trim(), z.minLength(1, 'Product model is required'), z.maxLength(120)),
  serialNumber: z.string().check(z.trim(), z.minLength(1, 'Serial number is required'), z.maxLength(120)),
  installDate: z.optional(isoDate),
  warrantyEnd: z.optional(isoDate),
  address: z.optional(z.string().check(z.trim(), z.maxLength(500))),
});
export type NewAssetInput = z.infer<typeof newAssetInputSchema>;

export const organizationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  domains: z.array(z.string()),
  tier: z.enum(CUSTOMER_TIERS),
  createdAt: z.string(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const newOrganizationInputSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1, 'Name is required'), z.maxLength(200)),
  domains: z._default(z.array(z.string().check(z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'Not a domain'))).check(z.maxLength(20)), []),
  tier: z._default(z.enum(CUSTOMER_TIERS), 'standard'),
});
export type NewOrganizationInput = z.infer<typeof newOrganizationInputSchema>;

export const customerSearchSchema = z.strictObject({
  email: z.optional(emailSchema),
  phone: z.optional(phoneSchema),
  /** Name prefix, at least one character. */
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
});
export type CustomerSearch = z.infer<typeof customerSearchSchema>;

/** Search key for names: case- and accent-insensitive, so "zoë" finds "Zoe", "王" finds "王芳". */
export function normalizeName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
