import type { LocalStack } from '../../infra/local/local-stack.ts';
import { DispatchScenario } from '../support/dispatch-scenario.ts';

/*
 * What one dispatch costs in Step Functions (Standard bills $0.025 per 1,000 state transitions,
 * retries included), counted by the local engine on the synthesized state machine with the real
 * task functions: the first technician accepts, and two decline before the third accepts.
 */

export const TRANSITION_PRICE_USD = 0.025 / 1000;

export interface DispatchTransitionsResult {
  acceptFirst: number;
  rejectTwice: number;
  /** Lambda invocations of the workflow's tasks (PlanOffer and Offer) on each path. */
  acceptFirstInvocations: number;
  rejectTwiceInvocations: number;
}

export async function measureDispatchTransitions(stack: LocalStack): Promise<DispatchTransitionsResult> {
  const scenario = new DispatchScenario(stack);
  await scenario.setUp();

  const first = await scenario.dispatch({ start: '2027-04-06T09:00:00+08:00', end: '2027-04-06T17:00:00+08:00' });
  await scenario.answerNext(first, 'accept');
  const acceptFirst = await stack.stateMachines.waitFor(first.executionArn, 'done');

  const third = await scenario.dispatch({ start: '2027-04-07T09:00:00+08:00', end: '2027-04-07T17:00:00+08:00' });
  const a = await scenario.answerNext(third, 'decline');
  const b = await scenario.answerNext(third, 'decline', a.token);
  await scenario.answerNext(third, 'accept', b.token);
  const rejectTwice = await stack.stateMachines.waitFor(third.executionArn, 'done');
  if (acceptFirst.status !== 'SUCCEEDED' || rejectTwice.status !== 'SUCCEEDED') throw new Error('a dispatch did not succeed');

  const taskRuns = (history: string[]) => history.filter((s) => s === 'PlanOffer' || s === 'Offer').length;
  return {
    acceptFirst: acceptFirst.transitions,
    rejectTwice: rejectTwice.transitions,
    acceptFirstInvocations: taskRuns(acceptFirst.history),
    rejectTwiceInvocations: taskRuns(rejectTwice.history),
  };
}
