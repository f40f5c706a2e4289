import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

/**
 * A stand-in for Amazon SQS standard queues: kept in this process, reachable in-process (the event
 * source mappings, the SNS router) and over HTTP with the SQS JSON protocol (AWS SDK v3 `SQSClient`
 * pointed at it through AWS_ENDPOINT_URL_SQS), so handlers send and receive with the ordinary client.
 *
 * It keeps the semantics a consumer can observe: at-least-once delivery, a received message is
 * invisible until deleted or its visibility timeout ends, ApproximateReceiveCount, redrive to the
 * dead-letter queue once a message has been received maxReceiveCount times (moved on the next
 * receive, as SQS does), retention counted from the original enqueue time (also in the DLQ),
 * per-message and per-queue delays, message attributes with SQS's MD5s, long polling.
 *
 * Time is the engine's clock (`now()`): real time plus an offset that `advance(ms)` moves forward,
 * so tests make visibility timeouts, delays and retention elapse without waiting.
 */

export interface QueueSettings {
  name: string;
  /** Seconds a received message stays invisible (SQS default 30). */
  visibilityTimeoutSeconds?: number;
  /** Seconds a message is kept after it was first sent (SQS default 4 days). */
  retentionSeconds?: number;
  /** Seconds every new message waits before it can be received (default 0). */
  delaySeconds?: number;
  /** Long-poll wait when a ReceiveMessage names none (default 0). */
  receiveWaitSeconds?: number;
  maximumMessageBytes?: number;
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
}

export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Buffer;
}

export interface SendInput {
  body: string;
  delaySeconds?: number;
  attributes?: Record<string, MessageAttributeValue>;
  /** AWSTraceHeader, the only system attribute a sender may set. */
  traceHeader?: string;
  /** Who sent it: the IAM principal's id in AWS; a local id here. */
  senderId?: string;
}

export interface SentMessage {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
}

/** A received message with every system attribute and message attribute (callers filter). */
export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  attributes: {
    ApproximateReceiveCount: string;
    SentTimestamp: string;
    SenderId: string;
    ApproximateFirstReceiveTimestamp: string;
    AWSTraceHeader?: string;
    DeadLetterQueueSourceArn?: string;
  };
  messageAttributes: Record<string, MessageAttributeValue>;
  md5OfMessageAttributes?: string;
}

export interface LocalQueue {
  name: string;
  url: string;
  arn: string;
  settings: Required<Omit<QueueSettings, 'redrive'>> & Pick<QueueSettings, 'redrive'>;
  createdAt: number;
}

interface StoredMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  attributes: Record<string, MessageAttributeValue>;
  md5OfMessageAttributes?: string;
  traceHeader?: string;
  senderId: string;
  /** Original enqueue time: retention counts from it, in the dead-letter queue too. */
  sentTimestamp: number;
  firstReceiveTimestamp?: number;
  receiveCount: number;
  /** When it can next be received (after a delay or a visibility timeout). */
  visibleAt: number;
  /** The handle of the latest receive; older handles no longer delete it. */
  receiptHandle?: string;
  inFlight: boolean;
  deadLetterSourceArn?: string;
}

interface QueueState {
  queue: LocalQueue;
  messages: Map<string, StoredMessage>;
  timer?: NodeJS.Timeout;
  timerAt?: number;
  waiters: Set<() => void>;
}

export class SqsError extends Error {
  constructor(
    /** The error shape name (JSON protocol `__type`), e.g. QueueDoesNotExist. */
    readonly code: string,
    message: string,
    /** The legacy query-protocol code the SDK reports as `Code` (x-amzn-query-error). */
    readonly queryCode: string = code,
    readonly senderFault = true,
  ) {
    super(message);
    this.name = code;
  }
}

const DEFAULTS = {
  visibilityTimeoutSeconds: 30,
  retentionSeconds: 345_600,
  delaySeconds: 0,
  receiveWaitSeconds: 0,
  // SQS raised its payload limit to 1 MiB (2025); a queue may set a lower MaximumMessageSize.
  maximumMessageBytes: 1_048_576,
};
const MAX_BATCH_ENTRIES = 10;
const LOCAL_SENDER_ID = 'AIDALOCALLOOPDESKSENDER';

export interface SqsEngineOptions {
  region: string;
  accountId: string;
  /** Real time by default; `advance(ms)` adds to it. */
  baseClock?: () => number;
  /**
   * Keeps messages across restarts (`npm start` with a data directory): written shortly after each
   * change and on close, read back when a queue of the same name is created. In memory when absent.
   */
  persistFile?: string;
}

