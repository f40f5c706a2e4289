import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client.ts';

/**
 * A tiny shared read cache for the small lists every page needs (staff, teams, categories, custom
 * fields): fetched once per signed-in session, shared by every component that asks, refreshed when
 * someone changes them (an admin save, the availability toggle).
 */
interface Entry {
  value?: unknown;
  error?: unknown;
  pending?: Promise<unknown>;
  listeners: Set<() => void>;
}

const caches = new WeakMap<ApiClient, Map<string, Entry>>();

function entryFor(api: ApiClient, key: string): Entry {
  let map = caches.get(api);
  if (!map) caches.set(api, (map = new Map()));
  let entry = map.get(key);
  if (!entry) map.set(key, (entry = { listeners: new Set() }));
  return entry;
}

function notify(entry: Entry): void {
  for (const listener of [...entry.listeners]) listener();
}

export function fetchCached<T>(api: ApiClient, key: string, load: () => Promise<T>, force = false): Promise<T> {
  const entry = entryFor(api, key);
  if (!force && entry.value !== undefined) return Promise.resolve(entry.value as T);
  if (!force && entry.pending) return entry.pending as Promise<T>;
  const pending = load().then(
    (value) => {
      if (entry.pending === pending) {
        entry.value = value;
        entry.error = undefined;
        entry.pending = undefined;
        notify(entry);
      }
      return value;
    },
    (error: unknown) => {
      if (entry.pending === pending) {
        entry.error = error;
        entry.pending = undefined;
        notify(entry);
      }
      throw error;
    },
  );
  entry.pending = pending;
  return pending;
}

/** Replaces what is cached (e.g. with what a save answered) and re-renders everyone using it. */
export function setCached<T>(api: ApiClient, key: string, update: T | ((previous: T | undefined) => T)): void {
  const entry = entryFor(api, key);
  entry.value = typeof update === 'function' ? (update as (previous: T | undefined) => T)(entry.value as T | undefined) : update;
  entry.error = undefined;
  entry.pending = undefined;
  notify(entry);
}

/**
 * Changes one part of a list (e.g. the caller's own staff profile). A load under way may have
 * been answered before the change, so the patch waits for it and applies on top. When nothing
 * is loaded (or the load failed), nothing is fabricated from the one part: the next load
 * brings the whole list, the part included.
 */
export function patchCached<T>(api: ApiClient, key: string, patch: (loaded: T) => T): void {
  const entry = entryFor(api, key);
  if (entry.pending) {
    entry.pending.then(() => patchCached(api, key, patch)).catch(() => undefined);
    return;
  }
  if (entry.value === undefined) return;
  entry.value = patch(entry.value as T);
  notify(entry);
}

export interface Cached<T> {
  data?: T;
  error?: unknown;
  reload(): void;
}

export function useCached<T>(api: ApiClient, key: string, load: () => Promise<T>): Cached<T> {
  const entry = entryFor(api, key);
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    entry.listeners.add(listener);
    // A page that opens after a failed load tries again rather than inheriting the failure.
    if (entry.value === undefined && !entry.pending) fetchCached(api, key, load).catch(() => undefined);
    return () => {
      entry.listeners.delete(listener);
    };
  }, [api, key]);
  return {
    data: entry.value as T | undefined,
    error: entry.error,
    reload: () => void fetchCached(api, key, load, true).catch(() => undefined),
  };
}
