// Proves the local EventBridge serves PutEvents to the real @aws-sdk/client-eventbridge as EventBridge answers it, delivers matching events to queues and functions, runs schedules on demand as of a given time, and is wired from the template (refusing by name what it does not serve).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DescribeEventBusCommand, EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambdaAsyncInvoker } from '../../infra/local/async-invoke.ts';
import { LocalEventBridge } from '../../infra/local/event-bus.ts';
import { compilePattern } from '../../infra/local/event-pattern.ts';
import { LocalFunction } from '../../infra/local/lambda-host.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/local-stack.ts';
import { EVENTBRIDGE_SENDER_ID, lambdaTarget, queueTarget } from '../../infra/local/rule-targets.ts';
import { LocalSchedules } from '../../infra/local/schedules.ts';
import { LocalSqs, type LocalQueue } from '../../infra/local/sqs-engine.ts';
import { testAssemblyDir } from '../support/assembly.ts';
import { repoRoot, testOutput } from '../support/paths.ts';

const REGION = 'eu-west-1';
const ACCOUNT = '000000000000';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const fixtureFile = path.join(repoRoot, 'test', 'fixtures', 'eventbridge-behaviours.mjs');
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** What the fixture function recorded: each event it got, in order. */
function audited(sqs: LocalSqs, audit: LocalQueue): { event: any; runs: number }[] {
  return sqs.peek(audit.arn).map((m) => JSON.parse(m.body));
}

/** A bus, a queue, a function from test/fixtures and the SDK client, wired by hand as the stack would. */
async function standalone() {
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);
  const sqs = new LocalSqs({ region: REGION, accountId: ACCOUNT });
  const sqsUrl = await sqs.listen();
  const bus = new LocalEventBridge({ region: REGION, accountId: ACCOUNT, buses: ['loopdesk-test'], log });
  const busUrl = await bus.listen();
  const audit = sqs.createQueue({ name: 'audit' });
  const inbox = sqs.createQueue({ name: 'inbox' });
  const invoker = new LambdaAsyncInvoker({ log });
  const fn = new LocalFunction(
    {
      logicalId: 'Fixture',
      functionName: 'Fixture',
      bundleFile: fixtureFile,
      handlerExport: 'handler',
      timeoutSeconds: 10,
      memoryMb: 256,
      environment: {
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_ENDPOINT_URL_SQS: sqsUrl,
        AWS_ENDPOINT_URL_EVENTBRIDGE: busUrl,
        AUDIT_QUEUE_URL: audit.url,
        FORWARD_BUS: 'loopdesk-test',
      },
    },
    { maxConcurrency: 2, echoLogs: false },
  );
  const client = new EventBridgeClient({ endpoint: busUrl, region: REGION, credentials });
  cleanups.push(
    () => sqs.close(),
    () => bus.close(),
    () => fn.stop(),
    () => invoker.stop(),
    () => client.destroy(),
  );
  return { sqs, bus, audit, inbox, invoker, fn, client, lines };
}

