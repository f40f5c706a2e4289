import type { CfnTemplate } from './cloud-assembly.ts';

/**
 * How the local runtime treats every CloudFormation resource type the stack may contain. A type
 * missing here makes `npm start` fail and name it: a new kind of resource must be given a local
 * meaning (or an explicit reason it needs none) before it can ship, so local and cloud never drift.
 */
export const RESOURCE_KINDS: Record<string, { role: 'served' | 'stand-in' | 'cloud-only'; how: string }> = {
  'AWS::DynamoDB::Table': { role: 'served', how: 'table in DynamoDB Local, same keys, indexes and stream' },
  'AWS::Lambda::Function': { role: 'served', how: 'its synthesized bundle, run in a worker with its environment' },
  'AWS::ApiGatewayV2::Api': { role: 'served', how: 'local HTTP server with the same CORS settings' },
  'AWS::ApiGatewayV2::Route': { role: 'served', how: 'route table of the local HTTP server' },
  'AWS::ApiGatewayV2::Integration': { role: 'served', how: 'invokes the integrated function (payload 2.0)' },
  'AWS::ApiGatewayV2::Authorizer': { role: 'served', how: 'JWT verification against the dev identity provider' },
  'AWS::ApiGatewayV2::Stage': { role: 'served', how: 'the $default stage of the local HTTP server' },
  'AWS::Cognito::UserPool': { role: 'stand-in', how: 'dev identity provider issuing Cognito-shaped tokens' },
  'AWS::Cognito::UserPoolGroup': { role: 'stand-in', how: 'one seeded dev user per group' },
  'AWS::Cognito::UserPoolClient': { role: 'stand-in', how: 'dev identity provider client (audience, callback URLs)' },
  'AWS::Cognito::UserPoolDomain': { role: 'stand-in', how: 'dev identity provider hosted-login pages' },
  'AWS::CloudFront::Distribution': { role: 'stand-in', how: 'local console server' },
  'AWS::CloudFront::ResponseHeadersPolicy': { role: 'served', how: 'security headers on the local console server' },
  'Custom::CDKBucketDeployment': { role: 'stand-in', how: 'console server serves the deployment sources from cdk.out' },
  'AWS::S3::Bucket': { role: 'served', how: 'local S3 stand-in (presigned PUT/GET, CORS), files on disk; the console bucket is also served by the console host' },
  'AWS::S3::BucketPolicy': { role: 'cloud-only', how: 'access policy; the local runtime has no other principals' },
  'AWS::CloudFront::OriginAccessControl': { role: 'cloud-only', how: 'CloudFront-to-S3 signing' },
  'Custom::S3BucketNotifications': { role: 'served', how: 'the local S3 stand-in sends S3 event notifications to the configured queues' },
  'Custom::S3AutoDeleteObjects': { role: 'cloud-only', how: 'empties buckets when a dev stack is deleted' },
  'AWS::IAM::Role': { role: 'cloud-only', how: 'permissions; least privilege is asserted by the infra tests' },
  'AWS::IAM::Policy': { role: 'cloud-only', how: 'permissions; least privilege is asserted by the infra tests' },
  'AWS::Lambda::Permission': { role: 'cloud-only', how: 'lets API Gateway invoke a function' },
  'AWS::Lambda::LayerVersion': { role: 'cloud-only', how: 'deployment tooling for the console upload' },
  'AWS::Logs::LogGroup': { role: 'cloud-only', how: 'function logs go to the terminal or a log file' },
  'AWS::CDK::Metadata': { role: 'cloud-only', how: 'CDK version reporting' },
  'AWS::SQS::Queue': {
    role: 'stand-in',
    how: 'local SQS stand-in (SQS JSON protocol at AWS_ENDPOINT_URL_SQS): visibility timeout, receive counts, redrive to the DLQ, retention, delays',
  },
  'AWS::SQS::QueuePolicy': { role: 'cloud-only', how: 'access policy (TLS only, SNS may send); the local runtime has no other principals' },
  'AWS::SNS::Topic': { role: 'stand-in', how: 'local SNS router: publish delivers to the subscribed queues' },
  'AWS::SNS::Subscription': { role: 'stand-in', how: 'sqs protocol: the SNS envelope (or the raw message) sent to the queue' },
  'AWS::SNS::TopicPolicy': { role: 'cloud-only', how: 'access policy (TLS only); the local runtime has no other principals' },
  'AWS::Lambda::EventSourceMapping': { role: 'served', how: "Lambda's SQS poller: batches, partial batch failures, retries through the visibility timeout" },
  'AWS::SES::ReceiptRuleSet': { role: 'stand-in', how: 'SMTP on localhost (smtp-server) serves the rule set as the active one' },
  'AWS::Pipes::Pipe': {
    role: 'served',
    how: "table stream (DynamoDB Local's Streams API) → filter patterns (exact values) → the target queue, each record as Pipes sends it",
  },
  'AWS::SES::EmailIdentity': { role: 'stand-in', how: 'local SES sending (SendRawEmail at AWS_ENDPOINT_URL_SES) accepts mail only from this identity' },
  'AWS::SES::ConfigurationSet': { role: 'stand-in', how: 'local SES sending: a send must name a configuration set of the template' },
  'AWS::SES::ConfigurationSetEventDestination': {
    role: 'stand-in',
    how: "local SES sending publishes the listed event types (send, delivery, the mailbox simulator's bounces and complaints) to the SNS destination",
  },
  'AWS::Events::EventBus': {
    role: 'stand-in',
    how:
      'local EventBridge stand-in (PutEvents at AWS_ENDPOINT_URL_EVENTBRIDGE) serving this bus and the default bus: per-entry errors as EventBridge answers them, ' +
      'an event for a bus that does not exist accepted and delivered nowhere (as in AWS, but logged); recent events at /dev/events',
  },
  'AWS::Events::Rule': {
    role: 'served',
    how:
      'EventPattern (exact values; other operators refused) on its bus → Lambda targets (asynchronous invoke, retried twice on error as Lambda does) and SQS targets, the event as EventBridge sends it; ' +
      'rate(...) schedules send the Scheduled Event on their rate (npm start; a run never overlaps the previous one locally) or when run (/dev/schedules, stack.schedules.run); ' +
      'cron(...), Input/InputPath/InputTransformer and other target kinds are refused',
  },
  'AWS::StepFunctions::StateMachine': {
    role: 'served',
    how:
      'STANDARD workflows run by aws-local-stepfunctions from the synthesized definition (DefinitionSubstitutions resolved): lambda:invoke and ' +
      'lambda:invoke.waitForTaskToken tasks and function-ARN tasks invoke the local functions; the Step Functions API (StartExecution, DescribeExecution, ' +
      'SendTaskSuccess/Failure, StopExecution, GetExecutionHistory…) at AWS_ENDPOINT_URL_SFN; task and execution timeouts on the stack clock; ' +
      'executions and their state transitions at /dev/executions. EXPRESS, Wait/Map/Parallel states, heartbeats, JSONata and other integrations are refused',
  },
  'AWS::SES::ReceiptRule': {
    role: 'stand-in',
    how: "SMTP intake: RCPT TO only for the rule's recipients; S3 action stores the message and publishes SES's notification",
  },
};

/** Throws one error naming every resource type the local runtime cannot give a meaning to. */
export function assertAllKindsKnown(template: CfnTemplate): void {
  const unknown = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (RESOURCE_KINDS[resource.Type]) continue;
    unknown.set(resource.Type, [...(unknown.get(resource.Type) ?? []), id]);
  }
  if (unknown.size === 0) return;
  const lines = [...unknown].map(([type, ids]) => `  - ${type} (${ids.join(', ')})`);
  throw new Error(
    `The local runtime does not serve these resource types yet, so it will not start with a silent gap:\n${lines.join('\n')}\n` +
      'Teach infra/local about them (infra/local/resource-kinds.ts) before relying on them.',
  );
}
