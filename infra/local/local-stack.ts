import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { readStacks, resourcesOfType, type CfnResource, type StackArtifact } from './cloud-assembly.ts';
import { addDirectory, ConsoleHost, type ConsoleSite } from './console-host.ts';
import { DevIdentityProvider, seedUsers, type DevUser } from './dev-identity-provider.ts';
import { ensureTable, latestStreamArn, LOCAL_CREDENTIALS, startDynamoEngine, type DynamoEngine } from './dynamodb-engine.ts';
import { LambdaAsyncInvoker } from './async-invoke.ts';
import { LocalEventBridge, type RecordedEvent } from './event-bus.ts';
import { compilePattern, type EventMatcher } from './event-pattern.ts';
import { eventsRoute, schedulesRoute } from './eventbridge-routes.ts';
import { freePort } from './free-port.ts';
import { SqsEventSources } from './event-sources.ts';
import { LocalHttpApi, type CorsSettings, type LocalRoute } from './http-api.ts';
import { LocalFunction } from './lambda-host.ts';
import { outboxRoute } from './outbox-page.ts';
import { dynamoDbStreamsApi, LocalPipes, regionalStreamArn } from './pipes.ts';
import { LocalResolver } from './resolver.ts';
import { lambdaTarget, queueTarget, type RuleTarget } from './rule-targets.ts';
import { LocalSchedules, parseRate, type ScheduleInfo, type ScheduleRun } from './schedules.ts';
import { LocalS3, type BucketCors } from './s3-engine.ts';
import { LocalSesSending, type EventDestinationSpec, type SesEventType, type SentMail } from './ses-sending.ts';
import { SmtpIntake, type ReceiptRuleSpec } from './smtp-intake.ts';
import { LocalSns } from './sns-router.ts';
import { LocalSqs, type LocalQueue } from './sqs-engine.ts';
import { prepareDefinition, substitute } from './state-machine-definition.ts';
import { functionNameOf, LocalStateMachines, type ExecutionView, type StateMachineSpec, type WaitingTask } from './state-machines.ts';
import { StepFunctionsApi } from './stepfunctions-api.ts';
import { executionsRoute } from './stepfunctions-routes.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { assertAllKindsKnown } from './resource-kinds.ts';

export const LOCAL_ACCOUNT_ID = '000000000000';

export interface LocalStackOptions {
  /** A synthesized cloud assembly (cdk.out). */
  assemblyDir: string;
  /** Which region's stack to run; the first one when absent. */
  region?: string;
  /** Where tables and the dev signing key persist; in memory when absent (tests). */
  dataDir?: string;
  consolePort?: number;
  apiPort?: number;
  /** Print function logs to the terminal (npm start) or only to files under logDir (tests). */
  echoLogs?: boolean;
  logDir?: string;
  /** Execution environments per function; Lambda scales out, so do we (bounded). */
  maxConcurrency?: number;
  /** Where the SES receiving stand-in listens for SMTP; any free port when absent (tests). */
  smtpPort?: number;
  /**
   * Scheduled rules fire by themselves on their rate, as in the cloud (default, npm start); false
   * leaves them to `schedules.run()` so tests decide when, and as of what time, a schedule runs.
   */
  fireSchedules?: boolean;
}

export interface LocalStack {
  stackName: string;
  region: string;
  consoleUrl: string;
  apiUrl: string;
  users: DevUser[];
  /** An ID token for the seeded user of a role, as the hosted login would issue. */
  tokenFor(role: string): Promise<string>;
  dynamo: { endpoint: string; tables: Record<string, string> };
  s3: { endpoint: string; engine: LocalS3; buckets: Record<string, string> };
  /** The SQS stand-in (AWS_ENDPOINT_URL_SQS of every function) and the template's queues by logical id. */
  sqs: { endpoint: string; engine: LocalSqs; queues: Record<string, LocalQueue> };
  sns: LocalSns;
  /** The SES receiving stand-in; undefined when the template has no receipt rule. */
  smtp?: {
    port: number;
    host: string;
    /** The receipt rules' recipients: addresses and domains. */
    recipients: string[];
    /** Addresses at those domains that the template names (e.g. the support addresses in a function's settings). */
    addresses: string[];
    intake: SmtpIntake;
  };
  eventSources: SqsEventSources;
  /** The template's pipes (table stream → queue). */
  pipes: LocalPipes;
  /** The SES sending stand-in (AWS_ENDPOINT_URL_SES of every function) and its outbox of .eml files. */
  ses: {
    endpoint: string;
    outboxDir: string;
    /** Every accepted message, oldest first. */
    sent(): Promise<SentMail[]>;
    /** The next n SendRawEmail calls fail with this SES error code (the SDK itself retries Throttling, 3 attempts). */
    failNext(n: number, code?: string): void;
    engine: LocalSesSending;
  };
  /** The dev-only page listing the outbox (never part of the deployed console). */
  outboxUrl: string;
  /**
   * The EventBridge stand-in (AWS_ENDPOINT_URL_EVENTBRIDGE of every function): the template's buses
   * (by logical id → name; `default` is there too) and the recent events put on them.
   */
  events: {
    endpoint: string;
    buses: Record<string, string>;
    /** The last events put on one bus (or every bus), oldest first, each as its rules' targets got it. */
    list(busName?: string): RecordedEvent[];
    engine: LocalEventBridge;
  };
  /** The template's scheduled rules: list them, or run one now (optionally as of a time). */
  schedules: {
    list(): ScheduleInfo[];
    /**
     * Fires the rule's Scheduled Event now, its `time` being `at` (default now), after any run of it
     * still going; resolves when each target has it (a function: its first attempt ended), rejects
     * (ScheduleRunError, with the run) when a target failed.
     */
    run(logicalId: string, options?: { at?: Date }): Promise<ScheduleRun>;
    engine: LocalSchedules;
  };
  /** Lambda's asynchronous invocations (rule targets) and their pending retries. */
  asyncInvocations: LambdaAsyncInvoker;
  /**
   * The Step Functions stand-in (AWS_ENDPOINT_URL_SFN of every function): the template's state
   * machines (logical id → ARN) and their executions. Task timeouts run on the stack clock.
   */
  stateMachines: {
    endpoint: string;
    machines: Record<string, string>;
    /** Starts an execution of a state machine (ARN or logical id), as StartExecution would. */
    start(stateMachine: string, input?: unknown, name?: string): { executionArn: string; startDate: number };
    /** Status, output, error/cause, transitions (billed: states entered + retries), states entered in order, the task it waits on. */
    execution(executionArn: string): ExecutionView | undefined;
    /** Every execution, oldest first (or those of one state machine). */
    list(stateMachineArn?: string): ExecutionView[];
    /**
     * Resolves once the execution is 'done' (not RUNNING), 'waiting' (a waitForTaskToken task
     * invoked its function and waits for its token), or the predicate holds; rejects if it ends
     * first, or after options.timeoutMs of real time (default 30 s).
     */
    waitFor(executionArn: string, until: 'done' | 'waiting' | ((e: ExecutionView) => boolean), options?: { timeoutMs?: number }): Promise<ExecutionView>;
    /** The task (token, payload, timeout) the execution waits on next, optionally in a given state. */
    waitForTask(executionArn: string, stateName?: string): Promise<WaitingTask>;
    /** Moves the stack clock (the SQS engine's too): task and execution timeouts now due fire before it returns. */
    advance(ms: number): void;
    engine: LocalStateMachines;
  };
  /** Dev-only JSON: the state machines and their recent executions. */
  executionsUrl: string;
  /** Dev-only JSON: the schedules (GET), running one (POST <url>/<logicalId>/run?at=ISO), the recent events. */
  schedulesUrl: string;
  eventsUrl: string;
  /**
   * Resolves when the table streams have been read up to now and the pipes forwarded what matched,
   * due SES feedback is published, no queue feeding a function has a message to deliver now and
   * no such invocation runs, and no function a rule invoked still runs (a Lambda retry not yet due
   * does not count); repeated until none of them has anything new.
   */
  whenIdle(): Promise<void>;
  /**
   * Like whenIdle, but runs the queues feeding functions to empty, ending visibility timeouts and
   * delays as if time passed (retries, then dead-letter queues), runs Lambda's pending retries of
   * functions that rules invoked, and publishes pending SES feedback (the mailbox simulator's
   * bounces and complaints), moving the clock instead of waiting.
   */
  drain(): Promise<void>;
  functions: Map<string, LocalFunction>;
  api: LocalHttpApi;
  stop(): Promise<void>;
}

