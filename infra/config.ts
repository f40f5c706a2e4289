import type { App } from 'aws-cdk-lib';

/** Settings that differ per stage (dev, prod…), kept in cdk.json under `loopdesk:stages`. */
export interface StageSettings {
  logRetentionDays: number;
  /** Protects the table (and other stateful resources) from deletion; on outside dev. */
  deletionProtection: boolean;
  /** Cognito hosted-login domain prefix; the account id is appended to keep it globally unique. */
  consoleDomainPrefix: string;
}

export interface LoopdeskConfig {
  stage: string;
  /** One independent stack per region; data never leaves its region. */
  regions: string[];
  settings: StageSettings;
}

/** The one typed view of deployment context; constructs never read process.env. */
export function readConfig(app: App): LoopdeskConfig {
  const node = app.node;
  const stage = String(node.tryGetContext('loopdesk:stage') ?? 'dev');
  const regions = parseRegions(node.tryGetContext('loopdesk:regions'));
  const stages = (node.tryGetContext('loopdesk:stages') ?? {}) as Record<string, StageSettings>;
  const settings = stages[stage];
  if (!settings) throw new Error(`cdk.json has no settings for stage "${stage}" under loopdesk:stages`);
  return { stage, regions, settings };
}

/** Accepts a JSON array from cdk.json or a comma list from `-c loopdesk:regions=a,b`. */
function parseRegions(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
  const regions = list.map((r) => String(r).trim()).filter(Boolean);
  if (regions.length === 0) throw new Error('cdk.json context loopdesk:regions lists no region');
  return regions;
}
