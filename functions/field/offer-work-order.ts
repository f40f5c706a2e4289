import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { DomainError } from '#shared/errors/domain-errors.ts';
import { notifyOffer } from '#shared/adapters/dynamodb/offer-notices.ts';
import { recordOffer } from '#shared/field/work-order-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { fieldDeps } from '../lib/field-deps.ts';
import { logger } from '../lib/observability.ts';

const deps = fieldDeps();

const inputSchema = z.object({
  workOrderId: z.string().check(z.minLength(1)),
  dispatchId: z.string().check(z.minLength(1)),
  technicianId: z.string().check(z.minLength(1)),
  timeoutSeconds: z.number(),
  taskToken: z.string().check(z.minLength(1)),
});

/**
 * The dispatch workflow's Offer task (waitForTaskToken): keeps the token with the offer and tells
 * the technician. What it returns is ignored; the workflow waits for the answer the accept or
 * decline route sends back with the token (or for the timeout). A stale offer fails the task at
 * once (OfferWithdrawn) instead of waiting.
 */
export async function handler(event: unknown, context: Context): Promise<void> {
  logger.startInvocation(context);
  try {
    const input = inputSchema.parse(event);
    const { order, technician, offer, offerNumber } = await recordOffer(deps, input);
    if (technician) await notifyOffer(deps.table, order, technician, offer, offerNumber);
    logger.info('Offer sent', { workOrderId: order.id, technicianId: input.technicianId, offerNumber, expiresAt: offer.expiresAt });
  } catch (err) {
    // Step Functions matches Catch on the error's name: keep the domain's code as the name.
    if (err instanceof DomainError) err.name = err.code;
    throw err;
  } finally {
    logConsumedCapacity(deps.meter);
  }
}
