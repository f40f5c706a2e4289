import { base64UrlEncode } from './base64url.ts';

/**
 * 32 random bytes give a 43-character verifier: the RFC 7636 minimum length with 256 bits of
 * entropy, and only unreserved characters.
 */
export function randomUrlSafeString(byteLength = 32): string {
  const bytes = new Uint8Array(byteLength);
  crypto.getRandomValues(bytes);
  return base64UrlEncode(bytes);
}

/** S256 method: BASE64URL(SHA256(ASCII(code_verifier))). */
export async function codeChallengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64UrlEncode(new Uint8Array(digest));
}
