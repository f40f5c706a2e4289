// Shared helpers for the infra tests: the synthesized assembly, fast in-process builds, IAM walking.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Stack, type App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app.ts';
import { readStacks, type CfnResource, type CfnTemplate, type StackArtifact } from '../../infra/local/cloud-assembly.ts';
import { testAssemblyDir } from '../support/assembly.ts';
import { repoRoot, testOutput } from '../support/paths.ts';

export type Resources = Record<string, CfnResource & { DeletionPolicy?: string }>;

/** The context `cdk synth` uses, straight from cdk.json. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

/** Settings of one stage as cdk.json declares them. */
export function stageSettings(stage: string): { logRetentionDays: number; deletionProtection: boolean } {
  const stages = cdkJsonContext()['loopdesk:stages'] as Record<string, { logRetentionDays: number; deletionProtection: boolean }>;
  const settings = stages[stage];
  if (!settings) throw new Error(`cdk.json has no stage ${stage}`);
  return settings;
}

/** The one stack of the assembly the global setup synthesized (cdk.json context: dev, one region). */
export function assemblyStack(): StackArtifact & { assertions: Template; resources: Resources } {
  const stacks = readStacks(testAssemblyDir());
  if (stacks.length !== 1) throw new Error(`expected one stack in ${testAssemblyDir()}, found ${stacks.length}`);
  const stack = stacks[0]!;
  return { ...stack, assertions: Template.fromJSON(stack.template as any), resources: stack.template.Resources as Resources };
}

/**
 * Builds the app in-process with cdk.json context plus `context`, in about a second: bundling is
 * skipped (the `aws:cdk:bundling-stacks` context lists no stack; assets are still hashed), and so
 * is CDK's built-in CloudFormation schema validation, which costs ~10 s per test process and
 * already ran over the real assembly in the global setup. Registered plugins (cdk-nag) still run.
 */
export function buildTestApp(name: string, context: Record<string, unknown> = {}): { app: App; stacks: Stack[] } {
  process.env.CDK_VALIDATION = 'false';
  const app = buildApp({
    outdir: path.join(testOutput, 'infra', name),
    context: {
      ...cdkJsonContext(),
      'aws:cdk:enable-asset-metadata': true,
      'aws:cdk:enable-path-metadata': true,
      'aws:cdk:bundling-stacks': [],
      ...context,
    },
  });
  const stacks = app.node.children.filter((c): c is Stack => Stack.isStack(c));
  return { app, stacks };
}

export function ofType(resources: Resources, type: string): [string, Resources[string]][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

export function onlyOfType(resources: Resources, type: string): [string, Resources[string]] {
  const found = ofType(resources, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0]!;
}

/** The construct path CDK writes into each resource's metadata (path metadata is on). */
export function cdkPath(resource: CfnResource): string {
  return String(resource.Metadata?.['aws:cdk:path'] ?? '');
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

export const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every statement that applies to a role: its inline policies and every policy attached to it. */
export function statementsOfRole(resources: Resources, roleId: string): Statement[] {
  const role = resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role`);
  const documents: any[] = asArray(role.Properties?.Policies).map((p: any) => p.PolicyDocument);
  for (const [, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::IAM::Policy' && r.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const roles = asArray(r.Properties?.Roles) as unknown[];
    if (roles.some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId }))) documents.push(r.Properties?.PolicyDocument);
  }
  return documents.flatMap((doc) => asArray(doc?.Statement) as Statement[]);
}

/** True when an IAM action pattern (with `*` / `?` wildcards) grants `action`. */
export function grants(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(action);
}

/** The role a function runs as, from `Role: {Fn::GetAtt: [id, Arn]}`. */
export function roleIdOf(fn: CfnResource): string {
  const roleId = fn.Properties?.Role?.['Fn::GetAtt']?.[0];
  if (typeof roleId !== 'string') throw new Error(`function role is not a role of this stack: ${JSON.stringify(fn.Properties?.Role)}`);
  return roleId;
}

/** Reads a stack's additional metadata file (where acknowledgements are recorded) from an assembly. */
export function stackMetadata(assemblyDir: string): Record<string, { type: string; data?: unknown }[]> {
  const manifest = JSON.parse(readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; additionalMetadataFile?: string; metadata?: Record<string, any[]> }>;
  };
  const merged: Record<string, { type: string; data?: unknown }[]> = {};
  for (const artifact of Object.values(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    Object.assign(merged, artifact.metadata ?? {});
    if (artifact.additionalMetadataFile) {
      Object.assign(merged, JSON.parse(readFileSync(path.join(assemblyDir, artifact.additionalMetadataFile), 'utf8')));
    }
  }
  return merged;
}

export type { CfnTemplate };
