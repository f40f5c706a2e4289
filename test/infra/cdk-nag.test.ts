// Proves the app passes cdk-nag's AwsSolutions rules with only reasoned acknowledgements, and that the check would catch a finding.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testAssemblyDir } from '../support/assembly.ts';
import { testOutput } from '../support/paths.ts';
import { buildTestApp, stackMetadata } from './template-support.ts';

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: 'success' | 'failure';
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
    suppressedViolations?: { ruleName: string; reason?: string }[];
  }[];
}

const readReport = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'validation-report.json'), 'utf8')) as ValidationReport;

/** A bucket that breaks several AwsSolutions rules: public, no access logs, no TLS-only policy, no explicit encryption. */
function addOpenBucket(stack: Stack): Bucket {
  return new Bucket(stack, 'OpenBucket', {
    blockPublicAccess: new BlockPublicAccess({ blockPublicAcls: false, blockPublicPolicy: false, ignorePublicAcls: false, restrictPublicBuckets: false }),
    publicReadAccess: true,
  });
}

/** Synthesizes, expecting validation to fail; returns the report written beside the assembly. */
function synthExpectingFindings(app: App, outdir: string): ValidationReport {
  expect(() => app.synth()).toThrow(/AwsSolutions/);
  return readReport(outdir);
}

const findingsFor = (report: ValidationReport, constructPath: string) =>
  report.pluginReports
    .filter((r) => r.pluginName === 'AwsSolutions')
    .flatMap((r) => r.violations)
    .filter((v) => v.violatingConstructs.some((c) => c.constructPath.startsWith(constructPath)))
    .map((v) => v.ruleName);

describe('cdk-nag AwsSolutions on the synthesized app', () => {
  // A failing synth prints its report; keep the test output readable.
  afterEach(() => vi.restoreAllMocks());
  const quiet = () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  };

  it('wrote a validation report with zero unacknowledged findings from any plugin', () => {
    const file = path.join(testAssemblyDir(), 'validation-report.json');
    expect(existsSync(file)).toBe(true);
    const report = readReport(testAssemblyDir());
    for (const plugin of report.pluginReports) {
      expect({ plugin: plugin.pluginName, conclusion: plugin.conclusion, violations: plugin.violations }).toEqual({
        plugin: plugin.pluginName,
        conclusion: 'success',
        violations: [],
      });
    }
  });

  it('records a non-empty reason with every acknowledgement', () => {
    const acknowledgements = Object.entries(stackMetadata(testAssemblyDir())).flatMap(([constructPath, entries]) =>
      entries
        .filter((e) => e.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((e) => Object.entries(e.data as Record<string, unknown>).map(([id, reason]) => ({ constructPath, id, reason }))),
    );
    const nag = acknowledgements.filter((a) => a.id.includes('AwsSolutions-'));
    expect(nag.length).toBeGreaterThan(10);
    for (const a of acknowledgements) {
      expect(typeof a.reason === 'string' && a.reason.trim().length > 0, `${a.constructPath} ${a.id}`).toBe(true);
    }
    for (const suppressed of readReport(testAssemblyDir()).pluginReports.flatMap((r) => r.suppressedViolations ?? [])) {
      expect(suppressed.reason?.trim(), suppressed.ruleName).toBeTruthy();
    }
  });

  it('finds nothing unacknowledged when the rules run directly over the app’s construct tree', () => {
    const { app, stacks } = buildTestApp('nag-direct');
    expect(stacks.length).toBeGreaterThan(0);
    const result = new AwsSolutionsChecks().validateScope(app);
    expect(result.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('has teeth: a throwaway app with a public bucket fails synthesis with AwsSolutions findings', () => {
    quiet();
    const outdir = path.join(testOutput, 'infra', 'nag-throwaway');
    rmSync(outdir, { recursive: true, force: true });
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Throwaway', { env: { region: 'eu-west-1' } });
    addOpenBucket(stack);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const report = synthExpectingFindings(app, outdir);
    expect(findingsFor(report, 'Throwaway/OpenBucket')).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S2', 'AwsSolutions-S10']));
  });

  it('buildApp registers the plugin: the same bucket added to a Loopdesk stack fails synthesis', () => {
    quiet();
    const { app, stacks } = buildTestApp('nag-registered');
    const stack = stacks[0]!;
    addOpenBucket(stack);
    const report = synthExpectingFindings(app, app.outdir);
    expect(findingsFor(report, `${stack.node.path}/OpenBucket`)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S2', 'AwsSolutions-S10']));
    // Only the injected bucket is reported: the rest of the stack stays clean.
    const elsewhere = report.pluginReports
      .filter((r) => r.pluginName === 'AwsSolutions')
      .flatMap((r) => r.violations)
      .flatMap((v) => v.violatingConstructs.map((c) => c.constructPath))
      .filter((p) => !p.startsWith(`${stack.node.path}/OpenBucket`));
    expect(elsewhere).toEqual([]);
  });
});
