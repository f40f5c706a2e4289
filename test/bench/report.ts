import type { SlaSweepResult } from './sla-sweep.ts';
import type { RankingBenchResult } from './rank-technicians.ts';
import { TRANSITION_PRICE_USD, type DispatchTransitionsResult } from './dispatch-transitions.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BUNDLE_BUDGET_KB, type LambdaBundle } from './bundle-sizes.ts';
import type { CapacityResult } from './capacity.ts';
import { INIT_TARGET_MS, type ColdInitResult } from './cold-init.ts';
import type { OperationCostResult } from './operation-cost.ts';
import type { QueueScaleResult, QueueScaleSize } from './queue-scale.ts';
import type { ThroughputResult } from './throughput.ts';

export const CONSOLE_BUDGET_KB = 100;

import type { MailIngestResult } from './mail-ingest.ts';

export interface BenchResults {
  startedAt: string;
  machine: { node: string; cpus: number; platform: string };
  phasesMs: Record<string, number>;
  bundles: (Pick<LambdaBundle, 'cdkPath' | 'logicalId' | 'minifiedBytes' | 'gzipBytes'> & { budgetBytes: number; withinBudget: boolean })[];
  coldInit: (ColdInitResult & { targetMs: number })[];
  console: { initialJsGzipBytes: number; budgetBytes: number; withinBudget: boolean };
  throughput: ThroughputResult;
  capacity: CapacityResult;
  operationCost: OperationCostResult;
  queueScale: QueueScaleResult;
  mailIngest: MailIngestResult;
  slaSweep: SlaSweepResult;
  ranking: RankingBenchResult;
  dispatchTransitions: DispatchTransitionsResult;
  totalMs: number;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (n: number) => (Number.isNaN(n) ? '—' : n.toFixed(1));

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
  out.push('   median/p90: with the function env as deployed; +srcmap (largest bundle only): same with NODE_OPTIONS=--enable-source-maps.');

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

  out.push(...formatOperationCost(r.operationCost));
  out.push(...formatQueueScale(r.queueScale));
  const m = r.mailIngest;
  out.push(
    `\nEmail intake through the local path (SMTP → S3 → SNS → SQS → parser → S3 → SQS → filer), ${m.concurrency} SMTP connections:`,
    `   ${m.messages} messages in ${m.seconds.toFixed(1)} s = ${m.messagesPerSecond.toFixed(1)} messages/s; ${m.filed} filed as tickets` +
      (m.filed === m.messages ? '' : `  WARNING ${m.messages - m.filed} missing`),
    `   15 MB-attachment message (${(m.largeParse.rawBytes / 1048576).toFixed(1)} MiB raw): parsed in ${m.largeParse.parseMs.toFixed(0)} ms, ` +
      `peak RSS ${m.largeParse.peakRssMiB.toFixed(0)} MiB (fresh process, ${m.largeParse.baselineRssMiB.toFixed(0)} MiB before parsing)`,
  );

  out.push(...formatSlaSweep(r.slaSweep));
  out.push(
    `\nDispatch ranking — ${count(r.ranking.candidates)} technicians for one work order (pure function): median ${r.ranking.medianMs.toFixed(2)} ms, p95 ${r.ranking.p95Ms.toFixed(2)} ms; ${r.ranking.ranked} eligible`,
    `Dispatch workflow (Standard, state transitions per dispatch): first technician accepts ${r.dispatchTransitions.acceptFirst} ($${(r.dispatchTransitions.acceptFirst * TRANSITION_PRICE_USD).toFixed(6)}), two decline then one accepts ${r.dispatchTransitions.rejectTwice} ($${(r.dispatchTransitions.rejectTwice * TRANSITION_PRICE_USD).toFixed(6)}); task invocations ${r.dispatchTransitions.acceptFirstInvocations} and ${r.dispatchTransitions.rejectTwiceInvocations}`,
  );
  out.push(`\nPhases (s): ${Object.entries(r.phasesMs).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ')}`);
  out.push(`Total ${(r.totalMs / 1000).toFixed(1)} s`);
  return out.join('\n');
}

const units = (n: number) => String(Number(n.toFixed(2)));
const count = (n: number) => n.toLocaleString('en');

function formatOperationCost(c: OperationCostResult): string[] {
  const out: string[] = [];
  out.push(`\n6. Units per ticket operation — domain functions on the store, table "${c.table}" from the template, fresh DynamoDB Local`);
  out.push(
    table(
      ['operation', 'RCU', 'WCU', 'calls (store operation: units)', 'notes'],
      c.operations.map((o) => [
        o.operation,
        units(o.readUnits),
        units(o.writeUnits),
        o.calls.map((e) => `${e.operation}: ${units(e.readUnits || e.writeUnits)}`).join(', '),
        o.detail ?? '',
      ]),
    ),
  );
  out.push(
    '   Units as DynamoDB Local reports them (ReturnConsumedCapacity TOTAL, so index writes are included), computed like the\n' +
      '   service: 1 write unit per KB written, 1 read unit per 4 KB read, half for the eventually consistent reads the store\n' +
      '   makes; transactions (updateTicket, addEntry) cost 2 units per KB. An index entry costs the item\'s size again, twice when\n' +
      '   the item moves in that index (every edit changes updatedAt, part of all four queue sort keys).\n' +
      '   Create ticket is openTicket alone: the API\'s customer lookup by email (functions/tickets/create-ticket.ts) is not in it.',
  );
  const wrong = c.transactionProbe.filter((p) => p.reported !== p.expected);
  out.push(
    `   Transaction check on DynamoDB Local (unindexed items): ${c.transactionProbe.map((p) => `${p.label}: ${units(p.reported)} reported / ${units(p.expected)} billed`).join('; ')}.`,
  );
  if (wrong.length) {
    out.push(
      '   → DynamoDB Local counts items of equal capacity once per transaction: a transaction writing two small unindexed items\n' +
        '     (first public reply: thread entry + history record) is under-reported by 2 WCU per repeated item.',
    );
  }
  return out;
}

