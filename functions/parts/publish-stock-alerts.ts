import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { logger } from '../lib/observability.ts';
import { sqsBatch } from '../lib/sqs-batch.ts';

// Small inputs checked by hand: this function carries the EventBridge client and nothing else.
const busName = process.env.EVENT_BUS_NAME;
if (!busName) throw new Error('Missing environment variable EVENT_BUS_NAME');
const events = new EventBridgeClient({});

/** The day's alert item a movement wrote, as the table's stream carried it here. */
function alertOf(body: string): { id: string; detail: Record<string, unknown> } {
  const image = (JSON.parse(body) as { dynamodb?: { NewImage?: unknown } }).dynamodb?.NewImage;
  if (!image || typeof image !== 'object') throw new Error('Not a stream record with a new image');
  const item = unmarshall(image as never);
  if (item.itemType !== 'stockAlert' || typeof item.detail !== 'object' || item.detail === null) throw new Error('Not a stock alert item');
  // One alert per part, location and UTC day: that triple is its identity.
  return { id: `${String(item.pk).replace(/^STOCKALERT#/, '')}#${String(item.sk)}`, detail: item.detail as Record<string, unknown> };
}

/**
 * Puts StockBelowSafetyLevel on the stack's bus for integrations (purchasing, a chat channel).
 * The movement writes the alert item in its own transaction (an outbox), once per part, location
 * and day; a repeated delivery may publish twice, so each event carries its id to deduplicate by.
 */
export const handler = sqsBatch(async (record) => {
  const alert = alertOf(record.body);
  const out = await events.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: busName, Source: 'loopdesk.parts', DetailType: 'StockBelowSafetyLevel', Detail: JSON.stringify({ eventId: alert.id, ...alert.detail }) }],
    }),
  );
  if (out.FailedEntryCount) throw new Error(`EventBridge refused the event: ${out.Entries?.[0]?.ErrorCode} ${out.Entries?.[0]?.ErrorMessage}`);
  logger.info('Stock alert published', { eventId: alert.id });
});
