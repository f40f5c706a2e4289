import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readStacks, resourcesOfType } from '../../infra/local/cloud-assembly.ts';

/** Per-function bundle budget (minified index.mjs), in KiB as the console budget in web/build.ts. */
export const BUNDLE_BUDGET_KB = 250;

export interface LambdaBundle {
  logicalId: string;
  /** aws:cdk:path, the name a person recognises (Loopdesk-dev-eu-west-1/Tickets/CreateTicket/Resource). */
  cdkPath: string;
  region: string;
  bundleFile: string;
  /** The template's environment variables, unresolved (Refs stay objects); cold-init fills them. */
  templateEnvironment: Record<string, unknown>;
  minifiedBytes: number;
  gzipBytes: number;
}

/**
 * Our functions in the synthesized assembly: a NodejsFunction bundle (Handler index.handler, an
 * index.mjs in its asset directory). CDK's own deploy-time providers (S3 auto-delete in index.js,
 * the Python bucket deployment) are skipped: they never run on a request path.
 */
export function findLambdaBundles(assemblyDir: string): LambdaBundle[] {
  const bundles: LambdaBundle[] = [];
  for (const stack of readStacks(assemblyDir)) {
    for (const [logicalId, res] of resourcesOfType(stack.template, 'AWS::Lambda::Function')) {
      const assetPath = res.Metadata?.['aws:asset:path'] as string | undefined;
      const cdkPath = String(res.Metadata?.['aws:cdk:path'] ?? logicalId);
      if (!assetPath || res.Properties?.Handler !== 'index.handler') continue;
      if (/Custom::|CustomResourceProvider/.test(cdkPath)) continue;
      const bundleFile = path.join(stack.assemblyDir, assetPath, 'index.mjs');
      if (!existsSync(bundleFile)) continue;
      const code = readFileSync(bundleFile);
      bundles.push({
        logicalId,
        cdkPath,
        region: stack.region,
        bundleFile,
        templateEnvironment: (res.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>,
        minifiedBytes: code.length,
        // Level 9 like web/build.ts, so both budgets are measured the same way.
        gzipBytes: gzipSync(code, { level: 9 }).length,
      });
    }
  }
  if (bundles.length === 0) throw new Error(`No Loopdesk function bundles (index.mjs) found in ${assemblyDir}`);
  return bundles;
}
