import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  Metadata?: Record<string, any>;
  DependsOn?: string | string[];
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown }>;
}

export interface StackArtifact {
  stackName: string;
  region: string;
  template: CfnTemplate;
  /** Directory of the cloud assembly; asset paths in metadata are relative to it. */
  assemblyDir: string;
  /** objectKey (as uploaded to the assets bucket) → absolute local path of the asset. */
  assetsByObjectKey: Map<string, string>;
}

interface Manifest {
  artifacts: Record<string, { type: string; environment?: string; properties?: Record<string, any> }>;
}

/** Reads the stacks of a synthesized cloud assembly (cdk.out), the single source of local wiring. */
export function readStacks(assemblyDir: string): StackArtifact[] {
  const manifest = JSON.parse(readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8')) as Manifest;
  const stacks: StackArtifact[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const templateFile = artifact.properties?.templateFile as string;
    const template = JSON.parse(readFileSync(path.join(assemblyDir, templateFile), 'utf8')) as CfnTemplate;
    const region = (artifact.environment ?? '').split('/').pop() ?? '';
    stacks.push({
      stackName: artifact.properties?.stackName ?? id,
      region,
      template,
      assemblyDir,
      assetsByObjectKey: readAssetManifest(assemblyDir, id, manifest),
    });
  }
  return stacks;
}

function readAssetManifest(assemblyDir: string, stackId: string, manifest: Manifest): Map<string, string> {
  const result = new Map<string, string>();
  const assetArtifact = manifest.artifacts[`${stackId}.assets`];
  const file = assetArtifact?.properties?.file as string | undefined;
  if (!file || !existsSync(path.join(assemblyDir, file))) return result;
  const assets = JSON.parse(readFileSync(path.join(assemblyDir, file), 'utf8')) as {
    files?: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  for (const entry of Object.values(assets.files ?? {})) {
    for (const dest of Object.values(entry.destinations)) {
      result.set(dest.objectKey, path.join(assemblyDir, entry.source.path));
    }
  }
  return result;
}

export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}
