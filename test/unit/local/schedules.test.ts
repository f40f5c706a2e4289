// Proves local schedules parse rate expressions as EventBridge does, send the Scheduled Event EventBridge sends, fire on their rate without overlapping themselves, and run on demand as of a given time.
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LambdaAsyncInvoker } from '../../../infra/local/async-invoke.ts';
import { lambdaTarget } from '../../../infra/local/rule-targets.ts';
import { DisabledScheduleError, LocalSchedules, parseRate, scheduledEvent, ScheduleRunError, UnknownScheduleError, UnsupportedScheduleError } from '../../../infra/local/schedules.ts';
import { crash, fakeFunction } from './fake-function.ts';

const RULE_ARN = 'arn:aws:events:eu-west-1:000000000000:rule/Loopdesk-dev-eu-west-1-SweepSchedule';
const FN_ARN = 'arn:aws:lambda:eu-west-1:000000000000:function:Sweep';

afterEach(() => {
  vi.useRealTimers();
});

describe('parseRate', () => {
  it('reads minutes, hours and days, singular for 1 and plural otherwise', () => {
    expect(parseRate('rate(1 minute)', 'R').periodMs).toBe(60_000);
    expect(parseRate('rate(5 minutes)', 'R').periodMs).toBe(300_000);
    expect(parseRate('rate(1 hour)', 'R').periodMs).toBe(3_600_000);
    expect(parseRate('rate(12 hours)', 'R').periodMs).toBe(43_200_000);
    expect(parseRate('rate(1 day)', 'R').periodMs).toBe(86_400_000);
    expect(parseRate('rate(7 days)', 'R').periodMs).toBe(604_800_000);
  });

  it('refuses what EventBridge refuses: the wrong number of the unit, zero, seconds, stray spaces', () => {
    for (const bad of ['rate(1 minutes)', 'rate(5 minute)', 'rate(0 minutes)', 'rate(30 seconds)', 'rate( 5 minutes)', 'rate(5  minutes)', 'rate(1.5 hours)', 'every 5 minutes']) {
      expect(() => parseRate(bad, 'Rule Sweep'), bad).toThrow(UnsupportedScheduleError);
    }
    expect(() => parseRate('rate(5 minute)', 'Rule Sweep')).toThrow(/Rule Sweep: rate\(5 minute\): EventBridge wants the singular unit for 1 and the plural otherwise/);
  });

  it('refuses cron(...) by name rather than half-serving it', () => {
    expect(() => parseRate('cron(0 9 ? * MON-FRI *)', 'Rule Daily')).toThrow(/Rule Daily: cron\(0 9 \? \* MON-FRI \*\) is not served locally \(only rate\(\.\.\.\) schedules are\)/);
  });
});

describe('scheduledEvent', () => {
  it('is the Scheduled Event EventBridge sends: aws.events, the rule as resource, an empty detail, the time in whole seconds', () => {
    const event = scheduledEvent({ ruleArn: RULE_ARN, region: 'eu-west-1', accountId: '000000000000', time: new Date('2026-03-02T09:00:00.789Z') });
    expect(Object.keys(event)).toEqual(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: '2026-03-02T09:00:00Z',
      region: 'eu-west-1',
      resources: [RULE_ARN],
      detail: {},
    });
    expect(EventBridgeSchema.parse(event)).toEqual(event);
  });
});

function schedulesWith(behave?: Parameters<typeof fakeFunction>[1], enabled = true) {
  const lines: string[] = [];
  const invoker = new LambdaAsyncInvoker({ log: (l) => lines.push(l) });
  const f = fakeFunction('Sweep', behave);
  const schedules = new LocalSchedules(invoker, { region: 'eu-west-1', accountId: '000000000000', log: (l) => lines.push(l) });
  schedules.add({
    logicalId: 'SweepSchedule',
    ruleName: 'Loopdesk-dev-eu-west-1-SweepSchedule',
    ruleArn: RULE_ARN,
    expression: 'rate(1 minute)',
    enabled,
    targets: [lambdaTarget({ id: 'Target0', arn: FN_ARN, fn: f.fn, invoker })],
  });
  return { schedules, invoker, f, lines };
}

