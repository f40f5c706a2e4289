import type { ConsoleConfig } from '../config.ts';
import { decodeIdToken } from './id-token.ts';
import { codeChallengeFor, randomUrlSafeString } from './pkce.ts';
import { clearSession, savePendingLogin, saveTokens, takePendingLogin } from './session.ts';

type AuthConfig = ConsoleConfig['auth'];

/** Must match a callback / sign-out URL registered on the app client. */
export function redirectUri(): string {
  return `${location.origin}/`;
}

export function authorizeUrl(auth: AuthConfig, params: { redirectUri: string; state: string; challenge: string }): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: params.redirectUri,
    scope: 'openid email profile',
    state: params.state,
    code_challenge: params.challenge,
    code_challenge_method: 'S256',
  });
  return `${auth.domain}/oauth2/authorize?${query.toString()}`;
}

export function logoutUrl(auth: AuthConfig, returnUri: string): string {
  const query = new URLSearchParams({ client_id: auth.clientId, logout_uri: returnUri });
  return `${auth.domain}/logout?${query.toString()}`;
}

export async function startLogin(auth: AuthConfig): Promise<void> {
  const verifier = randomUrlSafeString();
  const state = randomUrlSafeString(16);
  savePendingLogin({ state, verifier, returnTo: location.hash });
  const challenge = await codeChallengeFor(verifier);
  location.assign(authorizeUrl(auth, { redirectUri: redirectUri(), state, challenge }));
}

export function logout(auth: AuthConfig): void {
  clearSession();
  location.assign(logoutUrl(auth, redirectUri()));
}

export type CallbackOutcome =
  | { kind: 'none' }
  | { kind: 'signedIn' }
  | { kind: 'failed'; reason: 'state' | 'token' }
  | { kind: 'failed'; reason: 'provider'; message: string };

/** Removes ?code=…&state=… so a reload or a shared link never replays a used code. */
function cleanUrl(hash: string): void {
  history.replaceState(null, '', `${location.pathname}${hash}`);
}

/** Finishes the code flow when the identity provider has just redirected back to us. */
export async function completeLoginIfReturning(auth: AuthConfig): Promise<CallbackOutcome> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const providerError = params.get('error');
  if (!code && !providerError) return { kind: 'none' };

  const pending = takePendingLogin();
  cleanUrl(pending?.returnTo ?? location.hash);
  if (providerError) {
    return { kind: 'failed', reason: 'provider', message: params.get('error_description') ?? providerError };
  }
  if (!code || !pending || params.get('state') !== pending.state) return { kind: 'failed', reason: 'state' };

  try {
    const response = await fetch(`${auth.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: auth.clientId,
        code,
        redirect_uri: redirectUri(),
        code_verifier: pending.verifier,
      }),
    });
    if (!response.ok) return { kind: 'failed', reason: 'token' };
    const body = (await response.json()) as Record<string, unknown>;
    const idToken = body['id_token'];
    const accessToken = body['access_token'];
    const refreshToken = body['refresh_token'];
    if (typeof idToken !== 'string' || typeof accessToken !== 'string') return { kind: 'failed', reason: 'token' };
    decodeIdToken(idToken); // throws on a malformed token, before it is stored and reused
    saveTokens({ idToken, accessToken, ...(typeof refreshToken === 'string' ? { refreshToken } : {}) });
    return { kind: 'signedIn' };
  } catch {
    return { kind: 'failed', reason: 'token' };
  }
}
