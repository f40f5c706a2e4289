import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useCallback, useContext, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import type { MessageKey } from './en.ts';
import { formatCalendarDate, formatDateTime, formatRelativeTime, todayIn, userTimeZone } from './format.ts';
import type { Language, Params } from './languages.ts';
import { CATALOGS, initialLanguage, rememberLanguage, translate } from './languages.ts';

export interface I18n {
  language: Language;
  setLanguage(lang: Language): void;
  t(key: MessageKey, params?: Params): string;
  formatDate(iso: string): string;
  /** "3 hours ago" within a week, else the same as formatDate. */
  formatRelative(iso: string): string;
  /** A calendar date (YYYY-MM-DD) such as a warranty end, never shifted by a time zone. */
  formatDay(day: string): string;
  /** Today (YYYY-MM-DD) in the user's time zone. */
  today(): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ComponentChildren }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  useLayoutEffect(() => {
    // Screen readers and CJK font selection both key off <html lang>; set before paint.
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((lang: Language) => {
    rememberLanguage(lang);
    setLanguageState(lang);
  }, []);

  const value = useMemo<I18n>(() => {
    const catalog = CATALOGS[language];
    const timeZone = userTimeZone();
    return {
      language,
      setLanguage,
      t: (key, params) => translate(catalog, key, params),
      formatDate: (iso) => formatDateTime(iso, language, timeZone),
      formatRelative: (iso) => formatRelativeTime(iso, language, timeZone),
      formatDay: (day) => formatCalendarDate(day, language),
      today: () => todayIn(timeZone),
    };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
