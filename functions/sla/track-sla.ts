import { unmarshall } from '@aws-sdk/util-dynamodb';
import { recomputePage, trackTicket } from '#shared/sla/sla-operations.ts';
import type { SlaConfig } from '#shared/sla/sla-store.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { logger } from '../lib/observability.ts';
import { slaDeps } from '../lib/sla-deps.ts';
import { sqsBatch } from '../lib/sqs-batch.ts';

const deps = slaDeps();
let config: { value: SlaConfig; batch: unknown } | undefined;

/** The configuration, read once per batch: a batch is a moment, an edit between batches is seen. */
async function configFor(batch: unknown): Promise<SlaConfig> {
  if (config?.batch !== batch) config = { value: await deps.store.config(), batch };
  return config!.value;
}

/** What the pipe brings: the stream record of a ticket's own write, an SLA settings edit, or a recompute page. */
function imageOf(body: string): Record<string, unknown> {
  const image = (JSON.parse(body) as { dynamodb?: { NewImage?: unknown } }).dynamodb?.NewImage;
  if (!image || typeof image !== 'object') throw new Error('Not a stream record with a new image');
  return unmarshall(image as never);
}

/**
 * Keeps every ticket's SLA deadlines current: after each change of a ticket (reply, status,
 * priority…) and, for all open tickets page by page, after an edit of the SLA policies or calendars.
 */
export const handler = sqsBatch(async (record, context) => {
  try {
    const item = imageOf(record.body);
    const cfg = await configFor(context.awsRequestId);
    if (item.itemType === 'ticket') {
      const outcome = await trackTicket(deps, cfg, String(item.id));
      logger.info('SLA tracked', { ticketId: item.id, outcome });
    } else if (item.pk === 'DIRECTORY') {
      // A new job per edit: its pages are named by the stream record, so a redelivery repeats the same pages.
      const job = (JSON.parse(record.body) as { eventID?: string }).eventID ?? record.messageId;
      logger.info('SLA settings changed; recomputing open tickets', { kind: item.sk, job, ...(await recomputePage(deps, cfg, { job })) });
    } else if (item.itemType === 'slaRecompute') {
      const page = { job: String(item.job), status: String(item.status), page: Number(item.page), ...(item.cursor ? { cursor: String(item.cursor) } : {}) };
      logger.info('SLA recompute page', { ...page, ...(await recomputePage(deps, cfg, page)) });
    } else {
      throw new Error(`Unexpected stream record for the SLA tracker: ${String(item.itemType ?? item.pk)}`);
    }
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
