import type { App } from 'aws-cdk-lib';

/** Settings that differ per stage (dev, prod…), kept in cdk.json under `loopdesk:stages`. */
export interface StageSettings {
  logRetentionDays: number;
  /** Protects the table (and other stateful resources) from deletion; on outside dev. */
  deletionProtection: boolean;
  /** Cognito hosted-login domain prefix; the account id is appended to keep it globally unique. */
  consoleDomainPrefix: string;
  mail: MailSettings;
}

/**
 * The email channel: SES receives for the whole domain (so per-ticket reply addresses such as
 * support+<token>@domain arrive too); each listed address is a front door, optionally owned by a team.
 */
export interface MailSettings {
  domain: string;
  addresses: { address: string; teamId?: string }[];
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
  checkMail(stage, settings.mail);
  return { stage, regions, settings };
}

/** Accepts a JSON array from cdk.json or a comma list from `-c loopdesk:regions=a,b`. */
function parseRegions(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
  const regions = list.map((r) => String(r).trim()).filter(Boolean);
  if (regions.length === 0) throw new Error('cdk.json context loopdesk:regions lists no region');
  return regions;
}

function checkMail(stage: string, mail: MailSettings | undefined): void {
  if (!mail?.domain || !mail.addresses?.length) throw new Error(`Stage "${stage}" needs mail.domain and at least one mail.addresses entry in cdk.json`);
  for (const { address } of mail.addresses) {
    if (!address.toLowerCase().endsWith(`@${mail.domain.toLowerCase()}`)) throw new Error(`Support address ${address} is not at the mail domain ${mail.domain}`);
  }
}
