import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import { principalFromClaims, requireRole, type Principal, type Role } from '#shared/auth/principal.ts';
import { DomainError, ValidationError } from '#shared/errors/domain-errors.ts';
import './validation-messages.ts';
import { errorResponse, HttpReply, json } from './http-response.ts';
import { logger } from './observability.ts';
import { fieldProblems } from './zod-problems.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** Who may call a route: staff roles, or `public` for the few routes with no authorizer. */
export type Access = { roles: readonly Role[] } | 'public';

export interface RouteSpec<
  B extends z.ZodMiniType | undefined,
  P extends z.ZodMiniType | undefined,
  Q extends z.ZodMiniType | undefined = undefined,
> {
  access: Access;
  body?: B;
  path?: P;
  query?: Q;
  /** Status of a successful answer (201 for creations). */
  status?: number;
}

export interface RouteRequest<B, P, Q = undefined> {
  body: B;
  path: P;
  query: Q;
  /** The caller's address as API Gateway saw it (for rate limits on public routes). */
  sourceIp: string;
  /** Request headers, names lower-cased (as API Gateway delivers them). */
  headers: Record<string, string | undefined>;
  /** Undefined only on public routes. */
  principal: Principal;
  requestId: string;
  context: Context;
}

type Parsed<T> = T extends z.ZodMiniType ? z.output<T> : undefined;

/**
 * The one way an HTTP handler is written: authorize by role, parse the JSON body and path with
 * zod, run one domain call, answer JSON. Every failure leaves through `toErrorResponse`, so the
 * error shape is the same on every route and a stack trace never reaches the client.
 */
export function httpRoute<
  B extends z.ZodMiniType | undefined = undefined,
  P extends z.ZodMiniType | undefined = undefined,
  Q extends z.ZodMiniType | undefined = undefined,
>(spec: RouteSpec<B, P, Q>, run: (req: RouteRequest<Parsed<B>, Parsed<P>, Parsed<Q>>) => Promise<unknown>) {
  return middy<HttpEvent, HttpResult>()
    .use({ before: (request) => logger.startInvocation(request.context) })
    .use({ onError: (request) => void (request.response = toErrorResponse(request.error, request.event)) })
    .handler(async (event, context) => {
      logger.setCorrelationId(event.requestContext.requestId);
      const principal = authorize(spec.access, event);
      const body = parseInput(spec.body, readJsonBody(event, spec.body !== undefined), 'Request body is invalid');
      const path = parseInput(spec.path, event.pathParameters ?? {}, 'Request path is invalid');
      const query = parseInput(spec.query, event.queryStringParameters ?? {}, 'Query parameters are invalid');
      const result = await run({
        body: body as Parsed<B>,
        path: path as Parsed<P>,
        query: query as Parsed<Q>,
        headers: event.headers ?? {},
        sourceIp: event.requestContext.http?.sourceIp ?? 'unknown',
        principal: principal as Principal,
        requestId: event.requestContext.requestId,
        context,
      });
      if (result instanceof HttpReply) return json(result.status ?? spec.status ?? 200, result.body, result.headers);
      return json(spec.status ?? 200, result);
    });
}

function authorize(access: Access, event: HttpEvent): Principal | undefined {
  if (access === 'public') return undefined;
  // API Gateway's JWT authorizer has already verified the token; a route reached without claims
  // (misconfigured authorizer) is still refused here, as defence in depth.
  const principal = principalFromClaims(event.requestContext.authorizer?.jwt?.claims);
  requireRole(principal, access.roles);
  return principal;
}

function readJsonBody(event: HttpEvent, expected: boolean): unknown {
  if (!expected) return undefined;
  if (!event.body) throw new ValidationError('Request body is required', [{ path: '(body)', message: 'Send a JSON object' }]);
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError(400, 'MALFORMED_JSON', 'Request body is not valid JSON', [
      { path: '(body)', message: 'Send a JSON object' },
    ]);
  }
}

function parseInput(schema: z.ZodMiniType | undefined, value: unknown, message: string): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(message, fieldProblems(parsed.error));
  return parsed.data;
}

function toErrorResponse(error: unknown, event: HttpEvent): HttpResult {
  const requestId = event.requestContext?.requestId;
  if (error instanceof DomainError) {
    if (error.status >= 500) logger.error('Domain failure', { error });
    else logger.info('Request refused', { code: error.code, status: error.status });
    return errorResponse(error.status, {
      code: error.code,
      message: error.message,
      ...(error.fields?.length ? { fields: error.fields } : {}),
      ...error.details,
      requestId,
    });
  }
  logger.error('Unhandled failure', { error: error as Error });
  return errorResponse(500, { code: 'INTERNAL', message: 'Something went wrong on our side', requestId });
}
