import { ticketIdPath } from '#shared/api/request-schemas.ts';
import { startUpload } from '#shared/tickets/attachment-operations.ts';
import { newAttachmentInputSchema } from '#shared/tickets/attachments.ts';
import { attachmentDeps } from '../lib/attachment-deps.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';

const deps = attachmentDeps();

export const handler = httpRoute(
  { access: { roles: ['admin', 'agent'] }, path: ticketIdPath, body: newAttachmentInputSchema, status: 201 },
  async ({ path, body, principal }) => {
    try {
      return await startUpload(deps, principal, path.id, body);
    } finally {
      logConsumedCapacity(deps.meter);
    }
  },
);
