import { Duration, RemovalPolicy, Stack, Tags, Validations, type CfnElement } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Api } from './api.ts';

export interface AttachmentsProps {
  api: Api;
  table: ITable;
  /** Browsers upload from the console's origin only. */
  consoleOrigin: string;
  logBucket: IBucket;
  deletionProtection: boolean;
}

/**
 * Files on tickets: a private, encrypted bucket that browsers upload to and download from with
 * short-lived presigned URLs (the bytes never pass through Lambda), and the two routes that issue
 * those URLs after checking the ticket and the caller.
 */
export class Attachments extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AttachmentsProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'attachments');
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'attachments/',
      cors: [
        {
          allowedOrigins: [props.consoleOrigin],
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          allowedHeaders: ['content-type'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.deletionProtection,
    });

    const objects = this.bucket.arnForObjects('tickets/*');
    const upload = props.api.fn(this, 'CreateAttachment', 'tickets/create-attachment.ts', 'Registers a file and presigns its upload');
    upload.bindTable(props.table, ['dynamodb:Query', 'dynamodb:PutItem']);
    upload.addEnvironment('ATTACHMENTS_BUCKET', this.bucket.bucketName);
    upload.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [objects] }));
    props.api.addRoute('POST /v1/tickets/{id}/attachments', 'staff', upload);

    const download = props.api.fn(this, 'GetAttachment', 'tickets/get-attachment.ts', 'Presigns a file download after checking access');
    download.bindTable(props.table, ['dynamodb:GetItem']);
    download.addEnvironment('ATTACHMENTS_BUCKET', this.bucket.bucketName);
    download.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }));
    props.api.addRoute('GET /v1/tickets/{id}/attachments/{attachmentId}', 'staff', download);

    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement);
    for (const fn of [upload, download]) {
      Validations.of(fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/tickets/*]`,
        reason: 'Object keys are random per file under tickets/; the function may touch only that prefix, one action each.',
      });
    }
  }
}