/**
 * Runs a synthesized region stack on this machine: every resource in the template is served by a
 * local engine or stand-in (see resource-kinds.ts), wired only from what the template says.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const stacks = readStacks(options.assemblyDir);
  const stack = options.region ? stacks.find((s) => s.region === options.region) : stacks[0];
  if (!stack) throw new Error(`No stack for region ${options.region ?? '(any)'} in ${options.assemblyDir}`);
  const { template } = stack;
  assertAllKindsKnown(template);

  const consolePort = options.consolePort || (await freePort());
  const apiPort = options.apiPort || (await freePort());
  const consoleUrl = `http://localhost:${consolePort}`;
  const apiUrl = `http://localhost:${apiPort}`;
  const idpBase = `${consoleUrl}/auth`;

  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stoppers.splice(0).reverse()) await s().catch((e) => console.error('stop failed', e));
  };
  try {
    // Queue URLs name the SQS endpoint, so it listens before anything resolves a queue's Ref.
    const sqs = new LocalSqs({
      region: stack.region,
      accountId: LOCAL_ACCOUNT_ID,
      // Accepted mail and queued work survive a restart, like the tables and buckets beside them.
      persistFile: options.dataDir && path.join(options.dataDir, 'sqs', 'messages.json'),
    });
    const sqsUrl = await sqs.listen();
    stoppers.push(() => sqs.close());
    const resolver = defineLocalValues(stack, { consoleUrl, apiUrl, idpBase, sqsUrl });
    const queues = createQueues(stack, resolver, sqs);
    const sns = createTopics(stack, resolver, sqs);
    const eventBuses = createEventBuses(stack, resolver, options);
    const rulePlans = planRules(stack, resolver, sqs, eventBuses.engine.busNames());
    const machinePlans = planStateMachines(stack, resolver);

    const engine = await startDynamoEngine({ dataDir: options.dataDir && path.join(options.dataDir, 'dynamodb') });
    stoppers.push(() => engine.stop());
    const { tables, streams } = await createTables(stack, resolver, engine);
    const s3 = await startBuckets(stack, resolver, options.dataDir);
    stoppers.push(() => s3.engine.close());
    configureBucketNotifications(stack, resolver, s3.engine, sqs);

    const outboxDir = options.dataDir ? path.join(options.dataDir, 'outbox') : mkdtempSync(path.join(tmpdir(), 'loopdesk-outbox-'));
    if (!options.dataDir) stoppers.push(async () => rmSync(outboxDir, { recursive: true, force: true }));
    const ses = buildSesSending(stack, resolver, sns, sqs, outboxDir, options);
    const sesUrl = await ses.listen();
    stoppers.push(() => ses.close());

    const eventBridgeUrl = await eventBuses.engine.listen();
    stoppers.push(() => eventBuses.engine.close());

    // The Step Functions API listens before any function exists (they get its URL); the machines
    // are added once functions can be created, since a definition names them.
    let lookupFunction: (name: string) => LocalFunction | undefined = () => undefined;
    const stateMachines = new LocalStateMachines({ region: stack.region, accountId: LOCAL_ACCOUNT_ID, lookupFunction: (name) => lookupFunction(name), clock: sqs, log: logTo(options) });
    const sfnApi = new StepFunctionsApi(stateMachines, logTo(options));
    const sfnUrl = await sfnApi.listen();
    stoppers.push(() => sfnApi.close());

    // Iterators are taken before any handler can write: nothing written from now on is missed.
    const pipes = buildPipes(stack, resolver, sqs, streams, engine.endpoint, options);
    await pipes.start();
    stoppers.push(() => pipes.stop());

    const idp = await startIdentity(stack, resolver, idpBase, options.dataDir);
    const functions = new Map<string, LocalFunction>();
    const fnFor = (logicalId: string) => {
      let fn = functions.get(logicalId);
      if (!fn) {
        fn = createFunction(stack, resolver, logicalId, { dynamodb: engine.endpoint, s3: s3.url, sqs: sqsUrl, ses: sesUrl, eventbridge: eventBridgeUrl, sfn: sfnUrl }, options);
        functions.set(logicalId, fn);
        stoppers.push(() => fn!.stop());
      }
      return fn;
    };

    const api = buildHttpApi(stack, resolver, fnFor, idp);
    await api.listen(apiPort);
    stoppers.push(() => api.close());

    const eventSources = buildEventSources(stack, resolver, sqs, fnFor, options);
    eventSources.start();
    stoppers.push(() => eventSources.stop());

    const asyncInvocations = new LambdaAsyncInvoker({ log: logTo(options) });
    const schedules = buildRules(rulePlans, stack, eventBuses.engine, sqs, fnFor, asyncInvocations, options);
    schedules.start(options.fireSchedules ?? true);
    // Stopped in reverse: no new ticks first, then the invocations under way, then their functions.
    stoppers.push(() => asyncInvocations.stop());
    stoppers.push(async () => schedules.stop());

    lookupFunction = (name) => (stack.template.Resources[name]?.Type === 'AWS::Lambda::Function' ? fnFor(name) : undefined);
    const machines: Record<string, string> = {};
    for (const spec of machinePlans) {
      stateMachines.add(spec);
      machines[spec.logicalId] = spec.arn;
    }
    // Before the functions stop (stopped in reverse): running executions are aborted, their tasks settled.
    stoppers.push(async () => stateMachines.stop());
    assertEveryFunctionServed(stack, functions);

    const intake = buildSmtpIntake(stack, resolver, s3.engine, sns, options);
    const smtp = intake && {
      ...(await intake.listen(options.smtpPort ?? 0)),
      recipients: intake.recipients,
      addresses: addressesNamed(stack, intake.recipients),
      intake,
    };
    if (intake) stoppers.push(() => intake.close());

    const consoleHost = new ConsoleHost(buildConsoleSite(stack, resolver, { apiUrl, consoleUrl, s3Url: s3.url }), idp, '/auth', [
      outboxRoute(ses),
      schedulesRoute(schedules),
      eventsRoute(eventBuses.engine),
      executionsRoute(stateMachines),
    ]);
    await consoleHost.listen(consolePort);
    stoppers.push(() => consoleHost.close());

    /**
     * Runs the local cloud to a fixpoint: stream records forwarded, queues idle (or drained), rule
     * deliveries to functions finished (or, draining, their retries run), due SES feedback
     * published, and again, until a round finds nothing new to forward, deliver or publish.
     */
    const settle = async (mode: 'now' | 'drain'): Promise<void> => {
      for (let round = 0; round < 100; round++) {
        const activity = eventBuses.engine.deliveries + asyncInvocations.attempts + stateMachines.transitions;
        await pipes.flush();
        if (mode === 'drain') await eventSources.drain();
        else await eventSources.whenIdle();
        if (mode === 'drain') await asyncInvocations.drain();
        else await asyncInvocations.whenIdle();
        // Executions run until each waits for a task token or ends (task timeouts are advance()'s, never drain's).
        await stateMachines.whenIdle();
        const published = ses.publishFeedback(mode === 'drain' ? 'all' : 'due');
        const forwarded = await pipes.flush();
        const delivered = eventBuses.engine.deliveries + asyncInvocations.attempts + stateMachines.transitions - activity;
        if (published === 0 && forwarded === 0 && delivered === 0) return;
      }
      throw new Error('The local stack did not settle after 100 rounds (a loop of writes, messages and mail?)');
    };

    return {
      stackName: stack.stackName,
      region: stack.region,
      consoleUrl,
      apiUrl,
      users: idp.config.users,
      tokenFor: async (role) => {
        const user = idp.config.users.find((u) => u.groups.includes(role));
        if (!user) throw new Error(`No seeded user has role ${role}`);
        return idp.idToken(user);
      },
      dynamo: { endpoint: engine.endpoint, tables },
      s3: { endpoint: s3.url, engine: s3.engine, buckets: s3.buckets },
      sqs: { endpoint: sqsUrl, engine: sqs, queues },
      sns,
      smtp,
      eventSources,
      pipes,
      ses: {
        endpoint: sesUrl,
        outboxDir,
        sent: () => ses.sent(),
        failNext: (n, code) => ses.failNext(n, code),
        engine: ses,
      },
      outboxUrl: `${consoleUrl}/dev/outbox`,
      events: {
        endpoint: eventBridgeUrl,
        buses: eventBuses.buses,
        list: (busName) => eventBuses.engine.list(busName),
        engine: eventBuses.engine,
      },
      schedules: {
        list: () => schedules.list(),
        run: (logicalId, runOptions) => schedules.run(logicalId, runOptions),
        engine: schedules,
      },
      asyncInvocations,
      schedulesUrl: `${consoleUrl}/dev/schedules`,
      eventsUrl: `${consoleUrl}/dev/events`,
      stateMachines: {
        endpoint: sfnUrl,
        machines,
        start: (stateMachine, input, name) => stateMachines.start(stateMachine, input, name),
        execution: (arn) => stateMachines.execution(arn),
        list: (arn) => stateMachines.listAll(arn),
        waitFor: (arn, until, waitOptions) => stateMachines.waitFor(arn, until, waitOptions),
        waitForTask: (arn, stateName) => stateMachines.waitForTask(arn, stateName),
        advance: (ms) => stateMachines.advance(ms),
        engine: stateMachines,
      },
      executionsUrl: `${consoleUrl}/dev/executions`,
      whenIdle: () => settle('now'),
      drain: () => settle('drain'),
      functions,
      api,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Deletes a data directory so the next start is empty (`npm start -- --fresh`). */
export function wipeData(dataDir: string): void {
  if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
}

function defineLocalValues(stack: StackArtifact, urls: { consoleUrl: string; apiUrl: string; idpBase: string; sqsUrl: string }): LocalResolver {
  const { template, region } = stack;
  const r = new LocalResolver(template, { region, accountId: LOCAL_ACCOUNT_ID, stackName: stack.stackName });
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${LOCAL_ACCOUNT_ID}:${resource}`;
  for (const [id, res] of Object.entries(template.Resources)) {
    switch (res.Type) {
      case 'AWS::DynamoDB::Table': {
        const name = (res.Properties?.TableName as string) ?? id;
        r.define(id, { ref: name, attributes: { Arn: arn('dynamodb', `table/${name}`) } });
        break;
      }
      case 'AWS::Lambda::Function':
        r.define(id, { ref: id, attributes: { Arn: arn('lambda', `function:${id}`) } });
        break;
      case 'AWS::ApiGatewayV2::Api':
        r.define(id, { ref: id.toLowerCase().slice(0, 10), attributes: { ApiEndpoint: urls.apiUrl } });
        break;
      case 'AWS::Logs::LogGroup':
        r.define(id, { ref: `/local/${id}`, attributes: { Arn: arn('logs', `log-group:/local/${id}`) } });
        break;
      case 'AWS::S3::Bucket':
        r.define(id, { ref: id.toLowerCase(), attributes: { Arn: `arn:aws:s3:::${id.toLowerCase()}` } });
        break;
      case 'AWS::Cognito::UserPoolClient':
        r.define(id, { ref: 'loopdesk-local-console' });
        break;
      case 'AWS::SQS::Queue': {
        // CloudFormation names an unnamed queue after the stack and logical id (plus a suffix).
        const name = (res.Properties?.QueueName as string) ?? physicalName(stack.stackName, id, 80);
        const url = `${urls.sqsUrl}/${LOCAL_ACCOUNT_ID}/${name}`;
        r.define(id, { ref: url, attributes: { Arn: arn('sqs', name), QueueName: name, QueueUrl: url } });
        break;
      }
      case 'AWS::SNS::Topic': {
        const name = (res.Properties?.TopicName as string) ?? physicalName(stack.stackName, id, 256);
        r.define(id, { ref: arn('sns', name), attributes: { TopicArn: arn('sns', name), TopicName: name } });
        break;
      }
      case 'AWS::SES::ReceiptRuleSet':
        r.define(id, { ref: (res.Properties?.RuleSetName as string) ?? physicalName(stack.stackName, id, 64) });
        break;
      case 'AWS::SES::ReceiptRule':
        r.define(id, { ref: (res.Properties?.Rule?.Name as string) ?? physicalName(stack.stackName, id, 64) });
        break;
      case 'AWS::SES::EmailIdentity':
        // Ref is the identity itself (the domain or address); its value is resolved below.
        break;
      case 'AWS::SES::ConfigurationSet':
        r.define(id, { ref: (res.Properties?.Name as string) ?? physicalName(stack.stackName, id, 64) });
        break;
      case 'AWS::Pipes::Pipe': {
        const name = (res.Properties?.Name as string) ?? physicalName(stack.stackName, id, 64);
        r.define(id, { ref: name, attributes: { Arn: arn('pipes', `pipe/${name}`) } });
        break;
      }
      case 'AWS::StepFunctions::StateMachine': {
        // Ref is the ARN; CloudFormation names an unnamed state machine after its logical id.
        const name = res.Properties?.StateMachineName === undefined ? physicalName(stack.stackName, id, 80) : r.resolveString(res.Properties.StateMachineName);
        const machineArn = arn('states', `stateMachine:${name}`);
        r.define(id, { ref: machineArn, attributes: { Arn: machineArn, Name: name, StateMachineRevisionId: machineArn } });
        break;
      }
      case 'AWS::Events::EventBus': {
        // Name is required by CloudFormation; Ref is the name.
        const name = res.Properties?.Name === undefined ? physicalName(stack.stackName, id, 256) : r.resolveString(res.Properties.Name);
        r.define(id, { ref: name, attributes: { Arn: arn('events', `event-bus/${name}`), Name: name } });
        break;
      }
      case 'AWS::Cognito::UserPool':
        r.defineUrlStandIn(id, { pattern: (s) => new RegExp(`https://cognito-idp\\.[a-z0-9-]+\\.amazonaws\\.com/${s}`, 'g'), localBase: urls.idpBase });
        break;
      case 'AWS::Cognito::UserPoolDomain':
        r.defineUrlStandIn(id, { pattern: (s) => new RegExp(`https://${s}\\.auth\\.[a-z0-9-]+\\.amazoncognito\\.com`, 'g'), localBase: urls.idpBase });
        break;
      case 'AWS::CloudFront::Distribution':
        r.defineUrlStandIn(id, { pattern: (s) => new RegExp(`https://${s}`, 'g'), localBase: urls.consoleUrl, attribute: 'DomainName' });
        break;
    }
  }
  for (const [id, res] of resourcesOfType(template, 'AWS::SES::EmailIdentity')) r.define(id, { ref: r.resolveString(res.Properties?.EmailIdentity) });
  // A rule's Ref and ARN name its bus, which may be any bus of the template: defined once buses are.
  for (const [id, res] of resourcesOfType(template, 'AWS::Events::Rule')) {
    const name = res.Properties?.Name === undefined ? physicalName(stack.stackName, id, 64) : r.resolveString(res.Properties.Name);
    const bus = ruleBusName(r.resolve(res.Properties?.EventBusName));
    r.define(id, {
      ref: bus === 'default' ? name : `${bus}|${name}`,
      attributes: { Arn: arn('events', bus === 'default' ? `rule/${name}` : `rule/${bus}/${name}`) },
    });
  }
  return r;
}

