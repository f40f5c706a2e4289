import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Synthesizes the app in-process, exactly as `cdk synth` would: same cdk.json context, plus the
 * metadata flags a programmatic App does not set by itself (the local runtime finds each
 * function's bundle through `aws:asset:path`). Returns the cloud assembly directory.
 */
export function synthesize(options: { outdir: string; context?: Record<string, unknown> }): string {
  const cdkJson = JSON.parse(readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const app = buildApp({
    outdir: options.outdir,
    context: {
      ...cdkJson.context,
      'aws:cdk:enable-asset-metadata': true,
      'aws:cdk:enable-path-metadata': true,
      ...options.context,
    },
  });
  return app.synth().directory;
}
