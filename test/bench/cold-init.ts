import { execFileSync, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { LambdaBundle } from './bundle-sizes.ts';
import { median, percentile } from './stats.ts';

/** Module initialization target per function (import of the bundle, before the first invoke). */
export const INIT_TARGET_MS = 60;

export interface ColdInitResult {
  cdkPath: string;
  /** With the function's environment as deployed (source maps shipped but not loaded). */
  asDeployed: { samplesMs: number[]; medianMs: number; p90Ms: number };
  /** Same plus NODE_OPTIONS=--enable-source-maps: what turning on readable stack traces costs. */
  withSourceMaps: { samplesMs: number[]; medianMs: number; p90Ms: number };
}

// Runs inside the fresh process: time only the import (what Lambda's init phase pays for our
// code), not Node's own boot, which differs between this machine and the Lambda runtime.
const PROBE = `
const t = performance.now();
const mod = await import(process.argv[1]);
const ms = performance.now() - t;
if (typeof mod.handler !== 'function') throw new Error('bundle exports no handler function');
process.stdout.write(JSON.stringify({ ms }));
`;

/** The Node 22 binary to probe with: the one running the bench (npm run puts the repo's Node 22 first). */
export function probeNode(): { binary: string; version: string } {
  const version = execFileSync(process.execPath, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v22.')) throw new Error(`cold-init must run on Node 22 (Lambda's nodejs22.x), got ${version}: use npm run bench`);
  return { binary: process.execPath, version };
}

/**
 * What the Lambda service and the template give the function, with CloudFormation references
 * (TABLE_NAME → the table's Ref) replaced by a placeholder: module-level env parsing only checks
 * they are present. A clean environment, so nothing of this shell (npm_*, NODE_OPTIONS of tsx)
 * leaks into the measurement.
 */
export function lambdaEnvironment(bundle: LambdaBundle, addSourceMaps: boolean): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    AWS_REGION: bundle.region,
    AWS_DEFAULT_REGION: bundle.region,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SESSION_TOKEN: 'bench',
    AWS_LAMBDA_FUNCTION_NAME: bundle.logicalId,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    TZ: 'UTC',
    SERVICE_NAME: 'loopdesk',
  };
  for (const [name, value] of Object.entries(bundle.templateEnvironment)) env[name] = typeof value === 'string' ? value : 'x';
  if (addSourceMaps && !(env.NODE_OPTIONS ?? '').includes('--enable-source-maps')) {
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --enable-source-maps`.trim();
  }
  return env;
}

function importOnce(node: string, bundle: LambdaBundle, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--input-type=module', '-e', PROBE, pathToFileURL(bundle.bundleFile).href], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // A hung import must not hang the bench: kill this child (and only it) after 20 s.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${bundle.cdkPath}: import failed (exit ${code ?? signal})\n${err}`));
      try {
        resolve((JSON.parse(out) as { ms: number }).ms);
      } catch {
        reject(new Error(`${bundle.cdkPath}: probe printed ${JSON.stringify(out)}\n${err}`));
      }
    });
  });
}

/**
 * Median and p90 of `runs` cold imports per bundle, each in a fresh process. Runs go round-robin
 * over bundles and variants, one at a time, so a burst of background load on the 2 cores smears
 * over all of them instead of skewing one; one unrecorded import first puts every file in the page
 * cache, since a cold disk is not what this measures.
 */
export async function measureColdInit(bundles: LambdaBundle[], runs = 12): Promise<ColdInitResult[]> {
  const { binary } = probeNode();
  // What source maps cost is the same story for every bundle: measure it on the largest only, so
  // the phase stays a few hundred fresh processes rather than twice that.
  const largest = bundles.reduce((a, b) => (b.minifiedBytes > a.minifiedBytes ? b : a), bundles[0]!);
  const samples = bundles.map(() => ({ asDeployed: [] as number[], withSourceMaps: [] as number[] }));
  for (const b of bundles) await importOnce(binary, b, lambdaEnvironment(b, false));
  for (let run = 0; run < runs; run++) {
    for (const [i, b] of bundles.entries()) {
      for (const withMaps of b === largest ? [false, true] : [false]) {
        const ms = await importOnce(binary, b, lambdaEnvironment(b, withMaps));
        samples[i]![withMaps ? 'withSourceMaps' : 'asDeployed'].push(ms);
      }
    }
  }
  const summary = (s: number[]) => ({ samplesMs: s, medianMs: s.length ? median(s) : NaN, p90Ms: s.length ? percentile(s, 90) : NaN });
  return bundles.map((b, i) => ({
    cdkPath: b.cdkPath,
    asDeployed: summary(samples[i]!.asDeployed),
    withSourceMaps: summary(samples[i]!.withSourceMaps),
  }));
}
