import type { InvokeOutcome, LocalFunction } from '../../../infra/local/lambda-host.ts';

/**
 * A stand-in for LocalFunction in unit tests: records each event, and answers with what `behave`
 * returns (by default success at once); `hold()` makes the next invocations wait until released.
 */
export function fakeFunction(logicalId = 'Fake', behave: (event: any) => Partial<InvokeOutcome> = () => ({ result: null })) {
  const events: any[] = [];
  const held: (() => void)[] = [];
  let holding = false;
  const fn = {
    spec: { logicalId },
    invocations: 0,
    async invoke(event: unknown): Promise<InvokeOutcome> {
      fn.invocations++;
      events.push(event);
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
      return { durationMs: 1, ...behave(event) };
    },
  };
  return {
    fn: fn as unknown as LocalFunction,
    events,
    get invocations() {
      return fn.invocations;
    },
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const r of held.splice(0)) r();
    },
  };
}

export const crash: Partial<InvokeOutcome> = { error: { errorType: 'Error', errorMessage: 'boom' } };
