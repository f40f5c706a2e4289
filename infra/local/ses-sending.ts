import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { SesRecordSchema } from '@aws-lambda-powertools/parser/schemas';
import { addressParser, decodeWords } from 'postal-mime';
import { z } from 'zod';
import { parseHeaders, splitAddresses } from './smtp-intake.ts';
import type { LocalSns } from './sns-router.ts';

/** What a configuration set's event destination can publish (CloudFormation's MatchingEventTypes). */
export type SesEventType = 'send' | 'reject' | 'bounce' | 'complaint' | 'delivery' | 'open' | 'click' | 'renderingFailure' | 'deliveryDelay' | 'subscription';
const EVENT_TYPES: SesEventType[] = ['send', 'reject', 'bounce', 'complaint', 'delivery', 'open', 'click', 'renderingFailure', 'deliveryDelay', 'subscription'];

export interface EventDestinationSpec {
  name: string;
  enabled: boolean;
  matchingEventTypes: SesEventType[];
  /** The SNS destination's topic (other destination kinds are refused before this is built). */
  topicArn: string;
}

export interface SesSendingOptions {
  region: string;
  accountId: string;
  /** Verified identities: domains (their subdomains too) and addresses (AWS::SES::EmailIdentity). */
  identities: { identity: string; defaultConfigurationSet?: string }[];
  /** Configuration sets by name, with their event destinations. */
  configurationSets: Record<string, EventDestinationSpec[]>;
  /** Where each accepted message is written as one .eml file. */
  outboxDir: string;
  sns: LocalSns;
  /** The stack's clock (the SQS engine's): timestamps, and when simulated feedback is due. */
  clock: { now(): number; advance(ms: number): void };
  /** How long after a send the simulator's bounce or complaint arrives (SES: seconds). */
  feedbackDelayMs?: number;
  log?: (line: string) => void;
}

export interface SentMail {
  /** Absolute path of the .eml file. */
  file: string;
  raw: Buffer;
}

/** SES's limit for SendRawEmail (the message, attachments included). */
const MAX_RAW_BYTES = 10 * 1024 * 1024;
const MAX_RECIPIENTS = 50;
const SIMULATOR_DOMAIN = 'simulator.amazonses.com';
const XMLNS = 'http://ses.amazonaws.com/doc/2010-12-01/';

export class SesError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Members of the error shape besides the message (e.g. ConfigurationSetName). */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** How `failNext` answers: SES's status and fault for the codes it uses. */
const FAILURES: Record<string, { status: number; message: string }> = {
  Throttling: { status: 400, message: 'Maximum sending rate exceeded.' },
  ServiceUnavailable: { status: 503, message: 'Service is unable to handle request.' },
  InternalFailure: { status: 500, message: 'The request processing has failed because of an unknown error, exception or failure.' },
  MessageRejected: { status: 400, message: 'Message rejected (local failure injected by failNext).' },
  AccountSendingPausedException: { status: 400, message: 'Email sending is disabled for your entire Amazon SES account.' },
};

interface PendingEvent {
  due: number;
  topicArn: string;
  event: Record<string, unknown>;
}

/**
 * A stand-in for SES sending (the v1 query API at AWS_ENDPOINT_URL_SES), serving SendRawEmail as
 * `@aws-sdk/client-ses` calls it. Like SES it refuses a sender that is not a verified identity of
 * the template and an unknown configuration set, rewrites Message-ID to `<id@region.amazonses.com>`,
 * and publishes the configuration set's events to its SNS destinations (only the event types the
 * destination lists). Nothing leaves the machine: each accepted message is written to the outbox
 * directory as one .eml file, named so that the files sort by send time.
 *
 * The mailbox simulator's addresses behave as in SES: bounce@ (a permanent bounce), complaint@
 * (delivered, then a complaint), suppressionlist@ (bounced as on the suppression list), success@.
 * Their feedback is due `feedbackDelayMs` after the send on the stack's clock: a timer publishes it
 * in real time, `publishFeedback('all')` at once (moving the clock, as `drain()` does).
 *
 * `failNext(n, code)` makes the next n calls fail with an SES error (tests of retries).
 */
export class LocalSesSending {
  private server?: Server;
  private baseUrl = '';
  private failures: { left: number; code: string }[] = [];
  private readonly pending: PendingEvent[] = [];
  private timer?: NodeJS.Timeout;
  private sequence = 0;
  /** SendRawEmail calls answered (accepted or refused), for tests. */
  calls = 0;

