import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { DynamoDBStreamRecord } from '@aws-lambda-powertools/parser/schemas';
import { LOCAL_CREDENTIALS } from './dynamodb-engine.ts';
import { matchesAny, type EventMatcher } from './event-pattern.ts';
import type { LocalSqs } from './sqs-engine.ts';

/** A stream attribute value as DynamoDB writes it in JSON (binary values in base64). */
export type WireAttributeValue = Record<string, unknown>;

/** A stream record as GetRecords answers it in JSON, before a pipe adds where it came from. */
export interface WireStreamRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: string;
  eventSource: string;
  awsRegion: string;
  dynamodb: {
    /** Epoch seconds, as the JSON protocol carries it. */
    ApproximateCreationDateTime?: number;
    Keys: Record<string, WireAttributeValue>;
    NewImage?: Record<string, WireAttributeValue>;
    OldImage?: Record<string, WireAttributeValue>;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: string;
  };
  userIdentity?: { type: string; principalId: string };
}

export interface ShardInfo {
  shardId: string;
  parentShardId?: string;
  /** Set once the shard is closed (no new records will be written to it). */
  endingSequenceNumber?: string;
}

export type IteratorPosition = { type: 'LATEST' } | { type: 'TRIM_HORIZON' } | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

/** The DynamoDB Streams calls a pipe makes; the real client in `dynamoDbStreamsApi`, a fake in unit tests. */
export interface StreamsApi {
  describeStream(streamArn: string, exclusiveStartShardId?: string): Promise<{ shards: ShardInfo[]; lastEvaluatedShardId?: string }>;
  getShardIterator(streamArn: string, shardId: string, position: IteratorPosition): Promise<string>;
  /** `nextShardIterator` is absent once a closed shard has been read to its end. */
  getRecords(shardIterator: string): Promise<{ records: WireStreamRecord[]; nextShardIterator?: string }>;
  close?(): void;
}

/** The streams API of DynamoDB Local, through `@aws-sdk/client-dynamodb-streams`. */
export function dynamoDbStreamsApi(endpoint: string): StreamsApi {
  const client = new DynamoDBStreamsClient({ endpoint, region: 'local', credentials: LOCAL_CREDENTIALS });
  return {
    async describeStream(streamArn, exclusiveStartShardId) {
      const out = await client.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }));
      const d = out.StreamDescription;
      return {
        shards: (d?.Shards ?? []).map((s) => ({
          shardId: s.ShardId!,
          ...(s.ParentShardId ? { parentShardId: s.ParentShardId } : {}),
          ...(s.SequenceNumberRange?.EndingSequenceNumber ? { endingSequenceNumber: s.SequenceNumberRange.EndingSequenceNumber } : {}),
        })),
        lastEvaluatedShardId: d?.LastEvaluatedShardId,
      };
    },
    async getShardIterator(streamArn, shardId, position) {
      const out = await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: position.type,
          ...(position.type === 'AFTER_SEQUENCE_NUMBER' ? { SequenceNumber: position.sequenceNumber } : {}),
        }),
      );
      return out.ShardIterator!;
    },
    async getRecords(shardIterator) {
      // Read as JSON, not through the SDK: its deserializer turns an empty list or map into `{}`,
      // losing which one it was, and a record must reach the target exactly as DynamoDB sent it.
      const out = (await rawCall(endpoint, 'DynamoDBStreams_20120810.GetRecords', { ShardIterator: shardIterator, Limit: 1000 })) as {
        Records?: WireStreamRecord[];
        NextShardIterator?: string;
      };
      return { records: (out.Records ?? []).map(repairEmptyMaps), nextShardIterator: out.NextShardIterator ?? undefined };
    },
    close: () => client.destroy(),
  };
}

/**
 * DynamoDB Local writes an empty map in a stream record as `{}` where DynamoDB writes `{"M":{}}`
 * (an empty list comes out right). The record is mended to what AWS sends, so a policy with no
 * conditions reaches the pipe's target like any other item.
 */
