// Proves the local pipe reads a stream like Pipes: from LATEST at start, every shard to its end, children after their parent, through expired iterators, filtered, in order, and exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { compilePattern } from '../../../infra/local/event-pattern.ts';
import { LocalPipes, regionalStreamArn, type IteratorPosition, type ShardInfo, type StreamsApi, type WireStreamRecord } from '../../../infra/local/pipes.ts';
import { LocalSqs } from '../../../infra/local/sqs-engine.ts';

const LOCAL_ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/loopdesk/stream/2026-01-01T00:00:00.000';
const STREAM_ARN = regionalStreamArn(LOCAL_ARN, 'eu-west-1', '000000000000');

/** A DynamoDB stream in memory, answering as DynamoDB Streams does (iterators name a shard and a position). */
class FakeStream implements StreamsApi {
  readonly shards: { info: ShardInfo; records: WireStreamRecord[] }[] = [];
  private sequence = 0;
  /** The next GetRecords answers ExpiredIteratorException. */
  expireNext = false;
  readonly positions: IteratorPosition[] = [];

  open(shardId: string, parentShardId?: string): void {
    this.shards.push({ info: { shardId, ...(parentShardId ? { parentShardId } : {}) }, records: [] });
  }

  closeShard(shardId: string): void {
    const s = this.shard(shardId);
    s.info.endingSequenceNumber = s.records.at(-1)?.dynamodb.SequenceNumber ?? '0';
  }

  write(shardId: string, id: string, status = 'queued'): void {
    const seq = String(++this.sequence).padStart(21, '0');
    this.shard(shardId).records.push({
      eventID: `event-${seq}`,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      dynamodb: {
        ApproximateCreationDateTime: 1_800_000_000,
        Keys: { pk: { S: `OUTBOX#${id}` }, sk: { S: 'MAIL' } },
        NewImage: { pk: { S: `OUTBOX#${id}` }, sk: { S: 'MAIL' }, id: { S: id }, itemType: { S: 'outbox' }, status: { S: status } },
        SequenceNumber: seq,
        SizeBytes: 42,
        StreamViewType: 'NEW_IMAGE',
      },
    });
  }

  async describeStream(streamArn: string): Promise<{ shards: ShardInfo[] }> {
    expect(streamArn).toBe(LOCAL_ARN);
    return { shards: this.shards.map((s) => ({ ...s.info })) };
  }

  async getShardIterator(_arn: string, shardId: string, position: IteratorPosition): Promise<string> {
    this.positions.push(position);
    const records = this.shard(shardId).records;
    const at =
      position.type === 'LATEST' ? records.length : position.type === 'TRIM_HORIZON' ? 0 : records.findIndex((r) => r.dynamodb.SequenceNumber === position.sequenceNumber) + 1;
    return `${shardId}|${at}`;
  }

  async getRecords(iterator: string): Promise<{ records: WireStreamRecord[]; nextShardIterator?: string }> {
    if (this.expireNext) {
      this.expireNext = false;
      throw Object.assign(new Error('Iterator expired'), { name: 'ExpiredIteratorException' });
    }
    const [shardId, at] = iterator.split('|') as [string, string];
    const s = this.shard(shardId);
    const records = s.records.slice(Number(at), Number(at) + 2); // small pages: reading to the end takes several calls
    const end = Number(at) + records.length;
    const closedAndRead = s.info.endingSequenceNumber !== undefined && end >= s.records.length;
    return { records, ...(closedAndRead ? {} : { nextShardIterator: `${shardId}|${end}` }) };
  }

