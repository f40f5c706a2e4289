import * as z from 'zod/mini';
import { LOCATION_KINDS, locationIdSchema, partLabelSchema, partSchema, skuSchema } from './part.ts';

/** Request shapes of the parts routes, shared by the handlers and the OpenAPI document. */

export const partPath = z.object({ sku: skuSchema });
export const stockLocationPath = z.object({ locationId: locationIdSchema });
export const stockLedgerPath = z.object({ locationId: locationIdSchema, sku: skuSchema });
/** Declared here rather than taken from the ticket schemas, which would bring the ticket model into the bundle. */
export const ticketPath = z.object({ id: z.uuid('Ticket id must be a UUID') });
export const workOrderPath = z.object({ workOrderId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a work order id')) });

/** One page of a list: `?limit=50&cursor=…` (the cursor is the previous page's answer). */
export const pageQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

/** Alerts are kept per UTC day; without `day`, today's (UTC). */
export const stockAlertsQuery = z.object({
  day: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD'))),
});

/** A part as saved under the SKU of the path. */
export const partBody = z.omit(partSchema, { sku: true });

/** A location as saved under the id of the path. */
export const stockLocationBody = z
  .strictObject({
    kind: z.enum(LOCATION_KINDS),
    name: partLabelSchema,
    technicianId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  })
  .check(z.refine((l) => l.kind === 'van' || l.technicianId === undefined, { message: 'Only a van has a technician', path: ['technicianId'] }));

export { movementRequestSchema as stockMovementBody } from './stock.ts';
