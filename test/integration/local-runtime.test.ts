// Proves `npm start`'s runtime serves every route and table of the synthesized template, with API Gateway's auth and error behaviour.
import { DescribeTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStacks, resourcesOfType } from '../../infra/local/cloud-assembly.ts';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { testAssemblyDir } from '../support/assembly.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

let stack: LocalStack;
const template = () => readStacks(testAssemblyDir())[0]!.template;

beforeAll(async () => {
  stack = await startTestStack('local-runtime');
});
afterAll(async () => {
  await stack?.stop();
});

/** A concrete request path for a route key: placeholders get a well-formed id. */
function pathFor(routeKey: string): { method: string; path: string } {
  if (routeKey === '$default') return { method: 'GET', path: '/no/such/route' };
  const [method, path] = routeKey.split(' ') as [string, string];
  return { method, path: path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000') };
}

describe('served from the template', () => {
  it('answers every route of the synthesized template (never the gateway 404)', async () => {
    const routeKeys = resourcesOfType(template(), 'AWS::ApiGatewayV2::Route').map(([, r]) => String(r.Properties!.RouteKey));
    expect(routeKeys.length).toBeGreaterThanOrEqual(4);
    expect([...stack.api.routeKeys].sort()).toEqual([...routeKeys].sort());
    for (const key of routeKeys) {
      const { method, path } = pathFor(key);
      const res = await callApi(stack, method, path, { role: 'admin', body: method === 'POST' ? {} : undefined });
      // Our handlers answer with { error: { code } } or data; API Gateway's own 404 is { message }.
      expect(res.body, key).not.toEqual({ message: 'Not Found' });
      expect(res.headers.get('content-type'), key).toContain('application/json');
    }
  });

  it('creates every table of the template with its keys and indexes in DynamoDB Local', async () => {
    const client = new DynamoDBClient({ endpoint: stack.dynamo.endpoint, region: 'local', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    const tables = resourcesOfType(template(), 'AWS::DynamoDB::Table');
    expect(tables.length).toBeGreaterThan(0);
    for (const [id, res] of tables) {
      const out = await client.send(new DescribeTableCommand({ TableName: stack.dynamo.tables[id] }));
      expect(out.Table?.KeySchema).toEqual(res.Properties!.KeySchema);
      expect(out.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(
        (res.Properties!.GlobalSecondaryIndexes ?? []).map((g: { IndexName: string }) => g.IndexName).sort(),
      );
    }
    client.destroy();
  });

  it('answers health publicly', async () => {
    const res = await callApi(stack, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', region: stack.region });
  });
});

describe('tickets through API → Lambda → DynamoDB Local', () => {
  it('creates a ticket and reads it back, stored in the table under its key', async () => {
    const created = await callApi(stack, 'POST', '/v1/tickets', {
      role: 'agent',
      body: { subject: 'Printer jams', description: 'Tray 2 jams every page', customerEmail: 'Lin@Example.com' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ subject: 'Printer jams', status: 'new', priority: 'normal', customerEmail: 'lin@example.com', version: 1 });
    expect(created.body.number).toBeGreaterThanOrEqual(1001);

    const read = await callApi(stack, 'GET', `/v1/tickets/${created.body.id}`, { role: 'admin' });
    expect(read.status).toBe(200);
    expect(read.body.ticket).toEqual(created.body);
    expect(read.headers.get('etag')).toBe('"1"');

    const client = new DynamoDBClient({ endpoint: stack.dynamo.endpoint, region: 'local', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    const item = await client.send(
      new GetItemCommand({ TableName: Object.values(stack.dynamo.tables)[0], Key: { pk: { S: `TICKET#${created.body.id}` }, sk: { S: 'TICKET' } } }),
    );
    expect(item.Item?.subject?.S).toBe('Printer jams');
    expect(item.Item?.gsi1pk?.S).toBe('STATUS#new');
    client.destroy();
  });

  it('gives 20 concurrent creations 20 distinct, consecutive numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: `Race ${i}`, description: 'd' } })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const numbers = results.map((r) => r.body.number as number).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(20);
    expect(numbers[19]! - numbers[0]!).toBe(19);
  });
});

describe('errors in one shape', () => {
  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', rawBody: '{"subject":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
    expect(res.body.error.requestId).toBe(res.headers.get('apigw-requestid'));
  });

  it('answers a body failing its schema with 400 naming each field', async () => {
    const res = await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: '', customerEmail: 'nope', version: 7 } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['subject', 'description', 'customerEmail', '(body)']);
  });

  it('answers an unknown route with 404 in the same shape', async () => {
    const res = await callApi(stack, 'DELETE', '/v2/whatever');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers a missing ticket with 404 and a malformed id with 400', async () => {
    expect((await callApi(stack, 'GET', '/v1/tickets/00000000-0000-4000-8000-000000000000', { role: 'agent' })).status).toBe(404);
    const bad = await callApi(stack, 'GET', '/v1/tickets/..%2F..%2Fetc', { role: 'agent' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('id');
  });
});

describe('the JWT authorizer, as API Gateway applies it', () => {
  it('refuses a request without a token with 401 before any function runs', async () => {
    const before = stack.functions.get([...stack.functions.keys()].find((k) => k.includes('CreateTicket'))!)!.invocations;
    const res = await callApi(stack, 'POST', '/v1/tickets', { body: { subject: 's', description: 'd' } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unauthorized' });
    expect(stack.functions.get([...stack.functions.keys()].find((k) => k.includes('CreateTicket'))!)!.invocations).toBe(before);
  });

  it('refuses a token signed by another key, an expired token and one for another audience', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ 'cognito:groups': ['admin'], token_use: 'id' })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setSubject('x')
      .setIssuer(`${stack.consoleUrl}/auth`)
      .setAudience('loopdesk-local-console')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await callApi(stack, 'GET', '/v1/tickets/00000000-0000-4000-8000-000000000000', { token: forged })).status).toBe(401);
    expect((await callApi(stack, 'GET', '/v1/tickets/00000000-0000-4000-8000-000000000000', { token: 'not.a.jwt' })).status).toBe(401);
  });

  it('passes Cognito claims the way API Gateway does, so roles decide: 403 for finance and technicians', async () => {
    for (const role of ['finance', 'technician']) {
      const res = await callApi(stack, 'POST', '/v1/tickets', { role, body: { subject: 's', description: 'd' } });
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('answers CORS preflights from the console origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.apiUrl}/v1/tickets`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const ok = await preflight(stack.consoleUrl);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(stack.consoleUrl);
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});
