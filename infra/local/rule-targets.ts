import type { LambdaAsyncInvoker } from './async-invoke.ts';
import { checkedEvent, type EventBridgeEvent } from './eventbridge-event.ts';
import type { LocalFunction } from './lambda-host.ts';
import type { LocalSqs } from './sqs-engine.ts';

/** What became of one delivery to one target. For a function: its first attempt (Lambda retries the rest). */
export interface DeliveryOutcome {
  targetId: string;
  arn: string;
  ok: boolean;
  error?: { errorType: string; errorMessage: string };
}

/** One entry of a rule's Targets, served locally. */
export interface RuleTarget {
  /** The target's Id in the rule. */
  id: string;
  arn: string;
  kind: 'lambda' | 'sqs';
  /** Never rejects: a failure is in the outcome (and logged where it happens). */
  deliver(event: EventBridgeEvent, options: { origin: string; lane?: string }): Promise<DeliveryOutcome>;
}

/** The SenderId an SQS consumer sees on messages EventBridge sent (a local stand-in value). */
export const EVENTBRIDGE_SENDER_ID = 'AIDALOCALEVENTBRIDGE';

/**
 * A function target: EventBridge invokes it asynchronously with the event itself, so the delivery
 * is Lambda's (retries of a failed attempt included); the event is checked against the Powertools
 * EventBridgeSchema first.
 */
export function lambdaTarget(spec: { id: string; arn: string; fn: LocalFunction; invoker: LambdaAsyncInvoker }): RuleTarget {
  return {
    id: spec.id,
    arn: spec.arn,
    kind: 'lambda',
    deliver: async (event, options) => {
      const outcome = await spec.invoker.invoke(spec.fn, checkedEvent(event), options);
      return { targetId: spec.id, arn: spec.arn, ok: !outcome.error, ...(outcome.error ? { error: { errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage } } : {}) };
    },
  };
}

/**
 * A queue target: the event's JSON is the message body, without message attributes, as EventBridge
 * sends it. The send happens before `deliver` returns, so whoever settles the stack sees the message.
 */
export function queueTarget(spec: { id: string; arn: string; sqs: LocalSqs; log: (line: string) => void }): RuleTarget {
  spec.sqs.queue(spec.arn); // the target must be a queue of this stack
  return {
    id: spec.id,
    arn: spec.arn,
    kind: 'sqs',
    deliver: (event, options) => {
      try {
        spec.sqs.send(spec.arn, { body: JSON.stringify(checkedEvent(event)), senderId: EVENTBRIDGE_SENDER_ID });
        return Promise.resolve({ targetId: spec.id, arn: spec.arn, ok: true });
      } catch (err) {
        const e = err as Error;
        spec.log(`[EventBridge] ${options.origin}: sending event ${event.id} to ${spec.arn} failed (${e.name}: ${e.message})`);
        return Promise.resolve({ targetId: spec.id, arn: spec.arn, ok: false, error: { errorType: e.name, errorMessage: e.message } });
      }
    },
  };
}
