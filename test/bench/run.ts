/**
 * `npm run bench`: numbers for the budgets in DESIGN (bundle size, cold init, console JS), for
 * the local stack (throughput, cost per operation), and for the table itself (units per ticket
 * operation through the domain functions; queue-page latency at 1,000 vs 100,000 tickets).
 * It prints and writes them; it asserts nothing timed, because on a shared 2-core machine a timing
 * assertion would only measure the neighbours.
 *
 * Writes test-output/bench/results.json (and the assembly it measured in test-output/bench/cdk.out).
 * Everything it starts (DynamoDB Local, workers, probe processes) is stopped before it exits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { synthesize } from '../../infra/synth.ts';
import { startDynamoEngine, type DynamoEngine } from '../../infra/local/dynamodb-engine.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/local-stack.ts';
import { buildConsole } from '../../web/build.ts';
import { testOutput } from '../support/paths.ts';
import { ticketTableResource } from './bench-table.ts';
import { BUNDLE_BUDGET_KB, findLambdaBundles } from './bundle-sizes.ts';
import { measureCapacity } from './capacity.ts';
import { measureMailIngest } from './mail-ingest.ts';
import { INIT_TARGET_MS, measureColdInit, probeNode } from './cold-init.ts';
import { measureOperationCosts } from './operation-cost.ts';
import { measureQueueScale } from './queue-scale.ts';
import { measureSlaSweep } from './sla-sweep.ts';
import { measureRanking } from './rank-technicians.ts';
import { measureDispatchTransitions } from './dispatch-transitions.ts';
import { CONSOLE_BUDGET_KB, formatReport, writeJson, type BenchResults } from './report.ts';
import { measureThroughput } from './throughput.ts';

const benchOutput = path.join(testOutput, 'bench');
const LOAD = { requests: 300, concurrency: 8, warmup: 20 };
/** The whole run should take about this long; queue scale sizes its seeding to what is left. */
const BENCH_BUDGET_MS = 300_000;

let stack: LocalStack | undefined;
/** DynamoDB Local engines of the table-level phases (each its own, in memory). */
const engines = new Set<DynamoEngine>();
const tempDirs: string[] = [];

async function cleanup(): Promise<void> {
  const s = stack;
  stack = undefined;
  if (s) await s.stop();
  for (const engine of [...engines]) {
    engines.delete(engine);
    await engine.stop();
  }
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// Ctrl-C mid-run must not leave DynamoDB Local (a Java process) behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping what the bench started…`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** Runs `fn` on a fresh in-memory DynamoDB Local and stops it afterwards (or in cleanup on Ctrl-C). */
async function withEngine<T>(fn: (engine: DynamoEngine) => Promise<T>): Promise<T> {
  const engine = await startDynamoEngine({});
  engines.add(engine);
  try {
    return await fn(engine);
  } finally {
    if (engines.delete(engine)) await engine.stop();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const phasesMs: Record<string, number> = {};
  const phase = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    process.stderr.write(`bench: ${name}…\n`);
    const t = performance.now();
    try {
      return await fn();
    } finally {
      phasesMs[name] = performance.now() - t;
    }
  };
  const node = probeNode();

  // A fresh assembly, so the numbers are of the code in this work tree, not of a stale cdk.out.
  const assemblyDir = path.join(benchOutput, 'cdk.out');
  rmSync(assemblyDir, { recursive: true, force: true });
  await phase('synth', () => synthesize({ outdir: assemblyDir }));

  const bundles = findLambdaBundles(assemblyDir);
  const budgetBytes = BUNDLE_BUDGET_KB * 1024;

  // Cold imports run before the stack starts: DynamoDB Local's JVM would otherwise share the cores.
  const coldInit = await phase('cold-init', () => measureColdInit(bundles, 10));

  const consoleDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-bench-console-'));
  tempDirs.push(consoleDir);
  const { initialJsGzipBytes } = await phase('console', () => buildConsole({ outdir: consoleDir }));

  stack = await phase('stack start', () =>
    startLocalStack({
      assemblyDir,
      logDir: path.join(benchOutput, 'logs'),
      echoLogs: false,
      // As many environments as clients, as Lambda would scale to; the API is then not queued by us.
      maxConcurrency: LOAD.concurrency,
    }),
  );
  const { result: throughput } = await phase('throughput', () =>
    measureThroughput(stack!, { ...LOAD, maxFunctionConcurrency: LOAD.concurrency }),
  );
  const capacity = await phase('capacity', () => measureCapacity(stack!));
  const mailIngest = await phase('mail ingest', () => measureMailIngest(stack!, { messages: 60, concurrency: 4 }));
  const dispatchTransitions = await phase('dispatch', () => measureDispatchTransitions(stack!));
  await phase('stack stop', () => cleanup());

  // Table-level phases after the stack is gone, so its JVM and workers do not share the 2 cores.
  const tableResource = ticketTableResource(assemblyDir);
  const operationCost = await phase('operation cost', () => withEngine((engine) => measureOperationCosts(engine, tableResource)));
  const queueScale = await phase('queue scale', () =>
    withEngine((engine) =>
      measureQueueScale(engine, tableResource, {
        log: (line) => process.stderr.write(`bench: ${line}\n`),
        finishBy: started + BENCH_BUDGET_MS,
      }),
    ),
  );

  const slaSweep = await phase('sla sweep', () =>
    withEngine((engine) => measureSlaSweep(engine, tableResource, (line) => process.stderr.write(`bench: ${line}\n`))),
  );

  const ranking = await phase('ranking', () => measureRanking());

  const results: BenchResults = {
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    machine: { node: node.version, cpus: availableParallelism(), platform: `${process.platform}-${process.arch}` },
    phasesMs,
    bundles: bundles.map((b) => ({
      cdkPath: b.cdkPath,
      logicalId: b.logicalId,
      minifiedBytes: b.minifiedBytes,
      gzipBytes: b.gzipBytes,
      budgetBytes,
      withinBudget: b.minifiedBytes <= budgetBytes,
    })),
    coldInit: coldInit.map((c) => ({ ...c, targetMs: INIT_TARGET_MS })),
    console: {
      initialJsGzipBytes,
      budgetBytes: CONSOLE_BUDGET_KB * 1024,
      withinBudget: initialJsGzipBytes <= CONSOLE_BUDGET_KB * 1024,
    },
    throughput,
    capacity,
    operationCost,
    queueScale,
    mailIngest,
    slaSweep,
    ranking,
    dispatchTransitions,
    totalMs: performance.now() - started,
  };
  const jsonFile = path.join(benchOutput, 'results.json');
  writeJson(jsonFile, results);
  console.log(formatReport(results));
  console.log(`\nJSON: ${path.relative(process.cwd(), jsonFile)}`);
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
}
