import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './i18n/context.tsx';
import { StatusScreen } from './pages/StatusScreen.tsx';

/**
 * Route-level code splitting without preact/compat: the page's chunk is fetched the first time it
 * is shown, then kept. A failed fetch (typically an old tab after a redeploy) offers a reload.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>, options: { fullScreen?: boolean } = {}): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;

  return function LazyPage(props: P) {
    const { t } = useI18n();
    // Wrapped in a function: a component passed to a state setter directly would be called as an updater.
    const [Page, setPage] = useState<{ component?: ComponentType<P> }>({ component: loaded });
    const [failed, setFailed] = useState(false);

    useEffect(() => {
      if (Page.component) return;
      let current = true;
      pending ??= load().then((component) => (loaded = component));
      pending.then(
        (component) => current && setPage({ component }),
        () => {
          pending = undefined;
          if (current) setFailed(true);
        },
      );
      return () => {
        current = false;
      };
    }, [Page.component]);

    if (failed && options.fullScreen) {
      return (
        <StatusScreen title={t('app.chunkError')} testId="chunk-error">
          <button type="button" class="button button-primary" onClick={() => location.reload()}>
            {t('app.retry')}
          </button>
        </StatusScreen>
      );
    }
    if (failed) {
      return (
        <div class="notice" role="alert" data-testid="chunk-error">
          <p>{t('app.chunkError')}</p>
          <div class="notice-actions">
            <button type="button" class="button button-primary" onClick={() => location.reload()}>
              {t('app.retry')}
            </button>
          </div>
        </div>
      );
    }
    if (!Page.component && options.fullScreen) return <StatusScreen title={t('app.loading')} testId="app-loading" />;
    if (!Page.component) {
      return (
        <p class="muted page-loading" role="status">
          {t('app.loading')}
        </p>
      );
    }
    const Component = Page.component;
    return <Component {...props} />;
  };
}