/** The bus a rule is on: the default bus when EventBusName is absent; a bus ARN names its bus. */
function ruleBusName(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'default';
  const text = String(value);
  return /^arn:aws:events:[^:]*:\d*:event-bus\/(.+)$/.exec(text)?.[1] ?? text;
}

function physicalName(stackName: string, logicalId: string, max: number): string {
  return `${stackName}-${logicalId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, max);
}

/** Every queue of the template with its settings, then every redrive target checked. */
function createQueues(stack: StackArtifact, resolver: LocalResolver, sqs: LocalSqs): Record<string, LocalQueue> {
  const queues: Record<string, LocalQueue> = {};
  for (const [id, res] of resourcesOfType(stack.template, 'AWS::SQS::Queue')) {
    const p = res.Properties ?? {};
    if (p.FifoQueue === true || p.FifoQueue === 'true') throw new Error(`Queue ${id}: FIFO queues are not served locally yet`);
    const num = (v: unknown) => (v === undefined ? undefined : Number(resolver.resolve(v)));
    const rawRedrive = resolver.resolve(p.RedrivePolicy) as Record<string, unknown> | string | undefined;
    const redrive = typeof rawRedrive === 'string' ? (JSON.parse(rawRedrive) as Record<string, unknown>) : rawRedrive;
    queues[id] = sqs.createQueue({
      name: resolver.resolveString({ 'Fn::GetAtt': [id, 'QueueName'] }),
      visibilityTimeoutSeconds: num(p.VisibilityTimeout),
      retentionSeconds: num(p.MessageRetentionPeriod),
      delaySeconds: num(p.DelaySeconds),
      receiveWaitSeconds: num(p.ReceiveMessageWaitTimeSeconds),
      maximumMessageBytes: num(p.MaximumMessageSize),
      redrive: redrive ? { deadLetterTargetArn: String(redrive.deadLetterTargetArn), maxReceiveCount: Number(redrive.maxReceiveCount) } : undefined,
    });
  }
  sqs.assertRedriveTargets();
  return queues;
}

/** Topics and their SQS subscriptions; any other kind of subscription is refused by name. */
function createTopics(stack: StackArtifact, resolver: LocalResolver, sqs: LocalSqs): LocalSns {
  const sns = new LocalSns(sqs, { region: stack.region, accountId: LOCAL_ACCOUNT_ID });
  for (const [id, res] of resourcesOfType(stack.template, 'AWS::SNS::Topic')) {
    if (res.Properties?.FifoTopic) throw new Error(`Topic ${id}: FIFO topics are not served locally yet`);
    if (res.Properties?.Subscription?.length) throw new Error(`Topic ${id}: inline subscriptions are not served locally; use AWS::SNS::Subscription`);
    sns.createTopic(resolver.resolveString({ 'Fn::GetAtt': [id, 'TopicName'] }));
  }
  for (const [id, res] of resourcesOfType(stack.template, 'AWS::SNS::Subscription')) {
    const p = res.Properties ?? {};
    if (p.Protocol !== 'sqs') throw new Error(`Subscription ${id}: protocol ${p.Protocol} is not served locally (only sqs)`);
    if (p.FilterPolicy) throw new Error(`Subscription ${id}: filter policies are not served locally yet`);
    const raw = p.RawMessageDelivery === true || p.RawMessageDelivery === 'true';
    sns.subscribe(resolver.resolveString(p.TopicArn), resolver.resolveString(p.Endpoint), { raw });
  }
  return sns;
}

/** S3 event notifications to queues (Custom::S3BucketNotifications); to functions or topics they are refused. */
function configureBucketNotifications(stack: StackArtifact, resolver: LocalResolver, s3: LocalS3, sqs: LocalSqs): void {
  for (const [id, res] of resourcesOfType(stack.template, 'Custom::S3BucketNotifications')) {
    const p = res.Properties ?? {};
    const conf = (p.NotificationConfiguration ?? {}) as Record<string, any>;
    for (const kind of ['LambdaFunctionConfigurations', 'TopicConfigurations', 'EventBridgeConfiguration']) {
      if (conf[kind] && (!Array.isArray(conf[kind]) || conf[kind].length)) throw new Error(`Bucket notifications ${id}: ${kind} are not served locally (only queues)`);
    }
    const configurations = ((conf.QueueConfigurations ?? []) as Record<string, any>[]).map((q, i) => {
      const rules = (q.Filter?.Key?.FilterRules ?? []) as { Name: string; Value: unknown }[];
      const rule = (name: string) => {
        const r = rules.find((x) => x.Name.toLowerCase() === name);
        return r === undefined ? undefined : resolver.resolveString(r.Value);
      };
      return {
        id: q.Id === undefined ? `${id}-${i}` : resolver.resolveString(q.Id),
        queueArn: resolver.resolveString(q.QueueArn),
        events: ((resolver.resolve(q.Events ?? []) as unknown[]) ?? []).map(String),
        prefix: rule('prefix'),
        suffix: rule('suffix'),
      };
    });
    for (const c of configurations) sqs.queue(c.queueArn); // every destination is a local queue
    s3.setNotifications(resolver.resolveString(p.BucketName), configurations, (queueArn, body) => sqs.send(queueArn, { body, senderId: 'AIDALOCALS3NOTIFICATIONS' }));
  }
}

/** Lambda's SQS pollers for the template's event source mappings; other sources are refused by name. */
function buildEventSources(
  stack: StackArtifact,
  resolver: LocalResolver,
  sqs: LocalSqs,
  fnFor: (logicalId: string) => LocalFunction,
  options: LocalStackOptions,
): SqsEventSources {
  const sources = new SqsEventSources(sqs, stack.region, options.echoLogs ? (line) => console.error(line) : () => {});
  for (const [id, res] of resourcesOfType(stack.template, 'AWS::Lambda::EventSourceMapping')) {
    const p = res.Properties ?? {};
    const sourceArn = p.EventSourceArn === undefined ? '' : resolver.resolveString(p.EventSourceArn);
    if (!sourceArn.startsWith('arn:aws:sqs:')) throw new Error(`Event source mapping ${id}: source ${sourceArn || '(none)'} is not served locally (only SQS queues)`);
    if (p.FilterCriteria) throw new Error(`Event source mapping ${id}: filter criteria are not served locally yet`);
    const fnId = refOf(p.FunctionName) ?? (p.FunctionName?.['Fn::GetAtt'] as [string, string] | undefined)?.[0];
    if (!fnId || stack.template.Resources[fnId]?.Type !== 'AWS::Lambda::Function') {
      throw new Error(`Event source mapping ${id}: FunctionName does not point at a function of this stack`);
    }
    sources.add({
      logicalId: id,
      queueArn: sourceArn,
      fn: fnFor(fnId),
      batchSize: p.BatchSize === undefined ? undefined : Number(p.BatchSize),
      reportBatchItemFailures: ((p.FunctionResponseTypes ?? []) as string[]).includes('ReportBatchItemFailures'),
      enabled: p.Enabled === undefined ? true : p.Enabled === true || p.Enabled === 'true',
      maximumConcurrency: p.ScalingConfig?.MaximumConcurrency === undefined ? undefined : Number(p.ScalingConfig.MaximumConcurrency),
    });
  }
  return sources;
}

/**
 * Properties of a state machine the local runtime honours. Logging, tracing, encryption and tags
 * are cloud-only (CloudWatch, X-Ray, KMS); a definition in S3 is refused.
 */
const SERVED_STATE_MACHINE_PROPERTIES = [
  'DefinitionString',
  'Definition',
  'DefinitionSubstitutions',
  'StateMachineType',
  'StateMachineName',
  'RoleArn',
  'LoggingConfiguration',
  'TracingConfiguration',
  'EncryptionConfiguration',
  'Tags',
];

/**
 * The template's state machines, checked up front so one the local runtime cannot serve stops the
 * start at once and by name: each definition with its DefinitionSubstitutions resolved (function
 * ARNs become the local functions'), every state served, every function it names one of this stack.
 */
function planStateMachines(stack: StackArtifact, resolver: LocalResolver): StateMachineSpec[] {
  return resourcesOfType(stack.template, 'AWS::StepFunctions::StateMachine').map(([id, res]) => {
    const p = res.Properties ?? {};
    const where = `State machine ${id}`;
    const unserved = Object.keys(p).filter((k) => !SERVED_STATE_MACHINE_PROPERTIES.includes(k));
    if (unserved.length) throw new Error(`${where}: ${unserved.join(', ')} ${unserved.length === 1 ? 'is' : 'are'} not served locally`);
    const type = p.StateMachineType === undefined ? 'STANDARD' : resolver.resolveString(p.StateMachineType);
    if (type !== 'STANDARD') throw new Error(`${where}: ${type} workflows are not served locally (only STANDARD)`);
    if (p.DefinitionString === undefined && p.Definition === undefined) throw new Error(`${where}: no DefinitionString or Definition`);
    const text = p.DefinitionString !== undefined ? resolver.resolveString(p.DefinitionString) : JSON.stringify(resolver.resolve(p.Definition));
    const substitutions = Object.fromEntries(
      Object.entries((resolver.resolve(p.DefinitionSubstitutions ?? {}) ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    const definition = substitute(text, substitutions, where);
    for (const task of prepareDefinition(definition, where).tasks.values()) {
      if (task.functionName === undefined) continue;
      const name = functionNameOf(task.functionName, { region: stack.region, accountId: LOCAL_ACCOUNT_ID });
      const error = typeof name === 'string' ? (stack.template.Resources[name]?.Type === 'AWS::Lambda::Function' ? undefined : `Function not found: ${task.functionName}`) : name.error;
      if (error) throw new Error(`${where}, state ${task.stateName}: ${error}`);
    }
    return {
      logicalId: id,
      name: resolver.resolveString({ 'Fn::GetAtt': [id, 'Name'] }),
      arn: resolver.resolveString({ Ref: id }),
      definition,
      ...(p.RoleArn === undefined ? {} : { roleArn: roleArnOf(p.RoleArn, resolver) }),
    };
  });
}

/** The execution role's ARN, for $$.Execution.RoleArn only: roles are cloud-only, so a role of the template gets a local-looking ARN. */
function roleArnOf(value: unknown, resolver: LocalResolver): string {
  try {
    return resolver.resolveString(value);
  } catch {
    return `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${refOf(value) ?? (JSON.stringify(value).match(/"Fn::GetAtt":\["([^"]+)"/)?.[1] ?? 'local')}`;
  }
}

/** Properties of an event bus the local stand-in honours; any other is refused by name. */
const SERVED_BUS_PROPERTIES = ['Name', 'Description', 'Tags', 'Policy'];

/** The template's event buses (plus `default`), served by the EventBridge stand-in. */
function createEventBuses(stack: StackArtifact, resolver: LocalResolver, options: LocalStackOptions): { engine: LocalEventBridge; buses: Record<string, string> } {
  const buses: Record<string, string> = {};
  for (const [id, res] of resourcesOfType(stack.template, 'AWS::Events::EventBus')) {
    const unserved = Object.keys(res.Properties ?? {}).filter((k) => !SERVED_BUS_PROPERTIES.includes(k));
    if (unserved.length) throw new Error(`Event bus ${id}: ${unserved.join(', ')} ${unserved.length === 1 ? 'is' : 'are'} not served locally`);
    buses[id] = resolver.resolveString({ Ref: id });
  }
  const engine = new LocalEventBridge({ region: stack.region, accountId: LOCAL_ACCOUNT_ID, buses: Object.values(buses), log: logTo(options) });
  return { engine, buses };
}

/** Properties of a rule the local runtime honours (RoleArn is a permission and Tags are labels: cloud-only). */
const SERVED_RULE_PROPERTIES = ['Name', 'Description', 'State', 'EventBusName', 'EventPattern', 'ScheduleExpression', 'Targets', 'RoleArn', 'Tags'];
/**
 * Properties of a rule's target the local runtime honours. RetryPolicy and DeadLetterConfig govern
 * EventBridge's own delivery to the target, which cannot fail locally; RoleArn is a permission.
 * Input, InputPath, InputTransformer and the per-service parameters are refused by name.
 */
const SERVED_TARGET_PROPERTIES = ['Arn', 'Id', 'RetryPolicy', 'DeadLetterConfig', 'RoleArn'];
const RULE_STATES = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'];

/** A rule of the template, checked before anything runs; its targets are bound once functions exist. */
interface RulePlan {
  logicalId: string;
  name: string;
  arn: string;
  busName: string;
  enabled: boolean;
  schedule?: string;
  matches?: EventMatcher;
  targets: ({ id: string; arn: string; kind: 'lambda'; functionId: string } | { id: string; arn: string; kind: 'sqs' })[];
}

/**
 * The template's rules, checked up front so a rule the local runtime cannot serve stops the start
 * at once and by name: those with an EventPattern match events on their bus, those with a
 * ScheduleExpression fire on their rate (a rule may have both). Targets are the stack's functions
 * and queues; any other target, option, schedule or pattern operator is refused.
 */
function planRules(stack: StackArtifact, resolver: LocalResolver, sqs: LocalSqs, busNames: string[]): RulePlan[] {
  return resourcesOfType(stack.template, 'AWS::Events::Rule').map(([id, res]) => {
    const p = res.Properties ?? {};
    const unserved = Object.keys(p).filter((k) => !SERVED_RULE_PROPERTIES.includes(k));
    if (unserved.length) throw new Error(`Rule ${id}: ${unserved.join(', ')} ${unserved.length === 1 ? 'is' : 'are'} not served locally`);
    const state = p.State === undefined ? 'ENABLED' : resolver.resolveString(p.State);
    if (!RULE_STATES.includes(state)) throw new Error(`Rule ${id}: State ${state} is not one EventBridge has`);
    const ref = resolver.resolveString({ Ref: id });
    const busName = ruleBusName(resolver.resolve(p.EventBusName));
    if (!busNames.includes(busName)) throw new Error(`Rule ${id}: event bus ${busName} is not in the template`);
    if (p.ScheduleExpression === undefined && p.EventPattern === undefined) throw new Error(`Rule ${id} has neither an EventPattern nor a ScheduleExpression`);
    let schedule: string | undefined;
    if (p.ScheduleExpression !== undefined) {
      if (busName !== 'default') throw new Error(`Rule ${id}: EventBridge runs schedules on the default bus only, not on ${busName}`);
      schedule = resolver.resolveString(p.ScheduleExpression);
      parseRate(schedule, `Rule ${id}`);
    }
    const targets = ((p.Targets ?? []) as Record<string, any>[]).map((t, i) => planTarget(stack, resolver, sqs, id, t, i));
    return {
      logicalId: id,
      name: ref.includes('|') ? ref.slice(ref.indexOf('|') + 1) : ref,
      arn: resolver.resolveString({ 'Fn::GetAtt': [id, 'Arn'] }),
      busName,
      // ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS adds CloudTrail's events, of which there are none locally.
      enabled: state !== 'DISABLED',
      ...(schedule === undefined ? {} : { schedule }),
      ...(p.EventPattern === undefined ? {} : { matches: compilePattern(resolver.resolve(p.EventPattern), `Rule ${id}`) }),
      targets,
    };
  });
}

/** One target of a rule: a function of this stack (unqualified) or a queue of this stack. */
function planTarget(stack: StackArtifact, resolver: LocalResolver, sqs: LocalSqs, ruleId: string, t: Record<string, any>, index: number): RulePlan['targets'][number] {
  const where = `Rule ${ruleId}, target ${t.Id === undefined ? index + 1 : resolver.resolveString(t.Id)}`;
  const unserved = Object.keys(t).filter((k) => !SERVED_TARGET_PROPERTIES.includes(k));
  if (unserved.length) throw new Error(`${where}: ${unserved.join(', ')} ${unserved.length === 1 ? 'is' : 'are'} not served locally; only the event as it is goes to a target`);
  if (t.Id === undefined || t.Arn === undefined) throw new Error(`${where}: a target needs an Id and an Arn`);
  const id = resolver.resolveString(t.Id);
  const arn = resolver.resolveString(t.Arn);
  const isLocalQueue = (queueArn: string) => {
    try {
      sqs.queue(queueArn);
      return true;
    } catch {
      return false;
    }
  };
  if (t.DeadLetterConfig?.Arn !== undefined) {
    const dlq = resolver.resolveString(t.DeadLetterConfig.Arn);
    if (!isLocalQueue(dlq)) throw new Error(`${where}: dead-letter queue ${dlq} is not a queue of this stack`);
  }
  const fn = /^arn:aws:lambda:([^:]+):(\d+):function:([^:]+)(:.+)?$/.exec(arn);
  if (fn) {
    const [, region, account, functionId, qualifier] = fn;
    if (qualifier) throw new Error(`${where}: a function version or alias (${arn}) is not served locally`);
    const resource = stack.template.Resources[functionId!];
    if (region !== stack.region || account !== LOCAL_ACCOUNT_ID || resource?.Type !== 'AWS::Lambda::Function') throw new Error(`${where}: ${arn} is not a function of this stack`);
    // Where Lambda would put the event after its retries: not served, so refused rather than dropped silently.
    if (resource.Properties?.DeadLetterConfig) throw new Error(`${where}: function ${functionId} has a DeadLetterConfig, which is not served locally`);
    return { id, arn, kind: 'lambda', functionId: functionId! };
  }
  if (arn.startsWith('arn:aws:sqs:')) {
    if (!isLocalQueue(arn)) throw new Error(`${where}: ${arn} is not a queue of this stack`);
    return { id, arn, kind: 'sqs' };
  }
  throw new Error(`${where}: ${arn} is not served locally (only this stack's Lambda functions and SQS queues)`);
}

/** Binds the planned rules to the running engines: pattern rules on the bus, schedules on their timers. */
function buildRules(
  plans: RulePlan[],
  stack: StackArtifact,
  bus: LocalEventBridge,
  sqs: LocalSqs,
  fnFor: (logicalId: string) => LocalFunction,
  invoker: LambdaAsyncInvoker,
  options: LocalStackOptions,
): LocalSchedules {
  const schedules = new LocalSchedules(invoker, { region: stack.region, accountId: LOCAL_ACCOUNT_ID, log: logTo(options) });
  for (const plan of plans) {
    const targets: RuleTarget[] = plan.targets.map((t) =>
      t.kind === 'lambda' ? lambdaTarget({ id: t.id, arn: t.arn, fn: fnFor(t.functionId), invoker }) : queueTarget({ id: t.id, arn: t.arn, sqs, log: logTo(options) }),
    );
    const rule = { logicalId: plan.logicalId, enabled: plan.enabled, targets };
    if (plan.schedule !== undefined) schedules.add({ ...rule, ruleName: plan.name, ruleArn: plan.arn, expression: plan.schedule });
    if (plan.matches) bus.addRule({ ...rule, name: plan.name, arn: plan.arn, busName: plan.busName, matches: plan.matches });
  }
  return schedules;
}

function logTo(options: LocalStackOptions): (line: string) => void {
  return options.echoLogs ? (line) => console.error(line) : () => {};
}

/** SES receiving: the template's receipt rules served over SMTP; only S3 actions are served. */
function buildSmtpIntake(stack: StackArtifact, resolver: LocalResolver, s3: LocalS3, sns: LocalSns, options: LocalStackOptions): SmtpIntake | undefined {
  const ruleSets = resourcesOfType(stack.template, 'AWS::SES::ReceiptRuleSet');
  if (ruleSets.length > 1) throw new Error(`SES has one active receipt rule set; the template has ${ruleSets.length}`);
  const rules: ReceiptRuleSpec[] = orderRules(resourcesOfType(stack.template, 'AWS::SES::ReceiptRule'), resolver).map(([id, res]) => {
    const rule = res.Properties?.Rule ?? {};
    const actions = ((rule.Actions ?? []) as Record<string, any>[]).map((action) => {
      const [kind] = Object.keys(action);
      if (kind !== 'S3Action') throw new Error(`Receipt rule ${id}: ${kind} is not served locally (only S3 actions)`);
      const a = action.S3Action as Record<string, unknown>;
      if (a.KmsKeyArn) throw new Error(`Receipt rule ${id}: S3 actions with a KMS key are not served locally`);
      return {
        type: 'S3' as const,
        bucketName: resolver.resolveString(a.BucketName),
        objectKeyPrefix: a.ObjectKeyPrefix === undefined ? '' : resolver.resolveString(a.ObjectKeyPrefix),
        topicArn: a.TopicArn === undefined ? undefined : resolver.resolveString(a.TopicArn),
      };
    });
    return {
      name: id,
      recipients: ((resolver.resolve(rule.Recipients ?? []) as unknown[]) ?? []).map(String),
      // CloudFormation's default for a receipt rule is disabled.
      enabled: rule.Enabled === true || rule.Enabled === 'true',
      actions,
    };
  });
  if (!rules.length) return undefined;
  return new SmtpIntake({ rules, s3, sns, region: stack.region, log: options.echoLogs ? (line) => console.error(line) : () => {} });
}

/** Addresses at the receipt rules' domains (and the rules' own addresses) found anywhere in the template. */
function addressesNamed(stack: StackArtifact, recipients: string[]): string[] {
  const text = JSON.stringify(stack.template);
  const found = new Set(recipients.filter((r) => r.includes('@')).map((r) => r.toLowerCase()));
  for (const domain of recipients.filter((r) => !r.includes('@') && !r.startsWith('.'))) {
    const pattern = new RegExp(`[A-Za-z0-9._%+-]+@${domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9.-])`, 'gi');
    for (const m of text.matchAll(pattern)) found.add(m[0].toLowerCase());
  }
  return [...found];
}

/** Receipt rules run in rule-set order: each after the rule its `After` names. */
function orderRules(rules: [string, CfnResource][], resolver: LocalResolver): [string, CfnResource][] {
  const byName = new Map(rules.map((r) => [resolver.resolveString({ Ref: r[0] }), r] as const));
  const ordered: [string, CfnResource][] = [];
  const place = (entry: [string, CfnResource], seen: Set<string>) => {
    if (ordered.includes(entry)) return;
    if (seen.has(entry[0])) throw new Error(`Receipt rules ${[...seen].join(', ')} name each other in After`);
    seen.add(entry[0]);
    const after = entry[1].Properties?.After;
    const previous = after === undefined ? undefined : byName.get(resolver.resolveString(after));
    if (previous) place(previous, seen);
    ordered.push(entry);
  };
  for (const r of rules) place(r, new Set());
  return ordered;
}

/**
 * Every table of the template, with its stream; a table's StreamArn is known once DynamoDB Local
 * made the stream (its label is the creation time): the stack's region stands in for `ddblocal`.
 */
async function createTables(
  stack: StackArtifact,
  resolver: LocalResolver,
  engine: DynamoEngine,
): Promise<{ tables: Record<string, string>; streams: Map<string, string> }> {
  const tables: Record<string, string> = {};
  const streams = new Map<string, string>();
  for (const [id, res] of resourcesOfType(stack.template, 'AWS::DynamoDB::Table')) {
    const name = resolver.resolveString({ Ref: id });
    await ensureTable(engine.client, name, res);
    tables[id] = name;
    const local = await latestStreamArn(engine.client, name);
    if (!local) continue;
    const regional = regionalStreamArn(local, stack.region, LOCAL_ACCOUNT_ID);
    resolver.defineAttribute(id, 'StreamArn', regional);
    streams.set(regional, local);
  }
  return { tables, streams };
}

/** The source parameters of a DynamoDB stream a local pipe honours (the others are refused by name). */
const SERVED_STREAM_PARAMETERS = [
  'StartingPosition',
  'BatchSize',
  'MaximumBatchingWindowInSeconds',
  'MaximumRecordAgeInSeconds',
  'MaximumRetryAttempts',
  'OnPartialBatchItemFailure',
  'ParallelizationFactor',
];

/** Pipes from a table's stream to a queue; any other source, target or option is refused by name. */
function buildPipes(
  stack: StackArtifact,
  resolver: LocalResolver,
  sqs: LocalSqs,
  streams: Map<string, string>,
  dynamoEndpoint: string,
  options: LocalStackOptions,
): LocalPipes {
  const pipes = new LocalPipes(sqs, dynamoDbStreamsApi(dynamoEndpoint), {
    region: stack.region,
    log: options.echoLogs ? (line) => console.error(line) : () => {},
  });
  for (const [id, res] of resourcesOfType(stack.template, 'AWS::Pipes::Pipe')) {
    const p = res.Properties ?? {};
    if (p.Enrichment) throw new Error(`Pipe ${id}: enrichment is not served locally`);
    const source = resolver.resolveString(p.Source);
    const localStreamArn = streams.get(source);
    if (!localStreamArn) throw new Error(`Pipe ${id}: source ${source} is not served locally (only the streams of this stack's tables)`);
    const sp = (p.SourceParameters ?? {}) as Record<string, any>;
    for (const key of Object.keys(sp)) {
      if (key !== 'DynamoDBStreamParameters' && key !== 'FilterCriteria') throw new Error(`Pipe ${id}: SourceParameters.${key} is not served locally`);
    }
    const ds = (sp.DynamoDBStreamParameters ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(ds)) {
      if (!SERVED_STREAM_PARAMETERS.includes(key)) throw new Error(`Pipe ${id}: DynamoDBStreamParameters.${key} is not served locally`);
    }
    const startingPosition = resolver.resolveString(ds.StartingPosition);
    if (startingPosition !== 'LATEST' && startingPosition !== 'TRIM_HORIZON') throw new Error(`Pipe ${id}: StartingPosition ${startingPosition} is not one a DynamoDB stream has`);
    const filters = ((sp.FilterCriteria?.Filters ?? []) as { Pattern?: unknown }[]).map((f, i) =>
      compilePattern(resolver.resolve(f.Pattern), `Pipe ${id}, filter ${i + 1}`),
    );
    const target = resolver.resolveString(p.Target);
    if (!target.startsWith('arn:aws:sqs:')) throw new Error(`Pipe ${id}: target ${target} is not served locally (only SQS queues)`);
    const targetParameters = Object.keys((p.TargetParameters ?? {}) as Record<string, unknown>);
    if (targetParameters.length) throw new Error(`Pipe ${id}: TargetParameters (${targetParameters.join(', ')}) are not served locally; the record goes as it is`);
    const desired = p.DesiredState === undefined ? 'RUNNING' : resolver.resolveString(p.DesiredState);
    pipes.add({ logicalId: id, streamArn: source, localStreamArn, startingPosition, filters, targetQueueArn: target, running: desired === 'RUNNING' });
  }
  return pipes;
}

/** Destination kinds a configuration set may have; only SNS is served locally. */
const UNSERVED_DESTINATIONS = ['CloudWatchDestination', 'KinesisFirehoseDestination', 'EventBridgeDestination', 'PinpointDestination'];

/** SES sending: the template's identities, configuration sets and their SNS event destinations. */
function buildSesSending(
  stack: StackArtifact,
  resolver: LocalResolver,
  sns: LocalSns,
  sqs: LocalSqs,
  outboxDir: string,
  options: LocalStackOptions,
): LocalSesSending {
  const configurationSets: Record<string, EventDestinationSpec[]> = {};
  for (const [id] of resourcesOfType(stack.template, 'AWS::SES::ConfigurationSet')) configurationSets[resolver.resolveString({ Ref: id })] = [];
  for (const [id, res] of resourcesOfType(stack.template, 'AWS::SES::ConfigurationSetEventDestination')) {
    const p = res.Properties ?? {};
    const set = resolver.resolveString(p.ConfigurationSetName);
    if (!configurationSets[set]) throw new Error(`Event destination ${id}: configuration set ${set} is not in the template`);
    const d = (p.EventDestination ?? {}) as Record<string, any>;
    const other = UNSERVED_DESTINATIONS.filter((k) => d[k]);
    if (other.length) throw new Error(`Event destination ${id}: ${other.join(', ')} is not served locally (only SNS destinations)`);
    if (!d.SnsDestination) throw new Error(`Event destination ${id}: no destination the local runtime serves (only SNS)`);
    configurationSets[set].push({
      name: d.Name === undefined ? id : resolver.resolveString(d.Name),
      // CloudFormation's default for an event destination is disabled.
      enabled: d.Enabled === true || d.Enabled === 'true',
      matchingEventTypes: ((resolver.resolve(d.MatchingEventTypes ?? []) as unknown[]) ?? []).map(String) as SesEventType[],
      topicArn: resolver.resolveString(d.SnsDestination.TopicARN),
    });
  }
  const identities = resourcesOfType(stack.template, 'AWS::SES::EmailIdentity').map(([id, res]) => {
    const set = res.Properties?.ConfigurationSetAttributes?.ConfigurationSetName;
    return { identity: resolver.resolveString({ Ref: id }), ...(set === undefined ? {} : { defaultConfigurationSet: resolver.resolveString(set) }) };
  });
  return new LocalSesSending({
    region: stack.region,
    accountId: LOCAL_ACCOUNT_ID,
    identities,
    configurationSets,
    outboxDir,
    sns,
    clock: sqs,
    log: options.echoLogs ? (line) => console.error(line) : () => {},
  });
}

async function startIdentity(stack: StackArtifact, resolver: LocalResolver, idpBase: string, dataDir?: string): Promise<DevIdentityProvider> {
  const groups = resourcesOfType(stack.template, 'AWS::Cognito::UserPoolGroup').map(([, g]) => String(g.Properties?.GroupName));
  const clients = resourcesOfType(stack.template, 'AWS::Cognito::UserPoolClient');
  if (clients.length !== 1) throw new Error(`The local runtime expects one user pool client, found ${clients.length}`);
  const [clientId, client] = clients[0]!;
  const p = client.Properties ?? {};
  const idMinutes = p.TokenValidityUnits?.IdToken === 'hours' ? Number(p.IdTokenValidity ?? 1) * 60 : Number(p.IdTokenValidity ?? 60);
  const idp = new DevIdentityProvider({
    baseUrl: idpBase,
    clientId: resolver.resolveString({ Ref: clientId }),
    callbackUrls: (resolver.resolve(p.CallbackURLs ?? []) as string[]).map(String),
    logoutUrls: (resolver.resolve(p.LogoutURLs ?? []) as string[]).map(String),
    users: seedUsers(groups),
    keyFile: dataDir && path.join(dataDir, 'dev-idp-key.json'),
    idTokenMinutes: idMinutes,
  });
  await idp.init();
  return idp;
}

/** Every bucket of the stack, served by the local S3 stand-in with its CORS rules from the template. */
async function startBuckets(
  stack: StackArtifact,
  resolver: LocalResolver,
  dataDir?: string,
): Promise<{ engine: LocalS3; url: string; buckets: Record<string, string> }> {
  const root = dataDir ? path.join(dataDir, 'buckets') : mkdtempSync(path.join(tmpdir(), 'loopdesk-s3-'));
  const engine = new LocalS3(root, stack.region);
  const buckets: Record<string, string> = {};
  for (const [id, res] of resourcesOfType(stack.template, 'AWS::S3::Bucket')) {
    const rule = res.Properties?.CorsConfiguration?.CorsRules?.[0];
    const list = (v: unknown) => ((resolver.resolve(v ?? []) as unknown[]) ?? []).map(String);
    const cors: BucketCors | undefined = rule
      ? {
          allowedOrigins: list(rule.AllowedOrigins),
          allowedMethods: list(rule.AllowedMethods),
          allowedHeaders: list(rule.AllowedHeaders),
          exposedHeaders: list(rule.ExposedHeaders),
          maxAge: rule.MaxAge,
        }
      : undefined;
    buckets[id] = resolver.resolveString({ Ref: id });
    engine.addBucket(buckets[id], cors);
  }
  return { engine, url: await engine.listen(), buckets };
}

function createFunction(
  stack: StackArtifact,
  resolver: LocalResolver,
  logicalId: string,
  endpoints: { dynamodb: string; s3: string; sqs: string; ses: string; eventbridge: string; sfn: string },
  options: LocalStackOptions,
): LocalFunction {
  const res = stack.template.Resources[logicalId];
  if (res?.Type !== 'AWS::Lambda::Function') throw new Error(`${logicalId} is not a Lambda function`);
  const p = res.Properties ?? {};
  const assetPath = res.Metadata?.['aws:asset:path'] as string | undefined;
  if (!assetPath) throw new Error(`${logicalId} has no aws:asset:path metadata: synthesize with aws:cdk:enable-asset-metadata`);
  const [file, handlerExport] = String(p.Handler).split('.') as [string, string];
  const assetDir = path.join(stack.assemblyDir, assetPath);
  const bundleFile = ['.mjs', '.js', '.cjs'].map((ext) => path.join(assetDir, file + ext)).find((f) => existsSync(f));
  if (!bundleFile) throw new Error(`${logicalId}: no ${file}.mjs/.js in ${assetDir}`);

  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries((p.Environment?.Variables ?? {}) as Record<string, unknown>)) {
    try {
      variables[name] = resolver.resolveString(value);
    } catch (err) {
      throw new Error(`${logicalId} environment variable ${name}: ${(err as Error).message}`);
    }
  }
  const memoryMb = Number(p.MemorySize ?? 128);
  return new LocalFunction(
    {
      logicalId,
      functionName: logicalId,
      bundleFile,
      handlerExport,
      timeoutSeconds: Number(p.Timeout ?? 3),
      memoryMb,
      environment: {
        // What the Lambda service puts in every environment, then the function's own variables.
        AWS_REGION: stack.region,
        AWS_DEFAULT_REGION: stack.region,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_LAMBDA_FUNCTION_NAME: logicalId,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_EXECUTION_ENV: `AWS_Lambda_${p.Runtime}`,
        LAMBDA_TASK_ROOT: assetDir,
        _HANDLER: String(p.Handler),
        TZ: 'UTC',
        ...variables,
        // The SDK's standard endpoint settings: handler code has no local-only branch.
        AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
        AWS_ENDPOINT_URL_S3: endpoints.s3,
        AWS_ENDPOINT_URL_SQS: endpoints.sqs,
        AWS_ENDPOINT_URL_SES: endpoints.ses,
        AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventbridge,
        // The SDK's variable for the service id "SFN" (@aws-sdk/client-sfn).
        AWS_ENDPOINT_URL_SFN: endpoints.sfn,
      },
    },
    { maxConcurrency: options.maxConcurrency ?? 4, logDir: options.logDir, echoLogs: options.echoLogs ?? false },
  );
}

