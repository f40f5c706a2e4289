import * as z from 'zod/mini';
import { API_CATALOGUE } from './api-catalogue.ts';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
        requestId: { type: 'string' },
      },
    },
  },
};

function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): Record<string, unknown> {
  // Transforms (e.g. phone normalisation) have no JSON Schema; describe what clients send or get.
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<string, unknown>;
}

function parameters(schema: z.ZodMiniType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, prop]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: prop,
  }));
}

/** The OpenAPI 3.0 document of the API, generated from the zod schemas the handlers parse with. */
export function buildOpenApiDocument(serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, op] of Object.entries(API_CATALOGUE)) {
    const [method, path] = key.split(' ') as [string, string];
    const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const params = op.path
      ? parameters(op.path, 'path')
      : pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    const operation: Record<string, unknown> = {
      summary: op.summary,
      ...(op.roles.length ? { security: [{ cognito: [] }], 'x-loopdesk-roles': op.roles } : { security: [] }),
      parameters: [
        ...params,
        ...parameters(op.query, 'query'),
        ...(op.ifMatch ? [{ name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'The ETag (version) you edited' }] : []),
      ],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
      responses: {
        [String(op.status)]: {
          description: 'Success',
          ...(op.response ? { content: { 'application/json': { schema: jsonSchema(op.response, 'output') } } } : {}),
        },
        ...(op.body || op.query || op.path ? { 400: { $ref: '#/components/responses/Error' } } : {}),
        ...(op.roles.length ? { 401: { description: 'No or invalid token' }, 403: { $ref: '#/components/responses/Error' } } : {}),
        ...(op.ifMatch ? { 409: { $ref: '#/components/responses/Error' }, 428: { $ref: '#/components/responses/Error' } } : {}),
      },
    };
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Loopdesk API', version: '1', description: 'Customer service management: tickets, customers, routing.' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito ID token (groups = roles)' } },
      responses: { Error: { description: 'Refused, with the reason', content: { 'application/json': { schema: errorSchema } } } },
    },
  };
}
