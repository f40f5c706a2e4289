import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { DevIdentityProvider } from './dev-identity-provider.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ConsoleSite {
  /** Files as the bucket deployment would upload them: key → content. Later sources win. */
  files: Map<string, Buffer>;
  /** Security headers from the distribution's response headers policy, already made local. */
  headers: Record<string, string>;
}

export interface DevResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** A local-only page under /dev/ (never part of the deployed console); undefined when it is not its path. */
export type DevRoute = (method: string, url: URL) => Promise<DevResponse | undefined>;

/**
 * Stands in for CloudFront + the console bucket: serves what the stack's bucket deployment would
 * upload, with the distribution's security headers, and mounts the dev identity provider at /auth
 * (where Cognito's hosted login would be). Dev routes (e.g. the local outbox) answer under /dev/.
 */
export class ConsoleHost {
  private server?: Server;

  constructor(
    private readonly site: ConsoleSite,
    private readonly idp: DevIdentityProvider,
    private readonly idpPath = '/auth',
    private readonly devRoutes: DevRoute[] = [],
  ) {}

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, resolve);
    });
    return `http://localhost:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      if (url.pathname === this.idpPath || url.pathname.startsWith(`${this.idpPath}/`)) {
        const body = await readText(req);
        const out = await this.idp.handle(req.method ?? 'GET', url.pathname.slice(this.idpPath.length), url.searchParams, body);
        res.writeHead(out.status, out.headers).end(out.body);
        return;
      }
      if (url.pathname.startsWith('/dev/')) {
        for (const route of this.devRoutes) {
          const out = await route(req.method ?? 'GET', url);
          if (!out) continue;
          res.writeHead(out.status, out.headers).end(req.method === 'HEAD' ? undefined : out.body);
          return;
        }
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      // CloudFront's default root object; everything else is an exact key, as in the bucket.
      const key = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const file = this.site.files.get(key);
      if (!file) {
        // The bucket is private behind origin access control, so S3 answers a miss with 403.
        res.writeHead(403, { 'content-type': 'application/xml', ...this.site.headers }).end('<Error><Code>AccessDenied</Code></Error>');
        return;
      }
      const hashed = /-[A-Z0-9]{8,}\.(js|css)$/.test(key);
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[path.extname(key)] ?? 'application/octet-stream',
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...this.site.headers,
      });
      res.end(req.method === 'HEAD' ? undefined : file);
    } catch (err) {
      console.error('Local console host failure', err);
      res.writeHead(500).end();
    }
  }
}

async function readText(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

/** Reads every file of a source directory (an unzipped deployment source) into the site map. */
export function addDirectory(files: Map<string, Buffer>, dir: string, transform?: (text: string) => string): void {
  const walk = (current: string) => {
    for (const name of readdirSafe(current)) {
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const key = path.relative(dir, full).split(path.sep).join('/');
        const content = readFileSync(full);
        files.set(key, transform ? Buffer.from(transform(content.toString('utf8'))) : content);
      }
    }
  };
  walk(dir);
}

function readdirSafe(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}
