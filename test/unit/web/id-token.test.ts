// Proves id-token payloads are decoded into email, sub, staff roles and expiry without verification.
import { describe, expect, it } from 'vitest';
import { base64UrlEncode } from '../../../web/src/auth/base64url.ts';
import { decodeIdToken, isExpired } from '../../../web/src/auth/id-token.ts';

function fakeJwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => base64UrlEncode(new TextEncoder().encode(JSON.stringify(value)));
  return `${part({ alg: 'RS256', kid: 'test' })}.${part(payload)}.c2lnbmF0dXJl`;
}

describe('decodeIdToken', () => {
  it('reads sub, email, cognito:groups and exp', () => {
    const token = fakeJwt({
      sub: '5f1c-42',
      email: 'agent@example.com',
      'cognito:groups': ['agent', 'admin'],
      exp: 1_900_000_000,
      token_use: 'id',
    });
    expect(decodeIdToken(token)).toEqual({
      sub: '5f1c-42',
      email: 'agent@example.com',
      roles: ['agent', 'admin'],
      exp: 1_900_000_000,
    });
  });

  it('keeps non-ASCII claims intact (UTF-8 payloads)', () => {
    const token = fakeJwt({ sub: 'u1', email: '张伟@example.cn', exp: 1 });
    expect(decodeIdToken(token).email).toBe('张伟@example.cn');
  });

  it('drops groups that are not staff roles and tolerates missing groups', () => {
    expect(decodeIdToken(fakeJwt({ sub: 'u1', exp: 1, 'cognito:groups': ['finance', 'us-east-1_Google'] })).roles).toEqual([
      'finance',
    ]);
    expect(decodeIdToken(fakeJwt({ sub: 'u1', exp: 1 })).roles).toEqual([]);
  });

  it('rejects tokens that are not JWTs or lack sub/exp', () => {
    expect(() => decodeIdToken('not-a-jwt')).toThrow();
    expect(() => decodeIdToken(fakeJwt({ email: 'x@example.com' }))).toThrow();
  });
});

describe('isExpired', () => {
  const claims = { sub: 'u1', email: '', roles: [], exp: 1_000 };
  it('treats a token as expired shortly before exp, to absorb clock skew and latency', () => {
    expect(isExpired(claims, 900_000)).toBe(false);
    expect(isExpired(claims, 975_000)).toBe(true);
    expect(isExpired(claims, 1_000_000)).toBe(true);
  });
});
