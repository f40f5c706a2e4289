import { DomainError } from '#shared/errors/domain-errors.ts';

/** The ETag of a ticket is its version, so a client can send it back in If-Match. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Reads the version a client edited from If-Match (`"7"`, `W/"7"` or `7`). Edits without one are
 * refused (428): a save that does not say what it saw could silently overwrite someone else.
 */
export function expectedVersion(headers: Record<string, string | undefined>): number {
  const raw = headers['if-match'];
  if (!raw) throw new DomainError(428, 'PRECONDITION_REQUIRED', 'Send If-Match with the version you edited (the ETag you read)');
  const match = /^(?:W\/)?"?(\d{1,12})"?$/.exec(raw.trim());
  if (!match) throw new DomainError(400, 'VALIDATION_FAILED', 'If-Match must be a ticket version', [{ path: 'If-Match', message: 'Use the ETag you read' }]);
  return Number(match[1]);
}
