/**
 * `npm start`: synthesizes the CDK app and runs the synthesized template on this machine.
 *   --fresh          start with empty tables (deletes .loopdesk/data)
 *   --region <r>     which region's stack to run (default: the first in cdk.json)
 *   --port <p>       console port (default 3000); the API listens on the next port
 *   --smtp-port <p>  where the SES receiving stand-in takes mail (default 2525, or a free port when
 *                    2525 is taken; an explicit port must be free)
 *   --data-dir <d>   where local data lives (default .loopdesk/data)
 *   --assembly <d>   run an already synthesized cloud assembly instead of synthesizing
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { synthesize } from '../synth.ts';
import { createServer } from 'node:net';
import { startLocalStack, wipeData, type LocalStack } from './local-stack.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      region: { type: 'string' },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      'smtp-port': { type: 'string' },
      'data-dir': { type: 'string', default: path.join(repoRoot, '.loopdesk', 'data') },
      assembly: { type: 'string' },
    },
  });
  const dataDir = path.resolve(values['data-dir']);
  if (values.fresh) wipeData(dataDir);

  let assemblyDir = values.assembly;
  if (!assemblyDir) {
    console.log('Synthesizing the CDK app (bundling functions and the console)…');
    assemblyDir = synthesize({ outdir: path.join(repoRoot, 'cdk.out') });
  }
  const consolePort = Number(values.port);
  const explicitSmtp = values['smtp-port'] !== undefined;
  const smtpPort = explicitSmtp ? Number(values['smtp-port']) : (await portIsFree(DEFAULT_SMTP_PORT)) ? DEFAULT_SMTP_PORT : 0;
  if (!Number.isInteger(smtpPort) || smtpPort < 0 || smtpPort > 65_535) throw new Error(`--smtp-port ${values['smtp-port']} is not a port`);
  const stack = await startLocalStack({
    assemblyDir,
    region: values.region,
    dataDir,
    consolePort,
    apiPort: consolePort + 1,
    smtpPort,
    echoLogs: true,
    logDir: path.join(dataDir, '..', 'logs'),
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Loopdesk (workflows, functions, API, SMTP, SES, pipes, queues, DynamoDB Local)…`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const width = Math.max(...stack.users.map((u) => u.email.length));
  console.log(`
Loopdesk is running locally (stack ${stack.stackName}, data in ${path.relative(repoRoot, dataDir)}${values.fresh ? ', started fresh' : ''})

  Console   ${stack.consoleUrl}
  API       ${stack.apiUrl}      (try ${stack.apiUrl}/health)${smtpLine(stack, explicitSmtp)}
  Outbox    ${stack.outboxUrl}  (mail the stack sent; .eml files in ${path.relative(repoRoot, stack.ses.outboxDir)})
  Schedules ${stack.schedulesUrl}  (the SLA sweep runs every minute; run it now: curl -X POST ${stack.schedulesUrl}/${sweepId(stack)}/run)
  Events    ${stack.eventsUrl}  (SlaWarning, SlaBreached… put on the stack's bus)${executionsLine(stack)}

  Dev users (pick one on the sign-in page; no password locally):
${stack.users.map((u) => `    ${u.email.padEnd(width)}  ${u.groups.join(', ')}`).join('\n')}

  API token for scripts:
    curl -s -X POST ${stack.consoleUrl}/auth/dev/token -d email=agent@loopdesk.local

Press Ctrl-C to stop.`);
}

/** The SLA sweep's schedule, named in the banner so "run it now" is one copy-paste. */
function sweepId(stack: { schedules: { list(): { logicalId: string }[] } }): string {
  return stack.schedules.list().find((s) => s.logicalId.startsWith('SlaSweepSchedule'))?.logicalId ?? '<logical id>';
}

/** The state machines' executions (dispatch offers and their answers), when the stack has state machines. */
function executionsLine(stack: LocalStack): string {
  const names = Object.keys(stack.stateMachines.machines);
  if (!names.length) return '';
  return `\n  Workflows ${stack.executionsUrl}  (executions of ${names.join(', ')}: states entered, transitions, the offer waiting for an answer)`;
}

const DEFAULT_SMTP_PORT = 2525;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Where to send test mail: the receipt rule's recipients, with the addresses the stack names there. */
function smtpLine(stack: LocalStack, explicitPort: boolean): string {
  if (!stack.smtp) return '';
  const { port, recipients, addresses } = stack.smtp;
  const domains = recipients.filter((r) => !r.includes('@'));
  const targets = [...addresses, ...domains.map((d) => `any address at ${d.replace(/^\./, '*.')}`)];
  const to = targets.length > 1 ? `${targets.slice(0, -1).join(', ')} or ${targets.at(-1)}` : targets.join('');
  const moved = !explicitPort && port !== DEFAULT_SMTP_PORT ? ` (${DEFAULT_SMTP_PORT} was taken)` : '';
  return `\n  SMTP      smtp://localhost:${port}${moved}  (mail to ${to})`;
}

main().catch((err) => {
  console.error(`\nLoopdesk could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
