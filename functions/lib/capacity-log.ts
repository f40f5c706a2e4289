import type { CapacityMeter } from '#shared/adapters/dynamodb/capacity-meter.ts';
import { logger } from './observability.ts';

/** Logs what one request consumed, so cost per operation can be read from the logs. */
export function logConsumedCapacity(meter: CapacityMeter): void {
  const entries = meter.drain();
  if (entries.length) logger.info('DynamoDB capacity consumed', { capacity: entries });
}
