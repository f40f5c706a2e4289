import { useI18n } from '../i18n/context.tsx';

export function NoAccess() {
  const { t } = useI18n();
  return (
    <div class="notice" role="alert" data-testid="no-access">
      <h2>{t('error.forbidden.title')}</h2>
      <p>{t('error.forbidden.body')}</p>
    </div>
  );
}
