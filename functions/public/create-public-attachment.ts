import { publicTokenPath } from '#shared/api/request-schemas.ts';
import { startUpload } from '#shared/tickets/attachment-operations.ts';
import { newAttachmentInputSchema } from '#shared/tickets/attachments.ts';
import { createPresigner } from '#shared/adapters/s3/presign.ts';
import * as z from 'zod/mini';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { readEnv } from '../lib/env.ts';
import { httpRoute } from '../lib/http-route.ts';
import { publicDeps } from '../lib/public-deps.ts';

const p = publicDeps();
const env = readEnv({ ATTACHMENTS_BUCKET: z.string().check(z.minLength(1)) });
const deps = { ...p.deps, presign: createPresigner(), bucket: env.ATTACHMENTS_BUCKET };

/** A customer attaches a file to their ticket through its private link (same checks as staff). */
export const handler = httpRoute({ access: 'public', path: publicTokenPath, body: newAttachmentInputSchema, status: 201 }, async ({ path, body }) => {
  try {
    const { ticketId, customerId } = await p.ticketFromLink(path.token);
    await p.limit(`upload#${ticketId}`, 30, 3600);
    return await startUpload(deps, { id: customerId, email: '', roles: [] }, ticketId, body);
  } finally {
    logConsumedCapacity(p.deps.meter);
  }
});
