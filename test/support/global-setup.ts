import { rmSync } from 'node:fs';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { synthesize } from '../../infra/synth.ts';
import { testOutput } from './paths.ts';

/**
 * Synthesizes the CDK app once per test run (functions and console bundled, cdk-nag checked) into
 * a directory of its own, and hands its path to the tests; integration and e2e tests run it.
 */
export default function setup(project: TestProject): () => void {
  const dir = path.join(testOutput, `cdk.out-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const started = Date.now();
  synthesize({ outdir: dir });
  console.log(`synthesized the app for tests in ${Date.now() - started} ms → ${path.relative(process.cwd(), dir)}`);
  project.provide('assemblyDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
