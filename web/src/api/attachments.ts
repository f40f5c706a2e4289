import type { Attachment } from '#shared/tickets/attachments.ts';
import type { ApiClient } from './client.ts';
import { ApiError, NETWORK_ERROR_CODE } from './errors.ts';

/** What the API shows of a file (never its storage key). */
export type AttachmentInfo = Pick<Attachment, 'id' | 'name' | 'contentType' | 'size'> & Partial<Pick<Attachment, 'createdAt' | 'uploadedBy'>>;

// The API's own rules (it checks again); a zod-free module, so nothing of the validator is bundled.
export { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_FILES_PER_MESSAGE } from '#shared/tickets/attachment-rules.ts';

/** Browsers leave the type empty for some files; a few common ones are known by their extension. */
export function contentTypeOf(file: { name: string; type: string }): string {
  if (file.type) return file.type.toLowerCase();
  const ext = file.name.split('.').pop()?.toLowerCase();
  const byExt: Record<string, string> = { csv: 'text/csv', txt: 'text/plain', log: 'text/plain', eml: 'message/rfc822', pdf: 'application/pdf', zip: 'application/zip' };
  return (ext && byExt[ext]) || 'application/octet-stream';
}

/** The API's answer to registering a file: the attachment, and where to PUT its bytes (a link signed for 5 minutes). */
export interface UploadStart {
  attachment: AttachmentInfo;
  upload: { url: string; method: 'PUT'; headers: Record<string, string> };
}

/** What to register for a file: its name, the type the upload will be signed with, its size. */
export function uploadInput(file: File): { name: string; contentType: string; size: number } {
  return { name: file.name, contentType: contentTypeOf(file), size: file.size };
}

/** Sends the bytes straight to storage with the presigned PUT (exactly the type and size that were signed). */
export async function putFile(start: UploadStart, file: File): Promise<AttachmentInfo> {
  let response: Response;
  try {
    response = await fetch(start.upload.url, { method: start.upload.method ?? 'PUT', headers: start.upload.headers, body: file, credentials: 'omit' });
  } catch {
    throw new ApiError(0, NETWORK_ERROR_CODE, '');
  }
  if (!response.ok) throw new ApiError(response.status, 'UPLOAD_FAILED', '');
  return start.attachment;
}

const ticketPath = (id: string) => `/v1/tickets/${encodeURIComponent(id)}`;

/** Registers the file on the ticket; `putFile` then sends its bytes. */
export function registerAttachment(api: ApiClient, ticketId: string, file: File): Promise<UploadStart> {
  return api.post<UploadStart>(`${ticketPath(ticketId)}/attachments`, uploadInput(file));
}

/** A short-lived link to the file, asked for at the moment of download (links are never stored). */
export async function downloadLink(api: ApiClient, ticketId: string, attachmentId: string): Promise<string> {
  return (await api.get<{ url: string; expiresInSeconds: number }>(`${ticketPath(ticketId)}/attachments/${encodeURIComponent(attachmentId)}`)).url;
}

/** "2.4 MB", "830 KB", "12 bytes" (decimal units, as file managers show them). */
export function formatSize(bytes: number, locale: string): string {
  const nf = (n: number, digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
  if (bytes >= 1_000_000) return `${nf(bytes / 1_000_000, 1)} MB`;
  if (bytes >= 1_000) return `${nf(bytes / 1_000, 0)} KB`;
  return `${nf(bytes, 0)} B`;
}