interface Snapshot {
  version: 1;
  queues: Record<string, (Omit<StoredMessage, 'attributes'> & { attributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> })[]>;
}

export class LocalSqs {
  private readonly queues = new Map<string, QueueState>();
  private readonly listeners = new Set<(queue: LocalQueue, receivable: boolean) => void>();
  private server?: Server;
  private offsetMs = 0;
  private closed = false;
  private baseUrl = 'http://127.0.0.1:0';
  /** Requests answered over HTTP (for tests and the bench). */
  requests = 0;
  private readonly restored: Snapshot['queues'];
  private saveTimer?: NodeJS.Timeout;

  constructor(private readonly options: SqsEngineOptions) {
    const file = options.persistFile;
    this.restored = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Snapshot).queues : {};
  }

  /** The engine's notion of now, in epoch milliseconds. */
  now(): number {
    return (this.options.baseClock ?? Date.now)() + this.offsetMs;
  }

  /** Where the SQS JSON protocol is served (AWS_ENDPOINT_URL_SQS); set by listen(). */
  get endpoint(): string {
    return this.baseUrl;
  }

  /**
   * Serves the SQS JSON protocol. Listen before creating queues: queue URLs are built from this
   * endpoint, as SQS builds them from its regional endpoint.
   */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.queues.size) throw new Error('LocalSqs: listen before creating queues (queue URLs name the endpoint)');
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, resolve);
    });
    this.baseUrl = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    if (!this.closed) this.save();
    this.closed = true;
    for (const state of this.queues.values()) {
      clearTimeout(state.timer);
      for (const wake of [...state.waiters]) wake();
    }
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  createQueue(settings: QueueSettings): LocalQueue {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(settings.name)) {
      throw new SqsError('InvalidParameterValue', `Queue name ${settings.name} must be 1-80 letters, digits, - or _ (FIFO queues are not served locally)`);
    }
    if (this.queues.has(settings.name)) throw new SqsError('QueueAlreadyExists', `A queue named ${settings.name} already exists`, 'QueueAlreadyExists');
    const queue: LocalQueue = {
      name: settings.name,
      url: `${this.baseUrl}/${this.options.accountId}/${settings.name}`,
      arn: `arn:aws:sqs:${this.options.region}:${this.options.accountId}:${settings.name}`,
      settings: {
        name: settings.name,
        visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds ?? DEFAULTS.visibilityTimeoutSeconds,
        retentionSeconds: settings.retentionSeconds ?? DEFAULTS.retentionSeconds,
        delaySeconds: settings.delaySeconds ?? DEFAULTS.delaySeconds,
        receiveWaitSeconds: settings.receiveWaitSeconds ?? DEFAULTS.receiveWaitSeconds,
        maximumMessageBytes: settings.maximumMessageBytes ?? DEFAULTS.maximumMessageBytes,
        redrive: settings.redrive,
      },
      createdAt: this.now(),
    };
    const messages = new Map<string, StoredMessage>();
    for (const m of this.restored[settings.name] ?? []) {
      const attributes = Object.fromEntries(
        Object.entries(m.attributes).map(([k, v]) => [k, { ...v, BinaryValue: v.BinaryValue === undefined ? undefined : Buffer.from(v.BinaryValue, 'base64') }]),
      );
      messages.set(m.messageId, { ...m, attributes });
    }
    this.queues.set(settings.name, { queue, messages, waiters: new Set() });
    if (messages.size) this.changed(this.queues.get(settings.name)!);
    return queue;
  }

  /** Every redrive policy must name a queue of this engine (checked once all queues exist). */
  assertRedriveTargets(): void {
    for (const { queue } of this.queues.values()) {
      const target = queue.settings.redrive?.deadLetterTargetArn;
      if (target && !this.findByArn(target)) throw new Error(`Queue ${queue.name}: dead-letter target ${target} is not a local queue`);
    }
  }

  list(): LocalQueue[] {
    return [...this.queues.values()].map((s) => s.queue);
  }

  /** A queue by URL, ARN or name. */
  queue(ref: string): LocalQueue {
    return this.state(ref).queue;
  }

  /**
   * Called after a queue changed (sent, received, deleted, a delay or visibility timeout ended),
   * with whether it has a message receivable now. A receive that found nothing changes nothing.
   */
  onChange(listener: (queue: LocalQueue, receivable: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(ref: string, input: SendInput): SentMessage {
    const state = this.state(ref);
    const entry = this.store(state, input);
    this.changed(state);
    return entry;
  }

  /**
   * Receives up to `max` messages now (no waiting): each becomes invisible for the visibility
   * timeout and gets a fresh receipt handle; one received maxReceiveCount times moves to the DLQ.
   */
  receive(ref: string, options: { max?: number; visibilityTimeoutSeconds?: number } = {}): ReceivedMessage[] {
    const state = this.state(ref);
    const max = options.max ?? 1;
    const visibility = options.visibilityTimeoutSeconds ?? state.queue.settings.visibilityTimeoutSeconds;
    const now = this.now();
    this.expire(state, now);
    const out: ReceivedMessage[] = [];
    const moved: QueueState[] = [];
    for (const m of state.messages.values()) {
      if (out.length >= max) break;
      if (m.visibleAt > now) continue;
      const redrive = state.queue.settings.redrive;
      if (redrive && m.receiveCount >= redrive.maxReceiveCount) {
        moved.push(this.moveToDeadLetters(state, m, redrive.deadLetterTargetArn));
        continue;
      }
      m.receiveCount++;
      m.firstReceiveTimestamp ??= now;
      m.visibleAt = now + visibility * 1000;
      m.inFlight = true;
      m.receiptHandle = encodeHandle(state.queue.name, m.messageId);
      out.push(view(m));
    }
    if (out.length || moved.length) this.changed(state, false);
    for (const dlq of moved) this.changed(dlq);
    return out;
  }

  /**
   * Receives like ReceiveMessage with WaitTimeSeconds: answers as soon as a message can be
   * received, or with none when the wait ends (real time; the engine clock also wakes it).
   */
  async receiveWait(
    ref: string,
    options: { max?: number; visibilityTimeoutSeconds?: number; waitSeconds?: number; signal?: AbortSignal } = {},
  ): Promise<ReceivedMessage[]> {
    const state = this.state(ref);
    const waitSeconds = options.waitSeconds ?? state.queue.settings.receiveWaitSeconds;
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      // A poller that went away (its connection closed) must not take messages it cannot get.
      if (options.signal?.aborted) return [];
      const got = this.receive(ref, options);
      if (got.length || this.closed || Date.now() >= deadline) return got;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          state.waiters.delete(wake);
          options.signal?.removeEventListener('abort', wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(0, deadline - Date.now()));
        state.waiters.add(wake);
        options.signal?.addEventListener('abort', wake);
      });
    }
  }

  /**
   * Deletes a received message. A handle from an older receive does not delete a message that has
   * been received again since (SQS: "the request succeeds, but the message might not be deleted").
   */
  deleteMessage(ref: string, receiptHandle: string): void {
    const state = this.state(ref);
    const { queueName, messageId } = decodeHandle(receiptHandle);
    if (queueName !== state.queue.name) throw new SqsError('ReceiptHandleIsInvalid', `The receipt handle is not for queue ${state.queue.name}`);
    const m = state.messages.get(messageId);
    if (m && m.receiptHandle === receiptHandle) {
      state.messages.delete(messageId);
      this.changed(state);
    }
  }

  changeVisibility(ref: string, receiptHandle: string, visibilityTimeoutSeconds: number): void {
    const state = this.state(ref);
    if (!Number.isInteger(visibilityTimeoutSeconds) || visibilityTimeoutSeconds < 0 || visibilityTimeoutSeconds > 43_200) {
      throw new SqsError('InvalidParameterValue', 'VisibilityTimeout must be an integer from 0 to 43200');
    }
    const { queueName, messageId } = decodeHandle(receiptHandle);
    if (queueName !== state.queue.name) throw new SqsError('ReceiptHandleIsInvalid', `The receipt handle is not for queue ${state.queue.name}`);
    const m = state.messages.get(messageId);
    const now = this.now();
    if (!m || m.receiptHandle !== receiptHandle || !m.inFlight || m.visibleAt <= now) {
      throw new SqsError('MessageNotInflight', 'The message referred to is not in flight.', 'AWS.SimpleQueueService.MessageNotInflight');
    }
    m.visibleAt = now + visibilityTimeoutSeconds * 1000;
    this.changed(state);
  }

  purge(ref: string): void {
    const state = this.state(ref);
    state.messages.clear();
    this.changed(state);
  }

  /** Messages by state, as the Approximate* attributes count them. */
  counts(ref: string): { visible: number; inFlight: number; delayed: number } {
    const state = this.state(ref);
    const now = this.now();
    this.expire(state, now);
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const m of state.messages.values()) {
      if (m.visibleAt <= now) visible++;
      else if (m.inFlight) inFlight++;
      else delayed++;
    }
    return { visible, inFlight, delayed };
  }

  /** Every message still kept in a queue, without receiving it (tests and the console's DLQ view). */
  peek(ref: string): { messageId: string; body: string; receiveCount: number; attributes: Record<string, MessageAttributeValue> }[] {
    const state = this.state(ref);
    this.expire(state, this.now());
    return [...state.messages.values()].map((m) => ({ messageId: m.messageId, body: m.body, receiveCount: m.receiveCount, attributes: m.attributes }));
  }

  getAttributes(ref: string, names: string[] = ['All']): Record<string, string> {
    const { queue } = this.state(ref);
    const counts = this.counts(ref);
    const s = queue.settings;
    const all: Record<string, string> = {
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      VisibilityTimeout: String(s.visibilityTimeoutSeconds),
      MaximumMessageSize: String(s.maximumMessageBytes),
      MessageRetentionPeriod: String(s.retentionSeconds),
      DelaySeconds: String(s.delaySeconds),
      ReceiveMessageWaitTimeSeconds: String(s.receiveWaitSeconds),
      SqsManagedSseEnabled: 'true',
      ...(s.redrive ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: s.redrive.deadLetterTargetArn, maxReceiveCount: s.redrive.maxReceiveCount }) } : {}),
    };
    if (names.includes('All')) return all;
    const unknown = names.filter((n) => !(n in all) && n !== 'Policy' && n !== 'KmsMasterKeyId');
    if (unknown.length) throw new SqsError('InvalidAttributeName', `Unknown Attribute ${unknown[0]}.`);
    return Object.fromEntries(names.filter((n) => n in all).map((n) => [n, all[n]!]));
  }

  /** Moves the engine clock forward: delays, visibility timeouts and retention elapse at once. */
  advance(ms: number): void {
    if (ms < 0) throw new Error('The clock only moves forward');
    this.offsetMs += ms;
    for (const state of this.queues.values()) this.changed(state);
  }

  /**
   * Ends the visibility timeout of every in-flight message (of one queue, or all), as if it had
   * elapsed: they can be received again, counting one more receive. The clock does not move.
   */
  expireVisibility(ref?: string): void {
    const states = ref ? [this.state(ref)] : [...this.queues.values()];
    const now = this.now();
    for (const state of states) {
      for (const m of state.messages.values()) if (m.inFlight && m.visibleAt > now) m.visibleAt = now;
      this.changed(state);
    }
  }

  /** The earliest time a message not receivable now becomes receivable, if any. */
  nextDue(ref: string): number | undefined {
    const state = this.state(ref);
    const now = this.now();
    let next: number | undefined;
    for (const m of state.messages.values()) if (m.visibleAt > now && (next === undefined || m.visibleAt < next)) next = m.visibleAt;
    return next;
  }

  // ---- internals --------------------------------------------------------------------------

  private state(ref: string): QueueState {
    const byName = this.queues.get(ref) ?? this.findByArn(ref) ?? this.findByUrl(ref);
    if (!byName) throw new SqsError('QueueDoesNotExist', 'The specified queue does not exist.', 'AWS.SimpleQueueService.NonExistentQueue');
    return byName;
  }

  private findByArn(arn: string): QueueState | undefined {
    if (!arn.startsWith('arn:')) return undefined;
    const state = this.queues.get(arn.split(':').pop() ?? '');
    return state?.queue.arn === arn ? state : undefined;
  }

  private findByUrl(url: string): QueueState | undefined {
    // SQS accepts a queue URL on any of its endpoints; the account and name decide.
    const m = /^https?:\/\/[^/]+\/(\d{12})\/([^/?#]+)$/.exec(url);
    if (!m || m[1] !== this.options.accountId) return undefined;
    return this.queues.get(m[2]!);
  }

  private store(state: QueueState, input: SendInput): SentMessage {
    const s = state.queue.settings;
    validateBody(input.body);
    const attributes = input.attributes ?? {};
    validateAttributes(attributes);
    const size = Buffer.byteLength(input.body) + attributesSize(attributes);
    if (size > s.maximumMessageBytes) {
      throw new SqsError('InvalidParameterValue', `One or more parameters are invalid. Reason: Message must be shorter than ${s.maximumMessageBytes} bytes.`);
    }
    const delay = input.delaySeconds ?? s.delaySeconds;
    if (!Number.isInteger(delay) || delay < 0 || delay > 900) throw new SqsError('InvalidParameterValue', 'DelaySeconds must be an integer from 0 to 900');
    const now = this.now();
    const md5OfBody = md5(input.body);
    const md5OfMessageAttributes = Object.keys(attributes).length ? md5OfAttributes(attributes) : undefined;
    const m: StoredMessage = {
      messageId: randomUUID(),
      body: input.body,
      md5OfBody,
      attributes,
      md5OfMessageAttributes,
      traceHeader: input.traceHeader,
      senderId: input.senderId ?? LOCAL_SENDER_ID,
      sentTimestamp: now,
      receiveCount: 0,
      visibleAt: now + delay * 1000,
      inFlight: false,
    };
    state.messages.set(m.messageId, m);
    return { MessageId: m.messageId, MD5OfMessageBody: md5OfBody, ...(md5OfMessageAttributes ? { MD5OfMessageAttributes: md5OfMessageAttributes } : {}) };
  }

  private moveToDeadLetters(source: QueueState, m: StoredMessage, targetArn: string): QueueState {
    const target = this.findByArn(targetArn);
    if (!target) throw new Error(`Queue ${source.queue.name}: dead-letter target ${targetArn} is not a local queue`);
    source.messages.delete(m.messageId);
    // Same message id, body, attributes and enqueue time (standard queues keep it in the DLQ).
    target.messages.set(m.messageId, {
      ...m,
      visibleAt: this.now(),
      inFlight: false,
      receiptHandle: undefined,
      deadLetterSourceArn: source.queue.arn,
    });
    return target;
  }

  /** Messages past the retention period are gone, counted from when they were first sent. */
  private expire(state: QueueState, now: number): void {
    const keepMs = state.queue.settings.retentionSeconds * 1000;
    for (const [id, m] of state.messages) if (m.sentTimestamp + keepMs <= now) state.messages.delete(id);
  }

  /** Writes every queue's messages to the persist file (atomically: a whole snapshot or none). */
  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const file = this.options.persistFile;
    if (!file) return;
    const snapshot: Snapshot = { version: 1, queues: { ...this.restored } };
    for (const [name, state] of this.queues) {
      snapshot.queues[name] = [...state.messages.values()].map((m) => ({
        ...m,
        attributes: Object.fromEntries(
          Object.entries(m.attributes).map(([k, v]) => [k, { DataType: v.DataType, StringValue: v.StringValue, BinaryValue: v.BinaryValue?.toString('base64') }]),
        ),
      }));
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
    renameSync(`${file}.tmp`, file);
  }

  /** Re-arms the queue's wake-up timer and tells waiters and listeners when something is due. */
  private changed(state: QueueState, notify = true): void {
    if (this.closed) return;
    if (this.options.persistFile && !this.saveTimer) {
      this.saveTimer = setTimeout(() => this.save(), 100);
      this.saveTimer.unref();
    }
    const now = this.now();
    let receivable = false;
    let next: number | undefined;
    for (const m of state.messages.values()) {
      if (m.visibleAt <= now) receivable = true;
      else if (next === undefined || m.visibleAt < next) next = m.visibleAt;
    }
    if (next !== state.timerAt) {
      clearTimeout(state.timer);
      state.timer = undefined;
      state.timerAt = next;
      if (next !== undefined) {
        state.timer = setTimeout(() => {
          state.timer = undefined;
          state.timerAt = undefined;
          this.changed(state);
        }, Math.min(2 ** 31 - 1, Math.max(0, next - now)));
        state.timer.unref();
      }
    }
    if (notify && receivable) {
      for (const wake of [...state.waiters]) wake();
    }
    for (const listener of this.listeners) listener(state.queue, receivable);
  }

  // ---- the SQS JSON protocol (awsJson1_0) ------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const requestId = randomUUID();
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method !== 'POST' || !target.startsWith('AmazonSQS.')) {
        throw new SqsError('UnknownOperationException', 'Only the SQS JSON protocol (POST / with X-Amz-Target: AmazonSQS.<Action>) is served locally');
      }
      const raw = await readBody(req);
      let input: Record<string, any>;
      try {
        input = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, any>) : {};
      } catch {
        throw new SqsError('SerializationException', 'The request body is not valid JSON');
      }
      const output = await this.dispatch(target.slice('AmazonSQS.'.length), input, senderOf(req), gone.signal);
      if (gone.signal.aborted) return;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId });
      res.end(JSON.stringify(output));
    } catch (err) {
      const e = err instanceof SqsError ? err : new SqsError('InternalError', 'We encountered an internal error. Please try again.', 'InternalError', false);
      if (!(err instanceof SqsError)) console.error('Local SQS failure', err);
      res.writeHead(e.code === 'InternalError' ? 500 : 400, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': requestId,
        'x-amzn-query-error': `${e.queryCode};${e.senderFault ? 'Sender' : 'Receiver'}`,
      });
      res.end(JSON.stringify({ __type: `com.amazonaws.sqs#${e.code}`, message: e.message }));
    }
  }

  private async dispatch(action: string, input: Record<string, any>, senderId: string, signal: AbortSignal): Promise<Record<string, unknown>> {
    const url = () => required<string>(input, 'QueueUrl');
    switch (action) {
      case 'SendMessage':
        return this.send(url(), {
          body: required<string>(input, 'MessageBody'),
          delaySeconds: input.DelaySeconds,
          attributes: attributesFromWire(input.MessageAttributes),
          traceHeader: input.MessageSystemAttributes?.AWSTraceHeader?.StringValue,
          senderId,
        }) as unknown as Record<string, unknown>;
      case 'SendMessageBatch': {
        const state = this.state(url());
        const entries = checkBatch(input.Entries);
        const total = entries.reduce((n, e) => n + Buffer.byteLength(String(e.MessageBody ?? '')) + attributesSize(attributesFromWire(e.MessageAttributes) ?? {}), 0);
        if (total > state.queue.settings.maximumMessageBytes) {
          throw new SqsError('BatchRequestTooLong', `Batch requests cannot be longer than ${state.queue.settings.maximumMessageBytes} bytes.`, 'AWS.SimpleQueueService.BatchRequestTooLong');
        }
        const Successful: unknown[] = [];
        const Failed: unknown[] = [];
        for (const e of entries) {
          try {
            const sent = this.store(state, {
              body: required<string>(e, 'MessageBody'),
              delaySeconds: e.DelaySeconds,
              attributes: attributesFromWire(e.MessageAttributes),
              traceHeader: e.MessageSystemAttributes?.AWSTraceHeader?.StringValue,
              senderId,
            });
            Successful.push({ Id: e.Id, ...sent });
          } catch (err) {
            if (!(err instanceof SqsError)) throw err;
            Failed.push({ Id: e.Id, SenderFault: true, Code: err.code, Message: err.message });
          }
        }
        this.changed(state);
        return { Successful, Failed };
      }
      case 'ReceiveMessage': {
        const max = input.MaxNumberOfMessages ?? 1;
        if (!Number.isInteger(max) || max < 1 || max > 10) throw new SqsError('InvalidParameterValue', 'MaxNumberOfMessages must be from 1 to 10');
        const wait = input.WaitTimeSeconds;
        if (wait !== undefined && (!Number.isInteger(wait) || wait < 0 || wait > 20)) throw new SqsError('InvalidParameterValue', 'WaitTimeSeconds must be from 0 to 20');
        const messages = await this.receiveWait(url(), { max, visibilityTimeoutSeconds: input.VisibilityTimeout, waitSeconds: wait, signal });
        if (!messages.length) return {};
        const systemNames: string[] = [...(input.MessageSystemAttributeNames ?? []), ...(input.AttributeNames ?? [])];
        const attributeNames: string[] = input.MessageAttributeNames ?? [];
        return { Messages: messages.map((m) => toWireMessage(m, systemNames, attributeNames)) };
      }
      case 'DeleteMessage':
        this.deleteMessage(url(), required<string>(input, 'ReceiptHandle'));
        return {};
      case 'DeleteMessageBatch': {
        const q = url();
        const entries = checkBatch(input.Entries);
        const Successful: unknown[] = [];
        const Failed: unknown[] = [];
        for (const e of entries) {
          try {
            this.deleteMessage(q, required<string>(e, 'ReceiptHandle'));
            Successful.push({ Id: e.Id });
          } catch (err) {
            if (!(err instanceof SqsError) || err.code === 'QueueDoesNotExist') throw err;
            Failed.push({ Id: e.Id, SenderFault: true, Code: err.code, Message: err.message });
          }
        }
        return { Successful, Failed };
      }
      case 'ChangeMessageVisibility':
        this.changeVisibility(url(), required<string>(input, 'ReceiptHandle'), required<number>(input, 'VisibilityTimeout'));
        return {};
      case 'ChangeMessageVisibilityBatch': {
        const q = url();
        const entries = checkBatch(input.Entries);
        const Successful: unknown[] = [];
        const Failed: unknown[] = [];
        for (const e of entries) {
          try {
            this.changeVisibility(q, required<string>(e, 'ReceiptHandle'), required<number>(e, 'VisibilityTimeout'));
            Successful.push({ Id: e.Id });
          } catch (err) {
            if (!(err instanceof SqsError) || err.code === 'QueueDoesNotExist') throw err;
            Failed.push({ Id: e.Id, SenderFault: true, Code: err.code, Message: err.message });
          }
        }
        return { Successful, Failed };
      }
      case 'GetQueueAttributes':
        return { Attributes: this.getAttributes(url(), input.AttributeNames ?? ['All']) };
      case 'GetQueueUrl':
        return { QueueUrl: this.state(required<string>(input, 'QueueName')).queue.url };
      case 'ListQueues': {
        const prefix = String(input.QueueNamePrefix ?? '');
        return { QueueUrls: this.list().filter((q) => q.name.startsWith(prefix)).map((q) => q.url) };
      }
      case 'PurgeQueue':
        this.purge(url());
        return {};
      default:
        // Queues come from the template; creating, deleting or re-configuring them is deploy-time work.
        throw new SqsError('UnsupportedOperation', `${action} is not served by the local SQS stand-in`, 'AWS.SimpleQueueService.UnsupportedOperation');
    }
  }
}

