import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from './observability.ts';

/**
 * The one way a queue consumer is written: each record is handled on its own, and only the ones
 * that failed are reported back (ReportBatchItemFailures), so one poisonous message is retried
 * and, after the queue's maxReceiveCount, parked in the dead-letter queue — never blocking the
 * others and never lost.
 */
export function sqsBatch(handle: (record: SQSRecord, context: Context) => Promise<void>) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use({ before: (request) => logger.startInvocation(request.context) })
    .handler(async (event, context) => {
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        logger.setCorrelationId(record.messageId);
        try {
          await handle(record, context);
        } catch (error) {
          logger.error('Record failed; it will be retried', { error, messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount });
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures };
    });
}
