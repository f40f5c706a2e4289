import * as z from 'zod/mini';
import { newAssetInputSchema } from '#shared/customers/customer.ts';
import { addAsset } from '#shared/customers/customer-operations.ts';
import { customerDeps } from '../lib/customer-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';

const deps = customerDeps();
const pathSchema = z.object({ id: z.uuid('Customer id must be a UUID') });

/** Registers a piece of the customer's equipment (model, serial, install date, warranty, address). */
export const handler = httpRoute(
  { access: { roles: ['admin', 'agent'] }, path: pathSchema, body: newAssetInputSchema, status: 201 },
  async ({ path, body }) => {
    try {
      return await addAsset(deps, path.id, body);
    } finally {
      logConsumedCapacity(deps.meter);
    }
  },
);