function refOf(value: unknown): string | undefined {
  const text = JSON.stringify(value ?? null);
  return /"Ref":"([^"]+)"/.exec(text)?.[1];
}

function buildHttpApi(
  stack: StackArtifact,
  resolver: LocalResolver,
  fnFor: (logicalId: string) => LocalFunction,
  idp: DevIdentityProvider,
): LocalHttpApi {
  const { template } = stack;
  const apis = resourcesOfType(template, 'AWS::ApiGatewayV2::Api');
  if (apis.length !== 1) throw new Error(`The local runtime serves exactly one HTTP API, the template has ${apis.length}`);
  const [apiId, api] = apis[0]!;
  if (api.Properties?.ProtocolType !== 'HTTP') throw new Error(`${apiId}: only HTTP APIs are served locally`);

  const routes: LocalRoute[] = [];
  for (const [routeId, route] of resourcesOfType(template, 'AWS::ApiGatewayV2::Route')) {
    const rp = route.Properties ?? {};
    if (refOf(rp.ApiId) !== apiId) continue;
    const integrationId = refOf(rp.Target);
    const integration = integrationId ? template.Resources[integrationId] : undefined;
    if (!integration || integration.Properties?.IntegrationType !== 'AWS_PROXY') {
      throw new Error(`Route ${routeId} (${rp.RouteKey}) has an integration the local runtime does not serve`);
    }
    if (integration.Properties?.PayloadFormatVersion !== '2.0') throw new Error(`Route ${rp.RouteKey}: only payload format 2.0 is served`);
    const fnId = (integration.Properties?.IntegrationUri?.['Fn::GetAtt'] as [string, string] | undefined)?.[0];
    if (!fnId) throw new Error(`Route ${rp.RouteKey}: integration does not point at a function of this stack`);
    routes.push({ routeKey: String(rp.RouteKey), fn: fnFor(fnId), authorizer: routeAuthorizer(template.Resources, rp, resolver, idp) });
  }
  return new LocalHttpApi(routes, corsOf(api, resolver));
}

