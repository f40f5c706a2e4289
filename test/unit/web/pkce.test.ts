// Proves the console's PKCE S256 derivation reproduces RFC 7636 Appendix B and yields valid verifiers.
import { describe, expect, it } from 'vitest';
import { base64UrlEncode } from '../../../web/src/auth/base64url.ts';
import { codeChallengeFor, randomUrlSafeString } from '../../../web/src/auth/pkce.ts';

// The 32 octets and resulting strings printed in RFC 7636, Appendix B.
const RFC_OCTETS = [
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91,
  88, 5, 88, 83, 132, 141, 121,
];
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE', () => {
  it('base64url-encodes the RFC octets to the RFC verifier', () => {
    expect(base64UrlEncode(new Uint8Array(RFC_OCTETS))).toBe(RFC_VERIFIER);
  });

  it('derives the RFC S256 code challenge from the RFC verifier', async () => {
    expect(await codeChallengeFor(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it('generates 43-character verifiers from the unreserved alphabet, different each time', () => {
    const a = randomUrlSafeString();
    const b = randomUrlSafeString();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});