/** Lambda's SQS event source and ReceiveMessage with `All` see the same record. */
function view(m: StoredMessage): ReceivedMessage {
  return {
    messageId: m.messageId,
    receiptHandle: m.receiptHandle!,
    body: m.body,
    md5OfBody: m.md5OfBody,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount),
      SentTimestamp: String(m.sentTimestamp),
      SenderId: m.senderId,
      ApproximateFirstReceiveTimestamp: String(m.firstReceiveTimestamp),
      ...(m.traceHeader ? { AWSTraceHeader: m.traceHeader } : {}),
      ...(m.deadLetterSourceArn ? { DeadLetterQueueSourceArn: m.deadLetterSourceArn } : {}),
    },
    messageAttributes: m.attributes,
    md5OfMessageAttributes: m.md5OfMessageAttributes,
  };
}

function toWireMessage(m: ReceivedMessage, systemNames: string[], attributeNames: string[]): Record<string, unknown> {
  const wantAll = systemNames.includes('All');
  const system = Object.fromEntries(Object.entries(m.attributes).filter(([k]) => wantAll || systemNames.includes(k)));
  const selected = Object.entries(m.messageAttributes).filter(([name]) =>
    attributeNames.some((pattern) => pattern === 'All' || pattern === '.*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1)))),
  );
  const attrs = Object.fromEntries(selected);
  return {
    MessageId: m.messageId,
    ReceiptHandle: m.receiptHandle,
    MD5OfBody: m.md5OfBody,
    Body: m.body,
    ...(Object.keys(system).length ? { Attributes: system } : {}),
    ...(selected.length
      ? {
          // SQS digests only the attributes it returns.
          MD5OfMessageAttributes: md5OfAttributes(attrs),
          MessageAttributes: Object.fromEntries(
            selected.map(([name, v]) => [
              name,
              { DataType: v.DataType, ...(v.StringValue !== undefined ? { StringValue: v.StringValue } : {}), ...(v.BinaryValue ? { BinaryValue: v.BinaryValue.toString('base64') } : {}) },
            ]),
          ),
        }
      : {}),
  };
}

function attributesFromWire(wire: unknown): Record<string, MessageAttributeValue> | undefined {
  if (wire === undefined || wire === null) return undefined;
  if (typeof wire !== 'object') throw new SqsError('InvalidParameterValue', 'MessageAttributes must be a map');
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, v] of Object.entries(wire as Record<string, any>)) {
    out[name] = {
      DataType: v?.DataType,
      ...(v?.StringValue !== undefined ? { StringValue: String(v.StringValue) } : {}),
      ...(v?.BinaryValue !== undefined ? { BinaryValue: Buffer.from(String(v.BinaryValue), 'base64') } : {}),
    };
  }
  return out;
}