function repairEmptyMaps(record: WireStreamRecord): WireStreamRecord {
  const value = (v: WireAttributeValue): WireAttributeValue => {
    if (Object.keys(v).length === 0) return { M: {} };
    if (v.M && typeof v.M === 'object') return { M: image(v.M as Record<string, WireAttributeValue>) };
    if (Array.isArray(v.L)) return { L: (v.L as WireAttributeValue[]).map(value) };
    return v;
  };
  const image = (m: Record<string, WireAttributeValue>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, value(v)]));
  const d = record.dynamodb;
  return { ...record, dynamodb: { ...d, ...(d.NewImage ? { NewImage: image(d.NewImage) } : {}), ...(d.OldImage ? { OldImage: image(d.OldImage) } : {}) } };
}

const signer = new SignatureV4({ service: 'dynamodb', region: 'local', credentials: LOCAL_CREDENTIALS, sha256: Sha256 });

/** One signed call of the DynamoDB Streams JSON protocol; its answer as sent. */
async function rawCall(endpoint: string, target: string, body: unknown): Promise<unknown> {
  const url = new URL(endpoint);
  const text = JSON.stringify(body);
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    body: text,
  });
  const res = await fetch(endpoint, { method: 'POST', headers: signed.headers, body: text });
  const answer = (await res.json()) as { __type?: string; message?: string; Message?: string };
  if (!res.ok) throw new Error(`${target}: ${answer.__type ?? res.status} ${answer.message ?? answer.Message ?? ''}`);
  return answer;
}

/** One AWS::Pipes::Pipe from a DynamoDB stream to an SQS queue, resolved from the template. */
export interface PipeSpec {
  logicalId: string;
  /** The stream ARN as the template resolves it (the stack's region); records name it. */
  streamArn: string;
  /** The same stream as DynamoDB Local names it (region `ddblocal`), for the streams API. */
  localStreamArn: string;
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
  /** Any one matching lets a record through; none means all pass. */
  filters: EventMatcher[];
  targetQueueArn: string;
  /** DesiredState RUNNING (default) or STOPPED. */
  running?: boolean;
}

export interface PipeStats {
  logicalId: string;
  /** Stream records read, records that passed the filters, messages sent, sends that failed. */
  read: number;
  matched: number;
  forwarded: number;
  failed: number;
}

interface Shard extends ShardInfo {
  iterator?: string;
  /** Where reading starts when there is no iterator yet. */
  start: IteratorPosition;
  lastSequenceNumber?: string;
  /** Read to its end (closed), or closed before the pipe started at LATEST. */
  done: boolean;
  /** Records created before this (epoch s) are skipped: only after an iterator expired before any record was read. */
  skipBefore?: number;
}

interface PipeState {
  spec: PipeSpec;
  shards: Map<string, Shard>;
  stats: PipeStats;
  /** When the shard list was last read (epoch ms); 0 forces a DescribeStream on the next read. */
  describedAt: number;
  stopped: boolean;
}

/** The principal SQS reports as SenderId for messages a pipe sends (a local stand-in id). */
const PIPES_SENDER_ID = 'AROALOCALPIPESEXECUTIONROLE:pipes';
const DESCRIBE_EVERY_MS = 5_000;

/**
 * EventBridge Pipes from a table's stream to a queue: each pipe reads the stream on its own
 * (DescribeStream → shards → GetShardIterator → GetRecords, polled every `pollMs`), applies its
 * filters to each record, and sends each record that passes to the target queue as Pipes does with
 * no input template: the JSON of the stream record, as a Lambda DynamoDB event record has it
 * (checked against Powertools' DynamoDBStreamRecord before it is sent).
 *
 * Starting at LATEST takes an iterator on every open shard when the pipe starts, before any
 * handler can write, so no record written while the runtime runs is missed; shards that appear
 * later (a closed shard's children, rollover) are read from their start, each after its parent.
 *
 * `flush()` reads every shard to its end now and forwards what matched: DynamoDB Local writes a
 * stream record with the item, so afterwards everything written before the call has gone through.
 */
