import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { logger } from '../lib/observability.ts';
import { sqsBatch } from '../lib/sqs-batch.ts';

// Two small inputs checked by hand: this function carries the EventBridge client and nothing else.
const busName = process.env.EVENT_BUS_NAME;
if (!busName) throw new Error('Missing environment variable EVENT_BUS_NAME');
const events = new EventBridgeClient({});

/** The SLA event item the sweep wrote with its steps, as the table's stream carried it here. */
function eventOf(body: string): { id: string; detailType: string; detail: Record<string, unknown> } {
  const image = (JSON.parse(body) as { dynamodb?: { NewImage?: unknown } }).dynamodb?.NewImage;
  if (!image || typeof image !== 'object') throw new Error('Not a stream record with a new image');
  const item = unmarshall(image as never);
  if (item.itemType !== 'slaEvent' || typeof item.detailType !== 'string' || typeof item.detail !== 'object') throw new Error('Not an SLA event item');
  return { id: String(item.id), detailType: item.detailType, detail: item.detail as Record<string, unknown> };
}

/**
 * Puts SlaWarning and SlaBreached on the stack's bus for integrations. The sweep records them in
 * the same transaction as the step (an outbox), so an event exists exactly when the step was taken;
 * a repeated delivery may publish twice, so each carries its id for consumers to deduplicate.
 */
export const handler = sqsBatch(async (record) => {
  const e = eventOf(record.body);
  const out = await events.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: busName, Source: 'loopdesk.sla', DetailType: e.detailType, Detail: JSON.stringify({ eventId: e.id, ...e.detail }) }],
    }),
  );
  if (out.FailedEntryCount) throw new Error(`EventBridge refused the event: ${out.Entries?.[0]?.ErrorCode} ${out.Entries?.[0]?.ErrorMessage}`);
  logger.info('SLA event published', { eventId: e.id, detailType: e.detailType });
});
