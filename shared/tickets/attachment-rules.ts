/**
 * What files tickets accept, in a module without zod so the console can import the very same
 * rules the API enforces (the API checks again; the console only answers sooner).
 */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
export const MAX_FILES_PER_MESSAGE = 10;

/** Documents, images, archives. Executables and anything unlisted are refused. */
export const ALLOWED_ATTACHMENT_TYPES: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/svg+xml',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'message/rfc822',
];