function routeAuthorizer(
  resources: Record<string, CfnResource>,
  rp: Record<string, any>,
  resolver: LocalResolver,
  idp: DevIdentityProvider,
): LocalRoute['authorizer'] {
  if (!rp.AuthorizationType || rp.AuthorizationType === 'NONE') return undefined;
  if (rp.AuthorizationType !== 'JWT') throw new Error(`Route ${rp.RouteKey}: authorization ${rp.AuthorizationType} is not served locally`);
  const authorizer = resources[refOf(rp.AuthorizerId) ?? '']?.Properties ?? {};
  const issuer = resolver.resolveString(authorizer.JwtConfiguration?.Issuer);
  if (issuer !== idp.issuer) throw new Error(`Route ${rp.RouteKey}: JWT issuer ${issuer} is not the local identity provider`);
  return {
    issuer,
    audience: (resolver.resolve(authorizer.JwtConfiguration?.Audience ?? []) as unknown[]).map(String),
    jwksUrl: `${issuer}/.well-known/jwks.json`,
  };
}

function corsOf(api: CfnResource, resolver: LocalResolver): CorsSettings | undefined {
  const c = api.Properties?.CorsConfiguration;
  if (!c) return undefined;
  const list = (v: unknown) => ((resolver.resolve(v ?? []) as unknown[]) ?? []).map((x) => String(x));
  return {
    allowOrigins: list(c.AllowOrigins),
    allowMethods: list(c.AllowMethods),
    allowHeaders: list(c.AllowHeaders),
    exposeHeaders: list(c.ExposeHeaders),
    maxAge: c.MaxAge,
    allowCredentials: c.AllowCredentials,
  };
}

