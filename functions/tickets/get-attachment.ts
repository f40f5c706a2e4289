import { attachmentPath } from '#shared/api/request-schemas.ts';
import { downloadLink } from '#shared/tickets/attachment-operations.ts';
import { attachmentDeps } from '../lib/attachment-deps.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';

const deps = attachmentDeps();

export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: attachmentPath }, async ({ path }) => {
  try {
    return await downloadLink(deps, path.id, path.attachmentId);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
