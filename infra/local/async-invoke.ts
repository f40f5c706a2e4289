import type { InvokeOutcome, LocalFunction } from './lambda-host.ts';

/**
 * Lambda's retries of an asynchronous invocation that failed (an error or a timeout): two more
 * attempts, the first at least one minute after the failure, the second two minutes after that.
 */
export const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];

export interface AsyncInvokeOptions {
  /** Who asked (a rule and its target), named in logs. */
  origin: string;
  /**
   * Attempts sharing a lane run one after another, never at once (a schedule's runs, so a run
   * never overlaps the previous one locally); attempts without a lane run as capacity allows.
   */
  lane?: string;
}

interface PendingRetry {
  timer: NodeJS.Timeout;
  start: () => void;
}

/**
 * Lambda's asynchronous invocation (what EventBridge uses for a function target): the caller's
 * request is accepted at once; the function runs; a failed attempt is tried twice more, after
 * `retryDelaysMs`, then dropped and logged (an on-failure destination or a function DLQ are not
 * served, and the local stack refuses functions that declare them).
 *
 * Idle detection (for tests) follows the SQS stand-in: `whenIdle()` waits for attempts running or
 * queued in a lane, not for retries whose delay has not passed (time is the caller's to move);
 * `drain()` runs those at once, as if the minutes had passed, until nothing is left.
 */
export class LambdaAsyncInvoker {
  private readonly retryDelaysMs: number[];
  private readonly lanes = new Map<string, { tail: Promise<unknown>; depth: number }>();
  private readonly retries = new Set<PendingRetry>();
  private readonly idleWaiters = new Set<() => void>();
  private inFlight = 0;
  private stopped = false;
  /** Attempts started so far; the stack compares it across a settling round to see if anything ran. */
  attempts = 0;

  constructor(private readonly options: { retryDelaysMs?: number[]; log?: (line: string) => void } = {}) {
    this.retryDelaysMs = options.retryDelaysMs ?? ASYNC_RETRY_DELAYS_MS;
  }

  /**
   * Invokes `fn` asynchronously with `event`; resolves with the outcome of the first attempt (later
   * attempts, if it failed, are Lambda's business and only logged).
   */
  invoke(fn: LocalFunction, event: unknown, options: AsyncInvokeOptions): Promise<InvokeOutcome> {
    if (this.stopped) return Promise.resolve({ error: { errorType: 'Local.Stopped', errorMessage: 'The local stack is stopping' }, durationMs: 0 });
    return this.attempt(fn, event, options, 1);
  }

  /** True while an attempt of the lane runs or waits for the one before it. */
  busy(lane: string): boolean {
    return (this.lanes.get(lane)?.depth ?? 0) > 0;
  }

  /** Retries waiting for their delay. */
  get pendingRetries(): number {
    return this.retries.size;
  }

  isIdle(): boolean {
    return this.inFlight === 0;
  }

  /** Resolves when no attempt runs or waits in a lane (retries not yet due do not count). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.idleWaiters.delete(wake);
        resolve();
      };
      this.idleWaiters.add(wake);
    });
  }

  /** Runs every pending retry now, as if its delay had passed, and waits until none is left. */
  async drain(maxRounds = 20): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      await this.whenIdle();
      if (this.retries.size === 0) return;
      for (const retry of [...this.retries]) {
        clearTimeout(retry.timer);
        this.retries.delete(retry);
        retry.start();
      }
    }
    throw new Error(`Asynchronous invocations still retrying after ${maxRounds} rounds`);
  }

  /** Cancels pending retries and gives running attempts a short grace to finish. */
  async stop(graceMs = 2_000): Promise<void> {
    this.stopped = true;
    for (const retry of this.retries) clearTimeout(retry.timer);
    this.retries.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.whenIdle(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    for (const wake of [...this.idleWaiters]) wake();
  }

  private attempt(fn: LocalFunction, event: unknown, options: AsyncInvokeOptions, attempt: number): Promise<InvokeOutcome> {
    this.inFlight++;
    this.attempts++;
    const lane = options.lane === undefined ? undefined : this.lane(options.lane);
    if (lane) lane.depth++;
    const run = async (): Promise<InvokeOutcome> => {
      const outcome = await fn.invoke(event);
      if (outcome.error) this.failed(fn, event, options, attempt, outcome);
      return outcome;
    };
    const outcome = lane ? lane.tail.then(run, run) : run();
    if (lane) lane.tail = outcome;
    return outcome.finally(() => {
      if (lane) lane.depth--;
      this.inFlight--;
      if (this.inFlight === 0) for (const wake of [...this.idleWaiters]) wake();
    });
  }

  private failed(fn: LocalFunction, event: unknown, options: AsyncInvokeOptions, attempt: number, outcome: InvokeOutcome): void {
    const why = `${outcome.error!.errorType}: ${outcome.error!.errorMessage}`;
    const name = fn.spec.logicalId;
    const delay = this.retryDelaysMs[attempt - 1];
    if (delay === undefined || this.stopped) {
      this.log(`[${name}] asynchronous invocation from ${options.origin} failed on attempt ${attempt} (${why}); Lambda drops the event after ${attempt} attempts`);
      return;
    }
    this.log(`[${name}] asynchronous invocation from ${options.origin} failed on attempt ${attempt} (${why}); Lambda retries in ${delay / 1000} s`);
    const retry: PendingRetry = {
      timer: setTimeout(() => {
        this.retries.delete(retry);
        retry.start();
      }, delay),
      start: () => void this.attempt(fn, event, options, attempt + 1),
    };
    retry.timer.unref();
    this.retries.add(retry);
  }

  private lane(name: string): { tail: Promise<unknown>; depth: number } {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { tail: Promise.resolve(), depth: 0 };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => console.error(l)))(line);
  }
}