  constructor(private readonly options: SesSendingOptions) {
    mkdirSync(options.outboxDir, { recursive: true });
    for (const [name, destinations] of Object.entries(options.configurationSets)) {
      for (const d of destinations) {
        const unknown = d.matchingEventTypes.filter((t) => !EVENT_TYPES.includes(t));
        if (unknown.length) throw new Error(`Configuration set ${name}, destination ${d.name}: unknown event types ${unknown.join(', ')}`);
        options.sns.topic(d.topicArn); // the destination must be a topic of this stack
      }
    }
    for (const i of options.identities) {
      if (i.defaultConfigurationSet && !options.configurationSets[i.defaultConfigurationSet]) {
        throw new Error(`Identity ${i.identity}: default configuration set ${i.defaultConfigurationSet} is not in the template`);
      }
    }
  }

  get endpoint(): string {
    return this.baseUrl;
  }

  get outboxDir(): string {
    return this.options.outboxDir;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, resolve);
    });
    this.baseUrl = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** The next `n` SendRawEmail calls fail with this SES error code (the SDK retries Throttling itself). */
  failNext(n: number, code = 'Throttling'): void {
    if (!Number.isInteger(n) || n < 0) throw new Error('failNext: n is a whole number');
    this.failures.push({ left: n, code });
  }

  /** Every message in the outbox directory, oldest first. */
  async sent(): Promise<SentMail[]> {
    return this.files().map((name) => {
      const file = path.join(this.options.outboxDir, name);
      return { file, raw: readFileSync(file) };
    });
  }

  /** The .eml file names in the outbox, oldest first. */
  files(): string[] {
    return readdirSync(this.options.outboxDir)
      .filter((f) => f.endsWith('.eml'))
      .sort();
  }

  /** Feedback events not yet published (the simulator's bounces and complaints on their way). */
  pendingFeedback(): number {
    return this.pending.length;
  }

  /**
   * Publishes the configuration-set events that are due now ('due'), or all of them ('all'),
   * moving the clock to each one's time first, as if the wait had passed. Answers how many.
   */
  publishFeedback(mode: 'due' | 'all'): number {
    let published = 0;
    this.pending.sort((a, b) => a.due - b.due);
    while (this.pending.length) {
      const next = this.pending[0]!;
      const now = this.options.clock.now();
      if (next.due > now) {
        if (mode === 'due') break;
        this.options.clock.advance(next.due - now);
      }
      this.pending.shift();
      this.publish(next);
      published++;
    }
    this.armTimer();
    return published;
  }

  private publish(p: PendingEvent): void {
    try {
      this.options.sns.publish(p.topicArn, JSON.stringify(p.event));
    } catch (err) {
      this.log(`Local SES: publishing a ${String(p.event.eventType)} event failed: ${(err as Error).message}`);
    }
  }

  private armTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.length) return;
    const due = Math.min(...this.pending.map((p) => p.due));
    this.timer = setTimeout(() => this.publishFeedback('due'), Math.max(0, due - this.options.clock.now()));
    this.timer.unref();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    try {
      if (req.method !== 'POST') throw new SesError('InvalidAction', 'The local SES stand-in serves the query API (POST, form-encoded) only');
      const form = new URLSearchParams((await readBody(req)).toString('utf8'));
      const action = form.get('Action');
      if (action !== 'SendRawEmail') throw new SesError('InvalidAction', `${action ?? '(no Action)'} is not served by the local SES stand-in (only SendRawEmail)`);
      this.calls++;
      const messageId = this.sendRawEmail(form);
      res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(
        `<SendRawEmailResponse xmlns="${XMLNS}">\n  <SendRawEmailResult>\n    <MessageId>${messageId}</MessageId>\n  </SendRawEmailResult>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</SendRawEmailResponse>\n`,
      );
    } catch (err) {
      const e = err instanceof SesError ? err : new SesError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
      if (!(err instanceof SesError)) this.log(`Local SES failure: ${(err as Error).stack ?? String(err)}`);
      res.writeHead(e.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(
        `<ErrorResponse xmlns="${XMLNS}">\n  <Error>\n    <Type>${e.status >= 500 ? 'Receiver' : 'Sender'}</Type>\n    <Code>${xml(e.code)}</Code>\n    <Message>${xml(e.message)}</Message>\n${Object.entries(e.fields)
          .map(([k, v]) => `    <${k}>${xml(v)}</${k}>\n`)
          .join('')}  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
      );
    }
  }

  /** Accepts one message or throws the SesError SES would answer; returns SES's message id. */
  private sendRawEmail(form: URLSearchParams): string {
    const failure = this.failures.find((f) => f.left > 0);
    if (failure) {
      failure.left--;
      const known = FAILURES[failure.code];
      throw new SesError(failure.code, known?.message ?? `Local failure injected by failNext (${failure.code})`, known?.status ?? 400);
    }
    const data = form.get('RawMessage.Data');
    if (!data) throw new SesError('ValidationError', "1 validation error detected: Value null at 'rawMessage' failed to satisfy constraint: Member must not be null");
    const original = Buffer.from(data, 'base64');
    if (original.length > MAX_RAW_BYTES) throw new SesError('InvalidParameterValue', `Message length is more than ${MAX_RAW_BYTES} bytes long: '${original.length}'.`);
    const headers = parseHeaders(original);
    const header = (name: string) => headers.filter((h) => h.name.toLowerCase() === name);

    const fromHeader = header('from')[0]?.value;
    if (!fromHeader) throw new SesError('InvalidParameterValue', "Missing required header 'From'.");
    const source = form.get('Source') ?? undefined;
    const senders = [...mailboxes(source ?? ''), ...mailboxes(fromHeader), ...header('sender').flatMap((h) => mailboxes(h.value))];
    if (!senders.length) throw new SesError('InvalidParameterValue', `Illegal address in From: ${fromHeader}`);
    const unverified = senders.filter((a) => !this.identityFor(a));
    if (unverified.length) {
      throw new SesError('MessageRejected', `Email address is not verified. The following identities failed the check in region ${this.options.region.toUpperCase()}: ${[...new Set(unverified)].join(', ')}`);
    }

    let destinations = members(form, 'Destinations');
    if (!destinations.length) destinations = ['to', 'cc', 'bcc'].flatMap((n) => header(n).flatMap((h) => mailboxes(h.value)));
    if (!destinations.length) throw new SesError('InvalidParameterValue', 'Missing final \'@domain\'');
    if (destinations.length > MAX_RECIPIENTS) throw new SesError('InvalidParameterValue', `Recipient count exceeds ${MAX_RECIPIENTS}.`);
    for (const d of destinations) if (!/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(d)) throw new SesError('InvalidParameterValue', `Illegal address: ${d}`);

    const fromAddress = mailboxes(source ?? fromHeader)[0]!;
    const identity = this.identityFor(fromAddress)!;
    const configurationSet = form.get('ConfigurationSetName') ?? identity.defaultConfigurationSet;
    if (configurationSet !== undefined && !this.options.configurationSets[configurationSet]) {
      throw new SesError('ConfigurationSetDoesNotExist', `Configuration set <${configurationSet}> does not exist.`, 400, { ConfigurationSetName: configurationSet });
    }
    const tags: Record<string, string[]> = {};
    for (let i = 1; form.has(`Tags.member.${i}.Name`); i++) {
      const name = form.get(`Tags.member.${i}.Name`)!;
      const value = form.get(`Tags.member.${i}.Value`) ?? '';
      for (const [what, text] of [['name', name], ['value', value]] as const) {
        if (!/^[A-Za-z0-9_-]{1,256}$/.test(text)) {
          throw new SesError('InvalidParameterValue', `Invalid tag ${what} <${text}>: only ASCII letters, numbers, underscores and dashes are allowed (up to 256).`);
        }
      }
      if (name.startsWith('ses:')) throw new SesError('InvalidParameterValue', `Tag names may not start with "ses:": ${name}`);
      tags[name] = [value];
    }

    const now = this.options.clock.now();
    const messageId = sesMessageId(now);
    const sent = withHeaders(original, {
      'message-id': `<${messageId}@${this.options.region}.amazonses.com>`,
      ...(header('date').length ? {} : { date: new Date(now).toUTCString().replace('GMT', '+0000') }),
    });
    const events = this.events({ now, messageId, source: source ?? fromHeader, identity: identity.identity, destinations, sent, configurationSet, tags, fromAddress });
    this.write(sent, now, messageId);
    this.pending.push(...events);
    // The send event is due now; the rest when the clock gets there.
    this.publishFeedback('due');
    return messageId;
  }

  private identityFor(address: string): SesSendingOptions['identities'][number] | undefined {
    const a = address.toLowerCase();
    const domain = a.slice(a.lastIndexOf('@') + 1);
    const exact = this.options.identities.find((i) => i.identity.toLowerCase() === a);
    if (exact) return exact;
    // A verified domain covers its subdomains too.
    return this.options.identities.find((i) => !i.identity.includes('@') && (domain === i.identity.toLowerCase() || domain.endsWith(`.${i.identity.toLowerCase()}`)));
  }

  private write(raw: Buffer, now: number, messageId: string): void {
    const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('.', '');
    const name = `${stamp}-${String(++this.sequence % 10_000).padStart(4, '0')}-${messageId}.eml`;
    const file = path.join(this.options.outboxDir, name);
    writeFileSync(`${file}.tmp`, raw);
    renameSync(`${file}.tmp`, file);
  }

  /** The configuration set's events for one accepted message, for the destinations that want them. */
  private events(m: {
    now: number;
    messageId: string;
    source: string;
    identity: string;
    destinations: string[];
    sent: Buffer;
    configurationSet?: string;
    tags: Record<string, string[]>;
    fromAddress: string;
  }): PendingEvent[] {
    if (!m.configurationSet) return [];
    const destinations = this.options.configurationSets[m.configurationSet]!.filter((d) => d.enabled);
    if (!destinations.length) return [];
    const headers = parseHeaders(m.sent);
    const get = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;
    const list = (name: string) => {
      const v = get(name);
      return v === undefined ? undefined : splitAddresses(v);
    };
    const mail = {
      timestamp: new Date(m.now).toISOString(),
      source: m.source,
      sourceArn: `arn:aws:ses:${this.options.region}:${this.options.accountId}:identity/${m.identity}`,
      sendingAccountId: this.options.accountId,
      messageId: m.messageId,
      destination: m.destinations,
      headersTruncated: false,
      headers,
      commonHeaders: {
        from: list('from') ?? [],
        ...(list('to') ? { to: list('to') } : {}),
        ...(list('cc') ? { cc: list('cc') } : {}),
        ...(list('reply-to') ? { 'reply-to': list('reply-to') } : {}),
        ...(get('date') !== undefined ? { date: get('date') } : {}),
        messageId: m.messageId,
        ...(get('subject') !== undefined ? { subject: decodeWords(get('subject')!) } : {}),
      },
      tags: {
        ...m.tags,
        'ses:configuration-set': [m.configurationSet],
        'ses:source-ip': ['127.0.0.1'],
        'ses:from-domain': [m.fromAddress.slice(m.fromAddress.lastIndexOf('@') + 1)],
        'ses:caller-identity': ['local'],
      },
    };
    const later = m.now + (this.options.feedbackDelayMs ?? 1_000);
    const reportingMta = `a0-0.smtp-out.${this.options.region}.amazonses.com`;
    const events: { type: SesEventType; due: number; event: Record<string, unknown> }[] = [{ type: 'send', due: m.now, event: { eventType: 'Send', mail, send: {} } }];
    const simulated = (local: string) => m.destinations.filter((d) => d.toLowerCase() === `${local}@${SIMULATOR_DOMAIN}`);
    const bounced = simulated('bounce');
    const listed = simulated('suppressionlist');
    const complained = simulated('complaint');
    const delivered = m.destinations.filter((d) => !bounced.includes(d) && !listed.includes(d));
    const at = new Date(later).toISOString();
    if (delivered.length) {
      events.push({
        type: 'delivery',
        due: later,
        event: { eventType: 'Delivery', mail, delivery: { timestamp: at, processingTimeMillis: later - m.now, recipients: delivered, smtpResponse: '250 2.6.0 Message received', reportingMTA: reportingMta } },
      });
    }
    for (const [who, subType, status, diagnosticCode] of [
      [bounced, 'General', '5.1.1', 'smtp; 550 5.1.1 user unknown'],
      [listed, 'OnAccountSuppressionList', '5.1.1', 'Amazon SES did not send the message to this address because it is on the suppression list for your account.'],
    ] as const) {
      if (!who.length) continue;
      events.push({
        type: 'bounce',
        due: later,
        event: {
          eventType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: subType,
            bouncedRecipients: who.map((emailAddress) => ({ emailAddress, action: 'failed', status, diagnosticCode })),
            timestamp: at,
            feedbackId: sesMessageId(later),
            reportingMTA: `dsn; ${reportingMta}`,
          },
          mail,
        },
      });
    }
    if (complained.length) {
      events.push({
        type: 'complaint',
        due: later,
        event: {
          eventType: 'Complaint',
          complaint: {
            feedbackId: sesMessageId(later),
            complaintSubType: null,
            complainedRecipients: complained.map((emailAddress) => ({ emailAddress })),
            timestamp: at,
            userAgent: 'Amazon SES Mailbox Simulator',
            complaintFeedbackType: 'abuse',
            arrivalDate: at,
          },
          mail,
        },
      });
    }
    const out: PendingEvent[] = [];
    for (const e of events) {
      checkEvent(e.event);
      for (const d of destinations) if (d.matchingEventTypes.includes(e.type)) out.push({ due: e.due, topicArn: d.topicArn, event: e.event });
    }
    return out;
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => console.error(l)))(line);
  }
}

/** SES's message ids: 16 hex digits (with the time), a UUID, and a six-digit suffix. */
function sesMessageId(now: number): string {
  return `0102${now.toString(16).padStart(12, '0').slice(-12)}-${randomUUID()}-000000`;
}

/** Bare addresses of an address-list header (groups flattened, display names dropped). */
function mailboxes(value: string): string[] {
  if (!value.trim()) return [];
  return addressParser(value, { flatten: true })
    .map((a) => ('address' in a && a.address ? a.address : ''))
    .filter((a) => a.includes('@'));
}

/** `Name.member.1`, `Name.member.2`, … of a query request, in order. */
function members(form: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; form.has(`${name}.member.${i}`); i++) out.push(form.get(`${name}.member.${i}`)!);
  return out;
}

/**
 * The message with these header fields set (lower-case names): an existing field is replaced where
 * it stood (every occurrence), a new one goes first. The body's bytes are kept as they are.
 */
export function withHeaders(raw: Buffer, fields: Record<string, string>): Buffer {
  const text = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  const headerEnd = match ? match.index : text.length;
  const eol = match?.[0].startsWith('\r') || /\r\n/.test(text.slice(0, headerEnd)) ? '\r\n' : '\n';
  const lines = text.slice(0, headerEnd).split(/\r?\n/);
  const out: string[] = [];
  const placed = new Set<string>();
  let skipping = false;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (!skipping) out.push(line);
      continue;
    }
    const name = line.slice(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase();
    skipping = name in fields;
    if (!skipping) {
      out.push(line);
      continue;
    }
    if (!placed.has(name)) out.push(`${headerName(name)}: ${fields[name]}`);
    placed.add(name);
  }
  const added = Object.keys(fields)
    .filter((n) => !placed.has(n))
    .map((n) => `${headerName(n)}: ${fields[n]}`);
  const head = [...added, ...out].join(eol);
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(text.slice(headerEnd), 'latin1')]);
}

function headerName(lower: string): string {
  if (lower === 'message-id') return 'Message-ID';
  return lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // A 10 MB message, base64-inflated, plus the other parameters.
    if (size > 20 * 1024 * 1024) throw new SesError('InvalidParameterValue', 'The request is too long.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

// Powertools models the `mail` object of SES receiving; sending events carry the same object
// plus where it was sent from and its tags, with only the common headers the message has.
const receivedMail = SesRecordSchema.shape.ses.shape.mail;
const SendingMailSchema = receivedMail.extend({
  sourceArn: z.string(),
  sendingAccountId: z.string(),
  tags: z.record(z.string(), z.array(z.string())),
  commonHeaders: receivedMail.shape.commonHeaders.partial({ to: true, returnPath: true, date: true, subject: true }),
});
const SendingEventSchema = z.object({
  eventType: z.enum(['Send', 'Delivery', 'Bounce', 'Complaint']),
  mail: SendingMailSchema,
  send: z.object({}).optional(),
  delivery: z.object({ timestamp: z.iso.datetime(), processingTimeMillis: z.number(), recipients: z.array(z.string()), smtpResponse: z.string(), reportingMTA: z.string() }).optional(),
  bounce: z
    .object({
      bounceType: z.enum(['Undetermined', 'Permanent', 'Transient']),
      bounceSubType: z.string(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string(), action: z.string().optional(), status: z.string().optional(), diagnosticCode: z.string().optional() })),
      timestamp: z.iso.datetime(),
      feedbackId: z.string(),
      reportingMTA: z.string().optional(),
    })
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(z.object({ emailAddress: z.string() })),
      timestamp: z.iso.datetime(),
      feedbackId: z.string(),
      complaintSubType: z.string().nullable(),
      userAgent: z.string().optional(),
      complaintFeedbackType: z.string().optional(),
      arrivalDate: z.iso.datetime().optional(),
    })
    .optional(),
});

function checkEvent(event: unknown): void {
  const checked = SendingEventSchema.safeParse(event);
  if (!checked.success) throw new Error(`Local SES event does not match SES's event shape: ${checked.error.message}`);
}
