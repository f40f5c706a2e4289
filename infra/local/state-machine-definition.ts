import type { StateMachineDefinition } from 'aws-local-stepfunctions';

/**
 * Turns a state machine's synthesized definition into what the local engine runs, refusing by
 * name what the local runtime does not serve (rather than running it half right).
 *
 * `aws-local-stepfunctions` interprets the states (paths, Parameters, ResultSelector, Choice,
 * Retry, Catch); every Task is run by our own override (state-machines.ts), which invokes the
 * local function and keeps task timeouts on the stack's controllable clock. So the definition the
 * engine gets is rewritten:
 * - each Task's TimeoutSeconds/TimeoutSecondsPath move into the task plan, and the engine's own
 *   real-time timer is pushed out of the way (ENGINE_TASK_TIMER_SECONDS): the engine would
 *   otherwise default to 60 s and evaluate TimeoutSecondsPath against the Parameters output;
 * - a task with TimeoutSecondsPath gets one hidden Parameters field holding its effective input,
 *   so the override can read the path from what the state received, as Step Functions does;
 * - the top-level TimeoutSeconds moves to the plan too (the execution's deadline, same clock).
 */

/** The Lambda integrations served: the optimized request-response and callback ones. */
export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const LAMBDA_INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/**
 * What the engine's own task timer is set to: the longest a Node timer can wait (24.8 days), so
 * it never fires before the override's own timeout on the stack clock decides. (Step Functions'
 * own default for a task without TimeoutSeconds is 99999999 s, the execution's one-year limit.)
 */
export const ENGINE_TASK_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** The Parameters field that carries a task's effective input to the override (removed before use). */
export const STATE_INPUT_FIELD = '__loopdeskLocalStateInput';

export class UnsupportedDefinitionError extends Error {}

export interface TaskPlan {
  stateName: string;
  /** invoke: lambda:invoke; callback: lambda:invoke.waitForTaskToken; direct: Resource is the function's ARN. */
  kind: 'invoke' | 'callback' | 'direct';
  /** The function as the definition names it (ARN, partial ARN or name); undefined when FunctionName.$ picks it at run time. */
  functionName?: string;
  timeoutSeconds?: number;
  timeoutSecondsPath?: string;
}

export interface PreparedDefinition {
  /** What the engine runs (see above). */
  engineDefinition: StateMachineDefinition;
  tasks: Map<string, TaskPlan>;
  /** The execution's own TimeoutSeconds, if any. */
  timeoutSeconds?: number;
}

/** State types the local runtime runs; Wait, Map and Parallel are refused until someone needs them. */
const SERVED_STATE_TYPES = ['Task', 'Choice', 'Pass', 'Succeed', 'Fail'];
/** Fields no served state may use: JSONata, variables, heartbeats, cross-account credentials. */
const REFUSED_FIELDS: Record<string, string> = {
  QueryLanguage: 'JSONata is not served locally (JSONPath only)',
  Arguments: 'Arguments is JSONata; use Parameters (JSONPath)',
  Output: 'Output is JSONata; use OutputPath/ResultPath (JSONPath)',
  Assign: 'workflow variables (Assign) are not served locally',
  HeartbeatSeconds: 'HeartbeatSeconds is not served locally (only TimeoutSeconds/TimeoutSecondsPath)',
  HeartbeatSecondsPath: 'HeartbeatSecondsPath is not served locally (only TimeoutSeconds/TimeoutSecondsPath)',
  Credentials: 'Credentials (a role to assume) is not served locally',
};
/** Parameters of lambda:invoke the local runtime honours. */
const SERVED_INVOKE_PARAMETERS = ['FunctionName', 'FunctionName.$', 'Payload', 'Payload.$', 'InvocationType', 'Qualifier'];

/**
 * Applies DefinitionSubstitutions as CloudFormation does (`${Name}` replaced by the value, text
 * for text), then refuses any `${Name}` left over: in the cloud that is a deploy-time mistake.
 */
export function substitute(definition: string, substitutions: Record<string, string>, where: string): string {
  let text = definition;
  for (const [name, value] of Object.entries(substitutions)) text = text.split(`\${${name}}`).join(value);
  const left = [...new Set([...text.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]))];
  if (left.length) throw new UnsupportedDefinitionError(`${where}: the definition names ${left.map((n) => `\${${n}}`).join(', ')} but DefinitionSubstitutions has no value for ${left.length === 1 ? 'it' : 'them'}`);
  return text;
}

/** Parses and rewrites one definition; `where` names the state machine in errors. */
export function prepareDefinition(text: string, where: string): PreparedDefinition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UnsupportedDefinitionError(`${where}: the definition is not JSON (${(err as Error).message})`);
  }
  if (!isObject(parsed) || !isObject(parsed.States) || typeof parsed.StartAt !== 'string') {
    throw new UnsupportedDefinitionError(`${where}: the definition needs StartAt and States`);
  }
  if (parsed.QueryLanguage !== undefined && parsed.QueryLanguage !== 'JSONPath') throw new UnsupportedDefinitionError(`${where}: ${REFUSED_FIELDS.QueryLanguage}`);
  const timeoutSeconds = parsed.TimeoutSeconds === undefined ? undefined : positiveSeconds(parsed.TimeoutSeconds, `${where}: TimeoutSeconds`);
  const tasks = new Map<string, TaskPlan>();
  const states: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(parsed.States)) {
    const at = `${where}, state ${name}`;
    if (!isObject(raw)) throw new UnsupportedDefinitionError(`${at}: not a state object`);
    if (!SERVED_STATE_TYPES.includes(String(raw.Type))) {
      throw new UnsupportedDefinitionError(`${at}: ${String(raw.Type)} states are not served locally (only ${SERVED_STATE_TYPES.join(', ')}); teach infra/local/state-machine-definition.ts`);
    }
    for (const [field, why] of Object.entries(REFUSED_FIELDS)) {
      if (raw[field] !== undefined && !(field === 'QueryLanguage' && raw[field] === 'JSONPath')) throw new UnsupportedDefinitionError(`${at}: ${why}`);
    }
    if (raw.Type !== 'Task') {
      states[name] = raw;
      continue;
    }
    const { state, plan } = prepareTask(name, raw, at);
    tasks.set(name, plan);
    states[name] = state;
  }
  const { TimeoutSeconds: _dropped, ...top } = parsed;
  return { engineDefinition: { ...top, States: states } as unknown as StateMachineDefinition, tasks, timeoutSeconds };
}

