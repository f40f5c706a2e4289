import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EventMatcher } from './event-pattern.ts';
import { checkedEvent, eventTime, type EventBridgeEvent } from './eventbridge-event.ts';
import type { RuleTarget } from './rule-targets.ts';
import { closeHttp, listenHttp } from './http-listener.ts';

/** One AWS::Events::Rule with an EventPattern, on one bus. */
export interface BusRuleSpec {
  logicalId: string;
  name: string;
  arn: string;
  busName: string;
  matches: EventMatcher;
  enabled: boolean;
  targets: RuleTarget[];
}

/** One event put on a bus, as the rules' targets received it. */
export interface RecordedEvent {
  busName: string;
  /** False when the bus named does not exist: EventBridge accepts the event and delivers it nowhere. */
  busExists: boolean;
  event: EventBridgeEvent;
  /** Logical ids of the enabled rules whose pattern matched. */
  matchedRules: string[];
}

export interface PutEventsResultEntry {
  EventId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

export interface PutEventsResult {
  FailedEntryCount: number;
  Entries: PutEventsResultEntry[];
}

/** A whole-request error, answered as EventBridge's JSON protocol does (`__type` and a message). */
export class EventBridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/** PutEvents limits: entries per request, and the request's size as EventBridge counts it. */
const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;
/** What a PutEvents entry's Time counts toward the size limit, whatever its value. */
const TIME_BYTES = 14;

/**
 * A stand-in for EventBridge's event buses (the JSON 1.1 protocol at AWS_ENDPOINT_URL_EVENTBRIDGE),
 * serving PutEvents as `@aws-sdk/client-eventbridge` calls it. The buses are the template's plus
 * `default`. Each accepted entry becomes the event a target receives (checked against Powertools'
 * EventBridgeSchema), is matched against the enabled rules of its bus, and is handed to each
 * matching rule's targets before the call answers, so a caller that settles the stack afterwards
 * sees every delivery under way.
 *
 * As EventBridge does, an entry without Source, DetailType or Detail, or whose Detail is not a JSON
 * object, fails on its own (`FailedEntryCount`); an entry for a bus that does not exist is accepted
 * with an EventId and delivered nowhere (the local stand-in logs it and records it as such).
 * Every other operation is refused: the template is what creates buses and rules here.
 *
 * The last `historySize` events of each bus are kept for developers (`list`, /dev/events).
 */
export class LocalEventBridge {
  private server?: Server;
  private baseUrl = '';
  private readonly buses: Set<string>;
  private readonly rules: BusRuleSpec[] = [];
  private readonly history = new Map<string, { seq: number; record: RecordedEvent }[]>();
  private sequence = 0;
  /** Target deliveries handed over so far; the stack compares it across a settling round. */
  deliveries = 0;

  constructor(
    private readonly options: {
      region: string;
      accountId: string;
      /** The template's buses by name (`default` is always there). */
      buses: string[];
      historySize?: number;
      log?: (line: string) => void;
    },
  ) {
    this.buses = new Set(['default', ...options.buses]);
  }

  get endpoint(): string {
    return this.baseUrl;
  }

  /** Every bus by name, `default` first. */
  busNames(): string[] {
    return [...this.buses];
  }

  busArn(name: string): string {
    return `arn:aws:events:${this.options.region}:${this.options.accountId}:event-bus/${name}`;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    ({ server: this.server, baseUrl: this.baseUrl } = await listenHttp((req, res) => this.handle(req, res), port, host));
    return this.baseUrl;
  }

  async close(): Promise<void> {
    await closeHttp(this.server);
  }

  addRule(spec: BusRuleSpec): void {
    if (!this.buses.has(spec.busName)) throw new Error(`Rule ${spec.logicalId}: event bus ${spec.busName} is not in the template`);
    this.rules.push(spec);
  }

  /** The rules with an event pattern, by bus. */
  listRules(): readonly BusRuleSpec[] {
    return this.rules;
  }

  /**
   * The last events put on one bus (or on every bus, merged), oldest first. Events for a bus that
   * does not exist are kept under the name they were sent to.
   */
  list(busName?: string): RecordedEvent[] {
    const entries = busName === undefined ? [...this.history.values()].flat() : [...(this.history.get(busName) ?? [])];
    return entries.sort((a, b) => a.seq - b.seq).map((e) => e.record);
  }

