import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SesRecordSchema } from '@aws-lambda-powertools/parser/schemas';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { z } from 'zod';
import type { LocalS3 } from './s3-engine.ts';
import type { LocalSns } from './sns-router.ts';

/** One AWS::SES::ReceiptRule, resolved: which recipients it takes and what it does with a message. */
export interface ReceiptRuleSpec {
  name: string;
  /** Addresses (exact), domains (any address there) or `.domain` (its subdomains); empty = all. */
  recipients: string[];
  enabled: boolean;
  actions: S3ActionSpec[];
}

export interface S3ActionSpec {
  type: 'S3';
  bucketName: string;
  objectKeyPrefix: string;
  topicArn?: string;
}

export type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';
export interface Verdicts {
  spam: Verdict;
  virus: Verdict;
  spf: Verdict;
  dkim: Verdict;
  dmarc: Verdict;
  dmarcPolicy?: 'none' | 'quarantine' | 'reject';
}

/** SES's limit for a received message, headers included. */
export const SES_MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
/** SES lists headers in a notification up to 10 KB, then says headersTruncated. */
const NOTIFICATION_HEADER_BYTES = 10 * 1024;

/**
 * The local stand-in for SES's spam, virus, SPF, DKIM and DMARC checks: nothing is scanned, every
 * verdict is PASS, unless the message carries this header (any subset, `;`-separated), e.g.
 * `X-Loopdesk-Local-Verdicts: spam=FAIL; virus=PASS; spf=PASS; dkim=FAIL; dmarc=FAIL; dmarcPolicy=reject`.
 * Like every header it stays in the stored message (SES strips none either).
 */
export const VERDICTS_HEADER = 'X-Loopdesk-Local-Verdicts';

export interface SmtpIntakeOptions {
  rules: ReceiptRuleSpec[];
  s3: LocalS3;
  sns: LocalSns;
  region: string;
  maxMessageBytes?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * SES receiving on this machine: an SMTP server (`smtp-server`, no auth, no TLS) that accepts RCPT
 * TO only for the recipients of the template's receipt rules (others get `550 5.1.1`), refuses
 * messages over 40 MB (552), and for each accepted message does what each matching rule's S3
 * action does: stores the message, with the trace headers SES prepends, under
 * ObjectKeyPrefix + the SES message id, then publishes SES's receipt notification to the action's
 * topic. It answers 250 only once both are done, so an SMTP client's success means durably accepted.
 */
export class SmtpIntake {
  private readonly servers: SMTPServer[] = [];
  private readonly maxBytes: number;
  private readonly now: () => number;
  /** Accepted messages by SES message id, in arrival order (tests and the console). */
  readonly received: { sesMessageId: string; recipients: string[]; objectKeys: string[] }[] = [];

  constructor(private readonly options: SmtpIntakeOptions) {
    this.maxBytes = options.maxMessageBytes ?? SES_MAX_MESSAGE_BYTES;
    this.now = options.now ?? Date.now;
    for (const rule of options.rules) {
      for (const a of rule.actions) if (a.type !== 'S3') throw new Error(`Receipt rule ${rule.name}: only S3 actions are served locally`);
    }
  }

  /** The addresses and domains mail is accepted for (what `npm start` prints). */
  get recipients(): string[] {
    return [...new Set(this.options.rules.filter((r) => r.enabled).flatMap((r) => (r.recipients.length ? r.recipients : ['(any address)'])))];
  }

  /** Whether some enabled rule takes mail for this address. */
  accepts(address: string): boolean {
    return this.options.rules.some((r) => r.enabled && ruleMatches(r, address));
  }

  /**
   * Listens on the loopback address (and on ::1 too when the machine has it, on the same port, so
   * clients that resolve `localhost` to IPv6 first still connect). Port 0 picks a free port.
   */
  async listen(port = 2525, host = '127.0.0.1'): Promise<{ host: string; port: number }> {
    const first = this.createServer();
    await bind(first, port, host);
    this.servers.push(first);
    const actual = ((first as unknown as { server: { address(): AddressInfo } }).server.address()).port;
    if (host === '127.0.0.1') {
      const v6 = this.createServer();
      try {
        await bind(v6, actual, '::1');
        this.servers.push(v6);
      } catch {
        // No IPv6 loopback here (or the port is taken on it): IPv4 alone is fine.
      }
    }
    return { host, port: actual };
  }

  async close(): Promise<void> {
    const servers = this.servers.splice(0);
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }

  private createServer(): SMTPServer {
    const server = new SMTPServer({
      name: `inbound-smtp.${this.options.region}.amazonaws.com`,
      banner: 'Loopdesk local stand-in for SES receiving',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: this.maxBytes,
      rejectOversized: true,
      hideENHANCEDSTATUSCODES: false,
      closeTimeout: 500,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.accepts(address.address)) return callback();
        callback(Object.assign(new Error('Requested action not taken: mailbox unavailable'), { responseCode: 550 }));
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          (sesMessageId) => callback(null, `Ok ${sesMessageId}`),
          (err: Error & { responseCode?: number }) => {
            if (!err.responseCode) this.log(`Local SES receiving failed: ${err.stack ?? err.message}`);
            callback(Object.assign(new Error(err.responseCode ? err.message : 'Requested action aborted: local error in processing'), { responseCode: err.responseCode ?? 451 }));
          },
        );
      },
    });
    // Errors while binding are the caller's to handle; once listening, they are logged.
    server.on('error', (err) => {
      if (this.servers.includes(server)) this.log(`Local SMTP: ${err.message}`);
    });
    return server;
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const started = this.now();
    const original = await readMessage(stream, this.maxBytes);
    if (!original) throw Object.assign(new Error(`Message exceeds fixed maximum message size ${this.maxBytes}`), { responseCode: 552 });
    const envelope = session.envelope;
    const source = envelope.mailFrom ? envelope.mailFrom.address : '';
    const destination = envelope.rcptTo.map((r) => r.address);
    const originalHeaders = parseHeaders(original);
    const verdicts = localVerdicts(originalHeaders);
    const sesMessageId = newSesMessageId();
    const timestamp = new Date(started);

    // SES prepends a return path, its Received line and its scan verdicts to what it stores.
    const trace: [string, string][] = [
      ['Return-Path', `<${source}>`],
      [
        'Received',
        `from ${session.hostNameAppearsAs || 'unknown'} (${session.clientHostname || 'unknown'} [${session.remoteAddress}])\r\n by inbound-smtp.${this.options.region}.amazonaws.com with SMTP id ${sesMessageId}${destination.length === 1 ? `\r\n for ${destination[0]}` : ''};\r\n ${rfc5322Date(timestamp)}`,
      ],
      ['X-SES-Spam-Verdict', verdicts.spam],
      ['X-SES-Virus-Verdict', verdicts.virus],
    ];
    const stored = Buffer.concat([Buffer.from(trace.map(([n, v]) => `${n}: ${v}\r\n`).join(''), 'utf8'), original]);
    const allHeaders = [...trace.map(([name, value]) => ({ name, value: unfold(value) })), ...originalHeaders];
    const headers = upTo(allHeaders, NOTIFICATION_HEADER_BYTES);
    const mail = {
      timestamp: timestamp.toISOString(),
      source,
      messageId: sesMessageId,
      destination,
      headersTruncated: headers.length < allHeaders.length,
      headers,
      commonHeaders: commonHeaders(allHeaders, source),
    };

    const objectKeys: string[] = [];
    let accepted: string[] = [];
    for (const rule of this.options.rules) {
      if (!rule.enabled) continue;
      const recipients = destination.filter((d) => ruleMatches(rule, d));
      if (!recipients.length) continue;
      accepted = [...new Set([...accepted, ...recipients])];
      for (const action of rule.actions) {
        const objectKey = `${action.objectKeyPrefix}${sesMessageId}`;
        this.options.s3.putObject(action.bucketName, objectKey, stored, 'application/octet-stream');
        objectKeys.push(objectKey);
        if (!action.topicArn) continue;
        const receipt = {
          timestamp: timestamp.toISOString(),
          processingTimeMillis: Math.max(1, this.now() - started),
          recipients,
          spamVerdict: { status: verdicts.spam },
          virusVerdict: { status: verdicts.virus },
          spfVerdict: { status: verdicts.spf },
          dkimVerdict: { status: verdicts.dkim },
          dmarcVerdict: { status: verdicts.dmarc },
          ...(verdicts.dmarcPolicy ? { dmarcPolicy: verdicts.dmarcPolicy } : {}),
          action: { type: 'S3', topicArn: action.topicArn, bucketName: action.bucketName, objectKeyPrefix: action.objectKeyPrefix, objectKey },
        };
        const notification = { notificationType: 'Received', mail, receipt };
        checkNotification(notification);
        this.options.sns.publish(action.topicArn, JSON.stringify(notification), { subject: 'Amazon SES Email Receipt Notification' });
      }
    }
    this.received.push({ sesMessageId, recipients: accepted, objectKeys });
    return sesMessageId;
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => console.error(l)))(line);
  }
}

export function ruleMatches(rule: Pick<ReceiptRuleSpec, 'recipients'>, address: string): boolean {
  if (!rule.recipients.length) return true;
  const a = address.toLowerCase();
  const domain = a.slice(a.lastIndexOf('@') + 1);
  return rule.recipients.some((raw) => {
    const r = raw.toLowerCase();
    if (r.includes('@')) return a === r;
    if (r.startsWith('.')) return domain.endsWith(r);
    return domain === r;
  });
}

/** SES's inbound message ids are opaque lowercase alphanumerics (e.g. d6iitobk75ur44p8kdnnp7g2n800). */
function newSesMessageId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 28 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

async function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    // Keep reading to the end (the client is still sending), but keep nothing past the limit.
    if (size <= maxBytes) chunks.push(chunk as Buffer);
  }
  if (size > maxBytes || stream.sizeExceeded) return undefined;
  return Buffer.concat(chunks);
}

/** The header section of a message, each field unfolded onto one line, in order. */
export function parseHeaders(message: Buffer): { name: string; value: string }[] {
  const text = message.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const block = end < 0 ? text : text.slice(0, end);
  const headers: { name: string; value: string }[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length) {
      headers[headers.length - 1]!.value += line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).replace(/^[ \t]+/, '') });
  }
  return headers;
}