describe('EventBridge stand-in, through the real @aws-sdk/client-eventbridge', () => {
  it('answers PutEvents with an EventId per entry, fails bad entries on their own, and records what was put', async () => {
    const { bus, client } = await standalone();
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'loopdesk-test', Source: 'loopdesk.sla', DetailType: 'SlaWarning', Detail: '{"ticketId":"t1"}', Time: new Date('2026-03-02T09:00:00.250Z') },
          { EventBusName: 'loopdesk-test', Source: 'loopdesk.sla', DetailType: 'SlaWarning' },
          { EventBusName: 'loopdesk-test', Source: 'loopdesk.sla', DetailType: 'SlaWarning', Detail: '"not an object"' },
          { EventBusName: 'loopdesk-test', DetailType: 'SlaWarning', Detail: '{}' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(3);
    expect(out.Entries).toEqual([
      { EventId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
    ]);
    const [recorded] = bus.list('loopdesk-test');
    expect(recorded!.event).toEqual({
      version: '0',
      id: out.Entries![0]!.EventId,
      'detail-type': 'SlaWarning',
      source: 'loopdesk.sla',
      account: ACCOUNT,
      time: '2026-03-02T09:00:00Z',
      region: REGION,
      resources: [],
      detail: { ticketId: 't1' },
    });
  });

  it('accepts an event for a bus that does not exist, as EventBridge does (an EventId, no failure), delivers it nowhere and logs it', async () => {
    // EventBridge answers success and drops the event (LocalStack's AWS-validated snapshot
    // test_put_events_nonexistent_event_bus; aws/aws-sdk-java-v2#3173): the local stand-in must not be stricter.
    const { bus, client, lines } = await standalone();
    const out = await client.send(new PutEventsCommand({ Entries: [{ EventBusName: 'loopdesk-typo', Source: 'loopdesk.sla', DetailType: 'SlaWarning', Detail: '{}' }] }));
    expect(out).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    expect(bus.list('loopdesk-typo')).toEqual([expect.objectContaining({ busExists: false, matchedRules: [] })]);
    expect(lines.join('\n')).toMatch(/event bus loopdesk-typo, which does not exist/);
  });

  it('refuses whole requests EventBridge refuses, and every operation but PutEvents, by name', async () => {
    const { client } = await standalone();
    await expect(client.send(new PutEventsCommand({ Entries: [] }))).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    const eleven = Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 'd', Detail: '{}' }));
    await expect(client.send(new PutEventsCommand({ Entries: eleven }))).rejects.toThrow(/less than or equal to 10/);
    await expect(client.send(new DescribeEventBusCommand({ Name: 'loopdesk-test' }))).rejects.toMatchObject({
      name: 'UnknownOperationException',
      message: expect.stringMatching(/DescribeEventBus is not served by the local EventBridge stand-in \(only PutEvents\)/),
    });
  });

  it('delivers a matching event to a queue (the event JSON as the body) and to a function (asynchronously, the event EventBridgeSchema parses)', async () => {
    const { sqs, bus, audit, inbox, invoker, fn, client } = await standalone();
    bus.addRule({
      logicalId: 'OnBreach',
      name: 'on-breach',
      arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/loopdesk-test/on-breach`,
      busName: 'loopdesk-test',
      matches: compilePattern({ source: ['loopdesk.sla'], 'detail-type': ['SlaBreached'] }, 'OnBreach'),
      enabled: true,
      targets: [
        queueTarget({ id: 'Target0', arn: inbox.arn, sqs, log: () => {} }),
        lambdaTarget({ id: 'Target1', arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Fixture`, fn, invoker }),
      ],
    });
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'loopdesk-test', Source: 'loopdesk.sla', DetailType: 'SlaWarning', Detail: '{"ticketId":"t0"}' },
          { EventBusName: 'loopdesk-test', Source: 'loopdesk.sla', DetailType: 'SlaBreached', Detail: '{"ticketId":"t1"}' },
        ],
      }),
    );
    await invoker.whenIdle();

    const messages = sqs.receive(inbox.arn, { max: 10 });
    expect(messages).toHaveLength(1);
    const body = JSON.parse(messages[0]!.body);
    expect(body).toMatchObject({ id: out.Entries![1]!.EventId, 'detail-type': 'SlaBreached', detail: { ticketId: 't1' } });
    expect(messages[0]!.attributes.SenderId).toBe(EVENTBRIDGE_SENDER_ID);
    expect(messages[0]!.messageAttributes).toEqual({});

    const seen = audited(sqs, audit);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.event).toEqual(body);
    expect(EventBridgeSchema.parse(seen[0]!.event)).toEqual(body);
    expect(bus.list('loopdesk-test').map((r) => r.matchedRules)).toEqual([[], ['OnBreach']]);
  });

  it('lets a function put events with the ordinary client, and retries a failing one as Lambda does', async () => {
    const { sqs, bus, audit, invoker, fn, client } = await standalone();
    const target = lambdaTarget({ id: 'Target0', arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Fixture`, fn, invoker });
    bus.addRule({
      logicalId: 'Commands',
      name: 'commands',
      arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/loopdesk-test/commands`,
      busName: 'loopdesk-test',
      matches: compilePattern({ source: ['test.commands'] }, 'Commands'),
      enabled: true,
      targets: [target],
    });
    await client.send(new PutEventsCommand({ Entries: [{ EventBusName: 'loopdesk-test', Source: 'test.commands', DetailType: 'Forward', Detail: '{"do":"forward"}' }] }));
    await invoker.whenIdle();
    const forwarded = bus.list('loopdesk-test').find((r) => r.event.source === 'test.fixture');
    expect(forwarded?.event).toMatchObject({ 'detail-type': 'Forwarded', detail: { from: bus.list('loopdesk-test')[0]!.event.id } });

    await client.send(new PutEventsCommand({ Entries: [{ EventBusName: 'loopdesk-test', Source: 'test.commands', DetailType: 'Crash', Detail: '{"do":"crash"}' }] }));
    await invoker.whenIdle();
    expect(invoker.pendingRetries).toBe(1); // Lambda waits a minute before retrying; drain does not
    await invoker.drain();
    const crashes = audited(sqs, audit).filter((a) => a.event['detail-type'] === 'Crash');
    expect(crashes).toHaveLength(3);
    expect(new Set(crashes.map((c) => c.event.id)).size).toBe(1); // the same event each time: handlers must be idempotent
  });

  it('fires a scheduled rule on demand: the function gets the Scheduled Event whose time is the one asked for', async () => {
    const { sqs, audit, invoker, fn } = await standalone();
    const schedules = new LocalSchedules(invoker, { region: REGION, accountId: ACCOUNT, log: () => {} });
    const ruleArn = `arn:aws:events:${REGION}:${ACCOUNT}:rule/sweep`;
    schedules.add({
      logicalId: 'SweepSchedule',
      ruleName: 'sweep',
      ruleArn,
      expression: 'rate(1 minute)',
      enabled: true,
      targets: [lambdaTarget({ id: 'Target0', arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Fixture`, fn, invoker })],
    });
    schedules.start(false);
    const at = new Date('2026-03-02T09:30:00Z');
    const run = await schedules.run('SweepSchedule', { at });
    expect(run).toMatchObject({ ok: true, time: '2026-03-02T09:30:00Z' });
    const [seen] = audited(sqs, audit);
    expect(seen!.event).toEqual({
      version: '0',
      id: run.eventId,
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: ACCOUNT,
      time: at.toISOString().replace('.000Z', 'Z'),
      region: REGION,
      resources: [ruleArn],
      detail: {},
    });
    expect(EventBridgeSchema.safeParse(seen!.event).success).toBe(true);
  });
});

/**
 * A copy of the synthesized assembly (under test-output, so the fixture finds node_modules) with
 * resources added to its template; the fixture function is one more asset of the copy.
 */
function assemblyWith(name: string, resources: (ids: { stackName: string }) => Record<string, unknown>): string {
  const dir = path.join(testOutput, `eventbridge-${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(testAssemblyDir(), dir, { recursive: true });
  mkdirSync(path.join(dir, 'asset.eventbridge-fixture'), { recursive: true });
  cpSync(fixtureFile, path.join(dir, 'asset.eventbridge-fixture', 'index.mjs'));
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const artifact = Object.values(manifest.artifacts).find((a: any) => a.type === 'aws:cloudformation:stack') as any;
  const templateFile = path.join(dir, artifact.properties.templateFile);
  const template = JSON.parse(readFileSync(templateFile, 'utf8'));
  Object.assign(template.Resources, resources({ stackName: artifact.properties.stackName }));
  writeFileSync(templateFile, JSON.stringify(template));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The fixture as a function of the template, with its audit queue and a bus it may forward to. */
const FIXTURE_RESOURCES = {
  FixtureAudit: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 3600 } },
  FixtureInbox: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 3600 } },
  FixtureBus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'loopdesk-fixture', Description: 'test bus' } },
  FixtureFunction: {
    Type: 'AWS::Lambda::Function',
    Metadata: { 'aws:asset:path': 'asset.eventbridge-fixture' },
    Properties: {
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      Timeout: 10,
      Environment: { Variables: { AUDIT_QUEUE_URL: { Ref: 'FixtureAudit' }, FORWARD_BUS: { Ref: 'FixtureBus' }, BUS_ARN: { 'Fn::GetAtt': ['FixtureBus', 'Arn'] } } },
    },
  },
};

const fixtureTarget = (id = 'Target0') => ({ Arn: { 'Fn::GetAtt': ['FixtureFunction', 'Arn'] }, Id: id, RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 2 } });

describe('EventBridge resources of the template', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    const dir = assemblyWith('wired', () => ({
      ...FIXTURE_RESOURCES,
      FixtureOnPing: {
        Type: 'AWS::Events::Rule',
        Properties: {
          EventBusName: { Ref: 'FixtureBus' },
          EventPattern: { source: ['test.fixture'], 'detail-type': ['Ping', 'Forwarded'] },
          State: 'ENABLED',
          Targets: [{ Arn: { 'Fn::GetAtt': ['FixtureInbox', 'Arn'] }, Id: 'Target0' }, fixtureTarget('Target1')],
        },
      },
      FixtureSchedule: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED', Description: 'every five', Targets: [fixtureTarget()] } },
      FixtureOff: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 minute)', State: 'DISABLED', Targets: [fixtureTarget()] } },
    }));
    // As the tests' stacks are started: schedules fire only when run.
    stack = await startLocalStack({ assemblyDir: dir, logDir: path.join(testOutput, 'logs', 'local-eventbridge'), echoLogs: false, fireSchedules: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const audit = () => audited(stack.sqs.engine, stack.sqs.queues.FixtureAudit!);

  it('gives every function the stand-in endpoint, and resolves a bus Ref to its name and its Arn', () => {
    for (const fn of stack.functions.values()) expect(fn.spec.environment.AWS_ENDPOINT_URL_EVENTBRIDGE, fn.spec.logicalId).toBe(stack.events.endpoint);
    const env = stack.functions.get('FixtureFunction')!.spec.environment;
    expect(env.FORWARD_BUS).toBe('loopdesk-fixture');
    expect(env.BUS_ARN).toBe(`arn:aws:events:${stack.region}:${ACCOUNT}:event-bus/loopdesk-fixture`);
    expect(stack.events.buses.FixtureBus).toBe('loopdesk-fixture');
    expect(stack.events.engine.busNames()).toEqual(expect.arrayContaining(['default', 'loopdesk-fixture']));
  });

  it("delivers an event put on the bus to the rule's queue and function, and whenIdle waits for the function (and what it puts in turn)", async () => {
    const client = new EventBridgeClient({ endpoint: stack.events.endpoint, region: stack.region, credentials });
    cleanups.push(() => client.destroy());
    const out = await client.send(new PutEventsCommand({ Entries: [{ EventBusName: 'loopdesk-fixture', Source: 'test.fixture', DetailType: 'Ping', Detail: '{"do":"forward"}' }] }));
    await stack.whenIdle();
    const eventId = out.Entries![0]!.EventId;
    const inbox = stack.sqs.engine.peek(stack.sqs.queues.FixtureInbox!.arn).map((m) => JSON.parse(m.body));
    // The ping, then the event the function put on the bus in answer, which the rule matched too.
    expect(inbox.map((e) => e['detail-type'])).toEqual(['Ping', 'Forwarded']);
    expect(inbox[1].detail).toEqual({ from: eventId });
    expect(audit().map((a) => a.event['detail-type'])).toEqual(['Ping', 'Forwarded']);
    expect(stack.events.list('loopdesk-fixture').map((r) => [r.event['detail-type'], r.matchedRules])).toEqual([
      ['Ping', ['FixtureOnPing']],
      ['Forwarded', ['FixtureOnPing']],
    ]);

    const listed = (await (await fetch(`${stack.eventsUrl}?bus=loopdesk-fixture`)).json()) as { events: { event: { id: string } }[] };
    expect(listed.events.map((e) => e.event.id)[0]).toBe(eventId);
  });

  it('lists the schedules, runs one as of a given time (API and dev HTTP), and never runs a disabled one', async () => {
    const ruleName = `${stack.stackName}-FixtureSchedule`;
    const ruleArn = `arn:aws:events:${stack.region}:${ACCOUNT}:rule/${ruleName}`;
    const listed = stack.schedules.list().filter((s) => s.logicalId.startsWith('Fixture'));
    expect(listed).toEqual([
      expect.objectContaining({ logicalId: 'FixtureSchedule', ruleName, ruleArn, expression: 'rate(5 minutes)', state: 'ENABLED', firesOnItsOwn: false }),
      expect.objectContaining({ logicalId: 'FixtureOff', state: 'DISABLED', firesOnItsOwn: false }),
    ]);
    expect(listed[0]!.targets).toEqual([{ id: 'Target0', arn: `arn:aws:lambda:${stack.region}:${ACCOUNT}:function:FixtureFunction`, kind: 'lambda' }]);

    const before = audit().length;
    const at = new Date('2026-03-02T10:00:00Z');
    const run = await stack.schedules.run('FixtureSchedule', { at });
    expect(run.time).toBe('2026-03-02T10:00:00Z');
    const scheduled = audit()[before]!.event;
    expect(scheduled).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2026-03-02T10:00:00Z', resources: [ruleArn], detail: {}, id: run.eventId });

    const viaHttp = await fetch(`${stack.schedulesUrl}/FixtureSchedule/run?at=2026-03-02T10:05:00Z`, { method: 'POST' });
    expect(viaHttp.status).toBe(200);
    expect(await viaHttp.json()).toMatchObject({ ok: true, run: { logicalId: 'FixtureSchedule', time: '2026-03-02T10:05:00Z', outcomes: [{ targetId: 'Target0', ok: true }] } });
    expect(audit().at(-1)!.event.time).toBe('2026-03-02T10:05:00Z');

    const list = (await (await fetch(stack.schedulesUrl)).json()) as { schedules: { logicalId: string; lastRun?: { time: string } }[] };
    expect(list.schedules.find((s) => s.logicalId === 'FixtureSchedule')?.lastRun?.time).toBe('2026-03-02T10:05:00Z');
    expect((await fetch(`${stack.schedulesUrl}/FixtureOff/run`, { method: 'POST' })).status).toBe(409);
    expect((await fetch(`${stack.schedulesUrl}/Nope/run`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${stack.schedulesUrl}/FixtureSchedule/run?at=yesterday`, { method: 'POST' })).status).toBe(400);
    await expect(stack.schedules.run('FixtureOff')).rejects.toThrow(/DISABLED/);
  });
});

describe('EventBridge resources the local runtime does not serve', () => {
  const refused = async (name: string, rule: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const dir = assemblyWith(name, () => ({ ...FIXTURE_RESOURCES, ...extra, Refused: { Type: 'AWS::Events::Rule', Properties: rule } }));
    return startLocalStack({ assemblyDir: dir, echoLogs: false, fireSchedules: false }).then(
      async (s) => {
        await s.stop();
        throw new Error('started');
      },
      (err: Error) => err.message,
    );
  };

  it('stops the start, naming the rule and what it cannot serve', async () => {
    expect(await refused('cron', { ScheduleExpression: 'cron(0 9 * * ? *)', Targets: [fixtureTarget()] })).toMatch(/Rule Refused: cron\(0 9 \* \* \? \*\) is not served locally/);
    expect(
      await refused('transformer', {
        EventPattern: { source: ['x'] },
        Targets: [{ ...fixtureTarget(), InputTransformer: { InputTemplate: '"<a>"', InputPathsMap: { a: '$.id' } } }],
      }),
    ).toMatch(/Rule Refused, target Target0: InputTransformer is not served locally/);
    expect(await refused('prefix', { EventPattern: { source: [{ prefix: 'loopdesk.' }] }, Targets: [fixtureTarget()] })).toMatch(/Rule Refused: the "prefix" filter \(at source\) is not served locally/);
    expect(
      await refused('kinesis', { EventPattern: { source: ['x'] }, Targets: [{ Arn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/s`, Id: 'Target0' }] }),
    ).toMatch(/Rule Refused, target Target0: arn:aws:kinesis:.* is not served locally \(only this stack's Lambda functions and SQS queues\)/);
  }, 60_000);
});
