import type { Role } from '#shared/auth/principal.ts';
import { base64UrlDecode } from './base64url.ts';

export type { Role };

/** Kept in step with the API's role list by the `satisfies` check. */
export const ROLES = ['admin', 'agent', 'technician', 'finance'] as const satisfies readonly Role[];

export interface IdTokenClaims {
  sub: string;
  email: string;
  /** Display name, when the identity provider sends one (Cognito's `name` attribute). */
  name?: string;
  roles: Role[];
  /** Expiry in seconds since the epoch, as in the JWT. */
  exp: number;
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Reads the payload without checking the signature: the API verifies every call, so the browser
 * only needs the claims to decide what to show.
 */
export function decodeIdToken(token: string): IdTokenClaims {
  const payloadPart = token.split('.')[1];
  if (!payloadPart) throw new Error('id_token is not a JWT');
  const json: unknown = JSON.parse(new TextDecoder().decode(base64UrlDecode(payloadPart)));
  if (typeof json !== 'object' || json === null) throw new Error('id_token payload is not an object');
  const claims = json as Record<string, unknown>;
  const { sub, email, exp, name } = claims;
  if (typeof sub !== 'string' || typeof exp !== 'number') throw new Error('id_token lacks sub or exp');
  const groups = claims['cognito:groups'];
  // Cognito sends an array; a plain string is tolerated for simpler identity providers.
  const groupList: unknown[] = Array.isArray(groups) ? groups : typeof groups === 'string' ? groups.split(/[\s,]+/) : [];
  return {
    sub,
    email: typeof email === 'string' ? email : '',
    ...(typeof name === 'string' && name.trim() ? { name: name.trim() } : {}),
    roles: groupList.filter(isRole),
    exp,
  };
}

/** A small margin so a token does not expire between the check and the API receiving it. */
export function isExpired(claims: IdTokenClaims, nowMs: number, skewSeconds = 30): boolean {
  return claims.exp - skewSeconds <= nowMs / 1000;
}
