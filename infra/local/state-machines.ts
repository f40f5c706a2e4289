import { randomBytes, randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { InvokeOutcome } from './lambda-host.ts';
import { DeadlineClock, type StackClock } from './deadline-clock.ts';
import { positiveSeconds, prepareDefinition, selectPath, STATE_INPUT_FIELD, type PreparedDefinition, type TaskPlan } from './state-machine-definition.ts';

/**
 * Step Functions Standard workflows on this machine: the template's state machines, run by
 * `aws-local-stepfunctions` (the states, paths, Choice, Retry, Catch) with every Task served here:
 *
 * - lambda:invoke calls the local function (the same LocalFunction.invoke the rest of the runtime
 *   uses) and answers what the optimized integration answers ({ExecutedVersion, Payload,
 *   StatusCode, SdkHttpMetadata, SdkResponseMetadata}); a function error fails the task with the
 *   function's errorType as the error name and Lambda's error JSON as the cause.
 * - lambda:invoke.waitForTaskToken gives the function a fresh task token per attempt and waits for
 *   SendTaskSuccess/SendTaskFailure on it; the function's result is ignored, its error fails the task.
 * - A function ARN as Resource: the function's result is the task's result.
 *
 * Task and execution timeouts run on the stack clock (the one SQS visibility timeouts use): real
 * time under `npm start`, moved by `advance(ms)` in tests, so an unanswered task times out at once
 * (States.Timeout) without waiting. Executions are tracked as AWS tracks them (status, input,
 * output, error/cause, dates) with their state transitions counted as Step Functions bills them:
 * every state entered, and every retry of a state.
 *
 * Not served (refused when the template has them): Express workflows, Wait/Map/Parallel states,
 * heartbeats, JSONata, other integrations. Retry intervals are waited in real time by the engine.
 */

/** What the engine needs of a function: LocalFunction satisfies it. */
export interface InvokableFunction {
  invoke(event: unknown): Promise<InvokeOutcome>;
}

export interface StateMachineSpec {
  logicalId: string;
  name: string;
  arn: string;
  /** The definition with DefinitionSubstitutions applied. */
  definition: string;
  roleArn?: string;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** A task waiting for its token to come back (SendTaskSuccess/SendTaskFailure). */
export interface WaitingTask {
  stateName: string;
  taskToken: string;
  /** What the function was invoked with (Parameters.Payload, the token in it). */
  payload: unknown;
  /** When the task times out on the stack clock (ISO), if it has a timeout. */
  timeoutAt?: string;
}

export interface ExecutionView {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  startDate: string;
  stopDate?: string;
  /** State transitions as billed: states entered plus retries. */
  transitions: number;
  retries: number;
  /** The names of the states entered, in order. */
  history: string[];
  /** Set while a waitForTaskToken task has invoked its function and waits for its token. */
  waitingTask?: WaitingTask;
}

/** One history event, as GetExecutionHistory lists it (minimal). */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  details?: Record<string, unknown>;
}

/** An error the Step Functions API answers with (`__type`). */
export class SfnError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * An error thrown into the engine from a task. `isRetryable`/`isCatchable` are what the engine
 * reads: an execution that was stopped, or a States.Runtime failure, must not be retried or caught.
 */
class TaskError extends Error {
  constructor(
    name: string,
    message: string,
    readonly isRetryable = true,
    readonly isCatchable = true,
  ) {
    super(message);
    this.name = name;
  }
}

type TokenState = 'open' | 'succeeded' | 'failed' | 'timedOut' | 'closed';

interface OpenTask {
  token: string;
  execution: Execution;
  stateName: string;
  state: TokenState;
  payload: unknown;
  timeoutAt?: number;
  /** True once the function was invoked without error: the task waits only for its token. */
  waiting: boolean;
  resolve(output: unknown): void;
  reject(error: Error): void;
  cancelDeadline?: () => void;
}

interface Machine {
  spec: StateMachineSpec;
  prepared: PreparedDefinition;
  engine: StateMachine;
}

interface Execution {
  arn: string;
  name: string;
  machine: Machine;
  inputText: string;
  input: unknown;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: unknown;
  error?: string;
  cause?: string;
  transitions: number;
  retries: number;
  history: string[];
  events: HistoryEvent[];
  /** The open callback task, if any. */
  task?: OpenTask;
  abort?: () => void;
  cancelDeadline?: () => void;
}

/** Tokens the local runtime hands out: recognisably its own, so a mangled one is InvalidToken. */
const TOKEN_PREFIX = 'AQLocal';
const TOKEN_PATTERN = /^AQLocal[A-Za-z0-9_-]{43}$/;
/** Execution names Step Functions accepts: 1-80 characters, none of these. */
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export class LocalStateMachines {
  private readonly machines = new Map<string, Machine>();
  private readonly executions = new Map<string, Execution>();
  private readonly tokens = new Map<string, OpenTask>();
  private readonly waiters = new Set<() => void>();
  private readonly deadlines: DeadlineClock;
  private stopped = false;
  /** State transitions across all executions; the stack compares it across a settling round. */
  transitions = 0;

  constructor(
    private readonly options: {
      region: string;
      accountId: string;
      /** The function a task names, by its name (the part after `function:` in an ARN). */
      lookupFunction: (functionName: string) => InvokableFunction | undefined;
      clock: StackClock;
      log?: (line: string) => void;
    },
  ) {
    this.deadlines = new DeadlineClock(options.clock);
  }

  /** Adds a state machine; its definition is checked now, and so is every function it names. */
  add(spec: StateMachineSpec): void {
    if (this.machines.has(spec.arn)) throw new Error(`State machine ${spec.logicalId}: ${spec.arn} is already defined`);
    const prepared = prepareDefinition(spec.definition, `State machine ${spec.logicalId}`);
    for (const plan of prepared.tasks.values()) if (plan.functionName) this.functionOf(plan.functionName, `State machine ${spec.logicalId}, state ${plan.stateName}`);
    let engine: StateMachine;
    try {
      engine = new StateMachine(prepared.engineDefinition);
    } catch (err) {
      throw new Error(`State machine ${spec.logicalId}: ${(err as Error).message}`);
    }
    this.machines.set(spec.arn, { spec, prepared, engine });
  }

  list(): StateMachineSpec[] {
    return [...this.machines.values()].map((m) => m.spec);
  }

  /** Moves the stack clock forward; task and execution timeouts now due fire at once. */
  advance(ms: number): void {
    this.deadlines.advance(ms);
  }

  // ---- the Step Functions API ---------------------------------------------------------

  /**
   * StartExecution as Standard workflows answer it: a name (default: a UUID) is unique per state
   * machine; the same name with the same input while that execution runs returns it again
   * (idempotent), otherwise ExecutionAlreadyExists.
   */
  startExecution(input: { stateMachineArn?: unknown; name?: unknown; input?: unknown }): { executionArn: string; startDate: number } {
    if (this.stopped) throw new SfnError('ServiceUnavailable', 'The local stack is stopping', 503);
    const machine = this.machineOf(input.stateMachineArn);
    const name = input.name === undefined || input.name === null ? randomUUID() : String(input.name);
    if (name.length < 1 || name.length > 80 || INVALID_NAME.test(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
    const inputText = input.input === undefined || input.input === null ? '{}' : String(input.input);
    let value: unknown;
    try {
      value = JSON.parse(inputText);
    } catch {
      throw new SfnError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${inputText.slice(0, 100)}'`);
    }
    const arn = this.executionArn(machine, name);
    const existing = this.executions.get(arn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.inputText === inputText) return { executionArn: arn, startDate: existing.startDate / 1000 };
      throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const execution: Execution = {
      arn,
      name,
      machine,
      inputText,
      input: value,
      status: 'RUNNING',
      startDate: this.options.clock.now(),
      transitions: 0,
      retries: 0,
      history: [],
      events: [],
    };
    this.executions.set(arn, execution);
    this.run(execution);
    return { executionArn: arn, startDate: execution.startDate / 1000 };
  }

  describeExecution(executionArn: unknown): Record<string, unknown> {
    const e = this.executionOf(executionArn);
    return {
      executionArn: e.arn,
      stateMachineArn: e.machine.spec.arn,
      name: e.name,
      status: e.status,
      startDate: e.startDate / 1000,
      ...(e.stopDate === undefined ? {} : { stopDate: e.stopDate / 1000 }),
      input: e.inputText,
      inputDetails: { included: true },
      ...(e.status === 'SUCCEEDED' ? { output: JSON.stringify(e.output ?? null), outputDetails: { included: true } } : {}),
      ...(e.error === undefined ? {} : { error: e.error }),
      ...(e.cause === undefined ? {} : { cause: e.cause }),
    };
  }

  listExecutions(input: { stateMachineArn?: unknown; statusFilter?: unknown }): Record<string, unknown> {
    const machine = this.machineOf(input.stateMachineArn);
    const executions = [...this.executions.values()]
      .filter((e) => e.machine === machine && (input.statusFilter === undefined || e.status === input.statusFilter))
      .reverse()
      .map((e) => ({
        executionArn: e.arn,
        stateMachineArn: machine.spec.arn,
        name: e.name,
        status: e.status,
        startDate: e.startDate / 1000,
        ...(e.stopDate === undefined ? {} : { stopDate: e.stopDate / 1000 }),
      }));
    return { executions };
  }

  /** SendTaskSuccess: `output` must be JSON; the waiting task's result is its value. */
  sendTaskSuccess(taskToken: unknown, output: unknown): void {
    const task = this.openTask(taskToken);
    let value: unknown;
    try {
      value = JSON.parse(String(output ?? ''));
    } catch {
      throw new SfnError('InvalidOutput', 'Invalid Output: the output must be JSON');
    }
    this.closeTask(task, 'succeeded');
    task.resolve(value);
  }

  /** SendTaskFailure: the task fails with `error` as its name and `cause` as its message. */
  sendTaskFailure(taskToken: unknown, error?: unknown, cause?: unknown): void {
    const task = this.openTask(taskToken);
    this.closeTask(task, 'failed');
    task.reject(new TaskError(error === undefined || error === null ? '' : String(error), cause === undefined || cause === null ? '' : String(cause)));
  }

  /** SendTaskHeartbeat: accepted for an open task (heartbeat timeouts are not served, so it changes nothing). */
  sendTaskHeartbeat(taskToken: unknown): void {
    this.openTask(taskToken);
  }

  /** StopExecution: the execution is ABORTED; its open task's token no longer answers. */
  stopExecution(executionArn: unknown, error?: unknown, cause?: unknown): { stopDate: number } {
    const e = this.executionOf(executionArn);
    if (e.status !== 'RUNNING') throw new SfnError('ExecutionNotRunning', `Execution is not running: '${e.arn}'`);
    this.close(e, 'ABORTED', {
      ...(error === undefined ? {} : { error: String(error) }),
      ...(cause === undefined ? {} : { cause: String(cause) }),
    });
    return { stopDate: e.stopDate! / 1000 };
  }

  /** GetExecutionHistory (minimal): execution and state events, oldest first unless reversed. */
  executionHistory(input: { executionArn?: unknown; reverseOrder?: unknown; maxResults?: unknown; nextToken?: unknown }): Record<string, unknown> {
    const e = this.executionOf(input.executionArn);
    const events = input.reverseOrder === true ? [...e.events].reverse() : e.events;
    const start = input.nextToken === undefined || input.nextToken === null ? 0 : Number(input.nextToken);
    if (!Number.isInteger(start) || start < 0 || start > events.length) throw new SfnError('InvalidToken', 'Invalid nextToken');
    const max = input.maxResults === undefined || input.maxResults === 0 ? 1000 : Number(input.maxResults);
    const page = events.slice(start, start + max).map((ev) => ({ ...ev, timestamp: ev.timestamp / 1000, ...(ev.details ?? {}), details: undefined }));
    return { events: page, ...(start + max < events.length ? { nextToken: String(start + max) } : {}) };
  }

  // ---- for tests and the dev page --------------------------------------------------------

  /** Starts an execution of a state machine (by ARN or logical id) with `input` as a value. */
  start(stateMachine: string, input: unknown = {}, name?: string): { executionArn: string; startDate: number } {
    const arn = [...this.machines.values()].find((m) => m.spec.logicalId === stateMachine)?.spec.arn ?? stateMachine;
    return this.startExecution({ stateMachineArn: arn, input: JSON.stringify(input), ...(name === undefined ? {} : { name }) });
  }

  execution(executionArn: string): ExecutionView | undefined {
    const e = this.executions.get(executionArn);
    return e && this.view(e);
  }

  /** Every execution, oldest first (or those of one state machine). */
  listAll(stateMachineArn?: string): ExecutionView[] {
    return [...this.executions.values()].filter((e) => !stateMachineArn || e.machine.spec.arn === stateMachineArn).map((e) => this.view(e));
  }

  /**
   * Resolves with the execution once `until` holds: 'done' (it left RUNNING), 'waiting' (a
   * callback task invoked its function and waits for its token), or any predicate. Rejects when
   * the execution ends without it ever holding, or after `timeoutMs` of real time (default 30 s).
   */
  waitFor(executionArn: string, until: 'done' | 'waiting' | ((e: ExecutionView) => boolean), options: { timeoutMs?: number } = {}): Promise<ExecutionView> {
    const test = until === 'done' ? (e: ExecutionView) => e.status !== 'RUNNING' : until === 'waiting' ? (e: ExecutionView) => e.waitingTask !== undefined : until;
    return new Promise((resolve, reject) => {
      const check = () => {
        const e = this.executions.get(executionArn);
        if (!e) return finish(new Error(`No execution ${executionArn}`));
        const view = this.view(e);
        if (test(view)) return finish(undefined, view);
        if (view.status !== 'RUNNING') finish(new Error(`Execution ${e.name} ended ${view.status} (${view.error ?? ''} ${view.cause ?? ''}) before what was awaited; states entered: ${view.history.join(' → ')}`));
      };
      const timer = setTimeout(() => {
        const e = this.executions.get(executionArn);
        finish(new Error(`Execution ${executionArn} did not get there within ${options.timeoutMs ?? 30_000} ms: ${JSON.stringify(e && this.view(e))}`));
      }, options.timeoutMs ?? 30_000);
      const finish = (err?: Error, view?: ExecutionView) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (err) reject(err);
        else resolve(view!);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves with the task an execution waits on (optionally: in this state), once it waits. */
  async waitForTask(executionArn: string, stateName?: string): Promise<WaitingTask> {
    const view = await this.waitFor(executionArn, (e) => e.waitingTask !== undefined && (stateName === undefined || e.waitingTask.stateName === stateName));
    return view.waitingTask!;
  }

  /** True when every running execution waits for a task token (none has a state or a function call under way). */
  isIdle(): boolean {
    for (const e of this.executions.values()) if (e.status === 'RUNNING' && !e.task?.waiting) return false;
    return true;
  }

  /** Resolves once isIdle() holds: no execution is between states or inside a function call. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!this.isIdle() && !this.stopped) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  /** Aborts every running execution (their tasks settle, so no engine timer outlives the stack). */
  stop(): void {
    this.stopped = true;
    for (const e of this.executions.values()) if (e.status === 'RUNNING') this.close(e, 'ABORTED', { error: 'Local.Stopped', cause: 'The local stack stopped' });
    this.deadlines.stop();
    this.notify();
  }

  // ---- running ----------------------------------------------------------------------------

  private run(e: Execution): void {
    const { prepared, engine, spec } = e.machine;
    // $$.Task.Token is static in the engine's context: a per-execution placeholder, replaced by a
    // fresh token in each task attempt's input.
    const placeholder = `loopdesk-local-task-token-${randomUUID()}`;
    const handlers: Record<string, (input: any) => Promise<any>> = {};
    for (const plan of prepared.tasks.values()) handlers[plan.stateName] = (input) => this.runTask(e, plan, input, placeholder);
    const started = new Date(e.startDate).toISOString();
    const run = engine.run(e.input as never, {
      overrides: { taskResourceLocalHandlers: handlers },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: e.arn, Name: e.name, RoleArn: spec.roleArn ?? '', StartTime: started },
        StateMachine: { Id: spec.arn, Name: spec.name },
        Task: { Token: placeholder },
      },
    });
    e.abort = run.abort;
    // The result is read from the event log; a failure is an ExecutionFailed event there.
    run.result.catch(() => {});
    if (prepared.timeoutSeconds !== undefined) {
      e.cancelDeadline = this.deadlines.at(e.startDate + prepared.timeoutSeconds * 1000, () => {
        if (e.status === 'RUNNING') this.close(e, 'TIMED_OUT', { error: 'States.Timeout', cause: `The execution ran longer than its TimeoutSeconds (${prepared.timeoutSeconds} s)` });
      });
    }
    this.record(e, 'ExecutionStarted', { executionStartedEventDetails: { input: e.inputText, roleArn: spec.roleArn ?? '' } });
    void (async () => {
      for await (const event of run.eventLogs) this.onEvent(e, event as any);
    })().catch((err) => this.log(`[states] ${e.name}: reading the event log failed: ${(err as Error).stack ?? String(err)}`));
  }

  /** What the engine reports, turned into the execution's record (the only source of SUCCEEDED/FAILED). */
  private onEvent(e: Execution, event: { type: string; state?: { name: string; type: string; input?: unknown; output?: unknown }; output?: unknown; Error?: unknown; Cause?: unknown }): void {
    if (e.status !== 'RUNNING') return;
    const stateType = event.state ? `${event.state.type}State` : '';
    switch (event.type) {
      case 'StateEntered':
        e.transitions++;
        this.transitions++;
        e.history.push(event.state!.name);
        this.record(e, `${stateType}Entered`, { stateEnteredEventDetails: { name: event.state!.name, input: JSON.stringify(event.state!.input ?? null) } });
        break;
      case 'StateExited':
        this.record(e, `${stateType}Exited`, { stateExitedEventDetails: { name: event.state!.name, output: JSON.stringify(event.state!.output ?? null) } });
        break;
      case 'StateRetried':
        // Step Functions bills a retry as a state transition.
        e.retries++;
        e.transitions++;
        this.transitions++;
        break;
      case 'StateFailed':
        this.record(e, `${stateType === 'TaskState' ? 'Task' : stateType}Failed`, { taskFailedEventDetails: { resource: event.state!.name, error: String(event.Error ?? ''), cause: causeText(event.Cause) } });
        break;
      case 'ExecutionSucceeded':
        this.close(e, 'SUCCEEDED', { output: event.output ?? null });
        break;
      case 'ExecutionFailed':
        this.close(e, 'FAILED', { error: String(event.Error ?? ''), cause: causeText(event.Cause) });
        break;
    }
    this.notify();
  }

  private async runTask(e: Execution, plan: TaskPlan, engineInput: unknown, placeholder: string): Promise<unknown> {
    // Stopped (or timed out) while a state ran or a retry waited: nothing more may happen.
    if (e.status !== 'RUNNING') throw new TaskError('States.Aborted', 'The execution is no longer running', false, false);
    let input = engineInput;
    let stateInput: unknown;
    if (plan.timeoutSecondsPath !== undefined && isObject(input)) {
      const { [STATE_INPUT_FIELD]: captured, ...rest } = input;
      stateInput = captured;
      input = rest;
    }
    const timeoutSeconds = this.timeoutOf(plan, stateInput);
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    input = replaceText(input, placeholder, token);
    const params = isObject(input) ? input : {};
    const functionName = plan.kind === 'direct' ? plan.functionName! : String(params.FunctionName ?? '');
    const payload = plan.kind === 'direct' ? input : params.Payload ?? {};
    const fn = this.functionOf(functionName, `${e.machine.spec.logicalId}, state ${plan.stateName}`, true);

    return new Promise((resolve, reject) => {
      const task: OpenTask = { token, execution: e, stateName: plan.stateName, state: 'open', payload, waiting: false, resolve, reject };
      if (timeoutSeconds !== undefined) {
        task.timeoutAt = this.options.clock.now() + timeoutSeconds * 1000;
        task.cancelDeadline = this.deadlines.at(task.timeoutAt, () => {
          if (task.state !== 'open') return;
          this.closeTask(task, 'timedOut');
          task.reject(new TaskError('States.Timeout', `The task ${plan.stateName} did not finish within ${timeoutSeconds} s`));
        });
      }
      // The token is live before the function runs: it may answer before it returns.
      this.tokens.set(token, task);
      if (plan.kind === 'callback') e.task = task;
      fn.invoke(payload).then(
        (outcome) => {
          if (task.state !== 'open') return;
          if (e.status !== 'RUNNING') return this.failClosed(task);
          if (outcome.error) {
            this.closeTask(task, 'closed');
            return task.reject(lambdaError(outcome.error));
          }
          if (plan.kind === 'callback') {
            // AWS ignores the function's result: only the token's answer completes the task.
            task.waiting = true;
            this.notify();
            return;
          }
          this.closeTask(task, 'succeeded');
          task.resolve(plan.kind === 'direct' ? (outcome.result ?? null) : invokeResult(outcome));
        },
        (err) => {
          if (task.state !== 'open') return;
          this.closeTask(task, 'closed');
          task.reject(new TaskError('Lambda.ServiceException', (err as Error).message));
        },
      );
    });
  }

  /** TimeoutSeconds, or TimeoutSecondsPath read from the state's input (a bad value fails the execution, as States.Runtime does). */
  private timeoutOf(plan: TaskPlan, stateInput: unknown): number | undefined {
    if (plan.timeoutSeconds !== undefined) return plan.timeoutSeconds;
    if (plan.timeoutSecondsPath === undefined) return undefined;
    const value = selectPath(stateInput, plan.timeoutSecondsPath);
    try {
      return positiveSeconds(value, `TimeoutSecondsPath ${plan.timeoutSecondsPath}`);
    } catch (err) {
      throw new TaskError('States.Runtime', `An error occurred while executing the state '${plan.stateName}'. ${(err as Error).message}`, false, false);
    }
  }

  /** The function a task names (see functionNameOf); at run time a miss fails the task as Lambda would. */
  private functionOf(nameOrArn: string, where: string, atRunTime = false): InvokableFunction {
    const fail = (message: string): never => {
      if (atRunTime) throw new TaskError('Lambda.ResourceNotFoundException', message);
      throw new Error(`${where}: ${message}`);
    };
    const name = functionNameOf(nameOrArn, this.options);
    if (typeof name !== 'string') return fail(name.error);
    return this.options.lookupFunction(name) ?? fail(`Function not found: ${nameOrArn}`);
  }

  private openTask(taskToken: unknown): OpenTask {
    const token = typeof taskToken === 'string' ? taskToken : '';
    if (!TOKEN_PATTERN.test(token)) throw new SfnError('InvalidToken', 'Invalid Token');
    const task = this.tokens.get(token);
    if (!task) throw new SfnError('TaskDoesNotExist', 'Task Does Not Exist');
    // As Step Functions answers for a token whose task timed out, was answered, or whose execution ended.
    if (task.state !== 'open') throw new SfnError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    return task;
  }

  private closeTask(task: OpenTask, state: Exclude<TokenState, 'open'>): void {
    task.state = state;
    // Only the token's state is kept (to answer TaskTimedOut for it later), not what it carried.
    task.payload = undefined;
    task.cancelDeadline?.();
    if (task.execution.task === task) task.execution.task = undefined;
    this.notify();
  }

  /** Settles a task of an execution that ended, without letting the engine catch or retry it. */
  private failClosed(task: OpenTask): void {
    this.closeTask(task, 'closed');
    task.reject(new TaskError('States.Aborted', 'The execution is no longer running', false, false));
  }

  private close(e: Execution, status: Exclude<ExecutionStatus, 'RUNNING'>, result: { output?: unknown; error?: string; cause?: string }): void {
    if (e.status !== 'RUNNING') return;
    e.status = status;
    e.stopDate = this.options.clock.now();
    if ('output' in result) e.output = result.output;
    if (result.error !== undefined) e.error = result.error;
    if (result.cause !== undefined) e.cause = result.cause;
    e.cancelDeadline?.();
    const type = { SUCCEEDED: 'ExecutionSucceeded', FAILED: 'ExecutionFailed', TIMED_OUT: 'ExecutionTimedOut', ABORTED: 'ExecutionAborted' }[status];
    const details =
      status === 'SUCCEEDED'
        ? { executionSucceededEventDetails: { output: JSON.stringify(e.output ?? null) } }
        : { [`${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`]: { ...(e.error === undefined ? {} : { error: e.error }), ...(e.cause === undefined ? {} : { cause: e.cause }) } };
    this.record(e, type, details);
    if (status === 'ABORTED' || status === 'TIMED_OUT') {
      e.abort?.();
      for (const task of this.tokens.values()) if (task.execution === e && task.state === 'open') this.failClosed(task);
    }
    this.log(`[states] ${e.machine.spec.logicalId} ${e.name}: ${status} after ${e.transitions} transitions (${e.history.join(' → ')})${e.error ? ` ${e.error}: ${e.cause ?? ''}` : ''}`);
    this.notify();
  }

  private record(e: Execution, type: string, details?: Record<string, unknown>): void {
    const id = e.events.length + 1;
    e.events.push({ id, previousEventId: id - 1, timestamp: this.options.clock.now(), type, ...(details ? { details } : {}) });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private view(e: Execution): ExecutionView {
    const task = e.task?.waiting ? e.task : undefined;
    return {
      executionArn: e.arn,
      stateMachineArn: e.machine.spec.arn,
      name: e.name,
      status: e.status,
      input: e.input,
      ...(e.status === 'SUCCEEDED' ? { output: e.output } : {}),
      ...(e.error === undefined ? {} : { error: e.error }),
      ...(e.cause === undefined ? {} : { cause: e.cause }),
      startDate: new Date(e.startDate).toISOString(),
      ...(e.stopDate === undefined ? {} : { stopDate: new Date(e.stopDate).toISOString() }),
      transitions: e.transitions,
      retries: e.retries,
      history: [...e.history],
      ...(task
        ? { waitingTask: { stateName: task.stateName, taskToken: task.token, payload: task.payload, ...(task.timeoutAt === undefined ? {} : { timeoutAt: new Date(task.timeoutAt).toISOString() }) } }
        : {}),
    };
  }

  private machineOf(arn: unknown): Machine {
    const text = typeof arn === 'string' ? arn : '';
    if (!/^arn:aws:states:[^:]*:\d*:stateMachine:[^:]+$/.test(text)) throw new SfnError('InvalidArn', `Invalid Arn: '${text}'`);
    const machine = this.machines.get(text);
    if (!machine) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${text}'`);
    return machine;
  }

  private executionOf(arn: unknown): Execution {
    const text = typeof arn === 'string' ? arn : '';
    if (!/^arn:aws:states:[^:]*:\d*:execution:[^:]+:[^:]+$/.test(text)) throw new SfnError('InvalidArn', `Invalid Arn: '${text}'`);
    const e = this.executions.get(text);
    if (!e) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${text}'`);
    return e;
  }

  private executionArn(machine: Machine, name: string): string {
    return `arn:aws:states:${this.options.region}:${this.options.accountId}:execution:${machine.spec.name}:${name}`;
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => console.error(l)))(line);
  }
}

/**
 * The function name a task names: an ARN of this region and account, a partial ARN or a name,
 * unqualified or $LATEST (versions and aliases are not served locally).
 */
export function functionNameOf(nameOrArn: string, stack: { region: string; accountId: string }): string | { error: string } {
  const arn = /^arn:aws:lambda:([^:]*):(\d*):function:([^:]+)(?::(.+))?$/.exec(nameOrArn);
  const partial = /^(?:(\d{12}):function:)?([^:]+)(?::(.+))?$/.exec(nameOrArn);
  if (!arn && !partial) return { error: `${nameOrArn || '(no FunctionName)'} is not a function name or ARN` };
  if (arn && (arn[1] !== stack.region || arn[2] !== stack.accountId)) return { error: `${nameOrArn} is not a function of this stack (region ${stack.region}, account ${stack.accountId})` };
  const [name, qualifier] = arn ? [arn[3]!, arn[4]] : [partial![2]!, partial![3]];
  if (qualifier !== undefined && qualifier !== '$LATEST') return { error: `${nameOrArn}: function versions and aliases are not served locally (only $LATEST)` };
  return name;
}

/** What the optimized lambda:invoke integration returns for a successful invocation. */
function invokeResult(outcome: InvokeOutcome): Record<string, unknown> {
  const requestId = randomUUID();
  const headers = { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-RequestId': requestId };
  return {
    ExecutedVersion: '$LATEST',
    Payload: outcome.result ?? null,
    SdkHttpMetadata: { AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])), HttpHeaders: headers, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** A function error as the Lambda integration reports it: the errorType names it, Lambda's error JSON is the cause. */
function lambdaError(error: NonNullable<InvokeOutcome['error']>): TaskError {
  const trace = error.stack ? error.stack.split('\n').map((l) => l.trim()) : [];
  return new TaskError(error.errorType || 'Lambda.Unknown', JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, trace }));
}

function causeText(cause: unknown): string {
  if (cause === undefined || cause === null) return '';
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return JSON.stringify(cause);
}

/** Replaces `from` by `to` inside every string of a JSON value. */
function replaceText(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.split(from).join(to);
  if (Array.isArray(value)) return value.map((v) => replaceText(v, from, to));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceText(v, from, to)]));
  return value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
