import type { Catalog, MessageKey } from './en.ts';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

export const CATALOGS: Record<Language, Catalog> = { en, 'zh-CN': zhCN };

const STORAGE_KEY = 'loopdesk.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Maps any BCP 47 tag to a language we ship; every Chinese variant falls back to Simplified. */
export function languageFromTag(tag: string | undefined): Language | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

/** An explicit choice wins over the browser's preference list; English is the last resort. */
export function detectLanguage(stored: string | null, browserTags: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browserTags) {
    const lang = languageFromTag(tag);
    if (lang) return lang;
  }
  return 'en';
}

export function initialLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be blocked (privacy modes); the browser language still gives a sensible default.
  }
  const tags = navigator.languages?.length ? navigator.languages : [navigator.language];
  return detectLanguage(stored, tags);
}

export function rememberLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembering the choice is harmless; it only applies to this page view then.
  }
}

export type Params = Record<string, string | number>;

export function translate<K extends string = MessageKey>(catalog: Record<K, string>, key: K, params?: Params): string {
  const template = catalog[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