/** Functions that are only custom-resource handlers run at deploy time; every other must be served. */
function assertEveryFunctionServed(stack: StackArtifact, served: Map<string, LocalFunction>): void {
  const deployTime = new Set<string>();
  for (const res of Object.values(stack.template.Resources)) {
    const token = res.Properties?.ServiceToken?.['Fn::GetAtt']?.[0];
    if (token) deployTime.add(token);
  }
  const unserved = resourcesOfType(stack.template, 'AWS::Lambda::Function')
    .map(([id]) => id)
    .filter((id) => !served.has(id) && !deployTime.has(id) && !isCdkProvider(stack.template.Resources[id]!));
  if (unserved.length) throw new Error(`No local trigger invokes these functions (a trigger kind not served yet?): ${unserved.join(', ')}`);
}

/** CDK's own deploy-time providers (e.g. auto-delete objects) are invoked through a ServiceToken by ARN. */
function isCdkProvider(res: CfnResource): boolean {
  return /Custom::|CustomResourceProvider/.test(String(res.Metadata?.['aws:cdk:path'] ?? ''));
}

function buildConsoleSite(stack: StackArtifact, resolver: LocalResolver, urls: { apiUrl: string; consoleUrl: string; s3Url: string }): ConsoleSite {
  const deployments = resourcesOfType(stack.template, 'Custom::CDKBucketDeployment');
  if (deployments.length !== 1) throw new Error(`The local runtime expects one console deployment, found ${deployments.length}`);
  const p = deployments[0]![1].Properties ?? {};
  const files = new Map<string, Buffer>();
  (p.SourceObjectKeys as string[]).forEach((objectKey, i) => {
    const dir = stack.assetsByObjectKey.get(objectKey);
    if (!dir || !existsSync(dir)) throw new Error(`Console deployment source ${objectKey} is not in the cloud assembly`);
    const markers = (p.SourceMarkers?.[i] ?? {}) as Record<string, unknown>;
    const jsonEscape = Boolean(p.SourceMarkersConfig?.[i]?.jsonEscape);
    const values = Object.entries(markers).map(([marker, expr]) => {
      const value = resolver.resolveString(expr);
      return [marker, jsonEscape ? JSON.stringify(value).slice(1, -1) : value] as const;
    });
    // Substitute deploy-time values as the deployment handler does, then make cloud URLs local.
    const transform = values.length
      ? (text: string) => resolver.rewriteUrls(values.reduce((t, [m, v]) => t.split(m).join(v), text))
      : undefined;
    addDirectory(files, dir, transform);
  });
  return { files, headers: securityHeaders(stack, urls) };
}

