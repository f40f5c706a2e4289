import { randomUUID } from 'node:crypto';
import type { LambdaAsyncInvoker } from './async-invoke.ts';
import { checkedEvent, eventTime, type EventBridgeEvent } from './eventbridge-event.ts';
import type { DeliveryOutcome, RuleTarget } from './rule-targets.ts';

export class UnsupportedScheduleError extends Error {}

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * Parses a rule's ScheduleExpression. Only `rate(N unit)` is served, with EventBridge's own rules:
 * N a positive whole number, the unit minute/hour/day, singular for 1 and plural otherwise
 * (`rate(1 minutes)` and `rate(5 minute)` are refused, as EventBridge refuses them). `cron(...)`
 * is refused by name rather than half-supported; `where` names the rule in errors.
 */
export function parseRate(expression: string, where: string): { periodMs: number } {
  if (/^cron\(.*\)$/s.test(expression)) {
    throw new UnsupportedScheduleError(`${where}: ${expression} is not served locally (only rate(...) schedules are); use a rate expression or teach infra/local/schedules.ts AWS cron`);
  }
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!m) throw new UnsupportedScheduleError(`${where}: ScheduleExpression ${JSON.stringify(expression)} is not an expression EventBridge accepts (rate(N minute|minutes|hour|hours|day|days))`);
  const value = Number(m[1]);
  const unit = m[2]!;
  const singular = !unit.endsWith('s');
  if (value < 1 || !Number.isSafeInteger(value)) throw new UnsupportedScheduleError(`${where}: ${expression}: the rate must be a whole number greater than 0`);
  if (singular !== (value === 1)) {
    throw new UnsupportedScheduleError(`${where}: ${expression}: EventBridge wants the singular unit for 1 and the plural otherwise`);
  }
  return { periodMs: value * UNIT_MS[(singular ? unit : unit.slice(0, -1)) as keyof typeof UNIT_MS] };
}

/**
 * The event a scheduled rule sends its targets, field for field as EventBridge sends it; `time` is
 * when the schedule fired (whole seconds). Checked against Powertools' EventBridgeSchema.
 */
export function scheduledEvent(input: { ruleArn: string; region: string; accountId: string; time: Date; id?: string }): EventBridgeEvent {
  return checkedEvent({
    version: '0',
    id: input.id ?? randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: input.accountId,
    time: eventTime(input.time),
    region: input.region,
    resources: [input.ruleArn],
    detail: {},
  });
}

/** One AWS::Events::Rule with a ScheduleExpression. */
export interface ScheduleSpec {
  logicalId: string;
  ruleName: string;
  ruleArn: string;
  expression: string;
  enabled: boolean;
  targets: RuleTarget[];
}

/** One firing of a schedule and what each target made of it (a function: its first attempt). */
export interface ScheduleRun {
  logicalId: string;
  eventId: string;
  /** The event's time. */
  time: string;
  trigger: 'rate' | 'manual';
  ok: boolean;
  outcomes: DeliveryOutcome[];
}

/** A schedule as the dev control lists it. */
export interface ScheduleInfo {
  logicalId: string;
  ruleName: string;
  ruleArn: string;
  expression: string;
  state: 'ENABLED' | 'DISABLED';
  /** True when it fires on its rate by itself (npm start); otherwise only when run. */
  firesOnItsOwn: boolean;
  targets: { id: string; arn: string; kind: RuleTarget['kind'] }[];
  nextRunAt?: string;
  lastRun?: ScheduleRun;
  /** Times it was due while its previous run was still going (skipped locally). */
  skippedTicks: number;
}

/** A manual run whose target failed; the run (with each target's outcome) is attached. */
export class ScheduleRunError extends Error {
  constructor(readonly run: ScheduleRun) {
    const failed = run.outcomes.filter((o) => !o.ok).map((o) => `${o.targetId}: ${o.error?.errorType}: ${o.error?.errorMessage}`);
    super(`Schedule ${run.logicalId} ran at ${run.time} and a target failed (${failed.join('; ')})`);
    this.name = 'ScheduleRunError';
  }
}

export class UnknownScheduleError extends Error {}
export class DisabledScheduleError extends Error {}

interface Schedule {
  spec: ScheduleSpec;
  periodMs: number;
  timer?: NodeJS.Timeout;
  nextRunAt?: number;
  lastRun?: ScheduleRun;
  skippedTicks: number;
}

/**
 * The template's scheduled rules. Each run sends the Scheduled Event to every target (functions
 * through Lambda's asynchronous invocation). With `fireOnTheirOwn` (npm start) an enabled schedule
 * fires every period from start, as a rate schedule does; otherwise (tests) only `run()` fires it,
 * optionally as of a given time, so tests move time instead of waiting. A DISABLED rule never fires.
 *
 * A run never overlaps the previous one of the same schedule locally: a tick that comes while a
 * function target is still running (a retry of an earlier run included) is skipped and logged, and a manual run waits
 * for it. EventBridge itself can overlap runs, so handlers must stay idempotent.
 */
