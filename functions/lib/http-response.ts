import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FieldProblem } from '#shared/errors/domain-errors.ts';

const BASE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // API answers are per-user data: never cache them in a browser or a shared proxy.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...BASE_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldProblem[]; requestId?: string; [detail: string]: unknown };
}

export function errorResponse(statusCode: number, error: ErrorBody['error']): APIGatewayProxyStructuredResultV2 {
  return json(statusCode, { error } satisfies ErrorBody);
}

/** A handler result that needs its own status or headers (e.g. an ETag). */
export class HttpReply {
  constructor(
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
    readonly status?: number,
  ) {}
}