function validateBody(body: unknown): asserts body is string {
  if (typeof body !== 'string' || body.length === 0) {
    throw new SqsError('MissingParameter', 'The request must contain the parameter MessageBody.', 'MissingParameter');
  }
  // The characters SQS allows: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF.
  if (/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(body)) {
    throw new SqsError('InvalidMessageContents', 'Invalid characters found in the message body.', 'InvalidMessageContents');
  }
}

function validateAttributes(attributes: Record<string, MessageAttributeValue>): void {
  const names = Object.keys(attributes);
  if (names.length > 10) throw new SqsError('InvalidParameterValue', 'Number of message attributes [' + names.length + '] exceeds the allowed maximum [10].');
  for (const name of names) {
    const v = attributes[name]!;
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || /^(aws\.|amazon\.)/i.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
      throw new SqsError('InvalidParameterValue', `Message attribute name '${name}' is invalid.`);
    }
    const type = String(v.DataType ?? '');
    const base = type.split('.')[0];
    if (base !== 'String' && base !== 'Number' && base !== 'Binary') {
      throw new SqsError('InvalidParameterValue', `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`);
    }
    if (base === 'Binary' ? !v.BinaryValue : v.StringValue === undefined || v.StringValue === '') {
      throw new SqsError('InvalidParameterValue', `Message (user) attribute '${name}' must contain a non-empty value of type '${base}'.`);
    }
    if (base === 'Number' && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.StringValue!)) {
      throw new SqsError('InvalidParameterValue', `Could not cast message attribute '${name}' value to number.`);
    }
  }
}

