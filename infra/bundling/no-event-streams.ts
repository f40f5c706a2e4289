/**
 * Stands in for `@smithy/core/event-streams` inside Lambda bundles. The SDK loads it lazily, only
 * for operations that stream events (Bedrock, Transcribe, S3 Select); none of the services our
 * functions call (DynamoDB, SQS, SES, EventBridge, Step Functions) have such operations, and
 * bundling it would cost ~15 KB on every cold start. Reaching it is a bundling bug, said loudly.
 */
function unavailable(): never {
  throw new Error('Event streams are not bundled into Loopdesk functions (infra/bundling/no-event-streams.ts)');
}

export const EventStreamSerde = unavailable;
export const eventStreamSerdeProvider = unavailable;