export class LocalSchedules {
  private readonly schedules = new Map<string, Schedule>();
  private fireOnTheirOwn = false;

  constructor(
    private readonly invoker: LambdaAsyncInvoker,
    private readonly options: { region: string; accountId: string; log?: (line: string) => void },
  ) {}

  add(spec: ScheduleSpec): void {
    if (this.schedules.has(spec.logicalId)) throw new Error(`Schedule ${spec.logicalId} is already defined`);
    const { periodMs } = parseRate(spec.expression, `Rule ${spec.logicalId}`);
    this.schedules.set(spec.logicalId, { spec, periodMs, skippedTicks: 0 });
  }

  /** Arms the enabled schedules' timers when they fire on their own; otherwise they wait for `run()`. */
  start(fireOnTheirOwn: boolean): void {
    this.fireOnTheirOwn = fireOnTheirOwn;
    if (!fireOnTheirOwn) return;
    for (const s of this.schedules.values()) {
      if (!s.spec.enabled) continue;
      s.nextRunAt = Date.now() + s.periodMs;
      s.timer = setInterval(() => this.tick(s), s.periodMs);
      s.timer.unref();
    }
  }

  stop(): void {
    for (const s of this.schedules.values()) {
      clearInterval(s.timer);
      s.timer = undefined;
      s.nextRunAt = undefined;
    }
  }

  list(): ScheduleInfo[] {
    return [...this.schedules.values()].map((s) => ({
      logicalId: s.spec.logicalId,
      ruleName: s.spec.ruleName,
      ruleArn: s.spec.ruleArn,
      expression: s.spec.expression,
      state: s.spec.enabled ? 'ENABLED' : 'DISABLED',
      firesOnItsOwn: this.fireOnTheirOwn && s.spec.enabled,
      targets: s.spec.targets.map((t) => ({ id: t.id, arn: t.arn, kind: t.kind })),
      ...(s.nextRunAt === undefined ? {} : { nextRunAt: new Date(s.nextRunAt).toISOString() }),
      ...(s.lastRun ? { lastRun: s.lastRun } : {}),
      skippedTicks: s.skippedTicks,
    }));
  }

  /**
   * Fires a schedule now, its event's `time` being `at` (default: now), after the previous run of
   * it finished. Resolves when every target has its event (a function: its first attempt ended);
   * rejects with ScheduleRunError when a target failed (Lambda still retries a failed function).
   */
  async run(logicalId: string, options: { at?: Date } = {}): Promise<ScheduleRun> {
    const s = this.schedules.get(logicalId);
    if (!s) throw new UnknownScheduleError(`No scheduled rule ${logicalId} in the template (there are: ${[...this.schedules.keys()].join(', ') || 'none'})`);
    if (!s.spec.enabled) throw new DisabledScheduleError(`Rule ${logicalId} is DISABLED: it never fires`);
    const run = await this.fire(s, options.at ?? new Date(), 'manual');
    if (!run.ok) throw new ScheduleRunError(run);
    return run;
  }

  private tick(s: Schedule): void {
    s.nextRunAt = Date.now() + s.periodMs;
    if (s.spec.targets.some((t) => this.invoker.busy(laneOf(s, t)))) {
      s.skippedTicks++;
      this.log(`[schedule ${s.spec.logicalId}] ${s.spec.expression} is due but its previous run is still going: this run is skipped (EventBridge would overlap them)`);
      return;
    }
    void this.fire(s, new Date(), 'rate');
  }

  private async fire(s: Schedule, time: Date, trigger: ScheduleRun['trigger']): Promise<ScheduleRun> {
    const event = scheduledEvent({ ruleArn: s.spec.ruleArn, region: this.options.region, accountId: this.options.accountId, time });
    const outcomes = await Promise.all(
      s.spec.targets.map((t) => t.deliver(event, { origin: `schedule ${s.spec.logicalId} (target ${t.id})`, lane: laneOf(s, t) })),
    );
    const run: ScheduleRun = { logicalId: s.spec.logicalId, eventId: event.id, time: event.time, trigger, ok: outcomes.every((o) => o.ok), outcomes };
    s.lastRun = run;
    return run;
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => console.error(l)))(line);
  }
}

/** Runs of one schedule's target share a lane: one after another, never at once. */
function laneOf(s: Schedule, target: RuleTarget): string {
  return `schedule:${s.spec.logicalId}:${target.id}`;
}
