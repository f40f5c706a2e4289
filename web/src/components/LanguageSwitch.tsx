import { useI18n } from '../i18n/context.tsx';
import { LANGUAGES, isLanguage } from '../i18n/languages.ts';

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <label class="language-switch">
      <span class="visually-hidden">{t('lang.label')}</span>
      <select
        data-testid="language-switch"
        value={language}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (isLanguage(value)) setLanguage(value);
        }}
      >
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {t(`lang.${lang}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
