/**
 * `npm start`: synthesizes the CDK app and runs the synthesized template on this machine.
 *   --fresh          start with empty tables (deletes .loopdesk/data)
 *   --region <r>     which region's stack to run (default: the first in cdk.json)
 *   --port <p>       console port (default 3000); the API listens on the next port
 *   --data-dir <d>   where local data lives (default .loopdesk/data)
 *   --assembly <d>   run an already synthesized cloud assembly instead of synthesizing
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { synthesize } from '../synth.ts';
import { startLocalStack, wipeData } from './local-stack.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      region: { type: 'string' },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
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
  const stack = await startLocalStack({
    assemblyDir,
    region: values.region,
    dataDir,
    consolePort,
    apiPort: consolePort + 1,
    echoLogs: true,
    logDir: path.join(dataDir, '..', 'logs'),
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Loopdesk (functions, API, DynamoDB Local)…`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const width = Math.max(...stack.users.map((u) => u.email.length));
  console.log(`
Loopdesk is running locally (stack ${stack.stackName}, data in ${path.relative(repoRoot, dataDir)}${values.fresh ? ', started fresh' : ''})

  Console   ${stack.consoleUrl}
  API       ${stack.apiUrl}      (try ${stack.apiUrl}/health)

  Dev users (pick one on the sign-in page; no password locally):
${stack.users.map((u) => `    ${u.email.padEnd(width)}  ${u.groups.join(', ')}`).join('\n')}

  API token for scripts:
    curl -s -X POST ${stack.consoleUrl}/auth/dev/token -d email=agent@loopdesk.local

Press Ctrl-C to stop.`);
}

main().catch((err) => {
  console.error(`\nLoopdesk could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
