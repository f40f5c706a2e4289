// Proves every HTTP handler answers the same structured errors: 400 with fields, 401, 403, 404, 500 without internals.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';

process.env.LOG_LEVEL = 'SILENT';
const { httpRoute } = await import('#functions/lib/http-route.ts');
const { NotFoundError } = await import('#shared/errors/domain-errors.ts');

const context = { awsRequestId: 'req-1', functionName: 'test', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

function event(overrides: { body?: string; claims?: Record<string, string>; path?: Record<string, string> } = {}) {
  return {
    version: '2.0',
    routeKey: 'POST /things',
    rawPath: '/things',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    body: overrides.body,
    pathParameters: overrides.path,
    requestContext: {
      requestId: 'api-req-7',
      http: { method: 'POST', path: '/things' },
      ...(overrides.claims ? { authorizer: { jwt: { claims: overrides.claims, scopes: null } } } : {}),
    },
  } as any;
}

const agentClaims = { sub: 'u1', email: 'a@x.test', 'cognito:groups': '[agent]' };

describe('httpRoute', () => {
  let create: (e: unknown, c: Context) => Promise<any>;
  let crash: (e: unknown, c: Context) => Promise<any>;
  let missing: (e: unknown, c: Context) => Promise<any>;

  beforeAll(() => {
    create = httpRoute(
      { access: { roles: ['agent'] }, body: z.strictObject({ name: z.string().check(z.minLength(1, 'Name is required')) }), status: 201 },
      async ({ body, principal }) => ({ name: body.name, by: principal.id }),
    ) as any;
    crash = httpRoute({ access: 'public' }, async () => {
      throw new Error('connection string postgres://secret@db');
    }) as any;
    missing = httpRoute({ access: 'public' }, async () => {
      throw new NotFoundError('Thing 9');
    }) as any;
  });

  it('answers success with the given status and JSON', async () => {
    const res = await create(event({ body: '{"name":"x"}', claims: agentClaims }), context);
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toEqual({ name: 'x', by: 'u1' });
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await create(event({ body: '{"name":', claims: agentClaims }), context);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'MALFORMED_JSON', requestId: 'api-req-7' });
  });

  it('answers a body failing its schema with 400 and the fields', async () => {
    const res = await create(event({ body: '{"name":"","extra":1}', claims: agentClaims }), context);
    const body = JSON.parse(res.body);
    expect(res.statusCode).toBe(400);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.fields).toEqual([
      { path: 'name', message: 'Name is required' },
      { path: '(body)', message: 'Fields not allowed here: extra' },
    ]);
  });

  it('answers a missing body with 400', async () => {
    const res = await create(event({ claims: agentClaims }), context);
    expect(res.statusCode).toBe(400);
  });

  it('refuses missing claims with 401 and a wrong role with 403 before reading the body', async () => {
    expect((await create(event({ body: '{bad' }), context)).statusCode).toBe(401);
    const res = await create(event({ body: '{bad', claims: { ...agentClaims, 'cognito:groups': '[finance]' } }), context);
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).error.code).toBe('FORBIDDEN');
  });

  it('maps domain errors to their status', async () => {
    const res = await missing(event(), context);
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body).error).toEqual({ code: 'NOT_FOUND', message: 'Thing 9 was not found', requestId: 'api-req-7' });
  });

  it('answers an unexpected exception with 500 and a request id, never the message or stack', async () => {
    const res = await crash(event(), context);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('postgres');
    expect(res.body).not.toContain('at ');
    expect(JSON.parse(res.body).error).toEqual({ code: 'INTERNAL', message: 'Something went wrong on our side', requestId: 'api-req-7' });
  });
});
