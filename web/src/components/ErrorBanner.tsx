import { ApiError, NETWORK_ERROR_CODE, UNEXPECTED_RESPONSE_CODE } from '../api/errors.ts';
import { useI18n } from '../i18n/context.tsx';

/** Describes a failed call in the user's language; the server's own text is shown when it has one. */
export function ErrorBanner({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  const { t } = useI18n();
  const apiError = error instanceof ApiError ? error : undefined;

  let message: string;
  if (!apiError || apiError.code === NETWORK_ERROR_CODE) message = t('error.network');
  else if (apiError.code === UNEXPECTED_RESPONSE_CODE || !apiError.message)
    message = t('error.unexpected', { status: apiError.status });
  else message = apiError.message;

  return (
    <div class="banner banner-error" role="alert" data-testid="error-banner">
      <div class="banner-body">
        <strong class="banner-title">{t('error.title')}</strong>
        <p>{message}</p>
        {apiError?.requestId ? (
          <p class="banner-meta" data-testid="error-request-id">
            {t('error.requestId', { id: apiError.requestId })}
          </p>
        ) : null}
      </div>
      {onDismiss ? (
        <button type="button" class="button button-quiet" onClick={onDismiss}>
          {t('error.dismiss')}
        </button>
      ) : null}
    </div>
  );
}
