import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BUNDLE_BUDGET_KB, type LambdaBundle } from './bundle-sizes.ts';
import type { CapacityResult } from './capacity.ts';
import { INIT_TARGET_MS, type ColdInitResult } from './cold-init.ts';
import type { ThroughputResult } from './throughput.ts';

export const CONSOLE_BUDGET_KB = 100;

export interface BenchResults {
  startedAt: string;
  machine: { node: string; cpus: number; platform: string };
  phasesMs: Record<string, number>;
  bundles: (Pick<LambdaBundle, 'cdkPath' | 'logicalId' | 'minifiedBytes' | 'gzipBytes'> & { budgetBytes: number; withinBudget: boolean })[];
  coldInit: (ColdInitResult & { targetMs: number })[];
  console: { initialJsGzipBytes: number; budgetBytes: number; withinBudget: boolean };
  throughput: ThroughputResult;
  capacity: CapacityResult;
  totalMs: number;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (n: number) => n.toFixed(1);

/** Left-aligns the first column, right-aligns the rest: numbers line up, names stay readable. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Shorter labels: the stack name prefix and the trailing /Resource say nothing new in a table. */
const shortPath = (cdkPath: string) => cdkPath.replace(/^[^/]+\//, '').replace(/\/Resource$/, '');

export function formatReport(r: BenchResults): string {
  const out: string[] = [];
  out.push(`Loopdesk bench — ${r.startedAt} — Node ${r.machine.node}, ${r.machine.cpus} CPUs, ${r.machine.platform}`);
  out.push('Sizes in KiB (1024 bytes); gzip level 9. Budgets are reported, never asserted.');

  out.push('\n1. Lambda bundles (index.mjs, minified) — budget ' + `${BUNDLE_BUDGET_KB} KB minified`);
  out.push(
    table(
      ['function (aws:cdk:path)', 'minified KB', 'gzip KB', 'budget KB', 'headroom KB', 'within'],
      r.bundles.map((b) => [
        b.cdkPath,
        kb(b.minifiedBytes),
        kb(b.gzipBytes),
        String(BUNDLE_BUDGET_KB),
        kb(b.budgetBytes - b.minifiedBytes),
        b.withinBudget ? 'yes' : 'NO',
      ]),
    ),
  );

  const runs = r.coldInit[0]?.asDeployed.samplesMs.length ?? 0;
  out.push(`\n2. Module init (cold import in a fresh Node process, ${runs} runs each) — target < ${INIT_TARGET_MS} ms median`);
  out.push(
    table(
      ['function', 'median ms', 'p90 ms', 'within', '+srcmap median', '+srcmap p90'],
      r.coldInit.map((c) => [
        shortPath(c.cdkPath),
        ms(c.asDeployed.medianMs),
        ms(c.asDeployed.p90Ms),
        c.asDeployed.medianMs < c.targetMs ? 'yes' : 'NO',
        ms(c.withSourceMaps.medianMs),
        ms(c.withSourceMaps.p90Ms),
      ]),
    ),
  );
  out.push('   median/p90: with the function env as deployed; +srcmap: same with NODE_OPTIONS=--enable-source-maps (readable stack traces).');

  out.push(`\n3. Console initial JS: ${kb(r.console.initialJsGzipBytes)} KB gzipped (${r.console.initialJsGzipBytes} bytes), budget ${CONSOLE_BUDGET_KB} KB — ${r.console.withinBudget ? 'within' : 'OVER'}`);

  const t = r.throughput;
  out.push(
    `\n4. Local stack throughput — ${t.settings.requests} requests, concurrency ${t.settings.concurrency}, ` +
      `after ${t.settings.warmup} warm-up each; up to ${t.settings.maxFunctionConcurrency} environments per function; item ≈ ${t.itemBytes} bytes`,
  );
  out.push(
    table(
      ['path', 'req/s', 'p50 ms', 'p95 ms', 'errors', 'duration s'],
      [
        ['POST /v1/tickets (API → Lambda → DynamoDB)', t.api.perSecond.toFixed(1), ms(t.api.p50Ms), ms(t.api.p95Ms), String(t.api.errors), (t.api.durationMs / 1000).toFixed(2)],
        ['raw PutItem (DynamoDB Local)', t.rawPutItem.perSecond.toFixed(1), ms(t.rawPutItem.p50Ms), ms(t.rawPutItem.p95Ms), String(t.rawPutItem.errors), (t.rawPutItem.durationMs / 1000).toFixed(2)],
      ],
    ),
  );
  out.push(`   ratio API / raw PutItem: ${t.ratio.toFixed(3)} (${(1 / t.ratio).toFixed(1)}× slower)`);
  for (const e of [t.api.firstError, t.rawPutItem.firstError].filter(Boolean)) out.push(`   first error: ${e}`);

  out.push('\n5. Cost per operation (ReturnConsumedCapacity as reported by DynamoDB Local)');
  out.push(
    table(
      ['operation', 'RCU', 'WCU', 'calls (per call units)'],
      r.capacity.costs.map((c) => [
        c.operation,
        String(c.readUnits),
        String(c.writeUnits),
        c.calls.map((e) => `${e.operation} ${e.readUnits || e.writeUnits}`).join(', '),
      ]),
    ),
  );
  out.push(
    table(
      ['API operation', 'Lambda invocations', 'by function'],
      r.capacity.invocations.map((i) => [i.operation, String(i.total), Object.entries(i.byFunction).map(([f, n]) => `${f}×${n}`).join(', ')]),
    ),
  );

  out.push(`\nPhases (s): ${Object.entries(r.phasesMs).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ')}`);
  out.push(`Total ${(r.totalMs / 1000).toFixed(1)} s`);
  return out.join('\n');
}

export function writeJson(file: string, results: BenchResults): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
}
