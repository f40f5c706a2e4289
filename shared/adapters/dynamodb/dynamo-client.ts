import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * One DynamoDB client per Lambda module (built at init, reused across invocations). The endpoint
 * comes from the SDK's standard settings (AWS_ENDPOINT_URL_DYNAMODB locally), so there is no
 * local-only branch here.
 */
export function createDynamoClient(): DynamoDBClient {
  return new DynamoDBClient({});
}
