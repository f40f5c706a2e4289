import type { IdTokenClaims } from './id-token.ts';
import { decodeIdToken, isExpired } from './id-token.ts';

/**
 * sessionStorage, not localStorage: tokens die with the tab, and a fresh tab goes through the
 * identity provider (which still has its own session cookie, so that is usually one redirect).
 */
const TOKENS_KEY = 'loopdesk.tokens';
const PENDING_KEY = 'loopdesk.pendingLogin';

export interface StoredTokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
}

export interface Session {
  tokens: StoredTokens;
  claims: IdTokenClaims;
}

/** What must survive the round trip to the identity provider. */
export interface PendingLogin {
  state: string;
  verifier: string;
  /** The hash route the user wanted, restored after sign-in. */
  returnTo: string;
}

function readJson(key: string): unknown {
  const raw = sessionStorage.getItem(key);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export function saveTokens(tokens: StoredTokens): void {
  sessionStorage.setItem(TOKENS_KEY, JSON.stringify(tokens));
}

/** Returns a usable session, or undefined when there is none or the id token has expired. */
export function currentSession(nowMs = Date.now()): Session | undefined {
  const stored = readJson(TOKENS_KEY) as Partial<StoredTokens> | undefined;
  if (!stored || typeof stored.idToken !== 'string') return undefined;
  try {
    const claims = decodeIdToken(stored.idToken);
    if (isExpired(claims, nowMs)) return undefined;
    return { tokens: stored as StoredTokens, claims };
  } catch {
    return undefined;
  }
}

export function clearSession(): void {
  sessionStorage.removeItem(TOKENS_KEY);
  sessionStorage.removeItem(PENDING_KEY);
}

export function savePendingLogin(pending: PendingLogin): void {
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
}

/** One-shot: a state/verifier pair must never be usable twice. */
export function takePendingLogin(): PendingLogin | undefined {
  const pending = readJson(PENDING_KEY) as Partial<PendingLogin> | undefined;
  sessionStorage.removeItem(PENDING_KEY);
  if (!pending || typeof pending.state !== 'string' || typeof pending.verifier !== 'string') return undefined;
  return { state: pending.state, verifier: pending.verifier, returnTo: typeof pending.returnTo === 'string' ? pending.returnTo : '' };
}

/** True when tokens exist even if expired: the user was signed in before, so re-login is expected. */
export function hasStoredTokens(): boolean {
  return sessionStorage.getItem(TOKENS_KEY) !== null;
}
