import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerImage, Duration, RemovalPolicy, Stack, Tags, Validations, type CfnElement } from 'aws-cdk-lib';
import {
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ConsoleProps {
  logRetentionDays: number;
  deletionProtection: boolean;
}

/** What the console reads from /config.json at start; written at deploy time from stack values. */
export interface ConsoleRuntimeConfig {
  apiUrl: string;
  stage: string;
  region: string;
  auth: { domain: string; clientId: string };
}

/**
 * The web console: a private bucket served only through CloudFront (origin access control),
 * HTTPS only, with security headers. The console is built during synthesis (local bundling, no
 * Docker) and its runtime config is written beside it at deploy time.
 */
export class Console extends Construct {
  readonly distribution: Distribution;
  readonly bucket: Bucket;
  /** Access logs of the console and of other buckets (CloudFront and S3 server access logging). */
  readonly logBucket: Bucket;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'console');
    const removalPolicy = props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const logs = (this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs, so this bucket must keep them.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
      removalPolicy,
      autoDeleteObjects: !props.deletionProtection,
    }));

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy,
      autoDeleteObjects: !props.deletionProtection,
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // Scripts and styles only from the console itself; API and Cognito calls go over HTTPS.
          contentSecurityPolicy:
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
            `connect-src 'self' https://*.execute-api.amazonaws.com https://*.amazoncognito.com https://*.s3.${Stack.of(this).region}.amazonaws.com; ` +
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self' https://*.amazoncognito.com",
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Loopdesk console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Service teams serve staff worldwide; the console holds no data itself and every API call is authenticated.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason: 'WAF costs a fixed monthly fee per web ACL; the console is static and the API throttles per stage. Optional per team.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The default *.cloudfront.net certificate cannot pin a minimum TLS version; a custom domain with ' +
        'TLSv1.2_2021 is the path for production teams that have one.',
    });
  }

  /** https://<distribution domain> — where staff open the console. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /** Uploads the built console and its runtime config; call once the API and identity exist. */
  deploy(config: ConsoleRuntimeConfig): void {
    new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [consoleBuild(), Source.jsonData('config.json', config)],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 512,
    });
    // The upload runs in a CDK-managed singleton function at stack level, outside our LoopdeskFunction.
    const uploader = Stack.of(this).node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (uploader) {
      const reason = 'CDK-managed BucketDeployment handler, runs only during deployment; its runtime and role are set by aws-cdk-lib.';
      const stack = Stack.of(this);
      const siteArn = stack.getLogicalId(this.bucket.node.defaultChild as CfnElement);
      for (const id of [
        'AwsSolutions-L1',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        // The asset bucket ARN is written with or without the partition token, depending on feature flags.
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*]`,
        `AwsSolutions-IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*]`,
        `AwsSolutions-IAM5[Resource::<${siteArn}.Arn>/*]`,
      ]) {
        Validations.of(uploader).acknowledge({ id, reason });
      }
    }
  }
}

/** The console's static files, built by web/build.ts while CDK synthesizes (no Docker needed). */
function consoleBuild() {
  return Source.asset(path.join(repoRoot, 'web'), {
    exclude: ['dist', 'node_modules'],
    bundling: {
      image: DockerImage.fromRegistry('docker-is-not-used'),
      local: {
        tryBundle(outputDir: string): boolean {
          execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'web', 'build.ts'), '--outdir', outputDir], {
            cwd: repoRoot,
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          return true;
        },
      },
    },
  });
}
