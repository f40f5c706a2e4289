// Proves the region stack's wiring: one independent stack per region, table, API, sign-in, console and tags as designed.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CfnResource, Stack, TagManager, type App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexKeys, type IndexName } from '../../shared/adapters/dynamodb/keys.ts';
import {
  assemblyStack,
  buildTestApp,
  cdkPath,
  ofType,
  onlyOfType,
  stageSettings,
  type Resources,
} from './template-support.ts';

const REGIONS = ['eu-west-1', 'ap-southeast-1'];

const dev = assemblyStack();
const devSettings = stageSettings('dev');

/** `https://<distribution domain>` as CloudFormation renders it. */
function distributionUrl(resources: Resources, suffix = ''): unknown {
  const [distributionId] = onlyOfType(resources, 'AWS::CloudFront::Distribution');
  return { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, ...(suffix ? [suffix] : [])]] };
}

describe('regions (prod stage, two regions, built in-process)', () => {
  let app: App;
  let stacks: Stack[];
  let templates: Map<string, Template>;

  beforeAll(() => {
    ({ app, stacks } = buildTestApp('regions', { 'loopdesk:stage': 'prod', 'loopdesk:regions': REGIONS }));
    templates = new Map(stacks.map((s) => [s.region, Template.fromStack(s)]));
  });

  it('synthesizes one stack per configured region, each with its own table', () => {
    expect(stacks.map((s) => [s.stackName, s.region])).toEqual(REGIONS.map((r) => [`Loopdesk-prod-${r}`, r]));
    const artifacts = app.synth().stacks;
    expect(artifacts.map((a) => a.environment.region).sort()).toEqual([...REGIONS].sort());
    for (const region of REGIONS) templates.get(region)!.resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  it('keeps the regional stacks independent: no exports, imports, dependencies or mentions of the other region', () => {
    for (const stack of stacks) {
      expect(stack.dependencies.map((d) => d.stackName)).toEqual([]);
      const template = templates.get(stack.region)!.toJSON();
      const text = JSON.stringify(template);
      expect(text).not.toContain('Fn::ImportValue');
      for (const output of Object.values<any>(template.Outputs ?? {})) expect(output.Export).toBeUndefined();
      for (const other of REGIONS.filter((r) => r !== stack.region)) {
        expect(text).not.toContain(other);
        expect(text).not.toContain(`Loopdesk-prod-${other}`);
      }
    }
    const artifacts = app.synth().stacks;
    const stackIds = artifacts.map((a) => a.id);
    expect(stackIds).toHaveLength(REGIONS.length);
    for (const artifact of artifacts) {
      expect(artifact.dependencies.map((d) => d.id).filter((id) => stackIds.includes(id))).toEqual([]);
    }
  });

  it('each stack validates tokens against its own region’s user pool', () => {
    for (const stack of stacks) {
      const template = templates.get(stack.region)!;
      const [poolId] = Object.keys(template.findResources('AWS::Cognito::UserPool'));
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        JwtConfiguration: { Issuer: { 'Fn::Join': ['', [`https://cognito-idp.${stack.region}.amazonaws.com/`, { Ref: poolId }]] } },
      });
    }
  });

  it('prod protects the table: deletion protection on and DeletionPolicy Retain', () => {
    expect(stageSettings('prod').deletionProtection).toBe(true);
    for (const region of REGIONS) {
      const tables = Object.values(templates.get(region)!.findResources('AWS::DynamoDB::Table'));
      expect(tables).toHaveLength(1);
      expect(tables[0]!.Properties.DeletionProtectionEnabled).toBe(true);
      expect(tables[0]!.DeletionPolicy).toBe('Retain');
      expect(tables[0]!.UpdateReplacePolicy).toBe('Retain');
    }
  });

  it('tags every taggable resource with app, stage and its own region', () => {
    for (const stack of stacks) {
      const resources = templates.get(stack.region)!.toJSON().Resources as Resources;
      let checked = 0;
      for (const construct of stack.node.findAll()) {
        if (!CfnResource.isCfnResource(construct) || !TagManager.isTaggable(construct)) continue;
        const logicalId = stack.resolve(construct.logicalId) as string;
        // tagPropertyName is the L1 property (`tags`, `userPoolTags`); the template capitalizes it.
        const property = construct.tags.tagPropertyName.replace(/^./, (c) => c.toUpperCase());
        const rendered = resources[logicalId]?.Properties?.[property];
        const tags = Array.isArray(rendered)
          ? Object.fromEntries(rendered.map((t: { Key: string; Value: string }) => [t.Key, t.Value]))
          : (rendered ?? {});
        expect(tags, `${construct.cfnResourceType} ${construct.node.path}`).toMatchObject({ app: 'loopdesk', stage: 'prod', region: stack.region });
        checked++;
      }
      expect(checked).toBeGreaterThan(15);
    }
  });
});

