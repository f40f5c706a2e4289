// Proves the local Lambda host behaves like Lambda: per-function env, context, reuse, timeouts, crashes, and gateway mapping.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalHttpApi } from '../../infra/local/http-api.ts';
import { LocalFunction, type LocalFunctionSpec } from '../../infra/local/lambda-host.ts';
import { repoRoot } from '../support/paths.ts';

const bundleFile = path.join(repoRoot, 'test', 'fixtures', 'lambda-behaviours.mjs');
const started: { stop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
});

function fn(overrides: Partial<LocalFunctionSpec> = {}, maxConcurrency = 2): LocalFunction {
  const f = new LocalFunction(
    {
      logicalId: 'Fixture',
      functionName: 'Fixture',
      bundleFile,
      handlerExport: 'handler',
      timeoutSeconds: 3,
      memoryMb: 128,
      environment: { AWS_REGION: 'eu-west-1' },
      ...overrides,
    },
    { maxConcurrency, echoLogs: false },
  );
  started.push(f);
  return f;
}

describe('LocalFunction', () => {
  it('gives each function only its own environment and a Lambda-like context', async () => {
    const a = fn({ environment: { AWS_REGION: 'eu-west-1', SECRET: 'a' } });
    const b = fn({ environment: { AWS_REGION: 'ap-southeast-1' } });
    const ra = JSON.parse(((await a.invoke({})).result as { body: string }).body);
    const rb = JSON.parse(((await b.invoke({})).result as { body: string }).body);
    expect(ra.secret).toBe('a');
    expect(rb.secret).toBeNull();
    expect(rb.region).toBe('ap-southeast-1');
    expect(ra.functionName).toBe('Fixture');
    expect(ra.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ra.remainingMs).toBeGreaterThan(2000);
    expect(ra.remainingMs).toBeLessThanOrEqual(3000);
  });

  it('reuses a warm environment and reports the cold start only once', async () => {
    const f = fn();
    const first = await f.invoke({});
    const second = await f.invoke({});
    expect(first.coldStartMs).toBeGreaterThan(0);
    expect(second.coldStartMs).toBeUndefined();
    const init = (o: typeof first) => JSON.parse((o.result as { body: string }).body).initializedAt;
    expect(init(second)).toBe(init(first));
    expect(f.coldStarts).toBe(1);
  });

  it('runs concurrent invocations in separate environments, up to its cap', async () => {
    const f = fn({}, 3);
    await Promise.all(Array.from({ length: 6 }, () => f.invoke({})));
    expect(f.coldStarts).toBe(3);
    expect(f.invocations).toBe(6);
  });

  it('ends an invocation at the function timeout and replaces the environment', async () => {
    const f = fn({ timeoutSeconds: 1 });
    const outcome = await f.invoke({ do: 'hang' });
    expect(outcome.error?.errorType).toBe('Sandbox.Timedout');
    expect(outcome.error?.errorMessage).toBe('Task timed out after 1.00 seconds');
    const next = await f.invoke({});
    expect(next.coldStartMs).toBeGreaterThan(0);
  });

  it('reports a thrown error as a function error', async () => {
    const outcome = await fn().invoke({ do: 'crash' });
    expect(outcome.error).toMatchObject({ errorType: 'Error', errorMessage: 'boom: secret detail' });
  });
});

describe('LocalHttpApi response mapping', () => {
  it('maps crashes to 500, timeouts to 503, bare results to 200 JSON, like API Gateway', async () => {
    const api = new LocalHttpApi([{ routeKey: 'GET /x', fn: fn({ timeoutSeconds: 1 }) }]);
    const url = await api.listen(0);
    started.push({ stop: () => api.close() });
    const crash = await fetch(`${url}/x?do=crash`);
    expect(crash.status).toBe(500);
    expect(await crash.json()).toEqual({ message: 'Internal Server Error' });
    const hang = await fetch(`${url}/x?do=hang`);
    expect(hang.status).toBe(503);
    const plain = await fetch(`${url}/x?do=plain`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toContain('application/json');
    expect(await plain.json()).toEqual({ plain: true });
    const missing = await fetch(`${url}/y`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not Found' });
  });
});
