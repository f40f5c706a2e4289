import { useI18n } from '../i18n/context.tsx';
import { paths } from '../router.ts';

/** Shown instead of a page the user's role may not open; always offers a way back home. */
export function NoAccess() {
  const { t } = useI18n();
  return (
    <div class="notice" role="alert" data-testid="no-access">
      <h2>{t('error.forbidden.title')}</h2>
      <p>{t('error.forbidden.body')}</p>
      <div class="notice-actions">
        <a class="button button-quiet" href={paths.home} data-testid="no-access-home">
          {t('error.goHome')}
        </a>
      </div>
    </div>
  );
}