describe('DynamoDB table (dev, from the synthesized assembly)', () => {
  const [, table] = onlyOfType(dev.resources, 'AWS::DynamoDB::Table');

  it('is on-demand, point-in-time recoverable and encrypted with the AWS managed KMS key', () => {
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    // SSEEnabled without a key of our own means KMS with the AWS managed key (aws/dynamodb).
    expect(table.Properties?.SSESpecification?.KMSMasterKeyId).toBeUndefined();
    expect(table.Properties?.ProvisionedThroughput).toBeUndefined();
  });

  it('has keys pk/sk and exactly the designed indexes gsi1..gsi11', () => {
    expect(table.Properties?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    const indexes = (table.Properties?.GlobalSecondaryIndexes ?? []) as { IndexName: string; KeySchema: unknown }[];
    expect(indexes.map((i) => i.IndexName)).toEqual(['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5', 'gsi6', 'gsi7', 'gsi8', 'gsi9', 'gsi10', 'gsi11']);
    for (const index of indexes) {
      expect(index.KeySchema).toEqual([
        { AttributeName: indexKeys(index.IndexName as IndexName).pk, KeyType: 'HASH' },
        { AttributeName: indexKeys(index.IndexName as IndexName).sk, KeyType: 'RANGE' },
      ]);
    }
  });

  it('dev can be torn down: no deletion protection and DeletionPolicy Delete', () => {
    expect(devSettings.deletionProtection).toBe(false);
    expect(table.Properties?.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe('Delete');
  });
});

describe('HTTP API (dev, from the synthesized assembly)', () => {
  const r = dev.resources;
  const [apiId, api] = onlyOfType(r, 'AWS::ApiGatewayV2::Api');
  const [authorizerId, authorizer] = onlyOfType(r, 'AWS::ApiGatewayV2::Authorizer');
  const [poolId] = onlyOfType(r, 'AWS::Cognito::UserPool');
  const [clientId] = onlyOfType(r, 'AWS::Cognito::UserPoolClient');
  const routes = ofType(r, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties!);

  it('checks JWTs issued by the user pool for the console client', () => {
    expect(authorizer.Properties).toMatchObject({
      ApiId: { Ref: apiId },
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::Join': ['', [`https://cognito-idp.${dev.region}.amazonaws.com/`, { Ref: poolId }]] },
        Audience: [{ Ref: clientId }],
      },
    });
  });

  it('requires the JWT authorizer on every route except GET /health, the OpenAPI document and $default', () => {
    const publicKeys = ['GET /health', 'GET /v1/openapi.json', 'POST /public/requests', 'GET /public/tickets/{token}', 'POST /public/tickets/{token}/replies', 'GET /public/categories', 'POST /public/tickets/{token}/attachments', 'GET /public/tickets/{token}/attachments/{attachmentId}', '$default'];
    expect(routes.map((route) => route.RouteKey)).toEqual(expect.arrayContaining([...publicKeys, 'POST /v1/tickets', 'GET /v1/tickets/{id}']));
    const staff = routes.filter((route) => !publicKeys.includes(route.RouteKey));
    expect(staff.length).toBeGreaterThanOrEqual(2);
    for (const route of staff) {
      expect({ route: route.RouteKey, type: route.AuthorizationType, authorizer: route.AuthorizerId }).toEqual({
        route: route.RouteKey,
        type: 'JWT',
        authorizer: { Ref: authorizerId },
      });
    }
  });

  it('lets browsers call it only from the console’s CloudFront origin', () => {
    expect(api.Properties?.CorsConfiguration?.AllowOrigins).toEqual([distributionUrl(r)]);
    expect(api.Properties?.CorsConfiguration?.AllowCredentials).not.toBe(true);
  });

  it('logs every request and throttles on the default stage', () => {
    const [, stage] = onlyOfType(r, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties).toMatchObject({ ApiId: { Ref: apiId }, StageName: '$default', AutoDeploy: true });
    const logGroupId = stage.Properties?.AccessLogSettings?.DestinationArn?.['Fn::GetAtt']?.[0];
    expect(r[logGroupId]?.Type).toBe('AWS::Logs::LogGroup');
    expect(r[logGroupId]?.Properties?.RetentionInDays).toBe(devSettings.logRetentionDays);
    const format = JSON.parse(stage.Properties?.AccessLogSettings?.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
    const throttling = stage.Properties?.DefaultRouteSettings;
    expect(throttling?.ThrottlingBurstLimit).toBeGreaterThan(0);
    expect(throttling?.ThrottlingRateLimit).toBeGreaterThan(0);
  });
});

describe('Cognito (dev, from the synthesized assembly)', () => {
  const r = dev.resources;
  const [poolId, pool] = onlyOfType(r, 'AWS::Cognito::UserPool');
  const [, client] = onlyOfType(r, 'AWS::Cognito::UserPoolClient');

  it('has exactly the groups admin, agent, technician, finance', () => {
    const groups = ofType(r, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties!);
    expect(groups.map((g) => g.GroupName).sort()).toEqual(['admin', 'agent', 'finance', 'technician']);
    for (const group of groups) expect(group.UserPoolId).toEqual({ Ref: poolId });
  });

  it('lets only admins create users (no self sign-up)', () => {
    expect(pool.Properties?.AdminCreateUserConfig?.AllowAdminCreateUserOnly).toBe(true);
  });

  it('gives the console a secret-less, code-flow-only client that returns to the distribution', () => {
    const consoleUrl = distributionUrl(r, '/');
    expect(client.Properties).toMatchObject({
      UserPoolId: { Ref: poolId },
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: [consoleUrl],
      LogoutURLs: [consoleUrl],
    });
    expect(client.Properties?.ExplicitAuthFlows ?? []).not.toContain('ALLOW_USER_PASSWORD_AUTH');
  });
});

describe('console (dev, from the synthesized assembly)', () => {
  const r = dev.resources;
  const [siteId, site] = ofType(r, 'AWS::S3::Bucket').find(([, b]) => cdkPath(b).endsWith('/Console/Site/Resource'))!;
  const [logsId] = ofType(r, 'AWS::S3::Bucket').find(([, b]) => cdkPath(b).endsWith('/Console/AccessLogs/Resource'))!;
  const [distributionId, distribution] = onlyOfType(r, 'AWS::CloudFront::Distribution');

  it('keeps the site bucket private, TLS-only and logged to the access log bucket', () => {
    expect(site.Properties?.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(site.Properties?.LoggingConfiguration?.DestinationBucketName).toEqual({ Ref: logsId });
    const policies = ofType(r, 'AWS::S3::BucketPolicy').filter(([, p]) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify({ Ref: siteId }));
    expect(policies).toHaveLength(1);
    expect(policies[0]![1].Properties?.PolicyDocument?.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    );
  });

  it('serves the bucket only through CloudFront with an origin access control, HTTPS and security headers', () => {
    const config = distribution.Properties?.DistributionConfig;
    const [oacId] = onlyOfType(r, 'AWS::CloudFront::OriginAccessControl');
    expect(config.Origins).toEqual([
      expect.objectContaining({
        DomainName: { 'Fn::GetAtt': [siteId, 'RegionalDomainName'] },
        OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
      }),
    ]);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    for (const behavior of config.CacheBehaviors ?? []) expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');

    const [headersId, headers] = onlyOfType(r, 'AWS::CloudFront::ResponseHeadersPolicy');
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: headersId });
    const csp: string = headers.Properties?.ResponseHeadersPolicyConfig?.SecurityHeadersConfig?.ContentSecurityPolicy?.ContentSecurityPolicy;
    const directives = csp.split(';').map((d) => d.trim());
    expect(directives).toContain("script-src 'self'");
    expect(directives).toContain("frame-ancestors 'none'");
    // The bucket policy lets only this distribution read objects.
    dev.assertions.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: siteId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: distributionId }])]) }) } },
          }),
        ]),
      },
    });
  });

  it('deploys the console build and a config.json wired to this stack’s API and client', () => {
    const [, deployment] = onlyOfType(r, 'Custom::CDKBucketDeployment');
    const props = deployment.Properties!;
    expect(props.DestinationBucketName).toEqual({ Ref: siteId });
    expect(props.SourceBucketNames).toHaveLength(2);
    expect(props.SourceObjectKeys).toHaveLength(2);

    const sources = (props.SourceObjectKeys as string[]).map((key, i) => ({
      dir: dev.assetsByObjectKey.get(key),
      markers: (props.SourceMarkers as Record<string, unknown>[])[i] ?? {},
    }));
    const withConfig = sources.filter((s) => s.dir && readdirSync(s.dir).includes('config.json'));
    expect(withConfig).toHaveLength(1);
    const { dir, markers } = withConfig[0]!;
    const config = JSON.parse(readFileSync(path.join(dir!, 'config.json'), 'utf8'));
    const [apiId] = onlyOfType(r, 'AWS::ApiGatewayV2::Api');
    const [clientId] = onlyOfType(r, 'AWS::Cognito::UserPoolClient');
    expect(config.stage).toBe('dev');
    expect(markers[config.apiUrl]).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] });
    expect(markers[config.auth.clientId]).toEqual({ Ref: clientId });
    // The other source is the built console itself.
    const site = sources.find((s) => s !== withConfig[0]);
    expect(readdirSync(site!.dir!)).toContain('index.html');
  });
});

describe('capability tags (dev, from the synthesized assembly)', () => {
  it('tags ticket functions `tickets` and health/not-found `api`', () => {
    const capabilityOf = (suffix: string) => {
      const fn = ofType(dev.resources, 'AWS::Lambda::Function').find(([, f]) => cdkPath(f).endsWith(`${suffix}/Resource`));
      expect(fn, suffix).toBeDefined();
      const tags = (fn![1].Properties?.Tags ?? []) as { Key: string; Value: string }[];
      return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
    };
    const expected = { app: 'loopdesk', stage: 'dev', region: dev.region };
    expect(capabilityOf('/Tickets/CreateTicket')).toMatchObject({ ...expected, capability: 'tickets' });
    expect(capabilityOf('/Tickets/GetTicket')).toMatchObject({ ...expected, capability: 'tickets' });
    expect(capabilityOf('/Api/Health')).toMatchObject({ ...expected, capability: 'api' });
    expect(capabilityOf('/Api/NotFound')).toMatchObject({ ...expected, capability: 'api' });
  });
});
