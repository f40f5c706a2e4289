import type { Location } from '../api/parts.ts';
import { useI18n } from '../i18n/context.tsx';
import type { PagedState } from './use-paged.ts';
import { nameIn, usePartsText } from './parts-text.ts';

/** Below safety stock is said by a shape and words, never by colour alone. */
export function StockStatus({ below }: { below: boolean }) {
  const tp = usePartsText();
  return (
    <span class={`stock-status ${below ? 'stock-status-below' : 'stock-status-ok'}`} data-testid="stock-status" data-below={String(below)}>
      <span class="stock-status-icon" aria-hidden="true">
        {below ? '▼' : '✓'}
      </span>
      {tp(below ? 'parts.status.below' : 'parts.status.ok')}
    </span>
  );
}

/** A location's name in the console's language (its id while the locations load, or if it is gone). */
export function useLocationName(locations: Location[] | undefined): (id: string) => string {
  const { language } = useI18n();
  return (id) => {
    const location = locations?.find((l) => l.id === id);
    return location ? nameIn(language, location.name) : id;
  };
}

/** "Load more" under a paged table, with its own failure line. */
export function LoadMore({ paged, testId }: { paged: PagedState<unknown> & { loadMore(): void }; testId: string }) {
  const { t } = useI18n();
  const tp = usePartsText();
  if (paged.state !== 'ready' || !paged.cursor) return null;
  return (
    <div class="load-more">
      <button type="button" class="button button-quiet" data-testid={testId} disabled={paged.more === 'loading'} onClick={paged.loadMore}>
        {paged.more === 'loading' ? t('app.loading') : tp('parts.loadMore')}
      </button>
      {paged.more === 'failed' ? (
        <p class="field-error" role="alert">
          {t('error.network')}
        </p>
      ) : null}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="muted" role="status">
      {t('app.loading')}
    </p>
  );
}
