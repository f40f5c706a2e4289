import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundlingDir = path.join(repoRoot, 'infra', 'bundling');

export interface LoopdeskFunctionProps {
  /** Handler file under functions/, e.g. `tickets/create-ticket.ts`. */
  entry: string;
  description: string;
  stage: string;
  logRetentionDays: number;
  timeout?: Duration;
  memorySize?: number;
}

/** DynamoDB actions a function may be granted; naming them one by one keeps each role minimal. */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem'
  | 'dynamodb:BatchWriteItem';

/**
 * One log group per capability (the construct the functions are created in), shared by its
 * functions: Lambda names each log stream after its function (`YYYY/MM/DD/<function>[$LATEST]…`),
 * so nothing is lost, and the stack saves a resource per function. A region stack must stay under
 * CloudFormation's 500 resources, and a log group per function was an eighth of them.
 */
function capabilityLogGroup(scope: Construct, retentionDays: number): LogGroup {
  const existing = scope.node.tryFindChild('FunctionLogs');
  if (existing) return existing as LogGroup;
  return new LogGroup(scope, 'FunctionLogs', { retention: retentionDays as RetentionDays, removalPolicy: RemovalPolicy.DESTROY });
}

/**
 * The house Lambda function: Node 22 on arm64, ESM, minified, source-mapped, traced, logging to
 * its capability's log group with the stage's retention. The AWS SDK is bundled (tree-shaken) rather than taken from the runtime,
 * so the version we test is the version that runs.
 */
export class LoopdeskFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: LoopdeskFunctionProps) {
    const logGroup = capabilityLogGroup(scope, props.logRetentionDays);
    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to its capability's log
    // group only, not create log groups or write to any other.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    super(scope, id, {
      role,
      entry: path.join(repoRoot, 'functions', props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      environment: {
        STAGE: props.stage,
        SERVICE_NAME: 'loopdesk',
        LOG_LEVEL: 'INFO',
        // Source maps ship in the bundle but are not loaded at start: --enable-source-maps costs
        // ~8 ms of every cold start (measured by npm run bench). Set NODE_OPTIONS to it when debugging.
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        platform: 'node',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        externalModules: [],
        // Some CommonJS dependencies call require() for Node built-ins; give ESM bundles one.
        banner: "import{createRequire as __loopdeskRequire}from'node:module';const require=__loopdeskRequire(import.meta.url);",
        esbuildArgs: {
          '--alias:@aws-sdk/credential-provider-node': path.join(bundlingDir, 'lambda-credentials.ts'),
          '--alias:@smithy/core/event-streams': path.join(bundlingDir, 'no-event-streams.ts'),
          '--alias:@aws-sdk/endpoint-cache': path.join(bundlingDir, 'no-endpoint-cache.ts'),
          '--legal-comments': 'none',
          // Chinese text (mail templates) as UTF-8, not \uXXXX escapes: half the bytes.
          '--charset': 'utf8',
        },
      },
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is the runtime Loopdesk is built and tested on (DESIGN.md); runtime upgrades are deliberate.',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing: xray:PutTraceSegments and PutTelemetryRecords support no resource-level permissions.',
    });
  }

  /**
   * Gives the function the table's name and exactly the actions it names, in one call, so a grant
   * cannot be forgotten and no function holds more than it uses (e.g. no Scan anywhere).
   */
  bindTable(table: ITable, actions: TableAction[], options: { indexes?: string[] } = {}): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    // Named resources, never `index/*`: a function reads only the indexes it was built for.
    const resources = [table.tableArn, ...(options.indexes ?? []).map((name) => `${table.tableArn}/index/${name}`)];
    this.addToRolePolicy(new PolicyStatement({ actions, resources }));
    return this;
  }
}
