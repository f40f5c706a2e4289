import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lambda-worker.mjs');

export interface LocalFunctionSpec {
  logicalId: string;
  functionName: string;
  /** Absolute path of the synthesized bundle file (index.mjs in the asset directory). */
  bundleFile: string;
  handlerExport: string;
  timeoutSeconds: number;
  memoryMb: number;
  environment: Record<string, string>;
}

export interface InvokeOutcome {
  result?: unknown;
  error?: { errorType: string; errorMessage: string; stack?: string };
  /** Set when this invocation paid a cold start. */
  coldStartMs?: number;
  durationMs: number;
}

interface Instance {
  worker: Worker;
  busy: boolean;
  coldStartMs?: number;
  pending?: { id: string; resolve: (o: InvokeOutcome) => void; started: number; timer: NodeJS.Timeout };
}

/**
 * Runs one function like Lambda does: each execution environment (a worker thread with the
 * function's own environment variables) handles one invocation at a time; more concurrent
 * invocations start more environments up to a cap; a timed-out environment is discarded.
 */
export class LocalFunction {
  private readonly instances: Instance[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly log: WriteStream | undefined;
  invocations = 0;
  coldStarts = 0;

  constructor(
    readonly spec: LocalFunctionSpec,
    private readonly options: { maxConcurrency: number; logDir?: string; echoLogs: boolean },
  ) {
    if (options.logDir) {
      mkdirSync(options.logDir, { recursive: true });
      this.log = createWriteStream(path.join(options.logDir, `${spec.logicalId}.log`), { flags: 'a' });
    }
  }

  /** How many execution environments may run at once (event sources size their pollers by it). */
  get maxConcurrency(): number {
    return this.options.maxConcurrency;
  }

  async invoke(event: unknown): Promise<InvokeOutcome> {
    this.invocations++;
    const instance = await this.acquire();
    const id = randomUUID();
    return new Promise<InvokeOutcome>((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        // Lambda ends an invocation at its timeout and recycles the environment.
        this.discard(instance);
        resolve({
          error: { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds` },
          durationMs: performance.now() - started,
        });
      }, this.spec.timeoutSeconds * 1000);
      instance.pending = { id, resolve, started, timer };
      instance.worker.postMessage({
        id,
        event,
        context: {
          awsRequestId: id,
          functionName: this.spec.functionName,
          functionVersion: '$LATEST',
          invokedFunctionArn: `arn:aws:lambda:${this.spec.environment.AWS_REGION}:000000000000:function:${this.spec.functionName}`,
          memoryLimitInMB: String(this.spec.memoryMb),
          logGroupName: `/aws/lambda/${this.spec.functionName}`,
          logStreamName: `local/${this.spec.logicalId}`,
          remainingMs: this.spec.timeoutSeconds * 1000,
        },
      });
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.instances.splice(0).map((i) => i.worker.terminate()));
    this.log?.end();
  }

  private async acquire(): Promise<Instance> {
    for (;;) {
      const idle = this.instances.find((i) => !i.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (this.instances.length < this.options.maxConcurrency) {
        const instance = this.start();
        instance.busy = true;
        await new Promise<void>((resolve, reject) => {
          instance.worker.once('message', (m: { ready?: boolean; initMs: number }) => {
            instance.coldStartMs = m.initMs;
            resolve();
          });
          instance.worker.once('error', reject);
        });
        return instance;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private start(): Instance {
    this.coldStarts++;
    const worker = new Worker(workerFile, {
      workerData: { bundleFile: this.spec.bundleFile, handlerExport: this.spec.handlerExport },
      env: this.spec.environment,
      execArgv: this.spec.environment.NODE_OPTIONS?.includes('--enable-source-maps') ? ['--enable-source-maps'] : [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: this.spec.memoryMb },
    });
    const instance: Instance = { worker, busy: false };
    this.pipeLogs(worker);
    worker.on('message', (m: { id?: string } & Omit<InvokeOutcome, 'durationMs'>) => {
      const pending = instance.pending;
      if (!m.id || !pending || pending.id !== m.id) return;
      clearTimeout(pending.timer);
      instance.pending = undefined;
      const outcome: InvokeOutcome = { result: m.result, error: m.error, durationMs: performance.now() - pending.started };
      if (instance.coldStartMs !== undefined) {
        outcome.coldStartMs = instance.coldStartMs;
        instance.coldStartMs = undefined;
      }
      this.release(instance);
      pending.resolve(outcome);
    });
    worker.on('error', (err) => {
      const pending = instance.pending;
      this.discard(instance);
      pending?.resolve({ error: { errorType: 'Runtime.ExitError', errorMessage: err.message, stack: err.stack }, durationMs: 0 });
    });
    this.instances.push(instance);
    return instance;
  }

  private release(instance: Instance): void {
    instance.busy = false;
    this.waiting.shift()?.();
  }

  private discard(instance: Instance): void {
    const i = this.instances.indexOf(instance);
    if (i >= 0) this.instances.splice(i, 1);
    if (instance.pending) clearTimeout(instance.pending.timer);
    instance.pending = undefined;
    void instance.worker.terminate();
    this.waiting.shift()?.();
  }

  private pipeLogs(worker: Worker): void {
    const prefix = `[${this.spec.logicalId}] `;
    for (const stream of [worker.stdout, worker.stderr]) {
      let buffered = '';
      stream.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          this.log?.write(`${line}\n`);
          if (this.options.echoLogs) process.stdout.write(prefix + line + '\n');
        }
      });
    }
  }
}
