import * as z from 'zod/mini';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-errors.ts';

/** Staff roles are Cognito groups; customers never hold a console token. */
export const ROLES = ['admin', 'agent', 'technician', 'finance'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** Stable user id (Cognito `sub`). */
  id: string;
  email: string;
  roles: Role[];
}

/**
 * The claims exactly as API Gateway's JWT authorizer hands them to a handler. Cognito puts groups in
 * `cognito:groups`; API Gateway flattens array claims to the string "[admin agent]", while tokens
 * decoded directly carry a real array, so both forms are accepted.
 */
const claimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  email: z.optional(z.string()),
  'cognito:groups': z.optional(z.union([z.array(z.string()), z.string()])),
});

export function parseGroupsClaim(raw: string | string[] | undefined): string[] {
  if (raw === undefined) return [];
  if (Array.isArray(raw)) return raw;
  const trimmed = raw.trim().replace(/^\[/, '').replace(/\]$/, '');
  return trimmed.split(/[\s,]+/).filter(Boolean);
}

/** Builds the caller from authorizer claims; no claims means the route was reached unauthenticated. */
export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal {
  const parsed = claimsSchema.safeParse(claims ?? {});
  if (!parsed.success) throw new UnauthenticatedError();
  const groups = parseGroupsClaim(parsed.data['cognito:groups']);
  return {
    id: parsed.data.sub,
    email: parsed.data.email ?? '',
    roles: groups.filter((g): g is Role => (ROLES as readonly string[]).includes(g)),
  };
}

/** Refuses the call unless the caller holds at least one of the allowed roles. */
export function requireRole(principal: Principal, allowed: readonly Role[]): void {
  if (!principal.roles.some((r) => allowed.includes(r))) throw new ForbiddenError();
}
