import { ApiError, NETWORK_ERROR_CODE } from '../api/errors.ts';
import { useI18n } from '../i18n/context.tsx';

/** Customers get a plain sentence in their language, never an error code. */
export function PortalProblem({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  const { t } = useI18n();
  const apiError = error instanceof ApiError ? error : undefined;
  const rateLimited = apiError?.status === 429;
  const text = rateLimited ? t('portal.error.rateLimited') : !apiError || apiError.code === NETWORK_ERROR_CODE ? t('error.network') : t('portal.error.generic');
  return (
    <div class="banner banner-error portal-banner" role="alert" data-testid={rateLimited ? 'portal-rate-limited' : 'portal-error'}>
      <div class="banner-body">
        <strong class="banner-title">{rateLimited ? t('portal.error.rateLimitedTitle') : t('portal.error.title')}</strong>
        <p>{text}</p>
      </div>
      {onDismiss ? (
        <button type="button" class="button button-quiet" onClick={onDismiss}>
          {t('error.dismiss')}
        </button>
      ) : null}
    </div>
  );
}
