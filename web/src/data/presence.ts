import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client.ts';
import { listAgents, putMe } from '../api/directory.ts';
import type { IdTokenClaims } from '../auth/id-token.ts';
import { canUseTickets } from '../modules.ts';
import { fetchCached } from './cache.ts';
import { AGENTS_KEY, storeAgent } from './directory.ts';

/**
 * The signed-in person's availability ("Available" / "Away"). Routing only hands new tickets to
 * available members, so the console announces it at every sign-in, keeping the last choice.
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

/** At sign-in: the last choice (as the server has it, else as this browser remembers it, else available). */
export async function announcePresence(api: ApiClient, user: IdTokenClaims): Promise<void> {
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
  try {
    const profile = await putMe(api, { available, ...(user.name ? { name: user.name } : {}) });
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
    const profile = await putMe(api, { available, ...(user.name ? { name: user.name } : {}) });
    remember(user.sub, profile.available);
    set({ available: profile.available, state: 'idle' });
    storeAgent(api, profile);
  } catch {
    set({ available: before, state: 'failed' });
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
