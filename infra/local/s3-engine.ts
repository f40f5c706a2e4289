import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
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

  constructor(
    private readonly root: string,
    private readonly region: string,
  ) {}

  addBucket(name: string, cors?: BucketCors): void {
    mkdirSync(path.join(this.root, name), { recursive: true });
    this.buckets.set(name, cors);
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
      if (req.method === 'PUT') return this.put(req, res, file);
      if (req.method === 'GET' || req.method === 'HEAD') return this.get(req, res, url, file);
      xmlError(res, 405, 'MethodNotAllowed');
    } catch (err) {
      console.error('Local S3 failure', err);
      xmlError(res, 500, 'InternalError');
    }
  }

  private async put(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
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
    writeFileSync(file, Buffer.concat(chunks));
    writeFileSync(`${file}.meta.json`, JSON.stringify({ contentType: req.headers['content-type'] ?? 'application/octet-stream', size }));
    res.writeHead(200, { etag: `"${size}"` }).end();
  }

  private get(req: IncomingMessage, res: ServerResponse, url: URL, file: string): void {
    if (!existsSync(file)) return xmlError(res, 404, 'NoSuchKey');
    const meta = JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) as { contentType: string; size: number };
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

function allowed(origins: string[], origin: string): boolean {
  return origins.some((o) => o === '*' || o === origin);
}

function xmlError(res: ServerResponse, status: number, code: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`);
}