function upTo(headers: { name: string; value: string }[], maxBytes: number): { name: string; value: string }[] {
  let size = 0;
  const kept: { name: string; value: string }[] = [];
  for (const h of headers) {
    size += Buffer.byteLength(h.name) + Buffer.byteLength(h.value);
    if (size > maxBytes) break;
    kept.push(h);
  }
  return kept;
}

function unfold(value: string): string {
  return value.replace(/\r?\n(?=[ \t])/g, '');
}

function commonHeaders(headers: { name: string; value: string }[], source: string): Record<string, unknown> {
  const get = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;
  const list = (name: string) => {
    const v = get(name);
    return v === undefined ? undefined : splitAddresses(v);
  };
  const from = list('from');
  const to = list('to');
  const cc = list('cc');
  const date = get('date');
  const messageId = get('message-id');
  const subject = get('subject');
  return {
    returnPath: source,
    ...(from ? { from } : {}),
    ...(date !== undefined ? { date } : {}),
    ...(to ? { to } : {}),
    ...(cc ? { cc } : {}),
    ...(messageId !== undefined ? { messageId } : {}),
    ...(subject !== undefined ? { subject } : {}),
  };
}

/** Splits an address-list header at commas outside quotes, comments and angle brackets. */
export function splitAddresses(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let depth = 0;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && quoted) {
      current += c + (value[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth = Math.max(0, depth - 1);
    else if (!quoted && c === '<') angle = true;
    else if (!quoted && c === '>') angle = false;
    if (c === ',' && !quoted && depth === 0 && !angle) {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

const VERDICT_VALUES = new Set(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED']);
const POLICY_VALUES = new Set(['none', 'quarantine', 'reject']);

/** Every verdict PASS, except what the local verdicts header sets; a malformed header is refused (554). */
export function localVerdicts(headers: { name: string; value: string }[]): Verdicts {
  const verdicts: Verdicts = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };
  const refuse = (why: string) => Object.assign(new Error(`${VERDICTS_HEADER}: ${why}`), { responseCode: 554 });
  for (const header of headers.filter((h) => h.name.toLowerCase() === VERDICTS_HEADER.toLowerCase())) {
    for (const part of header.value.split(';').map((p) => p.trim()).filter(Boolean)) {
      const [rawKey, rawValue = ''] = part.split('=').map((s) => s.trim());
      const key = rawKey!.toLowerCase();
      if (key === 'dmarcpolicy') {
        if (!POLICY_VALUES.has(rawValue.toLowerCase())) throw refuse(`dmarcPolicy must be none, quarantine or reject, not "${rawValue}"`);
        verdicts.dmarcPolicy = rawValue.toLowerCase() as Verdicts['dmarcPolicy'];
        continue;
      }
      if (!['spam', 'virus', 'spf', 'dkim', 'dmarc'].includes(key)) throw refuse(`unknown verdict "${rawKey}" (spam, virus, spf, dkim, dmarc, dmarcPolicy)`);
      if (!VERDICT_VALUES.has(rawValue.toUpperCase())) throw refuse(`${key} must be PASS, FAIL, GRAY or PROCESSING_FAILED, not "${rawValue}"`);
      verdicts[key as Exclude<keyof Verdicts, 'dmarcPolicy'>] = rawValue.toUpperCase() as Verdict;
    }
  }
  return verdicts;
}

function bind(server: SMTPServer, port: number, host: string): Promise<void> {
  const net = (server as unknown as { server: import('node:net').Server }).server;
  return new Promise<void>((resolve, reject) => {
    net.once('error', reject);
    server.listen(port, host, () => {
      net.off('error', reject);
      resolve();
    });
  });
}

function rfc5322Date(d: Date): string {
  return d.toUTCString().replace('GMT', '+0000 (UTC)');
}

// Powertools models SES's Lambda-action event; the S3-action notification carries the same `mail`
// and `receipt` objects, except the action itself, and dmarcPolicy appears only when DMARC failed.
const sesMessage = SesRecordSchema.shape.ses.shape;
const MailSchema = sesMessage.mail.extend({
  commonHeaders: sesMessage.mail.shape.commonHeaders.partial({ from: true, to: true, date: true, messageId: true, subject: true }),
});
const ReceiptSchema = sesMessage.receipt.omit({ action: true, dmarcPolicy: true }).extend({
  dmarcPolicy: sesMessage.receipt.shape.dmarcPolicy.optional(),
  action: z.object({
    type: z.literal('S3'),
    topicArn: z.string().optional(),
    bucketName: z.string(),
    objectKeyPrefix: z.string().optional(),
    objectKey: z.string(),
  }),
});
const NotificationSchema = z.object({ notificationType: z.literal('Received'), mail: MailSchema, receipt: ReceiptSchema });

function checkNotification(notification: unknown): void {
  const checked = NotificationSchema.safeParse(notification);
  if (!checked.success) throw new Error(`Local SES notification does not match SES's shape: ${checked.error.message}`);
}
