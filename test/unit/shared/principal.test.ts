// Proves the caller is derived from authorizer claims in every shape API Gateway and Cognito produce, and roles gate actions.
import { describe, expect, it } from 'vitest';
import { parseGroupsClaim, principalFromClaims, requireRole } from '#shared/auth/principal.ts';
import { ForbiddenError, UnauthenticatedError } from '#shared/errors/domain-errors.ts';

describe('parseGroupsClaim', () => {
  it('reads the "[a b]" string API Gateway flattens arrays to', () => {
    expect(parseGroupsClaim('[admin agent]')).toEqual(['admin', 'agent']);
  });
  it('reads a real array and a comma list', () => {
    expect(parseGroupsClaim(['agent'])).toEqual(['agent']);
    expect(parseGroupsClaim('agent,finance')).toEqual(['agent', 'finance']);
  });
  it('reads nothing as no groups', () => {
    expect(parseGroupsClaim(undefined)).toEqual([]);
    expect(parseGroupsClaim('[]')).toEqual([]);
  });
});

describe('principalFromClaims', () => {
  it('keeps only known roles', () => {
    const p = principalFromClaims({ sub: 'u1', email: 'a@b.c', 'cognito:groups': '[agent superuser]' });
    expect(p).toEqual({ id: 'u1', email: 'a@b.c', roles: ['agent'] });
  });
  it('refuses a request without claims as unauthenticated', () => {
    expect(() => principalFromClaims(undefined)).toThrow(UnauthenticatedError);
    expect(() => principalFromClaims({ email: 'x@y.z' })).toThrow(UnauthenticatedError);
  });
});

describe('requireRole', () => {
  const agent = { id: 'u', email: '', roles: ['agent' as const] };
  it('lets a holder of an allowed role through', () => {
    expect(() => requireRole(agent, ['admin', 'agent'])).not.toThrow();
  });
  it('refuses everyone else with 403', () => {
    expect(() => requireRole(agent, ['admin'])).toThrow(ForbiddenError);
    expect(() => requireRole({ ...agent, roles: [] }, ['agent'])).toThrow(ForbiddenError);
  });
});
