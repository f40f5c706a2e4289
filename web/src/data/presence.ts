import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client.ts';
import type { AgentProfile } from '../api/directory.ts';
import { listAgents, putMe } from '../api/directory.ts';
import type { IdTokenClaims } from '../auth/id-token.ts';
import type { Language } from '../i18n/languages.ts';
import { canUseTickets } from '../modules.ts';
import { fetchCached } from './cache.ts';
import { AGENTS_KEY, storeAgent } from './directory.ts';

/**
 * The signed-in person's availability ("Available" / "Away"). Routing only hands new tickets to
 * available members, so the console announces it at every sign-in, keeping the last choice. The
 * same profile carries the console language, which the SLA notice emails are written in.
 */
export interface Presence {
  available: boolean;
  /** `starting` until the sign-in announcement has been answered. */
  state: 'starting' | 'idle' | 'saving' | 'failed';
}

let presence: Presence = { available: true, state: 'starting' };
const listeners = new Set<() => void>();

function set(next: Presence): void {
  presence = next;
  for (const listener of [...listeners]) listener();
}

/** The language the profile should carry (the UI's, as of the last announcement or switch). */
let language: Language | undefined;
/** Set once the sign-in announcement is queued; before that, it will carry a new language itself. */
let announced = false;
let writes: Promise<unknown> = Promise.resolve();

/**
 * PUT /v1/me replaces the whole profile, so writes go one at a time and each sends the newest
 * language: an availability toggle and a language switch close together cannot undo each other.
 * Without `available`, the one on screen when the write goes out is sent.
 */
function writeProfile(api: ApiClient, user: IdTokenClaims, available?: boolean): Promise<AgentProfile> {
  const run = writes.then(() =>
    putMe(api, { available: available ?? presence.available, ...(user.name ? { name: user.name } : {}), ...(language ? { language } : {}) }),
  );
  writes = run.catch(() => undefined);
  return run;
}

const storageKey = (userId: string) => `loopdesk.available.${userId}`;

function storedChoice(userId: string): boolean | undefined {
  try {
    const raw = localStorage.getItem(storageKey(userId));
    return raw === 'true' ? true : raw === 'false' ? false : undefined;
  } catch {
    return undefined;
  }
}

function remember(userId: string, available: boolean): void {
  try {
    localStorage.setItem(storageKey(userId), String(available));
  } catch {
    // Not remembered locally: the server still has it.
  }
}

/** At sign-in: the last choice (as the server has it, else as this browser remembers it, else available), and the UI language. */
export async function announcePresence(api: ApiClient, user: IdTokenClaims, uiLanguage: Language): Promise<void> {
  language = uiLanguage;
  let available = storedChoice(user.sub) ?? true;
  if (canUseTickets(user.roles)) {
    try {
      const agents = await fetchCached(api, AGENTS_KEY, () => listAgents(api));
      const mine = agents.find((a) => a.id === user.sub);
      if (mine) available = mine.available;
    } catch {
      // The list is optional here; the local choice stands.
    }
  }
  set({ available, state: 'starting' });
  announced = true;
  try {
    const profile = await writeProfile(api, user, available);
    remember(user.sub, profile.available);
    set({ available: profile.available, state: 'idle' });
    if (canUseTickets(user.roles)) storeAgent(api, profile);
  } catch {
    set({ available, state: 'failed' });
  }
}

export async function changeAvailability(api: ApiClient, user: IdTokenClaims, available: boolean): Promise<void> {
  const before = presence.available;
  set({ available, state: 'saving' });
  try {
    const profile = await writeProfile(api, user, available);
    remember(user.sub, profile.available);
    set({ available: profile.available, state: 'idle' });
    storeAgent(api, profile);
  } catch {
    set({ available: before, state: 'failed' });
  }
}

/** After the user switches the console language: the profile follows, so notice emails do too. */
export async function changeLanguage(api: ApiClient, user: IdTokenClaims, uiLanguage: Language): Promise<void> {
  if (uiLanguage === language) return;
  language = uiLanguage;
  if (!announced) return;
  try {
    const profile = await writeProfile(api, user);
    if (canUseTickets(user.roles)) storeAgent(api, profile);
  } catch {
    // Quietly: the console already speaks the new language, and the next sign-in saves it again.
  }
}

export function usePresence(): Presence {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return presence;
}