describe('LocalSchedules', () => {
  it('runs on demand as of the given time, and lists what it ran', async () => {
    const { schedules, f } = schedulesWith();
    const run = await schedules.run('SweepSchedule', { at: new Date('2026-03-02T09:15:00Z') });
    expect(run).toMatchObject({ logicalId: 'SweepSchedule', time: '2026-03-02T09:15:00Z', trigger: 'manual', ok: true, outcomes: [{ targetId: 'Target0', arn: FN_ARN, ok: true }] });
    expect(f.events).toHaveLength(1);
    expect(f.events[0]).toMatchObject({ 'detail-type': 'Scheduled Event', time: '2026-03-02T09:15:00Z', resources: [RULE_ARN], id: run.eventId });
    expect(schedules.list()).toEqual([
      {
        logicalId: 'SweepSchedule',
        ruleName: 'Loopdesk-dev-eu-west-1-SweepSchedule',
        ruleArn: RULE_ARN,
        expression: 'rate(1 minute)',
        state: 'ENABLED',
        firesOnItsOwn: false,
        targets: [{ id: 'Target0', arn: FN_ARN, kind: 'lambda' }],
        lastRun: run,
        skippedTicks: 0,
      },
    ]);
  });

  it("rejects a manual run whose function failed, with the function's error, and Lambda still retries it", async () => {
    const { schedules, invoker, f } = schedulesWith(() => crash);
    const failed = await schedules.run('SweepSchedule').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ScheduleRunError);
    expect((failed as ScheduleRunError).run.outcomes[0]).toMatchObject({ ok: false, error: { errorType: 'Error', errorMessage: 'boom' } });
    expect((failed as Error).message).toMatch(/Target0: Error: boom/);
    await invoker.drain();
    expect(f.invocations).toBe(3);
  });

  it('never fires a DISABLED rule, and names what it does not know', async () => {
    vi.useFakeTimers();
    const { schedules, f } = schedulesWith(undefined, false);
    schedules.start(true);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(f.invocations).toBe(0);
    expect(schedules.list()[0]).toMatchObject({ state: 'DISABLED', firesOnItsOwn: false });
    await expect(schedules.run('SweepSchedule')).rejects.toThrow(DisabledScheduleError);
    await expect(schedules.run('Nope')).rejects.toThrow(UnknownScheduleError);
    schedules.stop();
  });

  it('fires on its rate by itself, skipping (and logging) a tick while the previous run still goes', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-02T09:00:00.000Z'));
    const { schedules, f, lines } = schedulesWith();
    schedules.start(true);
    expect(schedules.list()[0]).toMatchObject({ firesOnItsOwn: true, nextRunAt: '2026-03-02T09:01:00.000Z' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(f.invocations).toBe(1);
    expect(f.events[0].time).toBe('2026-03-02T09:01:00Z');

    f.hold(); // the second run takes longer than a minute
    await vi.advanceTimersByTimeAsync(60_000);
    expect(f.invocations).toBe(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(f.invocations).toBe(2);
    expect(schedules.list()[0]!.skippedTicks).toBe(1);
    expect(lines.some((l) => /\[schedule SweepSchedule\] rate\(1 minute\) is due but its previous run is still going: this run is skipped/.test(l))).toBe(true);

    f.release();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(f.invocations).toBe(3);
    schedules.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(f.invocations).toBe(3);
  });

  it('makes a manual run wait for the run still going instead of overlapping it', async () => {
    const { schedules, f } = schedulesWith();
    f.hold();
    const first = schedules.run('SweepSchedule');
    const second = schedules.run('SweepSchedule');
    await new Promise((r) => setTimeout(r, 10));
    expect(f.invocations).toBe(1);
    f.release();
    await Promise.all([first, second]);
    expect(f.invocations).toBe(2);
  });
});
