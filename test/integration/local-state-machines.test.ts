// Proves the template's state machines are served locally: wired from the template (definition substitutions, the machine's ARN in a function's environment, AWS_ENDPOINT_URL_SFN in every function), driven through the real @aws-sdk/client-sfn as Step Functions answers it (start, callbacks, timeouts on the stack clock, errors), settled by whenIdle, listed at /dev/executions; and what is not served is refused by name.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/local-stack.ts';
import { RESOURCE_KINDS } from '../../infra/local/resource-kinds.ts';
import { testAssemblyDir } from '../support/assembly.ts';
import { startTestStack } from '../support/local-stack.ts';
import { repoRoot, testOutput } from '../support/paths.ts';

const ACCOUNT = '000000000000';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const dispatchAsl = readFileSync(path.join(repoRoot, 'infra', 'state-machines', 'dispatch.asl.json'), 'utf8');
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * One function standing in for both of dispatch's: as PlanOffer it offers to the technicians the
 * work order id names ('+' between them): the first, then the second after a decline; it gives up
 * when they run out or an offer timed out. As Offer (a taskToken in the event) it answers at once
 * with the ordinary SFN client when the technician is "auto-accept", as a handler would. With
 * {"do":"start"} it starts an execution of MACHINE_ARN the way a handler would.
 */
const FIXTURE = `
import { SFNClient, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
const sfn = new SFNClient({});
export async function handler(event) {
  if (event.do === 'start') {
    const out = await sfn.send(new StartExecutionCommand({ stateMachineArn: process.env.MACHINE_ARN, name: event.name, input: JSON.stringify(event.input) }));
    return { executionArn: out.executionArn };
  }
  if (event.taskToken) {
    if (event.technicianId === 'auto-accept') await sfn.send(new SendTaskSuccessCommand({ taskToken: event.taskToken, output: JSON.stringify({ accepted: true, by: 'function' }) }));
    return { notified: event.technicianId };
  }
  if (event.giveUp) return { recorded: event.giveUp };
  if (event.workOrderId === 'crash') throw Object.assign(new Error('no such work order'), { name: 'WorkOrderNotFound' });
  if (event.lastOutcome?.Error === 'States.Timeout') return { action: 'give_up', technicianId: null, timeoutSeconds: null };
  const offered = event.lastOutcome ? 1 : 0;
  const technicians = event.workOrderId.split('+');
  const next = technicians[offered];
  return next ? { action: 'offer', technicianId: next, timeoutSeconds: 300 } : { action: 'give_up', technicianId: null, timeoutSeconds: null };
}
`;

/**
 * A copy of the synthesized assembly (under test-output, so the fixture finds node_modules) with
 * resources added to its template; the fixture function is one more asset of the copy.
 */
