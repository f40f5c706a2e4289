import * as z from 'zod/mini';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_FILES_PER_MESSAGE } from './attachment-rules.ts';

export { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_FILES_PER_MESSAGE };
const ALLOWED = new Set(ALLOWED_ATTACHMENT_TYPES);

/** Raster images may show inline (previews); everything else, SVG included, always downloads. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export const attachmentSchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  name: z.string(),
  contentType: z.string(),
  size: z.int(),
  key: z.string(),
  uploadedBy: z.string(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const newAttachmentInputSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1, 'A file name is required'), z.maxLength(255)),
  contentType: z.string().check(z.trim(), z.toLowerCase(), z.refine((t) => ALLOWED.has(t), 'This file type is not accepted')),
  size: z.int().check(z.minimum(1, 'The file is empty'), z.maximum(MAX_ATTACHMENT_BYTES, 'Files are at most 25 MB')),
});
export type NewAttachmentInput = z.infer<typeof newAttachmentInputSchema>;

/**
 * A file name safe to store and to put in a header: no path, no control characters, no quotes,
 * at most 200 characters; what remains is shown as text, never as markup.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>]/g, '').replace(/^\.+/, '').trim().slice(0, 200);
  return cleaned || 'file';
}

/** Response headers S3 must send on download, whatever the uploader claimed. */
export function downloadHeaders(a: Attachment): { responseContentType: string; responseContentDisposition: string } {
  const inline = INLINE_TYPES.has(a.contentType);
  return {
    responseContentType: inline ? a.contentType : 'application/octet-stream',
    responseContentDisposition: `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(a.name)}`,
  };
}
