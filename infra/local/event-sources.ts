import { SqsSchema } from '@aws-lambda-powertools/parser/schemas';
import type { InvokeOutcome, LocalFunction } from './lambda-host.ts';
import type { LocalQueue, LocalSqs, ReceivedMessage } from './sqs-engine.ts';

/** One AWS::Lambda::EventSourceMapping whose source is a queue. */
export interface SqsMappingSpec {
  logicalId: string;
  queueArn: string;
  fn: LocalFunction;
  /** Records per invocation (Lambda's default for SQS: 10). */
  batchSize?: number;
  /** FunctionResponseTypes includes ReportBatchItemFailures. */
  reportBatchItemFailures?: boolean;
  enabled?: boolean;
  /** ScalingConfig.MaximumConcurrency; otherwise the function's own cap bounds it. */
  maximumConcurrency?: number;
}

export interface MappingStats {
  logicalId: string;
  queue: string;
  /** Invocations started, batches that failed whole (error, timeout, bad response), records deleted, records left to retry. */
  invocations: number;
  failedBatches: number;
  deleted: number;
  retried: number;
}

interface Mapping {
  spec: Required<Omit<SqsMappingSpec, 'maximumConcurrency'>> & { maximumConcurrency: number };
  queue: LocalQueue;
  inFlight: number;
  scheduled: boolean;
  stats: MappingStats;
}

/**
 * Lambda's SQS poller for each event source mapping of the template: receives batches from the
 * queue, invokes the function with the SQS event Lambda builds (checked against Powertools'
 * SqsSchema), and deletes what succeeded. A thrown error or a timeout deletes nothing: the whole
 * batch comes back after the visibility timeout. With ReportBatchItemFailures only the records the
 * function names come back; a malformed response fails the whole batch, as Lambda does.
 *
 * Idle detection (for tests): the mapped queues have nothing receivable now and no invocation is
 * running. Messages waiting out a visibility timeout or a delay do not count: time is the engine's
 * to move (`LocalSqs.advance` / `expireVisibility`), which `drain()` does until the queues are empty.
 */
export class SqsEventSources {
  private readonly mappings: Mapping[] = [];
  private readonly idleWaiters = new Set<() => void>();
  private readonly unsubscribe: () => void;
  private running = false;
  private idleCheckQueued = false;
  private readonly settled = new Set<Promise<void>>();

