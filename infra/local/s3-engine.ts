import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { S3Schema } from '@aws-lambda-powertools/parser/schemas';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { LOCAL_CREDENTIALS } from './dynamodb-engine.ts';

export interface BucketCors {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposedHeaders: string[];
  maxAge?: number;
}

const MAX_OBJECT_BYTES = 100 * 1024 * 1024;

/** One queue configuration of a bucket's notification configuration (Custom::S3BucketNotifications). */
export interface BucketQueueNotification {
  /** S3's configuration id (generated when the template names none). */
  id: string;
  queueArn: string;
  /** e.g. `s3:ObjectCreated:*` or `s3:ObjectCreated:Put`. */
  events: string[];
  prefix?: string;
  suffix?: string;
}

/** Sends an event notification's body to a queue (the SQS stand-in). */
export type NotificationSink = (queueArn: string, body: string) => void;

/**
 * Stands in for S3 for what functions and browsers do with it here: presigned PUT and GET of
 * objects (path style), checked like S3 checks them (SigV4 query signature, expiry, signed
 * content-type and length), with each bucket's CORS rules from the template. Objects are files
 * under the data directory, with their content type beside them.
 */
export class LocalS3 {
  private server?: Server;
  private readonly buckets = new Map<string, BucketCors | undefined>();
  private readonly signers = new Map<string, SignatureV4>();
  private readonly notifications = new Map<string, BucketQueueNotification[]>();
  private sink?: NotificationSink;
  private sequence = 0n;

  constructor(
    private readonly root: string,
    private readonly region: string,
  ) {}

  addBucket(name: string, cors?: BucketCors): void {
    mkdirSync(path.join(this.root, name), { recursive: true });
    this.buckets.set(name, cors);
  }

  /**
   * A bucket's event notifications to queues, as S3 sends them: after each object created that
   * matches a configuration's events and key filter, its S3 event record goes to the queue.
   */
  setNotifications(bucket: string, configurations: BucketQueueNotification[], sink: NotificationSink): void {
    if (!this.buckets.has(bucket)) throw new Error(`No local bucket ${bucket}`);
    this.notifications.set(bucket, configurations);
    this.sink = sink;
  }