function attributesSize(attributes: Record<string, MessageAttributeValue>): number {
  let size = 0;
  for (const [name, v] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(String(v.DataType ?? '')) + (v.BinaryValue?.length ?? Buffer.byteLength(String(v.StringValue ?? '')));
  }
  return size;
}

export function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * SQS's digest of message attributes: for each name in sorted order, length-prefixed (4-byte big
 * endian) name, data type, a transport byte (1 string/number, 2 binary) and the length-prefixed value.
 */
export function md5OfAttributes(attributes: Record<string, MessageAttributeValue>): string {
  const hash = createHash('md5');
  const field = (bytes: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    hash.update(len);
    hash.update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const v = attributes[name]!;
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(v.DataType, 'utf8'));
    if (v.DataType.startsWith('Binary')) {
      hash.update(Buffer.from([2]));
      field(v.BinaryValue ?? Buffer.alloc(0));
    } else {
      hash.update(Buffer.from([1]));
      field(Buffer.from(v.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}

/** Opaque to clients; names the queue and message, and is unique per receive. */
function encodeHandle(queueName: string, messageId: string): string {
  return Buffer.from(`${queueName}\n${messageId}\n${randomBytes(24).toString('base64')}`).toString('base64');
}

function decodeHandle(handle: string): { queueName: string; messageId: string } {
  const parts = typeof handle === 'string' ? Buffer.from(handle, 'base64').toString('utf8').split('\n') : [];
  if (parts.length !== 3 || !parts[0] || !/^[0-9a-f-]{36}$/.test(parts[1] ?? '')) {
    throw new SqsError('ReceiptHandleIsInvalid', `The input receipt handle "${String(handle).slice(0, 40)}" is not a valid receipt handle.`);
  }
  return { queueName: parts[0], messageId: parts[1]! };
}

function checkBatch(entries: unknown): Record<string, any>[] {
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new SqsError('EmptyBatchRequest', 'There should be at least one entry in the request.', 'AWS.SimpleQueueService.EmptyBatchRequest');
  }
  if (entries.length > MAX_BATCH_ENTRIES) {
    throw new SqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}.`, 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest');
  }
  const ids = new Set<string>();
  for (const e of entries as Record<string, any>[]) {
    if (typeof e?.Id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(e.Id)) {
      throw new SqsError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores.', 'AWS.SimpleQueueService.InvalidBatchEntryId');
    }
    if (ids.has(e.Id)) throw new SqsError('BatchEntryIdsNotDistinct', `Id ${e.Id} repeated.`, 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct');
    ids.add(e.Id);
  }
  return entries as Record<string, any>[];
}

function required<T>(input: Record<string, any>, name: string): T {
  const v = input[name];
  if (v === undefined || v === null || v === '') throw new SqsError('MissingParameter', `The request must contain the parameter ${name}.`, 'MissingParameter');
  return v as T;
}

/** The signing access key stands in for the sender's principal id (SenderId). */
function senderOf(req: IncomingMessage): string {
  const credential = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
  return credential ?? LOCAL_SENDER_ID;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // A batch of ten 1 MiB messages, base64-inflated attributes, plus JSON overhead.
    if (size > 16 * 1024 * 1024) throw new SqsError('BatchRequestTooLong', 'The request is too long.', 'AWS.SimpleQueueService.BatchRequestTooLong');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