function formatQueueScale(q: QueueScaleResult): string[] {
  const out: string[] = [];
  const s = q.settings;
  out.push(
    `\n7. Queue pages vs table size — ${s.pageSize} rows a page (one index Query), ${s.rounds} rounds × ${q.small.queues.length} queues per size ` +
      `after ${s.warmupRounds} warm-up rounds, one Query at a time; fresh in-memory DynamoDB Local`,
  );
  if (q.reduced) out.push(`   REDUCED: ${q.reduced}`);
  else out.push(`   grown within a seeding budget of ${(q.seedBudgetMs / 1000).toFixed(0)} s`);
  const seedCell = (z: QueueScaleSize) =>
    `${count(z.seed.tickets)} in ${(z.seed.ms / 1000).toFixed(1)} s: ${count(Math.round(z.seed.ticketsPerSecond))} tickets/s, ${count(Math.round(z.seed.itemsPerSecond))} items/s`;
  const rcuOf = (z: QueueScaleSize) => [...new Set(z.queues.flatMap((x) => x.readUnits))].sort((a, b) => a - b).map(units).join(' / ');
  out.push(
    table(
      ['measurement', 'tickets', 'items', 'pages', 'p50 ms', 'p95 ms', 'RCU per page', `seeding (BatchWriteItem × 25 items, ${s.seedConcurrency} in flight)`],
      [
        ['before growth', q.small],
        ['after growth', q.large],
        ['control (2nd table, interleaved with the grown one)', q.control],
      ].map(([label, z]) => {
        const size = z as QueueScaleSize;
        return [label as string, count(size.tickets), count(size.items), String(size.pages), ms2(size.p50Ms), ms2(size.p95Ms), rcuOf(size), seedCell(size)];
      }),
    ),
  );
  out.push(
    `   ratio ${count(q.large.tickets)} / ${count(q.small.tickets)} tickets: p50 ${q.ratio.p50.toFixed(2)}, p95 ${q.ratio.p95.toFixed(2)} (sequential, as asked); ` +
      `control, same moment: p50 ${q.controlRatio.p50.toFixed(2)}, p95 ${q.controlRatio.p95.toFixed(2)}. Target ≈ 1.0.`,
  );
  out.push(
    table(
      ['queue', 'index', 'rows', `p50 ms ${count(q.small.tickets)}`, `p50 ms ${count(q.large.tickets)}`, `p50 ms control`, `RCU ${count(q.small.tickets)}`, `RCU ${count(q.large.tickets)}`, 'RCU equal'],
      q.small.queues.map((a, i) => {
        const b = q.large.queues[i]!;
        const c = q.control.queues[i]!;
        const same = a.readUnits.join() === b.readUnits.join();
        return [
          a.queue,
          a.index,
          a.rows === b.rows ? String(a.rows) : `${a.rows}/${b.rows}`,
          ms2(a.p50Ms),
          ms2(b.p50Ms),
          ms2(c.p50Ms),
          a.readUnits.map(units).join('/'),
          b.readUnits.map(units).join('/'),
          same ? 'yes' : 'NO',
        ];
      }),
    ),
  );
  const slower = q.large.queues
    .map((b, i) => ({ queue: b.queue, ratio: b.p50Ms / q.control.queues[i]!.p50Ms }))
    .filter((x) => x.ratio > 1.5);
  if (slower.length) {
    out.push(
      `   Slower at ${count(q.large.tickets)} than the control: ${slower.map((x) => `${x.queue} ×${x.ratio.toFixed(1)}`).join(', ')}. ` +
        'Same rows and RCU: the Query returns and bills no more, so the time is DynamoDB Local\'s (likely walking the partition ' +
          'in scan order up to the sort-key prefix; on the service a key condition is an index seek).',
    );
  }
  out.push(`   tickets: ${q.distribution}`);
  out.push(
    q.layoutCheck.identical
      ? `   seeded items: header + description exactly as DynamoTicketStore.insert writes them (compared attribute for attribute on ${q.layoutCheck.tickets} tickets); no number/history items`
      : `   WARNING seeded items differ from what the store writes: ${q.layoutCheck.difference}`,
  );
  return out;
}

const ms2 = (n: number) => n.toFixed(2);

export function writeJson(file: string, results: BenchResults): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
}

function formatSlaSweep(s: SlaSweepResult): string[] {
  return [
    `\nSLA sweep — ${s.small.due} tickets due, domain sweep on the store (as the scheduled function runs it), fresh in-memory DynamoDB Local`,
    table(
      ['open tickets', 'due', 'stepped', 'ms', 'RCU', 'of which due index', 'WCU'],
      [s.small, s.large].map((x) => [count(x.openTickets), String(x.due), String(x.stepped), x.ms.toFixed(0), units(x.readUnits), units(x.indexReadUnits), units(x.writeUnits)]),
    ),
    `   ratio ${count(s.large.openTickets)} / ${count(s.small.openTickets)} open: duration ${s.ratio.ms.toFixed(2)}, read units ${s.ratio.readUnits.toFixed(2)} (target under 1.5); seeding ${(s.seedMs / 1000).toFixed(0)} s`,
  ];
}
