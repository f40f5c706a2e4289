// Proves local data survives a restart, --fresh starts empty, and an unknown resource kind stops the start with its name.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLocalStack, wipeData } from '../../infra/local/local-stack.ts';
import { testAssemblyDir } from '../support/assembly.ts';
import { callApi } from '../support/local-stack.ts';
import { testOutput } from '../support/paths.ts';

describe('local runtime lifecycle', () => {
  it('keeps tickets and sign-in keys across restarts, and starts empty after a wipe', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-data-'));
    const logDir = path.join(testOutput, 'logs', 'lifecycle');
    const running: { stop(): Promise<void> }[] = [];
    const start = async (options: { consolePort?: number; apiPort?: number } = {}) => {
      const stack = await startLocalStack({ assemblyDir: testAssemblyDir(), dataDir, logDir, ...options });
      running.push(stack);
      return stack;
    };
    try {
      const first = await start();
      const token = await first.tokenFor('agent');
      const created = await callApi(first, 'POST', '/v1/tickets', { token, body: { subject: 'Kept', description: 'd' } });
      expect(created.status).toBe(201);
      await first.stop();

      // Same ports as `npm start` would reuse: the token's issuer is the local sign-in URL.
      const ports = { consolePort: Number(new URL(first.consoleUrl).port), apiPort: Number(new URL(first.apiUrl).port) };
      const second = await start(ports);
      // Same signing key after restart: a console tab signed in before the restart keeps working.
      const again = await callApi(second, 'GET', `/v1/tickets/${created.body.id}`, { token });
      expect(again.status).toBe(200);
      expect(again.body.ticket.subject).toBe('Kept');
      await second.stop();

      wipeData(dataDir);
      const third = await start();
      expect((await callApi(third, 'GET', `/v1/tickets/${created.body.id}`, { role: 'agent' })).status).toBe(404);
      await third.stop();
    } finally {
      // stop() is idempotent: a failed assertion must not leave DynamoDB Local running.
      for (const stack of running) await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Three starts of DynamoDB Local (a JVM each): generous on a busy 2-core machine.
  }, 180_000);

  it('refuses to start with a resource type it does not serve, naming it', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'loopdesk-assembly-'));
    try {
      cpSync(testAssemblyDir(), copy, { recursive: true });
      const manifest = JSON.parse(readFileSync(path.join(copy, 'manifest.json'), 'utf8'));
      const stackArtifact = Object.values(manifest.artifacts).find((a: any) => a.type === 'aws:cloudformation:stack') as any;
      const templateFile = path.join(copy, stackArtifact.properties.templateFile);
      const template = JSON.parse(readFileSync(templateFile, 'utf8'));
      template.Resources.Recorder = { Type: 'AWS::Kinesis::Stream', Properties: {} };
      writeFileSync(templateFile, JSON.stringify(template));
      await expect(startLocalStack({ assemblyDir: copy })).rejects.toThrow(/AWS::Kinesis::Stream \(Recorder\)/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