/** The distribution's response headers policy, with the cloud hosts in the CSP made local. */
function securityHeaders(stack: StackArtifact, urls: { apiUrl: string; consoleUrl: string; s3Url: string }): Record<string, string> {
  const policies = resourcesOfType(stack.template, 'AWS::CloudFront::ResponseHeadersPolicy');
  const s = policies[0]?.[1].Properties?.ResponseHeadersPolicyConfig?.SecurityHeadersConfig;
  if (!s) return {};
  const headers: Record<string, string> = {};
  if (s.ContentSecurityPolicy) {
    headers['content-security-policy'] = String(s.ContentSecurityPolicy.ContentSecurityPolicy)
      .replaceAll('https://*.execute-api.amazonaws.com', urls.apiUrl)
      .replaceAll('https://*.amazoncognito.com', urls.consoleUrl)
      .replaceAll(`https://*.s3.${stack.region}.amazonaws.com`, urls.s3Url);
  }
  if (s.ContentTypeOptions) headers['x-content-type-options'] = 'nosniff';
  if (s.FrameOptions) headers['x-frame-options'] = s.FrameOptions.FrameOption;
  if (s.ReferrerPolicy) headers['referrer-policy'] = s.ReferrerPolicy.ReferrerPolicy;
  if (s.StrictTransportSecurity) headers['strict-transport-security'] = `max-age=${s.StrictTransportSecurity.AccessControlMaxAgeSec}`;
  return headers;
}