  /**
   * PutEvents: answers per entry (EventId, or ErrorCode and ErrorMessage); throws EventBridgeError
   * for a request EventBridge refuses whole.
   */
  putEvents(input: Record<string, unknown>): PutEventsResult {
    if (input.EndpointId !== undefined) {
      throw new EventBridgeError('ValidationException', 'EndpointId (a global endpoint) is not served by the local EventBridge stand-in; put events on a bus of the template');
    }
    const entries = input.Entries;
    if (entries === undefined || entries === null) throw new EventBridgeError('ValidationException', "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
    if (!Array.isArray(entries)) throw new EventBridgeError('SerializationException', 'Entries must be a list');
    if (entries.length < 1) throw new EventBridgeError('ValidationException', "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1");
    if (entries.length > MAX_ENTRIES) {
      throw new EventBridgeError('ValidationException', `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES}`);
    }
    if (entries.reduce((n: number, e) => n + entrySize(e), 0) > MAX_REQUEST_BYTES) {
      throw new EventBridgeError('ValidationException', 'Total size of the entries in the request is over the limit.');
    }
    const results = entries.map((e) => this.putEntry(isObject(e) ? e : {}));
    return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
  }

  private putEntry(entry: Record<string, unknown>): PutEventsResultEntry {
    for (const field of ['Source', 'DetailType', 'Detail'] as const) {
      if (typeof entry[field] !== 'string' || entry[field] === '') {
        return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` };
      }
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail as string);
    } catch {
      detail = undefined;
    }
    if (!isObject(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    const time = entry.Time === undefined || entry.Time === null ? new Date() : wireTime(entry.Time);
    if (!time) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Time is not valid.' };
    const resources = entry.Resources ?? [];
    if (!Array.isArray(resources) || resources.some((r) => typeof r !== 'string')) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Resources is not valid. Reason: Resources must be a list of strings.' };
    }

    const event = checkedEvent({
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType as string,
      source: entry.Source as string,
      account: this.options.accountId,
      time: eventTime(time),
      region: this.options.region,
      resources: resources as string[],
      detail,
    });
    const busName = this.busNameOf(entry.EventBusName);
    const busExists = this.buses.has(busName);
    const matched = busExists ? this.rules.filter((r) => r.enabled && r.busName === busName && r.matches(event)) : [];
    this.record({ busName, busExists, event, matchedRules: matched.map((r) => r.logicalId) });
    if (!busExists) {
      this.log(`[EventBridge] event ${event.id} (${event.source} ${event['detail-type']}) was put on event bus ${busName}, which does not exist: EventBridge accepts it and delivers it nowhere`);
    }
    for (const rule of matched) {
      for (const target of rule.targets) {
        this.deliveries++;
        void target.deliver(event, { origin: `rule ${rule.logicalId} (target ${target.id})` });
      }
    }
    return { EventId: event.id };
  }

  /** A bus named by name or ARN; an ARN of another region or account names no local bus. */
  private busNameOf(value: unknown): string {
    if (value === undefined || value === null || value === '') return 'default';
    const text = String(value);
    const arn = /^arn:aws:events:([^:]*):(\d*):event-bus\/(.+)$/.exec(text);
    if (!arn) return text;
    return arn[1] === this.options.region && arn[2] === this.options.accountId ? arn[3]! : text;
  }

  private record(record: RecordedEvent): void {
    const kept = this.history.get(record.busName) ?? [];
    kept.push({ seq: ++this.sequence, record });
    const size = this.options.historySize ?? 500;
    if (kept.length > size) kept.splice(0, kept.length - size);
    this.history.set(record.busName, kept);
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => console.error(l)))(line);
  }

  // ---- the EventBridge JSON protocol (awsJson1_1) -----------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method !== 'POST' || !target.startsWith('AWSEvents.')) {
        throw new EventBridgeError('UnknownOperationException', 'Only the EventBridge JSON protocol (POST / with X-Amz-Target: AWSEvents.<Action>) is served locally');
      }
      const action = target.slice('AWSEvents.'.length);
      if (action !== 'PutEvents') {
        throw new EventBridgeError(
          'UnknownOperationException',
          `${action} is not served by the local EventBridge stand-in (only PutEvents): buses and rules come from the template`,
        );
      }
      const raw = await readBody(req);
      let input: unknown;
      try {
        input = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      } catch {
        throw new EventBridgeError('SerializationException', 'The request body is not valid JSON');
      }
      if (!isObject(input)) throw new EventBridgeError('SerializationException', 'The request body must be a JSON object');
      const output = this.putEvents(input);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId });
      res.end(JSON.stringify(output));
    } catch (err) {
      const e = err instanceof EventBridgeError ? err : new EventBridgeError('InternalException', 'An internal error occurred.', 500);
      if (!(err instanceof EventBridgeError)) this.log(`Local EventBridge failure: ${(err as Error).stack ?? String(err)}`);
      res.writeHead(e.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, 'x-amzn-errortype': e.code });
      res.end(JSON.stringify({ __type: e.code, message: e.message }));
    }
  }
}

/** An entry's size as EventBridge counts it toward the request limit. */
function entrySize(entry: unknown): number {
  if (!isObject(entry)) return 0;
  const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  let size = entry.Time === undefined || entry.Time === null ? 0 : TIME_BYTES;
  size += bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail);
  if (Array.isArray(entry.Resources)) for (const r of entry.Resources) size += bytes(r);
  return size;
}

/** The JSON protocol sends a timestamp as epoch seconds (possibly fractional); an ISO string is taken too. */
function wireTime(value: unknown): Date | undefined {
  const date = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Ten entries of 256 KiB at most, with JSON escaping: anything far beyond is not a PutEvents call.
    if (size > 4 * 1024 * 1024) throw new EventBridgeError('ValidationException', 'Total size of the entries in the request is over the limit.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
