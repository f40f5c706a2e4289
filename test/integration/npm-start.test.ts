// Proves the `npm start` entry point prints what a user needs and that Ctrl-C leaves no process running (DynamoDB Local included).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/free-port.ts';
import { testAssemblyDir } from '../support/assembly.ts';
import { repoRoot } from '../support/paths.ts';

function processesMentioning(text: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(text) && !line.includes('ps -eo'));
}

describe('npm start', () => {
  it('prints the console URL, API URL and dev users, serves them, and stops everything on Ctrl-C', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-start-'));
    const port = await freePort();
    const child = spawn(
      path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['infra/local/start.ts', '--assembly', testAssemblyDir(), '--data-dir', dataDir, '--port', String(port)],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 90_000);
        child.stdout.on('data', () => {
          if (output.includes('Press Ctrl-C')) {
            clearTimeout(timer);
            resolve();
          }
        });
        void exited.then(() => reject(new Error(`npm start exited early:\n${output}`)));
      });
      expect(output).toContain(`Console   http://localhost:${port}`);
      expect(output).toContain(`API       http://localhost:${port + 1}`);
      for (const role of ['admin', 'agent', 'technician', 'finance']) expect(output).toMatch(new RegExp(`${role}@loopdesk.local\\s+${role}`));

      const health = await fetch(`http://localhost:${port + 1}/health`);
      expect(health.status).toBe(200);
      const page = await fetch(`http://localhost:${port}/`);
      expect(await page.text()).toContain('<script');
      expect(processesMentioning(dataDir).some((l) => l.includes('DynamoDBLocal.jar'))).toBe(true);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(processesMentioning(dataDir)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
