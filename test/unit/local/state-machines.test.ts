// Proves the local Step Functions engine runs the dispatch definition as Step Functions would: Lambda tasks answer the optimized integration's shape, callback tasks wait for their token (answered, declined, or timed out on the stack clock), executions are idempotent by name and count their state transitions, and what is not served is refused by name.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_TASK_TIMER_SECONDS, prepareDefinition, substitute, UnsupportedDefinitionError } from '../../../infra/local/state-machine-definition.ts';
import { LocalStateMachines, SfnError } from '../../../infra/local/state-machines.ts';
import { repoRoot } from '../../support/paths.ts';
import { fakeFunction } from './fake-function.ts';

const REGION = 'eu-west-1';
const ACCOUNT = '000000000000';
const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const MACHINE_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:Dispatch`;
const dispatchAsl = readFileSync(path.join(repoRoot, 'infra', 'state-machines', 'dispatch.asl.json'), 'utf8');
const dispatchDefinition = substitute(dispatchAsl, { PlanOfferFunctionArn: fnArn('PlanOffer'), OfferFunctionArn: fnArn('Offer') }, 'Dispatch');

const engines: LocalStateMachines[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.stop();
});

/** A clock like the stack's: real time plus what the test moved it by. */
function testClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
}

/**
 * The dispatch machine with fake functions: PlanOffer offers to each technician of `technicians`
 * in turn (timeout 600 s), then gives up; on the workflow-error path (giveUp) it records and succeeds.
 */
function dispatchEngine(options: { technicians?: string[]; planFails?: { errorType: string; errorMessage: string } } = {}) {
  const technicians = [...(options.technicians ?? ['tech-1', 'tech-2'])];
  const plan = fakeFunction('PlanOffer', (event) => {
    if (event.giveUp) return { result: { recorded: event.giveUp } };
    if (options.planFails) return { error: options.planFails };
    const next = technicians.shift();
    // ResultSelector reads all three fields: a result without one fails the execution (States.Runtime), in AWS too.
    return { result: next ? { action: 'offer', technicianId: next, timeoutSeconds: 600 } : { action: 'give_up', technicianId: null, timeoutSeconds: null } };
  });
  const offer = fakeFunction('Offer', () => ({ result: { notified: true } }));
  const functions: Record<string, { invoke: (e: unknown) => Promise<any> }> = { PlanOffer: plan.fn, Offer: offer.fn };
  const clock = testClock();
  const lines: string[] = [];
  const engine = new LocalStateMachines({ region: REGION, accountId: ACCOUNT, lookupFunction: (name) => functions[name], clock, log: (l) => lines.push(l) });
  engines.push(engine);
  engine.add({ logicalId: 'DispatchMachine', name: 'Dispatch', arn: MACHINE_ARN, definition: dispatchDefinition, roleArn: 'arn:aws:iam::000000000000:role/dispatch' });
  return { engine, plan, offer, clock, lines };
}

const input = { workOrderId: 'wo-1', dispatchId: 'd-1', lastOutcome: null };

describe('dispatch state machine, run locally', () => {
  it('accept on the first offer: four transitions, the answer in the output, the token in the function payload', async () => {
    const { engine, plan, offer } = dispatchEngine();
    const { executionArn } = engine.start('DispatchMachine', input, 'wo-1-first');
    expect(executionArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:execution:Dispatch:wo-1-first`);
    const task = await engine.waitForTask(executionArn, 'Offer');
    expect(plan.events).toEqual([{ workOrderId: 'wo-1', dispatchId: 'd-1', lastOutcome: null }]);
    expect(offer.events).toEqual([{ workOrderId: 'wo-1', dispatchId: 'd-1', technicianId: 'tech-1', timeoutSeconds: 600, taskToken: task.taskToken }]);
    expect(task.taskToken).toMatch(/^AQLocal[A-Za-z0-9_-]{43}$/);
    expect(engine.isIdle()).toBe(true);

    engine.sendTaskSuccess(task.taskToken, JSON.stringify({ accepted: true, technicianId: 'tech-1' }));
    const done = await engine.waitFor(executionArn, 'done');
    expect(done.status).toBe('SUCCEEDED');
    expect(done.history).toEqual(['PlanOffer', 'OfferOrGiveUp', 'Offer', 'Accepted']);
    expect(done.transitions).toBe(4);
    expect(done.output).toEqual({ ...input, next: { action: 'offer', technicianId: 'tech-1', timeoutSeconds: 600 }, answer: { accepted: true, technicianId: 'tech-1' } });
    // The token's task is over: Step Functions answers TaskTimedOut for it from now on.
    expect(() => engine.sendTaskSuccess(task.taskToken, '{}')).toThrow(expect.objectContaining({ code: 'TaskTimedOut' }));
    const described = engine.describeExecution(executionArn);
    expect(described).toMatchObject({ status: 'SUCCEEDED', name: 'wo-1-first', stateMachineArn: MACHINE_ARN, input: JSON.stringify(input) });
    expect(JSON.parse(described.output as string)).toEqual(done.output);
    expect(described.stopDate as number).toBeGreaterThanOrEqual(described.startDate as number);
  });

  it('a decline (SendTaskFailure) goes back to PlanOffer with the outcome, which offers to the next technician', async () => {
    const { engine, plan, offer } = dispatchEngine();
    const { executionArn } = engine.start('DispatchMachine', input);
    const first = await engine.waitForTask(executionArn, 'Offer');
    engine.sendTaskFailure(first.taskToken, 'Offer.Declined', 'tech-1 is busy');
    const second = await engine.waitForTask(executionArn, 'Offer');
    expect(second.taskToken).not.toBe(first.taskToken);
    expect(plan.events[1]).toEqual({ workOrderId: 'wo-1', dispatchId: 'd-1', lastOutcome: { Error: 'Offer.Declined', Cause: 'tech-1 is busy' } });
    expect((offer.events[1] as any).technicianId).toBe('tech-2');
    engine.sendTaskSuccess(second.taskToken, '{"accepted":true}');
    const done = await engine.waitFor(executionArn, 'done');
    expect(done.status).toBe('SUCCEEDED');
    expect(done.history).toEqual(['PlanOffer', 'OfferOrGiveUp', 'Offer', 'PlanOffer', 'OfferOrGiveUp', 'Offer', 'Accepted']);
    expect(done.transitions).toBe(7);
  });

  it('an unanswered offer times out when the stack clock passes its timeout (States.Timeout), and a late answer gets TaskTimedOut', async () => {
    const { engine, plan, clock } = dispatchEngine({ technicians: ['tech-1'] });
    const { executionArn } = engine.start('DispatchMachine', input);
    const task = await engine.waitForTask(executionArn, 'Offer');
    expect(Date.parse(task.timeoutAt!) - clock.now()).toBeGreaterThan(599_000);

    engine.advance(599_000); // not yet
    expect(engine.execution(executionArn)!.waitingTask?.taskToken).toBe(task.taskToken);
    engine.advance(1_000);
    const done = await engine.waitFor(executionArn, 'done');
    expect(plan.events[1]).toMatchObject({ lastOutcome: { Error: 'States.Timeout' } });
    // No technician left: PlanOffer gives up.
    expect(done.status).toBe('SUCCEEDED');
    expect(done.history).toEqual(['PlanOffer', 'OfferOrGiveUp', 'Offer', 'PlanOffer', 'OfferOrGiveUp', 'GaveUp']);
    expect(() => engine.sendTaskSuccess(task.taskToken, '{"accepted":true}')).toThrow(expect.objectContaining({ code: 'TaskTimedOut' }));
  });

  it('no offer is left waiting past its timeout by the engine: its own real-time timer is pushed out of the way', () => {
    const prepared = prepareDefinition(dispatchDefinition, 'Dispatch');
    const offerState = prepared.engineDefinition.States.Offer as unknown as Record<string, unknown>;
    expect(offerState.TimeoutSeconds).toBe(ENGINE_TASK_TIMER_SECONDS);
    expect(offerState.TimeoutSecondsPath).toBeUndefined();
    expect(prepared.tasks.get('Offer')).toMatchObject({ kind: 'callback', timeoutSecondsPath: '$.next.timeoutSeconds' });
    expect(prepared.tasks.get('PlanOffer')).toMatchObject({ kind: 'invoke', functionName: fnArn('PlanOffer') });
    expect(ENGINE_TASK_TIMER_SECONDS * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('a function error is named by its errorType and caught: the work order goes to the dispatcher', async () => {
    const { engine, plan } = dispatchEngine({ planFails: { errorType: 'WorkOrderNotFound', errorMessage: 'wo-1 is gone' } });
    const { executionArn } = engine.start('DispatchMachine', input);
    const done = await engine.waitFor(executionArn, 'done');
    expect(done.status).toBe('SUCCEEDED');
    expect(done.history).toEqual(['PlanOffer', 'HandToDispatcher', 'GaveUp']);
    expect(done.transitions).toBe(3);
    const handed = plan.events[1] as any;
    expect(handed.giveUp).toBe('workflow_error');
    expect(handed.lastOutcome.Error).toBe('WorkOrderNotFound');
    expect(JSON.parse(handed.lastOutcome.Cause)).toMatchObject({ errorType: 'WorkOrderNotFound', errorMessage: 'wo-1 is gone' });
  });

  it('an Offer function error fails the offer attempt (its result otherwise ignored)', async () => {
    const { engine, offer } = dispatchEngine({ technicians: ['tech-1'] });
    const failing = fakeFunction('Offer', () => ({ error: { errorType: 'NotifyFailed', errorMessage: 'smtp down' } }));
    (offer.fn as any).invoke = (failing.fn as any).invoke;
    const { executionArn } = engine.start('DispatchMachine', input);
    const done = await engine.waitFor(executionArn, 'done');
    expect(done.history).toEqual(['PlanOffer', 'OfferOrGiveUp', 'Offer', 'PlanOffer', 'OfferOrGiveUp', 'GaveUp']);
  });

  it('a PlanOffer result without technicianId fails the execution with States.Runtime, as in AWS (ResultSelector reads it; States.ALL does not catch it)', async () => {
    const plan = fakeFunction('PlanOffer', () => ({ result: { action: 'give_up' } }));
    const engine = new LocalStateMachines({ region: REGION, accountId: ACCOUNT, lookupFunction: () => plan.fn, clock: testClock(), log: () => {} });
    engines.push(engine);
    engine.add({ logicalId: 'D', name: 'Dispatch', arn: MACHINE_ARN, definition: dispatchDefinition });
    const done = await engine.waitFor(engine.start('D', input).executionArn, 'done');
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Runtime', history: ['PlanOffer'] });
    expect(done.cause).toMatch(/\$\.Payload\.technicianId/);
  });

  it('StartExecution is idempotent by name and input while the execution runs, and refuses a reused name otherwise', async () => {
    const { engine, plan } = dispatchEngine();
    const first = engine.startExecution({ stateMachineArn: MACHINE_ARN, name: 'wo-1', input: JSON.stringify(input) });
    const again = engine.startExecution({ stateMachineArn: MACHINE_ARN, name: 'wo-1', input: JSON.stringify(input) });
    expect(again).toEqual(first);
    expect(() => engine.startExecution({ stateMachineArn: MACHINE_ARN, name: 'wo-1', input: JSON.stringify({ ...input, dispatchId: 'd-2' }) })).toThrow(
      expect.objectContaining({ code: 'ExecutionAlreadyExists' }),
    );
    const task = await engine.waitForTask(first.executionArn);
    expect(plan.invocations).toBe(1);
    engine.sendTaskSuccess(task.taskToken, '{}');
    await engine.waitFor(first.executionArn, 'done');
    expect(() => engine.startExecution({ stateMachineArn: MACHINE_ARN, name: 'wo-1', input: JSON.stringify(input) })).toThrow(expect.objectContaining({ code: 'ExecutionAlreadyExists' }));
    expect(engine.listAll()).toHaveLength(1);
  });

  it('answers the API errors Step Functions answers', () => {
    const { engine } = dispatchEngine();
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof SfnError ? err.code : `not an SfnError: ${String(err)}`;
      }
      return 'no error';
    };
    expect(code(() => engine.startExecution({ stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:Nope` }))).toBe('StateMachineDoesNotExist');
    expect(code(() => engine.startExecution({ stateMachineArn: 'Dispatch' }))).toBe('InvalidArn');
    expect(code(() => engine.startExecution({ stateMachineArn: MACHINE_ARN, name: 'has space' }))).toBe('InvalidName');
    expect(code(() => engine.startExecution({ stateMachineArn: MACHINE_ARN, input: '{not json' }))).toBe('InvalidExecutionInput');
    expect(code(() => engine.sendTaskSuccess('not-a-token', '{}'))).toBe('InvalidToken');
    expect(code(() => engine.sendTaskSuccess(`AQLocal${'A'.repeat(43)}`, '{}'))).toBe('TaskDoesNotExist');
    expect(code(() => engine.describeExecution(`arn:aws:states:${REGION}:${ACCOUNT}:execution:Dispatch:nope`))).toBe('ExecutionDoesNotExist');
  });

  it('StopExecution aborts a waiting execution; its token no longer answers and nothing runs after', async () => {
    const { engine, plan } = dispatchEngine();
    const { executionArn } = engine.start('DispatchMachine', input);
    const task = await engine.waitForTask(executionArn);
    expect(() => engine.sendTaskSuccess(task.taskToken, 'not json')).toThrow(expect.objectContaining({ code: 'InvalidOutput' }));
    engine.stopExecution(executionArn, 'Dispatch.Cancelled', 'work order closed');
    const view = engine.execution(executionArn)!;
    expect(view).toMatchObject({ status: 'ABORTED', error: 'Dispatch.Cancelled', cause: 'work order closed' });
    expect(() => engine.sendTaskSuccess(task.taskToken, '{}')).toThrow(expect.objectContaining({ code: 'TaskTimedOut' }));
    expect(() => engine.stopExecution(executionArn)).toThrow(expect.objectContaining({ code: 'ExecutionNotRunning' }));
    await new Promise((r) => setTimeout(r, 20));
    expect(plan.invocations).toBe(1); // the Catch did not send it back to PlanOffer
    expect(engine.isIdle()).toBe(true);
  });

  it('a TimeoutSecondsPath value that is not a positive whole number fails the execution (States.Runtime, not caught)', async () => {
    const plan = fakeFunction('PlanOffer', () => ({ result: { action: 'offer', technicianId: 't', timeoutSeconds: 0 } }));
    const offer = fakeFunction('Offer');
    const engine = new LocalStateMachines({ region: REGION, accountId: ACCOUNT, lookupFunction: (n) => ({ PlanOffer: plan.fn, Offer: offer.fn })[n], clock: testClock(), log: () => {} });
    engines.push(engine);
    engine.add({ logicalId: 'D', name: 'Dispatch', arn: MACHINE_ARN, definition: dispatchDefinition });
    const { executionArn } = engine.start('D', input);
    const done = await engine.waitFor(executionArn, 'done');
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(offer.invocations).toBe(0);
  });

  it('a plain lambda:invoke task returns what the optimized integration returns; a function ARN as Resource returns the result itself', async () => {
    const echo = fakeFunction('Echo', (event) => ({ result: { got: event } }));
    const engine = new LocalStateMachines({ region: REGION, accountId: ACCOUNT, lookupFunction: (n) => (n === 'Echo' ? echo.fn : undefined), clock: testClock(), log: () => {} });
    engines.push(engine);
    const definition = JSON.stringify({
      StartAt: 'Invoke',
      States: {
        Invoke: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'Echo', 'Payload.$': '$' }, ResultPath: '$.invoked', Next: 'Direct' },
        Direct: { Type: 'Task', Resource: fnArn('Echo'), ResultPath: '$.direct', End: true },
      },
    });
    engine.add({ logicalId: 'M', name: 'M', arn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:M`, definition });
    const { executionArn } = engine.start('M', { a: 1 });
    const done = await engine.waitFor(executionArn, 'done');
    const out = done.output as any;
    expect(out.invoked).toMatchObject({ ExecutedVersion: '$LATEST', StatusCode: 200, Payload: { got: { a: 1 } }, SdkHttpMetadata: { HttpStatusCode: 200 } });
    expect(out.direct).toEqual({ got: { a: 1, invoked: out.invoked } });
  });

  it('refuses by name what it does not serve, and names a function the stack does not have', () => {
    const state = (extra: Record<string, unknown>) =>
      JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'Echo' }, End: true, ...extra } } });
    expect(() => prepareDefinition(state({ HeartbeatSeconds: 60 }), 'M')).toThrow(/M, state A: HeartbeatSeconds is not served locally/);
    expect(() => prepareDefinition(state({ Resource: 'arn:aws:states:::sqs:sendMessage' }), 'M')).toThrow(/Resource arn:aws:states:::sqs:sendMessage is not served locally/);
    expect(() => prepareDefinition(JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 5, End: true } } }), 'M')).toThrow(/Wait states are not served locally/);
    expect(() => prepareDefinition(state({ QueryLanguage: 'JSONata' }), 'M')).toThrow(UnsupportedDefinitionError);
    expect(() =>
      prepareDefinition(JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'Echo' }, End: true } } }), 'M'),
    ).toThrow(/must pass \$\$\.Task\.Token/);
    expect(() => substitute('{"a":"${Missing}"}', {}, 'M')).toThrow(/\$\{Missing\} but DefinitionSubstitutions has no value/);
    const engine = new LocalStateMachines({ region: REGION, accountId: ACCOUNT, lookupFunction: () => undefined, clock: testClock(), log: () => {} });
    expect(() => engine.add({ logicalId: 'M', name: 'M', arn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:M`, definition: state({}) })).toThrow(/M, state A: Function not found: Echo/);
  });

  it('whenIdle waits while a function runs and resolves once every execution waits for its token', async () => {
    const { engine, offer } = dispatchEngine();
    offer.hold();
    const { executionArn } = engine.start('DispatchMachine', input);
    let idle = false;
    const settled = engine.whenIdle().then(() => (idle = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(idle).toBe(false);
    offer.release();
    await settled;
    expect(engine.execution(executionArn)!.waitingTask?.stateName).toBe('Offer');
  });
});