  constructor(
    private readonly sqs: LocalSqs,
    private readonly region: string,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {
    this.unsubscribe = sqs.onChange((queue, receivable) => {
      if (receivable) for (const m of this.mappings) if (m.queue.arn === queue.arn) this.schedule(m);
      this.checkIdle();
    });
  }

  add(spec: SqsMappingSpec): void {
    const queue = this.sqs.queue(spec.queueArn);
    const batchSize = spec.batchSize ?? 10;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error(`${spec.logicalId}: BatchSize ${batchSize} is out of range`);
    this.mappings.push({
      spec: {
        logicalId: spec.logicalId,
        queueArn: queue.arn,
        fn: spec.fn,
        batchSize,
        reportBatchItemFailures: spec.reportBatchItemFailures ?? false,
        enabled: spec.enabled ?? true,
        maximumConcurrency: spec.maximumConcurrency ?? Number.POSITIVE_INFINITY,
      },
      queue,
      inFlight: 0,
      scheduled: false,
      stats: { logicalId: spec.logicalId, queue: queue.name, invocations: 0, failedBatches: 0, deleted: 0, retried: 0 },
    });
  }

  /** Which functions a mapping invokes (so the stack can tell every function is served). */
  functions(): LocalFunction[] {
    return this.mappings.map((m) => m.spec.fn);
  }

  stats(): MappingStats[] {
    return this.mappings.map((m) => ({ ...m.stats }));
  }

  start(): void {
    this.running = true;
    for (const m of this.mappings) this.schedule(m);
  }

  /**
   * Stops polling. Invocations under way get a short grace to finish (their results still apply);
   * what is left simply comes back after its visibility timeout, as with any consumer that stops.
   */
  async stop(graceMs = 2_000): Promise<void> {
    this.running = false;
    this.unsubscribe();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.settled]), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    for (const wake of [...this.idleWaiters]) wake();
  }

  /** True when no mapped queue has a message receivable now and no invocation is running. */
  isIdle(): boolean {
    return this.mappings.every((m) => m.inFlight === 0 && (!m.spec.enabled || !this.running || this.sqs.counts(m.queue.arn).visible === 0));
  }

  /** Resolves once idle (see isIdle); at once when already idle. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        this.idleWaiters.delete(wake);
        resolve();
      };
      this.idleWaiters.add(wake);
    });
  }

  /**
   * Runs the mapped queues to empty as if time passed: waits for idle, then ends the visibility
   * timeouts and delays still pending in mapped queues (retries come back, exhausted messages move
   * to their dead-letter queues), and repeats. Throws if they are not empty after `maxRounds`.
   */
  async drain(options: { maxRounds?: number } = {}): Promise<void> {
    const maxRounds = options.maxRounds ?? 50;
    for (let round = 0; round < maxRounds; round++) {
      await this.whenIdle();
      const pending = this.mappings.filter((m) => m.spec.enabled).map((m) => ({ m, due: this.sqs.nextDue(m.queue.arn) }));
      const due = pending.map((p) => p.due).filter((d): d is number => d !== undefined);
      if (due.length === 0) return;
      this.sqs.advance(Math.max(0, Math.min(...due) - this.sqs.now()));
    }
    const left = this.mappings.map((m) => `${m.queue.name}: ${JSON.stringify(this.sqs.counts(m.queue.arn))}`).join('; ');
    throw new Error(`Queues not drained after ${maxRounds} rounds (${left})`);
  }

  private schedule(m: Mapping): void {
    if (m.scheduled || !this.running || !m.spec.enabled) return;
    m.scheduled = true;
    // Deferred: the engine calls us from inside its own mutations.
    queueMicrotask(() => {
      m.scheduled = false;
      this.pump(m);
    });
  }

  private pump(m: Mapping): void {
    const cap = Math.min(m.spec.maximumConcurrency, m.spec.fn.maxConcurrency);
    while (this.running && m.inFlight < cap) {
      const batch: ReceivedMessage[] = [];
      // Lambda gathers a batch larger than one ReceiveMessage (10) with several receives.
      while (batch.length < m.spec.batchSize) {
        const got = this.sqs.receive(m.queue.arn, { max: Math.min(10, m.spec.batchSize - batch.length) });
        if (!got.length) break;
        batch.push(...got);
      }
      if (!batch.length) break;
      m.inFlight++;
      m.stats.invocations++;
      const done = this.deliver(m, batch)
        .catch((err) => this.log(`[${m.spec.logicalId}] event source mapping failure: ${(err as Error).stack ?? String(err)}`))
        .finally(() => {
          m.inFlight--;
          this.settled.delete(done);
          this.schedule(m);
          this.checkIdle();
        });
      this.settled.add(done);
    }
    this.checkIdle();
  }

  private async deliver(m: Mapping, batch: ReceivedMessage[]): Promise<void> {
    const event = { Records: batch.map((r) => sqsRecord(r, m.queue.arn, this.region)) };
    // The schema Powertools users parse with in AWS: local events cannot drift from Lambda's shape.
    const checked = SqsSchema.safeParse(event);
    if (!checked.success) throw new Error(`Local SQS event does not match Lambda's SQS event shape: ${checked.error.message}`);
    const outcome = await m.spec.fn.invoke(event);
    const failed = failedRecords(outcome, batch, m.spec.reportBatchItemFailures);
    if (failed === 'all') {
      m.stats.failedBatches++;
      m.stats.retried += batch.length;
      const why = outcome.error ? `${outcome.error.errorType}: ${outcome.error.errorMessage}` : 'invalid batchItemFailures response';
      this.log(`[${m.spec.fn.spec.logicalId}] batch of ${batch.length} from ${m.queue.name} failed (${why}); the messages return after the visibility timeout`);
      return;
    }
    for (const r of batch) {
      if (failed.has(r.messageId)) continue;
      this.sqs.deleteMessage(m.queue.arn, r.receiptHandle);
      m.stats.deleted++;
    }
    m.stats.retried += failed.size;
    if (failed.size) {
      this.log(`[${m.spec.fn.spec.logicalId}] ${failed.size} of ${batch.length} records from ${m.queue.name} reported failed; they return after the visibility timeout`);
    }
  }

  /** Deferred like pumping, so a receive under way (counts already down, invocation not yet counted) never looks idle. */
  private checkIdle(): void {
    if (!this.idleWaiters.size || this.idleCheckQueued) return;
    this.idleCheckQueued = true;
    queueMicrotask(() => {
      this.idleCheckQueued = false;
      if (!this.isIdle()) return;
      for (const wake of [...this.idleWaiters]) wake();
    });
  }
}

/** The record Lambda puts in an SQS event, field for field. */
export function sqsRecord(r: ReceivedMessage, queueArn: string, region: string): Record<string, unknown> {
  return {
    messageId: r.messageId,
    receiptHandle: r.receiptHandle,
    body: r.body,
    attributes: r.attributes,
    messageAttributes: Object.fromEntries(
      Object.entries(r.messageAttributes).map(([name, v]) => [
        name,
        {
          ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}),
          ...(v.BinaryValue ? { binaryValue: v.BinaryValue.toString('base64') } : {}),
          stringListValues: [],
          binaryListValues: [],
          dataType: v.DataType,
        },
      ]),
    ),
    md5OfMessageAttributes: r.md5OfMessageAttributes ?? null,
    md5OfBody: r.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/**
 * Which records failed, by Lambda's rules: an error or timeout fails all; without
 * ReportBatchItemFailures any return succeeds; with it, a missing/empty/null list succeeds, and an
 * entry whose itemIdentifier is missing, empty or not in the batch fails the whole batch.
 */
export function failedRecords(outcome: InvokeOutcome, batch: ReceivedMessage[], reportBatchItemFailures: boolean): Set<string> | 'all' {
  if (outcome.error) return 'all';
  if (!reportBatchItemFailures) return new Set();
  const result = outcome.result;
  if (result === undefined || result === null) return new Set();
  if (typeof result !== 'object' || Array.isArray(result)) return 'all';
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return 'all';
  const ids = new Set(batch.map((r) => r.messageId));
  const failed = new Set<string>();
  for (const f of failures) {
    const id = (f as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id)) return 'all';
    failed.add(id);
  }
  return failed;
}