  private shard(id: string) {
    const s = this.shards.find((x) => x.info.shardId === id);
    if (!s) throw new Error(`no shard ${id}`);
    return s;
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(startingPosition: 'LATEST' | 'TRIM_HORIZON' = 'LATEST') {
  const sqs = new LocalSqs({ region: 'eu-west-1', accountId: '000000000000' });
  const queue = sqs.createQueue({ name: 'outbox' });
  const stream = new FakeStream();
  const logs: string[] = [];
  const pipes = new LocalPipes(sqs, stream, { region: 'eu-west-1', pollMs: 60_000, log: (l) => logs.push(l) });
  pipes.add({
    logicalId: 'OutboxPipe',
    streamArn: STREAM_ARN,
    localStreamArn: LOCAL_ARN,
    startingPosition,
    filters: [compilePattern({ dynamodb: { NewImage: { status: { S: ['queued'] } } } }, 'OutboxPipe')],
    targetQueueArn: queue.arn,
  });
  cleanups.push(() => pipes.stop(), () => sqs.close());
  const sentIds = () => sqs.peek(queue.arn).map((m) => JSON.parse(m.body).dynamodb.NewImage.id.S as string);
  return { sqs, queue, stream, pipes, sentIds, logs };
}

describe('local pipe from a DynamoDB stream to a queue', () => {
  it('starts at LATEST: what the stream held before start stays out; later writes pass the filter in order', async () => {
    const { stream, pipes, sentIds, sqs, queue } = setup();
    stream.open('shard-1');
    stream.write('shard-1', 'before');
    await pipes.start();
    stream.write('shard-1', 'a');
    stream.write('shard-1', 'b', 'sent');
    stream.write('shard-1', 'c');
    stream.write('shard-1', 'd');
    expect(await pipes.flush()).toBe(3);
    expect(sentIds()).toEqual(['a', 'c', 'd']);
    expect(await pipes.flush()).toBe(0);
    expect(pipes.stats()[0]).toMatchObject({ read: 4, matched: 3, forwarded: 3, failed: 0 });

    const body = JSON.parse(sqs.peek(queue.arn)[0]!.body);
    expect(body).toMatchObject({ eventSource: 'aws:dynamodb', awsRegion: 'eu-west-1', eventSourceARN: STREAM_ARN });
    expect(STREAM_ARN).toBe('arn:aws:dynamodb:eu-west-1:000000000000:table/loopdesk/stream/2026-01-01T00:00:00.000');
  });

  it('follows a shard rollover: the closed parent is read to its end, then its child from the start', async () => {
    const { stream, pipes, sentIds } = setup();
    stream.open('parent');
    await pipes.start();
    stream.write('parent', 'p1');
    stream.write('parent', 'p2');
    stream.write('parent', 'p3');
    stream.closeShard('parent');
    stream.open('child', 'parent');
    stream.write('child', 'c1');
    stream.write('child', 'c2');
    expect(await pipes.flush()).toBe(5);
    expect(sentIds()).toEqual(['p1', 'p2', 'p3', 'c1', 'c2']);
    stream.write('child', 'c3');
    expect(await pipes.flush()).toBe(1);
    expect(sentIds()).toEqual(['p1', 'p2', 'p3', 'c1', 'c2', 'c3']);
  });

  it('at LATEST skips shards already closed at start; at TRIM_HORIZON reads them first', async () => {
    const latest = setup('LATEST');
    latest.stream.open('old');
    latest.stream.write('old', 'old1');
    latest.stream.closeShard('old');
    latest.stream.open('new', 'old');
    latest.stream.write('new', 'new1');
    await latest.pipes.start();
    latest.stream.write('new', 'new2');
    await latest.pipes.flush();
    expect(latest.sentIds()).toEqual(['new2']);

    const horizon = setup('TRIM_HORIZON');
    horizon.stream.open('old');
    horizon.stream.write('old', 'old1');
    horizon.stream.closeShard('old');
    horizon.stream.open('new', 'old');
    horizon.stream.write('new', 'new1');
    await horizon.pipes.start();
    await horizon.pipes.flush();
    expect(horizon.sentIds()).toEqual(['old1', 'new1']);
  });

  it('goes on after the last record read when an iterator expires, without repeating or losing records', async () => {
    const { stream, pipes, sentIds } = setup();
    stream.open('shard-1');
    await pipes.start();
    stream.write('shard-1', 'a');
    await pipes.flush();
    stream.write('shard-1', 'b');
    stream.expireNext = true;
    await pipes.flush();
    expect(sentIds()).toEqual(['a', 'b']);
    expect(stream.positions.at(-1)).toEqual({ type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: '000000000000000000001' });
  });

  it('reads nothing for a pipe whose desired state is STOPPED', async () => {
    const sqs = new LocalSqs({ region: 'eu-west-1', accountId: '000000000000' });
    const queue = sqs.createQueue({ name: 'outbox' });
    const stream = new FakeStream();
    stream.open('shard-1');
    const pipes = new LocalPipes(sqs, stream, { region: 'eu-west-1', pollMs: 60_000 });
    pipes.add({ logicalId: 'P', streamArn: STREAM_ARN, localStreamArn: LOCAL_ARN, startingPosition: 'TRIM_HORIZON', filters: [], targetQueueArn: queue.arn, running: false });
    cleanups.push(() => pipes.stop(), () => sqs.close());
    stream.write('shard-1', 'a');
    await pipes.start();
    expect(await pipes.flush()).toBe(0);
    expect(sqs.peek(queue.arn)).toEqual([]);
  });
});
