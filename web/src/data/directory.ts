import type { ApiClient } from '../api/client.ts';
import type { AgentProfile, DirectoryDoc, DirectoryItems, DirectoryKind } from '../api/directory.ts';
import { getDirectory, labelIn, listAgents } from '../api/directory.ts';
import { useApp } from '../app-context.ts';
import { useI18n } from '../i18n/context.tsx';
import { patchCached, setCached, useCached } from './cache.ts';
import type { Cached } from './cache.ts';

export const AGENTS_KEY = 'agents';
export const directoryKey = (kind: DirectoryKind) => `directory:${kind}`;

export function useAgents(): Cached<AgentProfile[]> {
  const { api } = useApp();
  return useCached(api, AGENTS_KEY, () => listAgents(api));
}

export function useDirectory<K extends DirectoryKind>(kind: K): Cached<DirectoryDoc<DirectoryItems[K]>> {
  const { api } = useApp();
  return useCached(api, directoryKey(kind), () => getDirectory(api, kind));
}

/** After a save: everyone showing this collection gets the saved version. */
export function storeDirectory<K extends DirectoryKind>(api: ApiClient, kind: K, doc: DirectoryDoc<DirectoryItems[K]>): void {
  setCached(api, directoryKey(kind), doc);
}

export function storeAgent(api: ApiClient, profile: AgentProfile): void {
  patchCached<AgentProfile[]>(api, AGENTS_KEY, (loaded) => [...loaded.filter((a) => a.id !== profile.id), profile]);
}

/** People, teams and categories by id, in the user's language; undefined while unknown. */
export interface Names {
  person(id: string): string | undefined;
  team(id: string): string | undefined;
  category(id: string): string | undefined;
}

export function useNames(): Names {
  const { language } = useI18n();
  const agents = useAgents().data;
  const teams = useDirectory('teams').data;
  const categories = useDirectory('categories').data;
  return {
    person: (id) => agents?.find((a) => a.id === id)?.name,
    team: (id) => labelIn(teams?.items.find((t) => t.id === id)?.name, language) || undefined,
    category: (id) => labelIn(categories?.items.find((c) => c.id === id)?.name, language) || undefined,
  };
}

/** Agents and admins by name (then email), for pickers. */
export function sortedPeople(agents: AgentProfile[] | undefined): AgentProfile[] {
  return [...(agents ?? [])].sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}
