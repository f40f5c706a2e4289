/**
 * Email intake through the local path (SMTP → S3 → SNS → parse queue → parser → S3 → file queue →
 * filer → table), measured as messages filed per second; and the peak memory of parsing the
 * 15 MB-attachment message, in a fresh Node process (so nothing else's heap is counted).
 */
import { execFileSync } from 'node:child_process';

import nodemailer from 'nodemailer';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { repoRoot } from '../support/paths.ts';

export interface MailIngestResult {
  messages: number;
  concurrency: number;
  seconds: number;
  messagesPerSecond: number;
  filed: number;
  largeParse: { rawBytes: number; parseMs: number; peakRssMiB: number; baselineRssMiB: number };
}

function message(i: number, run: string): string {
  return [
    `From: Bench Customer ${i} <bench.${run}.${i}@example.com>`,
    'To: support@loopdesk.local',
    `Subject: Bench message ${i} 打印机`,
    `Message-ID: <bench.${run}.${i}@example.com>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `The printer on floor ${i % 7} jams on every page.\n打印机每页都卡纸。`,
    '',
  ].join('\r\n');
}

export async function measureMailIngest(stack: LocalStack, options: { messages: number; concurrency: number }): Promise<MailIngestResult> {
  const run = Date.now().toString(36);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: stack.smtp!.port, ignoreTLS: true, pool: true, maxConnections: options.concurrency });
  const started = performance.now();
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < options.messages) {
          const i = next++;
          await transport.sendMail({ envelope: { from: `bench.${run}.${i}@example.com`, to: ['support@loopdesk.local'] }, raw: message(i, run) });
        }
      }),
    );
    await stack.drain();
  } finally {
    transport.close();
  }
  const seconds = (performance.now() - started) / 1000;
  // Count what was filed: one customer's ticket per message, found by email (one call each).
  let filed = 0;
  const token = await stack.tokenFor('agent');
  for (let i = 0; i < options.messages; i++) {
    const res = await fetch(`${stack.apiUrl}/v1/tickets?customerEmail=${encodeURIComponent(`bench.${run}.${i}@example.com`)}`, { headers: { authorization: `Bearer ${token}` } });
    filed += ((await res.json()) as { items: unknown[] }).items.length;
  }
  return { messages: options.messages, concurrency: options.concurrency, seconds, messagesPerSecond: options.messages / seconds, filed, largeParse: measureLargeParse() };
}

/** Parses the 15 MB-attachment corpus message in a fresh process and reports its peak RSS. */
function measureLargeParse(): MailIngestResult['largeParse'] {
  const script = `
    import { corpusMail } from './test/fixtures/mail/corpus.ts';
    import { parseMail } from './shared/email/parse-mail.ts';
    const raw = corpusMail('large-15mb-attachment').raw;
    globalThis.gc?.();
    const baseline = process.memoryUsage().rss;
    const t = performance.now();
    await parseMail(raw);
    const parseMs = performance.now() - t;
    console.log(JSON.stringify({ rawBytes: raw.length, parseMs, peakRssMiB: process.resourceUsage().maxRSS / 1024, baselineRssMiB: baseline / 1048576 }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as MailIngestResult['largeParse'];
}

