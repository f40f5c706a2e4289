import { useI18n } from '../i18n/context.tsx';
import type { Language, Params } from '../i18n/languages.ts';
import { translate } from '../i18n/languages.ts';
import type { TechMessageKey } from '../i18n/tech-en.ts';
import { techEn } from '../i18n/tech-en.ts';
import { techZhCN } from '../i18n/tech-zh-CN.ts';

/** The technician pages' catalogs: part of their own chunk, so the console's first load stays small. */
const TECH_CATALOGS: Record<Language, Record<TechMessageKey, string>> = { en: techEn, 'zh-CN': techZhCN };

export type TechText = (key: TechMessageKey, params?: Params) => string;

export function techText(language: Language): TechText {
  return (key, params) => translate(TECH_CATALOGS[language], key, params);
}

/** `t` for the technician pages, in the language the console shows. */
export function useTechText(): TechText {
  return techText(useI18n().language);
}
