import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A customer's private link to their ticket: `<ticketId>.<secret>`. Only the SHA-256 of the secret
 * is stored, so a leaked table cannot be turned into links; 32 random bytes cannot be guessed or
 * enumerated by changing an id.
 */
export function newAccessToken(ticketId: string): { token: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${ticketId}.${secret}`, hash: hashSecret(secret) };
}

export function parseAccessToken(token: string): { ticketId: string; secret: string } | undefined {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { ticketId: m[1]!, secret: m[2]! } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
