import { useI18n } from '../i18n/context.tsx';
import type { Language, Params } from '../i18n/languages.ts';
import { translate } from '../i18n/languages.ts';
import type { PartsMessageKey } from '../i18n/parts-en.ts';
import { partsEn } from '../i18n/parts-en.ts';
import { partsZhCN } from '../i18n/parts-zh-CN.ts';

/** The Parts pages' catalogs: part of their chunk, so the console's first load stays small. */
const PARTS_CATALOGS: Record<Language, Record<PartsMessageKey, string>> = { en: partsEn, 'zh-CN': partsZhCN };

export type PartsText = (key: PartsMessageKey, params?: Params) => string;

export function partsText(language: Language): PartsText {
  return (key, params) => translate(PARTS_CATALOGS[language], key, params);
}

/** `t` for the Parts pages, in the language the console shows. */
export function usePartsText(): PartsText {
  return partsText(useI18n().language);
}

/** A part's or location's name in the console's language (English when no Chinese name was given). */
export function nameIn(language: Language, name: { en: string; 'zh-CN'?: string | undefined }): string {
  return (language === 'zh-CN' && name['zh-CN']?.trim()) || name.en;
}

/** Minor units as money in the user's language, e.g. 1250 EUR → "€12.50". */
export function formatMoney(cents: number, currency: string, language: Language): string {
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}
