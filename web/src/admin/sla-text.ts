import { useI18n } from '../i18n/context.tsx';
import type { Language, Params } from '../i18n/languages.ts';
import { translate } from '../i18n/languages.ts';
import type { SlaMessageKey } from '../i18n/sla-en.ts';
import { slaEn } from '../i18n/sla-en.ts';
import { slaZhCN } from '../i18n/sla-zh-CN.ts';

/** The SLA editors' catalogs: part of the Admin page's chunk, so the console's first load stays small. */
const SLA_CATALOGS: Record<Language, Record<SlaMessageKey, string>> = { en: slaEn, 'zh-CN': slaZhCN };

export type SlaText = (key: SlaMessageKey, params?: Params) => string;

export function slaText(language: Language): SlaText {
  return (key, params) => translate(SLA_CATALOGS[language], key, params);
}

/** `t` for the SLA editors, in the language the console shows. */
export function useSlaText(): SlaText {
  return slaText(useI18n().language);
}