  /** Stores an object in-process, as an S3 PutObject would (used by stand-ins such as SES receiving). */
  putObject(bucket: string, key: string, body: Buffer, contentType = 'application/octet-stream'): void {
    const file = this.objectFile(bucket, key);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, body);
    writeFileSync(`${file}.meta.json`, JSON.stringify({ contentType, size: body.length }));
    this.objectCreated(bucket, key, body, '127.0.0.1');
  }

  /** Reads an object in-process; undefined when there is none. */
  getObject(bucket: string, key: string): { body: Buffer; contentType: string } | undefined {
    const file = this.objectFile(bucket, key);
    if (!existsSync(file)) return undefined;
    const meta = JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) as { contentType: string };
    return { body: readFileSync(file), contentType: meta.contentType };
  }

  private objectFile(bucket: string, key: string): string {
    if (!this.buckets.has(bucket)) throw new Error(`No local bucket ${bucket}`);
    if (!key || key.includes('..') || key.endsWith('.meta.json')) throw new Error(`Invalid object key ${key}`);
    return path.join(this.root, bucket, key);
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', resolve);
    });
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      const [, bucket, ...rest] = url.pathname.split('/');
      const key = rest.map(decodeURIComponent).join('/');
      if (!bucket || !this.buckets.has(bucket)) return xmlError(res, 404, 'NoSuchBucket');
      const cors = this.buckets.get(bucket);
      if (req.method === 'OPTIONS') return this.preflight(req, res, cors);
      this.corsHeaders(req, res, cors);
      if (!key || key.includes('..')) return xmlError(res, 400, 'InvalidKey');
      const problem = await this.checkSignature(req, url);
      if (problem) return xmlError(res, 403, problem);
      const file = path.join(this.root, bucket, key);
      if (req.method === 'PUT') return this.put(req, res, file, bucket, key);
      if (req.method === 'GET' || req.method === 'HEAD') return this.get(req, res, url, file);
      xmlError(res, 405, 'MethodNotAllowed');
    } catch (err) {
      console.error('Local S3 failure', err);
      xmlError(res, 500, 'InternalError');
    }
  }

  private async put(req: IncomingMessage, res: ServerResponse, file: string, bucket: string, key: string): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_OBJECT_BYTES) return xmlError(res, 400, 'EntityTooLarge');
      chunks.push(chunk as Buffer);
    }
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) !== size) return xmlError(res, 400, 'IncompleteBody');
    mkdirSync(path.dirname(file), { recursive: true });
    const body = Buffer.concat(chunks);
    writeFileSync(file, body);
    writeFileSync(`${file}.meta.json`, JSON.stringify({ contentType: req.headers['content-type'] ?? 'application/octet-stream', size }));
    const ip = req.socket.remoteAddress?.replace(/^::ffff:/, '');
    const etag = this.objectCreated(bucket, key, body, ip && /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? ip : '127.0.0.1');
    res.writeHead(200, { etag: `"${etag}"` }).end();
  }

  /** Sends the S3 event notification of a new object to every matching queue; returns its ETag. */
  private objectCreated(bucket: string, key: string, body: Buffer, sourceIp: string): string {
    const etag = createHash('md5').update(body).digest('hex');
    const matching = (this.notifications.get(bucket) ?? []).filter(
      (n) =>
        n.events.some((e) => e === 's3:ObjectCreated:*' || e === 's3:ObjectCreated:Put') &&
        (!n.prefix || key.startsWith(n.prefix)) &&
        (!n.suffix || key.endsWith(n.suffix)),
    );
    for (const n of matching) {
      const event = {
        Records: [
          {
            eventVersion: '2.1',
            eventSource: 'aws:s3',
            awsRegion: this.region,
            eventTime: new Date().toISOString(),
            eventName: 'ObjectCreated:Put',
            userIdentity: { principalId: 'AWS:AIDALOCALLOOPDESK' },
            requestParameters: { sourceIPAddress: sourceIp },
            responseElements: { 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(), 'x-amz-id-2': randomBytes(48).toString('base64') },
            s3: {
              s3SchemaVersion: '1.0',
              configurationId: n.id,
              bucket: { name: bucket, ownerIdentity: { principalId: 'ALOCALLOOPDESK' }, arn: `arn:aws:s3:::${bucket}` },
              // S3 writes keys in events URL-encoded (a space as +), slashes kept.
              object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), size: body.length, eTag: etag, sequencer: (++this.sequence).toString(16).toUpperCase().padStart(18, '0') },
            },
          },
        ],
      };
      const checked = S3Schema.safeParse(event);
      if (!checked.success) throw new Error(`Local S3 event notification does not match S3's shape: ${checked.error.message}`);
      this.sink?.(n.queueArn, JSON.stringify(event));
    }
    return etag;
  }

  private get(req: IncomingMessage, res: ServerResponse, url: URL, file: string): void {
    if (!existsSync(file)) return xmlError(res, 404, 'NoSuchKey');
    const meta = JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) as { contentType: string; size: number };
    const range = parseRange(req.headers.range, meta.size);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { 'content-range': `bytes */${meta.size}`, 'content-type': 'application/xml' }).end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidRange</Code></Error>');
      return;
    }
    if (range) {
      res.writeHead(206, {
        'content-type': url.searchParams.get('response-content-type') ?? meta.contentType,
        'content-length': String(range.end - range.start + 1),
        'content-range': `bytes ${range.start}-${range.end}/${meta.size}`,
        'accept-ranges': 'bytes',
        'x-content-type-options': 'nosniff',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file, { start: range.start, end: range.end }).pipe(res);
      return;
    }
    res.writeHead(200, {
      'content-type': url.searchParams.get('response-content-type') ?? meta.contentType,
      'content-length': String(meta.size),
      ...(url.searchParams.get('response-content-disposition') ? { 'content-disposition': url.searchParams.get('response-content-disposition')! } : {}),
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  }

  /** Recomputes the presigned signature from what arrived; any difference or expiry is refused. */
  private async checkSignature(req: IncomingMessage, url: URL): Promise<string | undefined> {
    const q = url.searchParams;
    const signature = q.get('X-Amz-Signature');
    const date = q.get('X-Amz-Date');
    const expires = Number(q.get('X-Amz-Expires'));
    const credential = q.get('X-Amz-Credential') ?? '';
    if (!signature || !date || !expires) return 'AccessDenied';
    const [accessKey, , region, service] = credential.split('/');
    if (accessKey !== LOCAL_CREDENTIALS.accessKeyId || region !== this.region || service !== 's3') return 'InvalidAccessKeyId';
    const signedAt = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    if (Number.isNaN(signedAt) || signedAt + expires * 1000 < Date.now()) return 'AccessDenied';

    const signedHeaders = (q.get('X-Amz-SignedHeaders') ?? '').split(';');
    const headers: Record<string, string> = { 'x-amz-content-sha256': q.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD' };
    for (const name of signedHeaders) if (req.headers[name] !== undefined) headers[name] = String(req.headers[name]);
    const query: Record<string, string> = {};
    for (const [k, v] of q) if (!k.startsWith('X-Amz-')) query[k] = v;
    let signer = this.signers.get(region);
    if (!signer) {
      signer = new SignatureV4({ service: 's3', region, credentials: LOCAL_CREDENTIALS, sha256: Sha256, uriEscapePath: false });
      this.signers.set(region, signer);
    }
    const expected = await signer.presign(
      { method: req.method ?? 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers },
      { signingDate: new Date(signedAt), expiresIn: expires },
    );
    return expected.query?.['X-Amz-Signature'] === signature ? undefined : 'SignatureDoesNotMatch';
  }

  private preflight(req: IncomingMessage, res: ServerResponse, cors: BucketCors | undefined): void {
    const origin = req.headers.origin;
    const method = String(req.headers['access-control-request-method'] ?? '');
    if (!cors || !origin || !allowed(cors.allowedOrigins, origin) || !cors.allowedMethods.includes(method)) {
      return xmlError(res, 403, 'CORSResponse');
    }
    res.writeHead(200, {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': cors.allowedMethods.join(', '),
      'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? cors.allowedHeaders.join(', ')),
      ...(cors.maxAge ? { 'access-control-max-age': String(cors.maxAge) } : {}),
      vary: 'Origin',
    }).end();
  }

  private corsHeaders(req: IncomingMessage, res: ServerResponse, cors: BucketCors | undefined): void {
    const origin = req.headers.origin;
    if (!cors || !origin || !allowed(cors.allowedOrigins, origin)) return;
    res.setHeader('access-control-allow-origin', origin);
    if (cors.exposedHeaders.length) res.setHeader('access-control-expose-headers', cors.exposedHeaders.join(', '));
    res.setHeader('vary', 'Origin');
  }
}

/** A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range, as S3 serves it (other forms get the whole object). */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

function allowed(origins: string[], origin: string): boolean {
  return origins.some((o) => o === '*' || o === origin);
}

function xmlError(res: ServerResponse, status: number, code: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`);
}
