import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * The table's stream into a queue through an EventBridge Pipe (no code): only records matching one
 * of `filters` (EventBridge patterns on the stream record) pass. The pipe's role may read the
 * stream and send to this queue, nothing else. Ids `<name>PipeRole` and `<name>Pipe` in `scope`.
 */
export function pipeStreamToQueue(scope: Construct, name: string, streamArn: string, queue: IQueue, filters: object[]): CfnPipe {
  const role = new Role(scope, `${name}PipeRole`, {
    assumedBy: new ServicePrincipal('pipes.amazonaws.com'),
    inlinePolicies: {
      pipe: new PolicyDocument({
        statements: [
          new PolicyStatement({
            actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
            resources: [streamArn],
          }),
          new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
        ],
      }),
    },
  });
  return new CfnPipe(scope, `${name}Pipe`, {
    roleArn: role.roleArn,
    source: streamArn,
    sourceParameters: {
      // Pipes retries a failing batch for up to a day (185 attempts) before it gives up on it.
      dynamoDbStreamParameters: { startingPosition: 'LATEST', batchSize: 10, maximumRetryAttempts: 185 },
      filterCriteria: { filters: filters.map((f) => ({ pattern: JSON.stringify(f) })) },
    },
    target: queue.queueArn,
  });
}
