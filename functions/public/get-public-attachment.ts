import * as z from 'zod/mini';
import { createPresigner } from '#shared/adapters/s3/presign.ts';
import { downloadLink } from '#shared/tickets/attachment-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { readEnv } from '../lib/env.ts';
import { httpRoute } from '../lib/http-route.ts';
import { publicDeps } from '../lib/public-deps.ts';
import { publicAttachmentPath } from '#shared/api/request-schemas.ts';
import { NotFoundError } from '#shared/errors/domain-errors.ts';

const p = publicDeps();
const env = readEnv({ ATTACHMENTS_BUCKET: z.string().check(z.minLength(1)) });
const deps = { ...p.deps, presign: createPresigner(), bucket: env.ATTACHMENTS_BUCKET };

/**
 * A download link for a file on the customer's own ticket, and only for files shown to them:
 * ones they uploaded or ones attached to a public reply (never files only on internal notes).
 */
export const handler = httpRoute({ access: 'public', path: publicAttachmentPath }, async ({ path }) => {
  try {
    const { ticketId } = await p.ticketFromLink(path.token);
    const detail = await p.deps.store.getDetail(ticketId);
    const attachment = detail?.attachments.find((a) => a.id === path.attachmentId);
    const onPublicReply = detail?.entries.some((e) => e.kind === 'reply' && e.attachmentIds?.includes(path.attachmentId));
    const uploadedByCustomer = attachment && attachment.uploadedBy === detail?.ticket.customerId;
    if (!attachment || !(onPublicReply || uploadedByCustomer)) throw new NotFoundError('Attachment');
    return await downloadLink(deps, ticketId, path.attachmentId);
  } finally {
    logConsumedCapacity(p.deps.meter);
  }
});