export class LocalPipes {
  private readonly pipes: PipeState[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private running = false;
  private lastError = '';
  private readonly startedAt = Date.now() / 1000;

  constructor(
    private readonly sqs: LocalSqs,
    private readonly streams: StreamsApi,
    private readonly options: { region: string; pollMs?: number; log?: (line: string) => void },
  ) {}

  add(spec: PipeSpec): void {
    this.sqs.queue(spec.targetQueueArn); // the target must be a queue of this stack
    this.pipes.push({
      spec,
      shards: new Map(),
      stats: { logicalId: spec.logicalId, read: 0, matched: 0, forwarded: 0, failed: 0 },
      describedAt: 0,
      stopped: spec.running === false,
    });
  }

  stats(): PipeStats[] {
    return this.pipes.map((p) => ({ ...p.stats }));
  }

  /** Takes each pipe's starting position on the stream's shards, then polls. */
  async start(): Promise<void> {
    for (const pipe of this.pipes) if (!pipe.stopped) await this.describe(pipe, true);
    // Iterators are taken now, not at the first read: LATEST means "after what exists at start".
    for (const pipe of this.pipes) for (const shard of pipe.shards.values()) if (!shard.done) await this.ensureIterator(pipe, shard);
    this.running = true;
    this.schedule();
  }

  /**
   * Reads every pipe's stream up to now and forwards what matched; resolves with how many
   * messages were sent. Runs after any read under way, so it sees every write made before the call.
   */
  flush(): Promise<number> {
    for (const p of this.pipes) p.describedAt = 0;
    return this.enqueue();
  }

  /** Stops polling after a last read, so what handlers wrote before the stop reaches the queues. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.timer);
    await this.enqueue().catch((err) => this.log(`Pipes: last read before stopping failed: ${(err as Error).message}`));
    this.streams.close?.();
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.enqueue()
        .then(
          () => (this.lastError = ''),
          (err) => {
            // Said once per distinct failure, not every poll.
            const text = (err as Error).message;
            if (text !== this.lastError) this.log(`Pipes: reading the stream failed: ${text}`);
            this.lastError = text;
          },
        )
        .finally(() => this.schedule());
    }, this.options.pollMs ?? 100);
    this.timer.unref();
  }

  /** One read of every pipe, serialized behind the previous one. */
  private enqueue(): Promise<number> {
    const run = this.chain.then(() => this.readAll());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async readAll(): Promise<number> {
    let forwarded = 0;
    for (const pipe of this.pipes) {
      if (pipe.stopped) continue;
      if (Date.now() - pipe.describedAt > DESCRIBE_EVERY_MS) await this.describe(pipe, false);
      // Read each readable shard to its end; a shard that closes brings its children in.
      for (let pass = 0; pass < 1000; pass++) {
        const readable = [...pipe.shards.values()].filter((s) => !s.done && (!s.parentShardId || pipe.shards.get(s.parentShardId)?.done !== false));
        if (!readable.length) break;
        let closed = false;
        for (const shard of readable) {
          forwarded += await this.readShard(pipe, shard);
          if (shard.done) closed = true;
        }
        if (!closed) break;
        await this.describe(pipe, false);
      }
    }
    return forwarded;
  }

  private async readShard(pipe: PipeState, shard: Shard): Promise<number> {
    let forwarded = 0;
    for (;;) {
      await this.ensureIterator(pipe, shard);
      let page: Awaited<ReturnType<StreamsApi['getRecords']>>;
      try {
        page = await this.streams.getRecords(shard.iterator!);
      } catch (err) {
        const name = (err as Error).name;
        if (name === 'ExpiredIteratorException') {
          // E.g. the machine slept: carry on after the last record read.
          shard.iterator = undefined;
          if (shard.lastSequenceNumber) shard.start = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: shard.lastSequenceNumber };
          else if (shard.start.type === 'LATEST') {
            shard.start = { type: 'TRIM_HORIZON' };
            shard.skipBefore = Math.floor(this.startedAt / 60) * 60; // the stream dates records to the minute: at least once
          }
          continue;
        }
        if (name === 'TrimmedDataAccessException') {
          this.log(`Pipe ${pipe.spec.logicalId}: records of shard ${shard.shardId} expired (24 h) before they were read; going on from the oldest kept`);
          shard.iterator = undefined;
          shard.start = { type: 'TRIM_HORIZON' };
          continue;
        }
        if (name === 'ResourceNotFoundException') {
          shard.done = true;
          return forwarded;
        }
        throw err;
      }
      for (const record of page.records) {
        shard.lastSequenceNumber = record.dynamodb.SequenceNumber;
        if (shard.skipBefore !== undefined && (record.dynamodb.ApproximateCreationDateTime ?? Infinity) < shard.skipBefore) continue;
        forwarded += this.forward(pipe, record);
      }
      if (!page.nextShardIterator) {
        shard.done = true;
        shard.iterator = undefined;
        return forwarded;
      }
      shard.iterator = page.nextShardIterator;
      if (!page.records.length) return forwarded;
    }
  }

  private forward(pipe: PipeState, record: WireStreamRecord): number {
    pipe.stats.read++;
    const event = pipeEvent(record, pipe.spec.streamArn, this.options.region);
    const checked = DynamoDBStreamRecord.safeParse(event);
    if (!checked.success) {
      // A local conversion bug, never AWS behaviour: said loudly, and the record is not sent in a shape AWS would not send.
      pipe.stats.failed++;
      this.log(`Pipe ${pipe.spec.logicalId}: stream record ${record.eventID} does not match the DynamoDB stream record shape, not sent: ${checked.error.message}`);
      return 0;
    }
    if (!matchesAny(pipe.spec.filters, event)) return 0;
    pipe.stats.matched++;
    try {
      this.sqs.send(pipe.spec.targetQueueArn, { body: JSON.stringify(event), senderId: PIPES_SENDER_ID });
      pipe.stats.forwarded++;
      return 1;
    } catch (err) {
      // Pipes retries and then drops (no dead-letter queue configured): a send SQS refuses never succeeds.
      pipe.stats.failed++;
      this.log(`Pipe ${pipe.spec.logicalId}: the queue refused record ${record.eventID}: ${(err as Error).message}`);
      return 0;
    }
  }

  private async describe(pipe: PipeState, atStart: boolean): Promise<void> {
    const seen = new Set<string>();
    let from: string | undefined;
    do {
      const page = await this.streams.describeStream(pipe.spec.localStreamArn, from);
      for (const info of page.shards) {
        seen.add(info.shardId);
        const known = pipe.shards.get(info.shardId);
        if (known) {
          if (info.endingSequenceNumber) known.endingSequenceNumber = info.endingSequenceNumber;
          continue;
        }
        // At start: open shards from the pipe's starting position; closed ones hold only older
        // records (skipped at LATEST). Later: a new shard holds only new records, all of them.
        const closedAtStart = atStart && info.endingSequenceNumber !== undefined;
        const start: IteratorPosition = atStart ? { type: pipe.spec.startingPosition } : { type: 'TRIM_HORIZON' };
        pipe.shards.set(info.shardId, { ...info, start, done: closedAtStart && pipe.spec.startingPosition === 'LATEST' });
      }
      from = page.lastEvaluatedShardId;
    } while (from);
    // Shards the stream no longer lists (trimmed after 24 h) are forgotten once read.
    for (const [id, shard] of pipe.shards) if (!seen.has(id) && shard.done) pipe.shards.delete(id);
    pipe.describedAt = Date.now();
  }

  private async ensureIterator(pipe: PipeState, shard: Shard): Promise<void> {
    if (shard.iterator) return;
    shard.iterator = await this.streams.getShardIterator(pipe.spec.localStreamArn, shard.shardId, shard.start);
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => console.error(l)))(line);
  }
}

/** What Pipes hands its target for one stream record (Lambda's DynamoDB event record). */
export function pipeEvent(record: WireStreamRecord, streamArn: string, region: string): Record<string, unknown> {
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource,
    awsRegion: region,
    dynamodb: record.dynamodb,
    eventSourceARN: streamArn,
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
  };
}

/** DynamoDB Local's stream ARN (region `ddblocal`) as the stack's region and account would name it. */
export function regionalStreamArn(localArn: string, region: string, accountId: string): string {
  const m = /^arn:aws:dynamodb:[^:]*:[^:]*:(table\/.+\/stream\/.+)$/.exec(localArn);
  if (!m) throw new Error(`${localArn} is not a DynamoDB stream ARN`);
  return `arn:aws:dynamodb:${region}:${accountId}:${m[1]}`;
}
