import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';

/** An event as EventBridge hands it to a rule's target (field order as EventBridge writes it). */
export interface EventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601 in UTC, whole seconds (EventBridge writes no milliseconds). */
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** How EventBridge writes an event's time: `2026-03-01T09:30:00Z` (milliseconds dropped, not rounded). */
export function eventTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error('An event time must be a valid date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Checks an event built locally against the Powertools schema handlers parse EventBridge events
 * with, so a local event cannot drift from what EventBridge sends; throws when it does not fit.
 */
export function checkedEvent(event: EventBridgeEvent): EventBridgeEvent {
  const checked = EventBridgeSchema.safeParse(event);
  if (!checked.success) throw new Error(`Local EventBridge event does not match EventBridge's event shape: ${checked.error.message}`);
  return event;
}