function prepareTask(name: string, raw: Record<string, unknown>, at: string): { state: Record<string, unknown>; plan: TaskPlan } {
  const { TimeoutSeconds, TimeoutSecondsPath, ...rest } = raw;
  const resource = String(raw.Resource ?? '');
  const plan: TaskPlan = { stateName: name, kind: 'invoke' };
  if (TimeoutSeconds !== undefined && TimeoutSecondsPath !== undefined) throw new UnsupportedDefinitionError(`${at}: TimeoutSeconds and TimeoutSecondsPath cannot both be set`);
  if (TimeoutSeconds !== undefined) plan.timeoutSeconds = positiveSeconds(TimeoutSeconds, `${at}: TimeoutSeconds`);
  if (TimeoutSecondsPath !== undefined) {
    parseReferencePath(String(TimeoutSecondsPath), `${at}: TimeoutSecondsPath`);
    plan.timeoutSecondsPath = String(TimeoutSecondsPath);
  }
  const parameters = raw.Parameters;
  if (resource === LAMBDA_INVOKE || resource === LAMBDA_INVOKE_WAIT) {
    plan.kind = resource === LAMBDA_INVOKE ? 'invoke' : 'callback';
    if (!isObject(parameters)) throw new UnsupportedDefinitionError(`${at}: ${resource} needs Parameters with FunctionName`);
    const unserved = Object.keys(parameters).filter((k) => !SERVED_INVOKE_PARAMETERS.includes(k));
    if (unserved.length) throw new UnsupportedDefinitionError(`${at}: Parameters ${unserved.join(', ')} ${unserved.length === 1 ? 'is' : 'are'} not served locally`);
    if (parameters.InvocationType !== undefined && parameters.InvocationType !== 'RequestResponse') {
      throw new UnsupportedDefinitionError(`${at}: InvocationType ${String(parameters.InvocationType)} is not served locally (only RequestResponse)`);
    }
    if (parameters.Qualifier !== undefined && parameters.Qualifier !== '$LATEST') throw new UnsupportedDefinitionError(`${at}: Qualifier ${String(parameters.Qualifier)} is not served locally (only $LATEST)`);
    if (typeof parameters.FunctionName === 'string') plan.functionName = parameters.FunctionName;
    else if (typeof parameters['FunctionName.$'] !== 'string') throw new UnsupportedDefinitionError(`${at}: Parameters.FunctionName is missing`);
    if (plan.kind === 'callback' && !JSON.stringify(parameters).includes('$$.Task.Token')) {
      throw new UnsupportedDefinitionError(`${at}: a waitForTaskToken task must pass $$.Task.Token in its Parameters, or nobody can ever answer it`);
    }
  } else if (/^arn:aws:lambda:[^:]*:\d*:function:/.test(resource)) {
    plan.kind = 'direct';
    plan.functionName = resource;
  } else {
    throw new UnsupportedDefinitionError(`${at}: Resource ${resource || '(none)'} is not served locally (only ${LAMBDA_INVOKE}, ${LAMBDA_INVOKE_WAIT} and a function ARN)`);
  }
  const state: Record<string, unknown> = { ...rest, TimeoutSeconds: ENGINE_TASK_TIMER_SECONDS };
  if (plan.timeoutSecondsPath !== undefined && isObject(parameters)) state.Parameters = { ...parameters, [`${STATE_INPUT_FIELD}.$`]: '$' };
  return { state, plan };
}

/** A positive whole number of seconds within Step Functions' bounds (1 to 99999999). */
export function positiveSeconds(value: unknown, where: string): number {
  const n = typeof value === 'number' ? value : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 99_999_999) throw new UnsupportedDefinitionError(`${where}: ${JSON.stringify(value)} is not a whole number of seconds from 1 to 99999999`);
  return n;
}

/**
 * A reference path ($, .name, ['name'], [index]) as steps; reference paths select one node, so
 * filters, wildcards and slices are refused.
 */
export function parseReferencePath(path: string, where: string): (string | number)[] {
  if (!path.startsWith('$') || path.startsWith('$$')) throw new UnsupportedDefinitionError(`${where}: ${path} is not a reference path into the state input`);
  const steps: (string | number)[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_-]*)|\['([^']*)'\]|\[(\d+)\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const start = re.lastIndex;
    const m = re.exec(path);
    if (!m || m.index !== start) throw new UnsupportedDefinitionError(`${where}: ${path} is not a reference path (only .name, ['name'] and [index] steps)`);
    steps.push(m[1] ?? m[2] ?? Number(m[3]));
  }
  return steps;
}

/** The node a reference path selects, or undefined when the input has none there. */
export function selectPath(input: unknown, path: string): unknown {
  let node = input;
  for (const step of parseReferencePath(path, 'path')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
