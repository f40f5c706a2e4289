import * as z from 'zod/mini';

/** SKUs are upper-case, as printed on labels and typed into purchase orders. */
export const skuSchema = z.string().check(z.regex(/^[A-Z0-9-]{1,40}$/, 'Use 1 to 40 upper-case letters, digits and dashes'));

/** Locations are admin-defined, so their ids are slugs like every other directory id. */
export const locationIdSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Use lower-case letters, digits and dashes'));

/** A name in English (required) and Simplified Chinese. */
export const partLabelSchema = z.strictObject({
  en: z.string().check(z.trim(), z.minLength(1, 'English name is required'), z.maxLength(120)),
  'zh-CN': z.optional(z.string().check(z.trim(), z.maxLength(120))),
});

export const PART_UNITS = ['piece', 'm', 'l', 'kg'] as const;
export type PartUnit = (typeof PART_UNITS)[number];

export const partSchema = z.strictObject({
  sku: skuSchema,
  name: partLabelSchema,
  /** Cost of one unit in the currency's minor unit; integers, so roll-ups never drift by rounding. */
  unitCostCents: z.int().check(z.nonnegative()),
  currency: z._default(z.string().check(z.regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as EUR')), 'EUR'),
  /** Below this many available units at a location, a StockBelowSafetyLevel alert is raised. */
  safetyStock: z._default(z.int().check(z.nonnegative()), 0),
  unit: z._default(z.enum(PART_UNITS), 'piece'),
});
export type Part = z.infer<typeof partSchema>;

export const LOCATION_KINDS = ['warehouse', 'van'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const locationSchema = z
  .strictObject({
    id: locationIdSchema,
    kind: z.enum(LOCATION_KINDS),
    name: partLabelSchema,
    /** The technician who drives the van (vans only). */
    technicianId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  })
  .check(z.refine((l) => l.kind === 'van' || l.technicianId === undefined, { message: 'Only a van has a technician', path: ['technicianId'] }));
export type Location = z.infer<typeof locationSchema>;
