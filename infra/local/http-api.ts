import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { LocalFunction } from './lambda-host.ts';

export interface LocalRoute {
  /** `GET /v1/tickets/{id}`, `ANY /x/{proxy+}` or `$default`. */
  routeKey: string;
  fn: LocalFunction;
  authorizer?: { issuer: string; audience: string[]; jwksUrl: string };
}

export interface CorsSettings {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge?: number;
  allowCredentials?: boolean;
}

interface CompiledRoute extends LocalRoute {
  method: string;
  regex?: RegExp;
  params: string[];
  /** Lower sorts first: exact paths, then templated, then greedy, then $default. */
  rank: number;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024; // API Gateway's payload limit

/**
 * Serves an `AWS::ApiGatewayV2::Api` on localhost with API Gateway's behaviour where handlers can
 * see it: route selection, the JWT authorizer (issuer, audience, expiry; 401 with API Gateway's own
 * body), CORS preflights answered by the gateway, payload format 2.0 events checked against the
 * Powertools schema, and response mapping (including 500 / 503 for crashes and timeouts).
 */
export class LocalHttpApi {
  private server?: Server;
  private readonly routes: CompiledRoute[];
  private readonly jwks = new Map<string, JWTVerifyGetKey>();
  readonly apiId = randomBytes(5).toString('hex');
  requests = 0;

  constructor(
    routes: LocalRoute[],
    private readonly cors?: CorsSettings,
  ) {
    this.routes = routes.map(compileRoute).sort((a, b) => a.rank - b.rank);
  }

