import type { Principal } from '../auth/principal.ts';
import { NotFoundError } from '../errors/domain-errors.ts';
import { TicketClosedError } from './apply-update.ts';
import { downloadHeaders, safeFileName, type Attachment, type NewAttachmentInput } from './attachments.ts';
import type { TicketDeps } from './ticket-operations.ts';

/** A short-lived URL for one object operation; the S3 adapter implements it with SigV4. */
export interface PresignRequest {
  method: 'GET' | 'PUT' | 'HEAD';
  bucket: string;
  key: string;
  expiresInSeconds: number;
  /** PUT: the upload must carry exactly this type and length (both signed). */
  contentType?: string;
  contentLength?: number;
  /** GET: what the response must say, whatever the object claims (forces download). */
  responseContentType?: string;
  responseContentDisposition?: string;
}

export type Presign = (request: PresignRequest) => Promise<string>;

export interface AttachmentDeps extends TicketDeps {
  presign: Presign;
  bucket: string;
}

const UPLOAD_SECONDS = 300;
const DOWNLOAD_SECONDS = 60;

/**
 * Registers a file on a ticket and answers a short-lived URL to upload it straight to S3 (the
 * bytes never pass through Lambda). The URL signs the exact type and size declared, so what lands
 * is what was checked. Object keys are random per file: links cannot be guessed from ticket ids.
 */
export async function startUpload(deps: AttachmentDeps, by: Principal, ticketId: string, input: NewAttachmentInput) {
  const ticket = await deps.store.get(ticketId);
  if (!ticket) throw new NotFoundError(`Ticket ${ticketId}`);
  if (ticket.status === 'closed') throw new TicketClosedError(ticket.number);
  const id = deps.ids.next();
  const attachment: Attachment = {
    id,
    ticketId,
    name: safeFileName(input.name),
    contentType: input.contentType,
    size: input.size,
    key: `tickets/${ticketId}/${id}`,
    uploadedBy: by.id,
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.store.addAttachment(attachment);
  const url = await deps.presign({
    method: 'PUT',
    bucket: deps.bucket,
    key: attachment.key,
    expiresInSeconds: UPLOAD_SECONDS,
    contentType: attachment.contentType,
    contentLength: attachment.size,
  });
  const { key: _key, ...visible } = attachment;
  return { attachment: visible, upload: { url, method: 'PUT' as const, headers: { 'content-type': attachment.contentType }, expiresInSeconds: UPLOAD_SECONDS } };
}

/** A one-minute download link, issued only for a file of the ticket in the path (authorized on every download). */
export async function downloadLink(deps: AttachmentDeps, ticketId: string, attachmentId: string) {
  const attachment = await deps.store.getAttachment(ticketId, attachmentId);
  if (!attachment) throw new NotFoundError('Attachment');
  const url = await deps.presign({ method: 'GET', bucket: deps.bucket, key: attachment.key, expiresInSeconds: DOWNLOAD_SECONDS, ...downloadHeaders(attachment) });
  return { url, expiresInSeconds: DOWNLOAD_SECONDS };
}
