import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { DispatchWorkflow } from '../../field/work-order-operations.ts';

/** Errors Step Functions answers for a token whose task is over (timed out, or the run ended). */
const TASK_OVER = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * The dispatch state machine through the Step Functions API. A run's id is its execution name:
 * Standard workflows refuse a second execution of the same name for 90 days, so a retried start
 * never runs the dispatch twice.
 */
export class StepFunctionsDispatchWorkflow implements DispatchWorkflow {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(workOrderId: string, dispatchId: string): Promise<void> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: dispatchId,
          // lastOutcome must exist: a JSONPath that finds nothing fails the state in Step Functions.
          input: JSON.stringify({ workOrderId, dispatchId, lastOutcome: null }),
        }),
      );
    } catch (err) {
      // Same name, same input: already running (a retried request). Anything else is a real failure.
      if ((err as Error).name !== 'ExecutionAlreadyExists') throw err;
    }
  }

  async answer(token: string, answer: { ok: true; output: unknown } | { ok: false; error: string; cause: string }): Promise<'delivered' | 'expired'> {
    try {
      if (answer.ok) await this.client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(answer.output) }));
      else await this.client.send(new SendTaskFailureCommand({ taskToken: token, error: answer.error, cause: answer.cause.slice(0, 32_000) }));
      return 'delivered';
    } catch (err) {
      if (TASK_OVER.has((err as Error).name)) return 'expired';
      throw err;
    }
  }
}
