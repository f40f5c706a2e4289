import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { sweepSla } from '#shared/sla/sla-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { logger } from '../lib/observability.ts';
import { slaDeps } from '../lib/sla-deps.ts';

const deps = slaDeps();

/**
 * Every minute (EventBridge schedule): takes the SLA steps now due. "Now" is the schedule's time,
 * or the present when a retry runs late — never earlier than the schedule, so nothing due is skipped.
 */
export const handler = middy<ScheduledEvent, unknown>()
  .use({ before: (request) => logger.startInvocation(request.context) })
  .handler(async (event) => {
    const scheduled = Date.parse(event.time);
    const now = new Date(Number.isNaN(scheduled) ? Date.now() : Math.max(scheduled, Date.now()));
    try {
      const result = await sweepSla(deps, now);
      logger.info('SLA sweep', { at: now.toISOString(), ...result, ...deps.meter.totals() });
      return result;
    } finally {
      logConsumedCapacity(deps.meter);
    }
  });
