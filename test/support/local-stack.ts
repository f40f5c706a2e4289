import * as path from 'node:path';
import { startLocalStack, type LocalStack } from '../../infra/local/local-stack.ts';
import { testAssemblyDir } from './assembly.ts';
import { testOutput } from './paths.ts';

/**
 * Starts the synthesized stack for one test file: in-memory DynamoDB Local, random ports, function
 * logs in test-output/logs/<name>/ rather than on the terminal, schedules firing only when run.
 */
export async function startTestStack(name: string): Promise<LocalStack> {
  // The console and API ports are picked before the engines start and bound after; with two test
  // files starting stacks at once, another stack's engine can take one meanwhile. Start again then.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 3) throw err;
    }
  }
}

function startOnce(name: string): Promise<LocalStack> {
  return startLocalStack({
    assemblyDir: testAssemblyDir(),
    logDir: path.join(testOutput, 'logs', name),
    echoLogs: false,
    // Tests fire schedules with stack.schedules.run(…, { at }): time is theirs to move, never waited for.
    fireSchedules: false,
  });
}

/** Calls the local API the way the console does. */
export async function callApi(
  stack: LocalStack,
  method: string,
  route: string,
  options: { role?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token ?? (options.role ? await stack.tokenFor(options.role) : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${stack.apiUrl}${route}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* keep text */
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
