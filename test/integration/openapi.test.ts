// Proves the API serves an OpenAPI 3 document generated from the handlers' zod schemas, covering exactly the stack's routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStacks, resourcesOfType } from '../../infra/local/cloud-assembly.ts';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { API_CATALOGUE } from '#shared/api/api-catalogue.ts';
import { testAssemblyDir } from '../support/assembly.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack('openapi');
});
afterAll(async () => {
  await stack?.stop();
});

describe('OpenAPI document', () => {
  it('lists exactly the routes of the synthesized stack', () => {
    const routeKeys = resourcesOfType(readStacks(testAssemblyDir())[0]!.template, 'AWS::ApiGatewayV2::Route')
      .map(([, r]) => String(r.Properties!.RouteKey))
      .filter((k) => k !== '$default');
    expect(Object.keys(API_CATALOGUE).sort()).toEqual(routeKeys.sort());
  });

  it('is served publicly and describes request bodies, parameters and security from the schemas', async () => {
    const res = await callApi(stack, 'GET', '/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.servers[0].url).toContain('localhost');
    const create = doc.paths['/v1/tickets'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['subject', 'description']));
    expect(body.properties.priority.enum).toEqual(['low', 'normal', 'high', 'urgent']);
    expect(body.additionalProperties).toBe(false);
    expect(create['x-loopdesk-roles']).toEqual(['admin', 'agent']);
    const patch = doc.paths['/v1/tickets/{id}'].patch;
    expect(patch.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['path:id', 'header:If-Match']);
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '409', '428']));
    const list = doc.paths['/v1/tickets'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['status', 'assignee', 'cursor', 'limit', 'number']));
    expect(doc.paths['/health'].get.security).toEqual([]);
  });
});
