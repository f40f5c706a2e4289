import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { DEFAULT_DISPATCH_SETTINGS } from '#shared/field/dispatch.ts';
import { planOffer } from '#shared/field/work-order-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { fieldDeps } from '../lib/field-deps.ts';
import { logger } from '../lib/observability.ts';

const deps = fieldDeps();
const settings = {
  maxOffers: Number(process.env.MAX_OFFERS ?? DEFAULT_DISPATCH_SETTINGS.maxOffers),
  offerTimeoutSeconds: Number(process.env.OFFER_TIMEOUT_SECONDS ?? DEFAULT_DISPATCH_SETTINGS.offerTimeoutSeconds),
};

const inputSchema = z.object({
  workOrderId: z.string().check(z.minLength(1)),
  dispatchId: z.string().check(z.minLength(1)),
  lastOutcome: z.nullable(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
  giveUp: z.optional(z.literal('workflow_error')),
});

/**
 * The dispatch workflow's PlanOffer task: records how the last offer ended, then picks the next
 * technician or gives up with a reason. Answers every field the state's ResultSelector reads
 * (null where unused): a missing one would fail the state.
 */
export async function handler(event: unknown, context: Context) {
  logger.startInvocation(context);
  try {
    const input = inputSchema.parse(event);
    const decision = await planOffer(deps, input, settings);
    logger.info('Dispatch planned', { workOrderId: input.workOrderId, dispatchId: input.dispatchId, decision });
    return {
      action: decision.action,
      technicianId: decision.action === 'offer' ? decision.technicianId : null,
      timeoutSeconds: decision.action === 'offer' ? decision.timeoutSeconds : null,
      reason: decision.action === 'give_up' ? decision.reason : null,
    };
  } finally {
    logConsumedCapacity(deps.meter);
  }
}