function assemblyWith(name: string, resources: Record<string, unknown>): string {
  const dir = path.join(testOutput, `states-${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(testAssemblyDir(), dir, { recursive: true });
  mkdirSync(path.join(dir, 'asset.states-fixture'), { recursive: true });
  writeFileSync(path.join(dir, 'asset.states-fixture', 'index.mjs'), FIXTURE);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const artifact = Object.values(manifest.artifacts).find((a: any) => a.type === 'aws:cloudformation:stack') as any;
  const templateFile = path.join(dir, artifact.properties.templateFile);
  const template = JSON.parse(readFileSync(templateFile, 'utf8'));
  Object.assign(template.Resources, resources);
  writeFileSync(templateFile, JSON.stringify(template));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const FIXTURE_FUNCTION = {
  Type: 'AWS::Lambda::Function',
  Metadata: { 'aws:asset:path': 'asset.states-fixture' },
  Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x', Timeout: 10, Environment: { Variables: { MACHINE_ARN: { Ref: 'FixtureMachine' } } } },
};

/** The machine as the dispatch construct synthesizes it: the definition as a string (here split by Fn::Join), the ARNs substituted. */
function fixtureMachine(extra: Record<string, unknown> = {}) {
  const [head, tail] = dispatchAsl.split('"StartAt"');
  return {
    Type: 'AWS::StepFunctions::StateMachine',
    Properties: {
      DefinitionString: { 'Fn::Join': ['', [head, '"StartAt"', tail]] },
      DefinitionSubstitutions: { PlanOfferFunctionArn: { 'Fn::GetAtt': ['FixtureFunction', 'Arn'] }, OfferFunctionArn: { 'Fn::GetAtt': ['FixtureFunction', 'Arn'] } },
      RoleArn: { 'Fn::GetAtt': ['FixtureRole', 'Arn'] },
      StateMachineType: 'STANDARD',
      ...extra,
    },
  };
}

const FIXTURE_ROLE = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } } };

describe('state machines of the template, through the real @aws-sdk/client-sfn', () => {
  let stack: LocalStack;
  let sfn: SFNClient;
  let machineArn: string;
  beforeAll(async () => {
    const dir = assemblyWith('wired', { FixtureFunction: FIXTURE_FUNCTION, FixtureMachine: fixtureMachine(), FixtureRole: FIXTURE_ROLE });
    stack = await startLocalStack({ assemblyDir: dir, logDir: path.join(testOutput, 'logs', 'local-state-machines'), echoLogs: false, fireSchedules: false });
    sfn = new SFNClient({ endpoint: stack.stateMachines.endpoint, region: stack.region, credentials });
    machineArn = stack.stateMachines.machines.FixtureMachine!;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const input = (workOrderId: string) => JSON.stringify({ workOrderId, dispatchId: `d-${workOrderId}`, lastOutcome: null });

  it('is served: the ARN is the Ref in a function environment, and every function gets AWS_ENDPOINT_URL_SFN', () => {
    expect(RESOURCE_KINDS['AWS::StepFunctions::StateMachine']?.role).toBe('served');
    expect(machineArn).toMatch(new RegExp(`^arn:aws:states:${stack.region}:${ACCOUNT}:stateMachine:.*FixtureMachine`));
    expect(stack.functions.get('FixtureFunction')!.spec.environment.MACHINE_ARN).toBe(machineArn);
    for (const fn of stack.functions.values()) expect(fn.spec.environment.AWS_ENDPOINT_URL_SFN, fn.spec.logicalId).toBe(stack.stateMachines.endpoint);
  });

  it('runs an execution started with StartExecution: the offer waits for its token, SendTaskSuccess completes it', async () => {
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'wo-accept', input: input('tech-1') }));
    expect(started.startDate).toBeInstanceOf(Date);
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'wo-accept', input: input('tech-1') }));
    expect(again.executionArn).toBe(started.executionArn);
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'wo-accept', input: input('tech-2') }))).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });

    const task = await stack.stateMachines.waitForTask(started.executionArn!, 'Offer');
    expect(task.payload).toMatchObject({ workOrderId: 'tech-1', technicianId: 'tech-1', timeoutSeconds: 300, taskToken: task.taskToken });
    const running = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(running).toMatchObject({ status: 'RUNNING', name: 'wo-accept', stateMachineArn: machineArn });

    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify({ accepted: true }) }));
    await stack.whenIdle();
    const done = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).answer).toEqual({ accepted: true });
    expect(done.stopDate).toBeInstanceOf(Date);
    expect(stack.stateMachines.execution(started.executionArn!)).toMatchObject({ transitions: 4, history: ['PlanOffer', 'OfferOrGiveUp', 'Offer', 'Accepted'] });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });

    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    const types = history.events!.map((e) => e.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(types.filter((t) => t?.endsWith('StateEntered'))).toHaveLength(4);
    expect(history.events!.find((e) => e.type === 'TaskStateEntered')?.stateEnteredEventDetails?.name).toBe('PlanOffer');
  });

  it('a decline (SendTaskFailure) moves on to the next technician; an unanswered offer times out when the stack clock moves', async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: input('tech-1+tech-2') }));
    const first = await stack.stateMachines.waitForTask(executionArn!, 'Offer');
    await sfn.send(new SendTaskFailureCommand({ taskToken: first.taskToken, error: 'Offer.Declined', cause: 'busy' }));
    const second = await stack.stateMachines.waitForTask(executionArn!, 'Offer');
    expect(second.payload).toMatchObject({ technicianId: 'tech-2' });
    stack.stateMachines.advance(300_000);
    const done = await stack.stateMachines.waitFor(executionArn!, 'done');
    expect(done.history).toEqual(['PlanOffer', 'OfferOrGiveUp', 'Offer', 'PlanOffer', 'OfferOrGiveUp', 'Offer', 'PlanOffer', 'OfferOrGiveUp', 'GaveUp']);
    expect(done.transitions).toBe(9);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: second.taskToken, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('a function starts an execution and another answers its own task token, with the ordinary client; whenIdle waits for it all', async () => {
    const fn = stack.functions.get('FixtureFunction')!;
    const out = await fn.invoke({ do: 'start', name: 'from-a-function', input: { workOrderId: 'auto-accept', dispatchId: 'd-auto', lastOutcome: null } });
    expect(out.error).toBeUndefined();
    const executionArn = (out.result as { executionArn: string }).executionArn;
    await stack.whenIdle();
    const view = stack.stateMachines.execution(executionArn)!;
    expect(view).toMatchObject({ status: 'SUCCEEDED', transitions: 4 });
    expect((view.output as any).answer).toEqual({ accepted: true, by: 'function' });
  });

  it('a function error is caught by the definition (named by its errorType); StopExecution aborts a waiting one', async () => {
    const crashed = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: input('crash') }));
    const done = await stack.stateMachines.waitFor(crashed.executionArn!, 'done');
    expect(done.history).toEqual(['PlanOffer', 'HandToDispatcher', 'GaveUp']);

    const waiting = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: input('tech-9') }));
    const task = await stack.stateMachines.waitForTask(waiting.executionArn!);
    await sfn.send(new StopExecutionCommand({ executionArn: waiting.executionArn, error: 'Cancelled', cause: 'closed' }));
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn: waiting.executionArn }))).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'closed' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('answers unknown machines, executions and tokens as Step Functions does', async () => {
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: `arn:aws:states:${stack.region}:${ACCOUNT}:stateMachine:Nope` }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: `${machineArn.replace(':stateMachine:', ':execution:')}:nope` }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'garbage', output: '{}' }))).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: `AQLocal${'x'.repeat(43)}`, output: '{}' }))).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('lists executions at /dev/executions, newest first, with their states and transitions', async () => {
    const res = await fetch(stack.executionsUrl);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { stateMachines: { logicalId: string; arn: string }[]; executions: { name: string; status: string; transitions: number; history: string[] }[] };
    // The stack's own (dispatch) machine is there too.
    expect(body.stateMachines).toEqual(expect.arrayContaining([expect.objectContaining({ logicalId: 'FixtureMachine', arn: machineArn })]));
    expect(body.executions.length).toBeGreaterThanOrEqual(5);
    expect(body.executions.find((e) => e.name === 'wo-accept')).toMatchObject({ status: 'SUCCEEDED', transitions: 4 });
  });
});

describe('state machines the local runtime does not serve', () => {
  it('refuses an EXPRESS workflow and a definition naming a function the stack lacks, by name', async () => {
    const start = (machine: unknown) =>
      startLocalStack({
        assemblyDir: assemblyWith(`refused-${Math.random().toString(36).slice(2, 8)}`, { FixtureFunction: FIXTURE_FUNCTION, FixtureMachine: machine, FixtureRole: FIXTURE_ROLE }),
        logDir: path.join(testOutput, 'logs', 'local-state-machines'),
        echoLogs: false,
        fireSchedules: false,
      });
    await expect(start(fixtureMachine({ StateMachineType: 'EXPRESS' }))).rejects.toThrow(/State machine FixtureMachine: EXPRESS workflows are not served locally/);
    const elsewhere = fixtureMachine();
    (elsewhere.Properties.DefinitionSubstitutions as Record<string, unknown>).OfferFunctionArn = 'arn:aws:lambda:us-east-1:123456789012:function:Elsewhere';
    await expect(start(elsewhere)).rejects.toThrow(/State machine FixtureMachine, state Offer: arn:aws:lambda:us-east-1:123456789012:function:Elsewhere is not a function of this stack/);
  }, 120_000);
});

describe("the stack's own dispatch workflow", () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startTestStack('local-state-machines-dispatch');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is served from the template, its ARN in the environment of the functions that start it, and StartExecution runs the real PlanOffer', async () => {
    const [logicalId, machineArn] = Object.entries(stack.stateMachines.machines).find(([id]) => id.startsWith('DispatchWorkflow'))!;
    expect(logicalId).toBeDefined();
    const starters = [...stack.functions.values()].filter((fn) => fn.spec.environment.DISPATCH_STATE_MACHINE_ARN !== undefined);
    expect(starters.length).toBeGreaterThan(0);
    for (const fn of starters) expect(fn.spec.environment.DISPATCH_STATE_MACHINE_ARN, fn.spec.logicalId).toBe(machineArn);

    const sfn = new SFNClient({ endpoint: stack.stateMachines.endpoint, region: stack.region, credentials });
    // No such work order: PlanOffer reads the table, finds none and answers "stop"; the run ends without an offer.
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: 'smoke-missing-order', input: JSON.stringify({ workOrderId: 'wo_missing', dispatchId: 'smoke-missing-order', lastOutcome: null }) }),
    );
    await stack.whenIdle();
    const done = stack.stateMachines.execution(executionArn!)!;
    expect(done).toMatchObject({ status: 'SUCCEEDED', history: ['PlanOffer', 'OfferOrGiveUp', 'GaveUp'], transitions: 3 });
    expect((done.output as { next: { action: string } }).next.action).toBe('stop');
    const planFn = [...stack.functions.values()].find((fn) => fn.spec.logicalId.includes('PlanOffer'))!;
    expect(planFn.invocations).toBe(1);
  });
});
