import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config.ts';
import { RegionStack } from './stacks/region-stack.ts';

export interface BuildOptions {
  /** Extra context, e.g. the flags a programmatic synth needs for asset metadata. */
  context?: Record<string, unknown>;
  outdir?: string;
}

/** Builds the whole app: one independent stack per configured region. */
export function buildApp(options: BuildOptions = {}): App {
  const app = new App({ context: options.context, outdir: options.outdir });
  const config = readConfig(app);
  for (const region of config.regions) {
    new RegionStack(app, `Loopdesk-${config.stage}-${region}`, {
      env: { account: process.env.CDK_DEFAULT_ACCOUNT, region },
      config,
      description: `Loopdesk ${config.stage} in ${region}`,
      terminationProtection: config.settings.deletionProtection,
    });
  }
  // cdk-nag v3 registers as a validation plugin: findings fail synthesis unless acknowledged.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().synth();
}
