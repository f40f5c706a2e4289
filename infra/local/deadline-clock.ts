/** The stack's clock (the SQS engine's): real time plus whatever tests moved it by. */
export interface StackClock {
  now(): number;
  advance(ms: number): void;
}

/** The longest a Node timer waits; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Deadlines on the stack clock: each fires once the clock reaches its time, whether real time got
 * there (one unref'd timer, armed for the earliest) or a test moved the clock with `advance(ms)`,
 * which fires everything then due before it returns.
 */
export class DeadlineClock {
  private readonly entries = new Set<{ at: number; fire: () => void }>();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly clock: StackClock) {}

  /** Calls `fire` when the clock reaches `at` (epoch ms); answers a function that cancels it. */
  at(at: number, fire: () => void): () => void {
    const entry = { at, fire };
    this.entries.add(entry);
    this.fireDue();
    return () => {
      if (this.entries.delete(entry)) this.arm();
    };
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    this.fireDue();
  }

  stop(): void {
    this.stopped = true;
    this.entries.clear();
    clearTimeout(this.timer);
  }

  private fireDue(): void {
    const now = this.clock.now();
    const due = [...this.entries].filter((e) => e.at <= now).sort((a, b) => a.at - b.at);
    for (const e of due) this.entries.delete(e);
    for (const e of due) e.fire();
    this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || this.entries.size === 0) return;
    const next = Math.min(...[...this.entries].map((e) => e.at));
    this.timer = setTimeout(() => this.fireDue(), Math.min(MAX_TIMER_MS, Math.max(0, next - this.clock.now())));
    this.timer.unref();
  }
}
