import { buildOpenApiDocument } from '#shared/api/openapi.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';

// Built once per cold start: the document only changes with a deployment.
const document = buildOpenApiDocument();

/** The API's own description, public like the source it is generated from. */
export const handler = httpRoute({ access: 'public' }, async ({ headers }) => {
  const host = headers.host;
  const body = host ? { ...document, servers: [{ url: `${headers['x-forwarded-proto'] ?? 'https'}://${host}` }] } : document;
  return new HttpReply(body, { 'cache-control': 'public, max-age=300' });
});
