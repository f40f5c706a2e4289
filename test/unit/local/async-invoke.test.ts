// Proves the local asynchronous invocation retries a failed attempt twice as Lambda does, serializes a lane, and settles like the queues: whenIdle ignores retries not yet due, drain runs them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ASYNC_RETRY_DELAYS_MS, LambdaAsyncInvoker } from '../../../infra/local/async-invoke.ts';
import { crash, fakeFunction } from './fake-function.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('LambdaAsyncInvoker', () => {
  it('retries a failed attempt twice, one and then two minutes later, then drops the event and says so', async () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const invoker = new LambdaAsyncInvoker({ log: (l) => lines.push(l) });
    const f = fakeFunction('Sweeper', () => crash);

    const first = await invoker.invoke(f.fn, { n: 1 }, { origin: 'rule R' });
    expect(first.error?.errorMessage).toBe('boom');
    expect(f.invocations).toBe(1);
    expect(invoker.pendingRetries).toBe(1);
    expect(ASYNC_RETRY_DELAYS_MS).toEqual([60_000, 120_000]);

    await vi.advanceTimersByTimeAsync(59_999);
    expect(f.invocations).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.invocations).toBe(2);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(f.invocations).toBe(3);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(f.invocations).toBe(3);
    expect(invoker.pendingRetries).toBe(0);
    expect(f.events).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    expect(lines.at(-1)).toMatch(/\[Sweeper\] asynchronous invocation from rule R failed on attempt 3 \(Error: boom\); Lambda drops the event after 3 attempts/);
  });

  it('counts running attempts as busy but not retries waiting for their delay; drain runs those at once', async () => {
    const invoker = new LambdaAsyncInvoker({ log: () => {} });
    let failures = 1;
    const f = fakeFunction('Flaky', () => (failures-- > 0 ? crash : { result: 'ok' }));
    await invoker.invoke(f.fn, {}, { origin: 'test' });
    expect(invoker.isIdle()).toBe(true);
    await invoker.whenIdle(); // resolves although a retry is pending: its minute has not passed
    expect(invoker.pendingRetries).toBe(1);

    const attemptsBefore = invoker.attempts;
    await invoker.drain();
    expect(f.invocations).toBe(2);
    expect(invoker.attempts).toBe(attemptsBefore + 1);
    expect(invoker.pendingRetries).toBe(0);
    await invoker.stop();
  });

  it('runs the attempts of one lane one after another, and others beside them', async () => {
    const invoker = new LambdaAsyncInvoker({ log: () => {} });
    const laned = fakeFunction('Laned');
    const free = fakeFunction('Free');
    laned.hold();
    const a = invoker.invoke(laned.fn, { n: 'a' }, { origin: 'test', lane: 'L' });
    const b = invoker.invoke(laned.fn, { n: 'b' }, { origin: 'test', lane: 'L' });
    await invoker.invoke(free.fn, {}, { origin: 'test' });
    await Promise.resolve();
    expect(laned.invocations).toBe(1); // b waits for a
    expect(invoker.busy('L')).toBe(true);
    expect(invoker.isIdle()).toBe(false);
    laned.release();
    await Promise.all([a, b]);
    expect(laned.events).toEqual([{ n: 'a' }, { n: 'b' }]);
    expect(invoker.busy('L')).toBe(false);
    await invoker.whenIdle();
  });

  it('cancels pending retries when stopped', async () => {
    vi.useFakeTimers();
    const invoker = new LambdaAsyncInvoker({ log: () => {} });
    const f = fakeFunction('F', () => crash);
    await invoker.invoke(f.fn, {}, { origin: 'test' });
    await invoker.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(f.invocations).toBe(1);
    expect((await invoker.invoke(f.fn, {}, { origin: 'test' })).error?.errorType).toBe('Local.Stopped');
  });
});