  get routeKeys(): string[] {
    return this.routes.map((r) => r.routeKey);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, resolve);
    });
    const address = this.server.address() as AddressInfo;
    return `http://localhost:${address.port}`;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const requestId = randomBytes(12).toString('base64').replace(/[+/]/g, 'A');
    res.setHeader('apigw-requestid', requestId);
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const origin = req.headers.origin;
      const method = (req.method ?? 'GET').toUpperCase();
      if (method === 'OPTIONS' && this.cors && req.headers['access-control-request-method']) {
        return this.preflight(res, origin);
      }
      this.corsHeaders(res, origin);

      const match = this.match(method, url.pathname);
      if (!match) return send(res, 404, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Not Found' }));
      const body = await readBody(req);
      if (body === undefined) return send(res, 413, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Request Entity Too Large' }));

      let jwt: { claims: Record<string, string>; scopes: string[] | null } | undefined;
      if (match.route.authorizer) {
        jwt = await this.verify(match.route.authorizer, req.headers.authorization);
        if (!jwt) {
          return send(
            res,
            401,
            { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
            JSON.stringify({ message: 'Unauthorized' }),
          );
        }
      }
      const event = buildEvent({ req, url, body, route: match.route, pathParameters: match.params, requestId, apiId: this.apiId, jwt });
      const outcome = await match.route.fn.invoke(event);
      if (outcome.error) {
        const timedOut = outcome.error.errorType === 'Sandbox.Timedout';
        console.error(`[${match.route.fn.spec.logicalId}] ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
        return send(
          res,
          timedOut ? 503 : 500,
          { 'content-type': 'application/json' },
          JSON.stringify({ message: timedOut ? 'Service Unavailable' : 'Internal Server Error' }),
        );
      }
      writeLambdaResult(res, outcome.result);
    } catch (err) {
      console.error('Local API gateway failure', err);
      send(res, 500, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Internal Server Error' }));
    }
  }

  private match(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.routeKey === '$default') return { route, params: {} };
      if (route.method !== 'ANY' && route.method !== method) continue;
      const m = route.regex!.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.params.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      return { route, params };
    }
    return undefined;
  }

  private async verify(
    authorizer: NonNullable<LocalRoute['authorizer']>,
    header: string | undefined,
  ): Promise<{ claims: Record<string, string>; scopes: string[] | null } | undefined> {
    const token = header?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return undefined;
    let keys = this.jwks.get(authorizer.jwksUrl);
    if (!keys) this.jwks.set(authorizer.jwksUrl, (keys = createRemoteJWKSet(new URL(authorizer.jwksUrl))));
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: authorizer.issuer });
      // API Gateway accepts an ID token by `aud` or an access token by `client_id`.
      const audiences = [payload.aud, payload.client_id].flat().filter(Boolean) as string[];
      if (!audiences.some((a) => authorizer.audience.includes(a))) return undefined;
      const scope = typeof payload.scope === 'string' ? payload.scope.split(' ') : null;
      return { claims: flattenClaims(payload), scopes: scope };
    } catch {
      return undefined;
    }
  }

  private preflight(res: ServerResponse, origin: string | undefined): void {
    const cors = this.cors!;
    if (origin && this.originAllowed(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-methods', cors.allowMethods.join(','));
      res.setHeader('access-control-allow-headers', cors.allowHeaders.join(','));
      if (cors.maxAge !== undefined) res.setHeader('access-control-max-age', String(cors.maxAge));
      if (cors.allowCredentials) res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('vary', 'Origin');
    }
    send(res, 204, {}, '');
  }

  private corsHeaders(res: ServerResponse, origin: string | undefined): void {
    if (!this.cors || !origin || !this.originAllowed(origin)) return;
    res.setHeader('access-control-allow-origin', origin);
    if (this.cors.exposeHeaders.length) res.setHeader('access-control-expose-headers', this.cors.exposeHeaders.join(','));
    if (this.cors.allowCredentials) res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('vary', 'Origin');
  }

  private originAllowed(origin: string): boolean {
    return this.cors!.allowOrigins.some((o) => o === '*' || o === origin);
  }
}

function compileRoute(route: LocalRoute): CompiledRoute {
  if (route.routeKey === '$default') return { ...route, method: 'ANY', params: [], rank: 3 };
  const [method, path] = route.routeKey.split(' ') as [string, string];
  const params: string[] = [];
  let greedy = false;
  const pattern = path
    .split('/')
    .map((segment) => {
      const p = /^\{([^}+]+)(\+?)\}$/.exec(segment);
      if (!p) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(p[1]!);
      if (p[2]) {
        greedy = true;
        return '(.+)';
      }
      return '([^/]+)';
    })
    .join('/');
  return { ...route, method, regex: new RegExp(`^${pattern}$`), params, rank: greedy ? 2 : params.length ? 1 : 0 };
}

/** API Gateway hands claims to handlers as strings; arrays become "[a b]". */
function flattenClaims(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' ? JSON.stringify(v) : String(v)]),
  );
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript))|\+json|\+xml/;

function buildEvent(input: {
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  route: CompiledRoute;
  pathParameters: Record<string, string>;
  requestId: string;
  apiId: string;
  jwt?: { claims: Record<string, string>; scopes: string[] | null };
}): unknown {
  const { req, url, body } = input;
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const now = new Date();
  const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? '');
  const host = headers.host ?? 'localhost';
  const event = {
    version: '2.0',
    routeKey: input.route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(input.pathParameters).length ? { pathParameters: input.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: input.apiId,
      ...(input.jwt ? { authorizer: { jwt: input.jwt } } : {}),
      domainName: host,
      domainPrefix: host.split('.')[0]!,
      http: {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: input.requestId,
      routeKey: input.route.routeKey,
      stage: '$default',
      time: formatApiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
  // The same schema Powertools users parse with in AWS: local events cannot drift from AWS shapes.
  const checked = APIGatewayProxyEventV2Schema.safeParse(event);
  if (!checked.success) throw new Error(`Local API event does not match API Gateway's payload 2.0 shape: ${checked.error.message}`);
  return event;
}

function formatApiGatewayTime(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Payload format 2.0 response mapping, including API Gateway's guess for bare return values. */
function writeLambdaResult(res: ServerResponse, result: unknown): void {
  const structured = typeof result === 'object' && result !== null && 'statusCode' in result;
  if (!structured) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return send(res, 200, { 'content-type': 'application/json' }, body);
  }
  const r = result as { statusCode: number; headers?: Record<string, string>; cookies?: string[]; body?: string; isBase64Encoded?: boolean };
  const headers: Record<string, string | string[]> = { ...(r.headers ?? {}) };
  if (r.cookies?.length) headers['set-cookie'] = r.cookies;
  const body = r.body === undefined ? '' : r.isBase64Encoded ? Buffer.from(r.body, 'base64') : r.body;
  send(res, r.statusCode, headers, body);
}

function send(res: ServerResponse, status: number, headers: Record<string, string | string[]>, body: string | Buffer): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.statusCode = status;
  res.end(body);
}
